/* record.h - what a passage document stores for display (its data).
 *
 * Fields are NUL-separated after a format tag; the text never holds a NUL
 * (sanitising replaced them). Empty strings stand for "none". The anchor
 * came later: it follows the text after a NUL, and a record without it
 * (written before) decodes with an empty anchor.
 */
#ifndef SM_RECORD_H
#define SM_RECORD_H

#include <stddef.h>

#include "buf.h"

typedef struct {
	const char *id;      /* passage id: "<article id>#<number>" */
	const char *article; /* article id */
	const char *title, *path, *url, *section, *ref, *text;
	unsigned line, number, kind;
	const char *anchor; /* element id the passage is at or after, or "" */
} sm_record;

void sm_record_encode(sm_buf *b, const sm_record *r);
/* Fill *r from data[0..len); the strings point into *storage, a malloc()ed
 * copy the caller frees. Returns -1 on no memory or a foreign format. */
int sm_record_decode(const char *data, size_t len, sm_record *r, char **storage);

#endif
