/* show.h - a passage in its article, for smsearch --show (and --open
 * where there is no desktop to open it on). */
#ifndef SM_SHOW_H
#define SM_SHOW_H

#include <stdio.h>

#include "record.h"

/* Print the article `rec` comes from, read again from its file with the
 * indexer's own parser, with the passage's lines marked "> " (and bold
 * when `color`). When the file is gone or no longer holds the passage,
 * print the passage as indexed after a note saying so. *mark_line, if not
 * NULL, is set to the 1-based output line where the passage starts.
 * Returns 0, or -1 when memory ran out. */
int sm_show_passage(FILE *f, const sm_record *rec, int color, unsigned *mark_line);

/* The same through $PAGER (default less, which opens at the passage) when
 * stdout is a terminal, else on stdout. Returns 0, or -1 when memory ran
 * out or stdout could not be written. */
int sm_show_page(const sm_record *rec, int color);

#endif
