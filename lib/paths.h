/* paths.h - where the index lives by default; sibling programs. */
#ifndef SM_PATHS_H
#define SM_PATHS_H

#include "buf.h"

/* $SMSEARCH_DB, else $XDG_DATA_HOME/smsearch/db, else
 * $HOME/.local/share/smsearch/db, appended to out. -1 if none is set. */
int sm_default_db(sm_buf *out);

/* Run the program `name` installed beside the running one (as
 * /proc/self/exe names it), else the one on PATH, with argv. Returns only
 * when neither could be run, with errno set. */
void sm_exec_sibling(const char *name, char *const argv[]);

#endif
