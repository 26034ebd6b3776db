/* output.h - how smsearch prints results. */
#ifndef SM_OUTPUT_H
#define SM_OUTPUT_H

#include <stdio.h>

#include "search.h"

typedef struct {
	int color; /* bold highlights (a terminal without NO_COLOR) */
	const char *cwd; /* paths under it are shown relative; may be NULL */
} sm_text_style;

void sm_print_text(FILE *f, const sm_results *r, const sm_text_style *style);
/* The --json object; see README.md for its fields. */
void sm_print_json(FILE *f, const char *query, const sm_results *r);

#endif
