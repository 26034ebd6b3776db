/* highlight.c - snippet window choice and match marking. */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tok.h"

typedef struct {
	size_t start, end;
	int term;     /* index into terms, or -1 */
	int sentence; /* starts a sentence */
} word;

/* Passages longer than this are scored over their first words only. */
#define MAX_WORDS 20000

static int find_term(const char *stem, const char *const *terms, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(stem, terms[i]) == 0)
			return (int)i;
	return -1;
}

static int starts_sentence(const char *text, size_t at)
{
	while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '\t'))
		at--;
	return at == 0 || text[at - 1] == '.' || text[at - 1] == '?' || text[at - 1] == '!' ||
	       text[at - 1] == ':';
}

/* The first two bytes of a word after any leading apostrophes (the second
 * 0 for a one-byte word). The English stemmer keeps them, but for a 'y'
 * it may turn into 'i' ("dying" -> "die"), so a word whose two bytes begin
 * no term, with that allowance, need not be stemmed. */
static unsigned pair_of(const char *w, size_t n)
{
	size_t i = 0;
	while (i < n && w[i] == '\'')
		i++;
	unsigned a = i < n ? (unsigned char)w[i] : 0, b = i + 1 < n ? (unsigned char)w[i + 1] : 0;
	return a << 8 | b;
}

static void set_bit(unsigned char *bits, unsigned k)
{
	bits[k >> 3] |= (unsigned char)(1u << (k & 7));
}

static int has_bit(const unsigned char *bits, unsigned k)
{
	return bits[k >> 3] >> (k & 7) & 1;
}

static int collect(const char *text, size_t len, sm_stemmer *st, const char *const *terms,
                   size_t n_terms, word **out, size_t *n)
{
	sm_tok t;
	sm_token tok;
	int r;
	size_t cap = 0;
	word *w = NULL;
	unsigned char starts[65536 / 8] = {0}; /* bit set of two-byte beginnings */
	for (size_t i = 0; i < n_terms; i++) {
		unsigned k = pair_of(terms[i], strlen(terms[i]));
		set_bit(starts, k);
		if ((k & 0xff) == 'i')
			set_bit(starts, (k & ~0xffu) | 'y');
	}
	*n = 0;
	sm_tok_init(&t, text, len);
	while (*n < MAX_WORDS && (r = sm_tok_next(&t, &tok)) == 1) {
		const char *s = "";
		if (has_bit(starts, pair_of(tok.norm, tok.normlen)) &&
		    !(s = sm_stem(st, tok.norm, tok.normlen))) {
			r = -1;
			break;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			word *v = realloc(w, cap * sizeof *v);
			if (!v) {
				r = -1;
				break;
			}
			w = v;
		}
		w[(*n)++] = (word){tok.start, tok.end, *s ? find_term(s, terms, n_terms) : -1,
		                   starts_sentence(text, tok.start)};
	}
	sm_tok_free(&t);
	if (r < 0) {
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

/* Best window [*first, *last] of words fitting in max_bytes: most
 * distinct terms, then most hits, then a sentence start, then the first
 * word. One pass: the window's end only moves forward as its start does. */
static void choose(const word *w, size_t n, size_t n_terms, size_t max_bytes, size_t *first,
                   size_t *last)
{
	long best = -1, distinct = 0, hits = 0;
	unsigned *count = calloc(n_terms ? n_terms : 1, sizeof *count);
	size_t j = 0; /* the window is [i, j) */
	*first = 0;
	*last = n ? n - 1 : 0;
	for (size_t i = 0; i < n && count; i++) {
		if (j < i) /* the last window was empty */
			j = i;
		for (; j < n && w[j].end - w[i].start <= max_bytes; j++)
			if (w[j].term >= 0) {
				hits++;
				distinct += count[w[j].term]++ == 0;
			}
		long score =
		    distinct * 1000 + hits * 10 + (w[i].sentence ? 5 : 0) - (i == 0 ? 0 : 1);
		if (score > best) {
			best = score;
			*first = i;
			*last = j > i ? j - 1 : i;
		}
		if (j > i && w[i].term >= 0) { /* w[i] leaves the window */
			hits--;
			distinct -= --count[w[i].term] == 0;
		}
	}
	free(count);
}

/* Append text[a..b) folding runs of white space into one space. */
static void add_folded(sm_buf *b, const char *text, size_t a, size_t e)
{
	int space = 0;
	for (size_t i = a; i < e; i++) {
		char c = text[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len)
			sm_buf_addc(b, ' ');
		space = 0;
		sm_buf_addc(b, c);
	}
	if (space && b->len)
		sm_buf_addc(b, ' ');
}

static int add_range(sm_snippet *s, size_t *cap, size_t start, size_t end)
{
	/* Words joined by a space or a hyphen make one highlight. */
	if (s->n_hl && start <= s->hl[s->n_hl - 1].end + 1) {
		s->hl[s->n_hl - 1].end = end;
		return 0;
	}
	if (s->n_hl == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		sm_range *v = realloc(s->hl, *cap * sizeof *v);
		if (!v)
			return -1;
		s->hl = v;
	}
	s->hl[s->n_hl++] = (sm_range){start, end};
	return 0;
}

#define ELLIPSIS "\xE2\x80\xA6"

int sm_snippet_make(const char *text, size_t len, sm_stemmer *st, const char *const *terms,
                    size_t n_terms, size_t max_bytes, sm_snippet *out)
{
	word *w = NULL;
	size_t n = 0, first = 0, last = 0, cap = 0;
	*out = (sm_snippet){0};
	if (collect(text, len, st, terms, n_terms, &w, &n) < 0)
		return -1;
	if (n && max_bytes && len > max_bytes)
		choose(w, n, n_terms, max_bytes, &first, &last);
	else if (n)
		last = n - 1;
	/* A window that ends on a match takes the matches right after it, so
	 * as not to cut "[side] effects" after "side" (a few bytes over). */
	for (size_t k = 0; k < 3 && last + 1 < n && w[last].term >= 0 && w[last + 1].term >= 0 &&
	                   w[last + 1].start - w[last].end <= 1;
	     k++)
		last++;
	sm_buf b = SM_BUF_INIT;
	size_t from = n && first > 0 ? w[first].start : 0;
	size_t to = n && last + 1 < n ? w[last].end : len;
	/* Keep closing punctuation ("spine.") with the last word. */
	while (to < len && strchr(".,;:?!)\"'", text[to]))
		to++;
	if (from > 0)
		sm_buf_add(&b, ELLIPSIS " ", 4);
	int rc = 0;
	size_t at = from;
	for (size_t i = first; i <= last && i < n && rc == 0; i++) {
		add_folded(&b, text, at, w[i].start);
		size_t s0 = b.len;
		sm_buf_add(&b, text + w[i].start, w[i].end - w[i].start);
		if (w[i].term >= 0)
			rc = add_range(out, &cap, s0, b.len);
		at = w[i].end;
	}
	add_folded(&b, text, at, to);
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	if (to < len)
		sm_buf_add(&b, " " ELLIPSIS, 4);
	free(w);
	if (rc < 0 || sm_buf_failed(&b)) {
		sm_buf_free(&b);
		sm_snippet_free(out);
		return -1;
	}
	out->len = b.len;
	out->text = sm_buf_steal(&b);
	return 0;
}

void sm_snippet_free(sm_snippet *s)
{
	free(s->text);
	free(s->hl);
	*s = (sm_snippet){0};
}
