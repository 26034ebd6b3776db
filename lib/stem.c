/* stem.c - cached English stemming. */
#include "stem.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xapian-c.h"

/* Distinct words of a large corpus are a few hundred thousand; past this
 * the cache starts over rather than grow without bound. */
#define MAX_ENTRIES (1u << 20)

struct sm_stemmer {
	xc_stem *xs;
	sm_strmap cache;
};

int sm_stemmer_new(sm_stemmer **out)
{
	sm_stemmer *st = calloc(1, sizeof *st);
	if (!st || xc_stem_new("english", &st->xs) != XC_OK) {
		sm_stemmer_free(st);
		return -1;
	}
	*out = st;
	return 0;
}

void sm_stemmer_free(sm_stemmer *st)
{
	if (!st)
		return;
	sm_strmap_free(&st->cache);
	xc_stem_free(st->xs);
	free(st);
}

/* "patient's" -> "patient", "patients'" -> "patients". */
static size_t strip_possessive(const char *w, size_t n)
{
	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		return n - 2;
	while (n > 1 && w[n - 1] == '\'')
		n--;
	return n;
}

/* Whether w[0..n) names an inflammation ("cervicitis", "hepatitis"). The
 * English stemmer cuts "-itis" down to the organ: cervicitis and cervical
 * both become "cervic", hepatitis and hepatic "hepat", sinusitis "sinus",
 * appendicitis "append". The disease is not its organ, so such a word is
 * its own stem. */
static int is_inflammation(const char *w, size_t n)
{
	return n >= 6 && memcmp(w + n - 4, "itis", 4) == 0;
}

const char *sm_stem(sm_stemmer *st, const char *word, size_t len)
{
	const char *hit = sm_strmap_get(&st->cache, word, len);
	if (hit)
		return hit;
	if (st->cache.used >= MAX_ENTRIES)
		sm_strmap_clear(&st->cache);
	char *stem = NULL;
	size_t n = strip_possessive(word, len);
	if (is_inflammation(word, n))
		stem = strndup(word, n);
	else if (xc_stem_word(st->xs, word, n, &stem) != XC_OK)
		return NULL;
	return stem ? sm_strmap_put_owned(&st->cache, word, len, stem) : NULL;
}
