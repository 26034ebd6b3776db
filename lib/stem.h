/* stem.h - the English stemmer behind a cache.
 *
 * Index and query side both stem through here, so a word always maps to the
 * same term. Words are stemmed after normalisation (sm_norm_*), and a
 * possessive "'s" or a bare trailing apostrophe is dropped first.
 */
#ifndef SM_STEM_H
#define SM_STEM_H

#include <stddef.h>

typedef struct sm_stemmer sm_stemmer;

/* 0 on success; -1 when Xapian has no English stemmer or memory runs out. */
int sm_stemmer_new(sm_stemmer **out);
void sm_stemmer_free(sm_stemmer *st);
/* The stem of a normalised word, NUL-terminated, owned by the stemmer and
 * valid until it is freed; NULL when memory runs out. */
const char *sm_stem(sm_stemmer *st, const char *word, size_t len);

#endif
