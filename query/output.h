/* output.h - how smsearch prints results. */
#ifndef SM_OUTPUT_H
#define SM_OUTPUT_H

#include <stdio.h>

#include "search.h"

typedef struct {
	int color;       /* bold highlights (a terminal without NO_COLOR) */
	const char *cwd; /* paths under it are shown relative; may be NULL */
} sm_text_style;

void sm_print_text(FILE *f, const sm_results *r, const sm_text_style *style);
/* 1 when stdout is a terminal that wants colour (not NO_COLOR, not
 * TERM=dumb). */
int sm_use_color(void);
/* The --json object; see README.md for its fields. */
void sm_print_json(FILE *f, const char *query, const sm_results *r);

/* ---- formats for launchers (--format=NAME); README.md shows each ---- */

typedef enum {
	SM_OUT_TEXT,
	SM_OUT_JSON,
	SM_OUT_TSV,    /* id, title, snippet, uri; tabs and newlines blanked */
	SM_OUT_DMENU,  /* "RANK. title — snippet": the rank gives the hit back */
	SM_OUT_ROFI,   /* rofi script mode rows, the id as each row's info */
	SM_OUT_FZF,    /* id, title, snippet with ANSI bold matches */
	SM_OUT_ALFRED, /* Alfred Script Filter JSON */
	SM_OUT_FLOW    /* Flow Launcher JSON-RPC query result */
} sm_output;

/* The format called `name`; -1 for an unknown name. */
int sm_output_parse(const char *name, sm_output *out);
/* Print r in format `fmt` (not TEXT or JSON, which have their own). Returns
 * 0, or -1 when memory ran out. */
int sm_print_launcher(FILE *f, sm_output fmt, const char *query, const sm_results *r);

#endif
