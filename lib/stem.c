/* stem.c - cached English stemming. */
#include "stem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xapian-c.h"

/* Distinct words of a large corpus are a few hundred thousand; past this
 * the cache starts over rather than grow without bound. */
#define MAX_ENTRIES (1u << 20)

typedef struct {
	char *word; /* NULL: empty slot */
	char *stem;
} entry;

struct sm_stemmer {
	xc_stem *xs;
	entry *slots;
	size_t cap, used;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void clear(sm_stemmer *st)
{
	for (size_t i = 0; i < st->cap; i++) {
		free(st->slots[i].word);
		free(st->slots[i].stem);
		st->slots[i] = (entry){0};
	}
	st->used = 0;
}

int sm_stemmer_new(sm_stemmer **out)
{
	sm_stemmer *st = calloc(1, sizeof *st);
	if (!st)
		return -1;
	st->cap = 1024;
	st->slots = calloc(st->cap, sizeof *st->slots);
	if (!st->slots || xc_stem_new("english", &st->xs) != XC_OK) {
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
	if (st->slots)
		clear(st);
	free(st->slots);
	xc_stem_free(st->xs);
	free(st);
}

static entry *find(entry *slots, size_t cap, const char *w, size_t n)
{
	size_t i = hash(w, n) & (cap - 1);
	while (slots[i].word && (strncmp(slots[i].word, w, n) != 0 || slots[i].word[n] != '\0'))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int grow(sm_stemmer *st)
{
	size_t cap = st->cap * 2;
	entry *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < st->cap; i++)
		if (st->slots[i].word)
			*find(slots, cap, st->slots[i].word, strlen(st->slots[i].word)) = st->slots[i];
	free(st->slots);
	st->slots = slots;
	st->cap = cap;
	return 0;
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

const char *sm_stem(sm_stemmer *st, const char *word, size_t len)
{
	entry *e = find(st->slots, st->cap, word, len);
	if (e->word)
		return e->stem;
	if (st->used >= MAX_ENTRIES)
		clear(st);
	if ((st->used + 1) * 2 > st->cap) {
		if (grow(st) < 0)
			return NULL;
		e = find(st->slots, st->cap, word, len);
	}
	char *stem = NULL, *copy = strndup(word, len);
	if (!copy || xc_stem_word(st->xs, word, strip_possessive(word, len), &stem) != XC_OK) {
		free(copy);
		return NULL;
	}
	e->word = copy;
	e->stem = stem;
	st->used++;
	return stem;
}
