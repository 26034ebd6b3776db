/* highlight.h - snippets of a passage with the matched words marked.
 *
 * Matching is on stems of normalised words, so "Effects" and "effect",
 * "Café" and "cafe" all match, while the snippet keeps the passage's own
 * bytes (white space runs are folded to one space). The window is chosen
 * the way SQLite FTS5's snippet() does: most distinct query terms first,
 * then most matches, with a bonus for starting at a sentence.
 */
#ifndef SM_HIGHLIGHT_H
#define SM_HIGHLIGHT_H

#include <stddef.h>

#include "stem.h"

typedef struct {
	size_t start, end; /* byte range in the snippet */
} sm_range;

typedef struct {
	char *text; /* malloc()ed, NUL-terminated */
	size_t len;
	sm_range *hl; /* malloc()ed, in order, not overlapping */
	size_t n_hl;
} sm_snippet;

/* Snippet of text[0..len) at most about `max_bytes` long (0: the whole
 * text), marking words whose stem is one of terms[0..n_terms). Returns 0,
 * or -1 on no memory. Free with sm_snippet_free. */
int sm_snippet_make(const char *text, size_t len, sm_stemmer *st, const char *const *terms,
                    size_t n_terms, size_t max_bytes, sm_snippet *out);
void sm_snippet_free(sm_snippet *s);

#endif
