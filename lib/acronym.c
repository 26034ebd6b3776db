/* acronym.c - abbreviations an article defines (see acronym.h). */
#include "acronym.h"

#include <ctype.h>

#define MIN_ABBR 2
#define MAX_ABBR 10

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
}

/* The abbreviation in "(ABBR)" or "(ABBR;" or "(ABBR,": its length, or 0. */
static size_t abbr_at(const char *s, const char *end)
{
	size_t n = 0, caps = 0;
	while (s + n < end && n <= MAX_ABBR && (isalnum((unsigned char)s[n]) || s[n] == '-')) {
		caps += isupper((unsigned char)s[n]) != 0;
		n++;
	}
	if (n < MIN_ABBR || n > MAX_ABBR || s + n >= end || !isalpha((unsigned char)s[0]) ||
	    (s[n] != ')' && s[n] != ';' && s[n] != ',') || caps < 2)
		return 0;
	for (size_t i = 0; i < n; i++) /* lower case only as a plural's 's' */
		if (islower((unsigned char)s[i]) && !(i == n - 1 && s[i] == 's'))
			return 0;
	return n;
}

/* Start of the long form of abbr[0..n) that ends at `end` (white space
 * before the parenthesis trimmed), no further back than `limit`; NULL when
 * the letters are not there. */
static const char *long_form(const char *abbr, size_t n, const char *limit, const char *end)
{
	const char *t = end;
	size_t words = 1;
	for (size_t i = n; i-- > 0;) {
		unsigned char c = (unsigned char)tolower((unsigned char)abbr[i]);
		if (!isalnum(c))
			continue;
		if (i == n - 1 && c == 's' && n > MIN_ABBR + 1 && islower((unsigned char)abbr[i]))
			continue; /* "NSAIDs": the plural need not be spelled */
		for (;;) {
			if (t == limit)
				return NULL;
			t--;
			if (*t == ' ')
				words++;
			int start = t == limit || !is_word_byte((unsigned char)t[-1]);
			if (tolower((unsigned char)*t) == c && (i > 0 || start))
				break;
		}
	}
	while (t > limit && is_word_byte((unsigned char)t[-1]))
		t--;
	return words >= 2 ? t : NULL;
}

int sm_acronyms_find(const char *text, size_t len, sm_acronym_fn fn, void *ctx)
{
	const char *end = text + len;
	for (const char *p = text; p < end; p++) {
		if (*p != '(' || p == text || p[-1] != ' ')
			continue;
		size_t n = abbr_at(p + 1, end);
		if (n == 0)
			continue;
		/* The long form: the words just before, within the sentence, at
		 * most min(n + 5, 2n) of them (Schwartz and Hearst's limit). */
		const char *e = p;
		while (e > text && e[-1] == ' ')
			e--;
		size_t max_words = n + 5 < 2 * n ? n + 5 : 2 * n, words = 0;
		const char *limit = e;
		while (limit > text && words < max_words) {
			char c = limit[-1];
			if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n')
				break;
			limit--;
			if (c != ' ' && (limit == text || limit[-1] == ' '))
				words++;
		}
		const char *start = long_form(p + 1, n, limit, e);
		if (start && (size_t)(e - start) > n) {
			int r = fn(ctx, p + 1, n, start, (size_t)(e - start));
			if (r)
				return r;
		}
	}
	return 0;
}
