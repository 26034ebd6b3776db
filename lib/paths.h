/* paths.h - where the index lives by default. */
#ifndef SM_PATHS_H
#define SM_PATHS_H

#include "buf.h"

/* $SMSEARCH_DB, else $XDG_DATA_HOME/smsearch/db, else
 * $HOME/.local/share/smsearch/db, appended to out. -1 if none is set. */
int sm_default_db(sm_buf *out);

#endif
