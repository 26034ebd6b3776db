/* Unit tests of snippets: which words are marked, and which window is
 * chosen (checked against a plain count over every window). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "highlight.h"
#include "stem.h"

/* The marked words of snippet s, joined by '|'. */
static void marked(const sm_snippet *s, char *out, size_t cap)
{
	size_t at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < s->n_hl; i++) {
		size_t n = s->hl[i].end - s->hl[i].start;
		assert_true(s->hl[i].end <= s->len && at + n + 2 < cap);
		if (i)
			out[at++] = '|';
		memcpy(out + at, s->text + s->hl[i].start, n);
		at += n;
		out[at] = '\0';
	}
}

static void expect_marks(const char *text, const char *const *terms, size_t n, const char *want)
{
	sm_stemmer *st = NULL;
	sm_snippet s;
	char got[512];
	assert_int_equal(sm_stemmer_new(&st), 0);
	assert_int_equal(sm_snippet_make(text, strlen(text), st, terms, n, 0, &s), 0);
	marked(&s, got, sizeof got);
	assert_string_equal(got, want);
	sm_snippet_free(&s);
	sm_stemmer_free(st);
}

static void test_marks_by_stem(void **state)
{
	(void)state;
	const char *terms[] = {"effect", "radiat"};
	expect_marks("Side Effects of radiation: the effect fades.", terms, 2,
	             "Effects|radiation|effect");
}

/* The stemmer may turn a word's second letter 'y' into 'i' (dying -> die):
 * the quick test on a word's first bytes must not skip those words. */
static void test_marks_y_to_i(void **state)
{
	(void)state;
	const char *terms[] = {"die", "lie", "sky"};
	expect_marks("Dying, lying and tying; the skies.", terms, 3, "Dying|lying|skies");
}

static void test_marks_accents_and_apostrophes(void **state)
{
	(void)state;
	const char *terms[] = {"cafe", "patient"};
	expect_marks("A Café for the patient's family.", terms, 2, "Café|patient's");
}

/* Words of "w0 w1 ..." with terms at the given word numbers. */
static void build_text(char *text, size_t cap, size_t n_words, const int *term_at)
{
	size_t at = 0;
	for (size_t i = 0; i < n_words; i++) {
		const char *w = term_at[i] == 1 ? "gout" : term_at[i] == 2 ? "heel" : "word";
		at += (size_t)snprintf(text + at, cap - at, "%s%s", i ? " " : "", w);
	}
}

/* The best window by the rule in highlight.h, counted the slow way. */
static size_t best_start(size_t n_words, const int *term_at, size_t words_fit)
{
	long best = -1;
	size_t first = 0;
	for (size_t i = 0; i < n_words; i++) {
		int seen[3] = {0};
		long distinct = 0, hits = 0;
		for (size_t j = i; j < n_words && j < i + words_fit; j++)
			if (term_at[j]) {
				hits++;
				distinct += !seen[term_at[j]]++;
			}
		/* Only the first word starts a sentence here (no full stops). */
		long score = distinct * 1000 + hits * 10 + (i == 0 ? 5 : -1);
		if (score > best) {
			best = score;
			first = i;
		}
	}
	return first;
}

static void test_window_is_the_best(void **state)
{
	(void)state;
	sm_stemmer *st = NULL;
	const char *terms[] = {"gout", "heel"};
	assert_int_equal(sm_stemmer_new(&st), 0);
	srand(7);
	for (int round = 0; round < 200; round++) {
		int term_at[60];
		char text[600];
		size_t n_words = 10 + (size_t)(rand() % 50);
		for (size_t i = 0; i < n_words; i++)
			term_at[i] = rand() % 6 == 0 ? 1 + rand() % 2 : 0;
		build_text(text, sizeof text, n_words, term_at);
		/* Every word is 4 bytes and a space: 8 words fit in 39 bytes. */
		sm_snippet s;
		assert_int_equal(sm_snippet_make(text, strlen(text), st, terms, 2, 39, &s), 0);
		size_t first = best_start(n_words, term_at, 8);
		char want[600];
		build_text(want, sizeof want, n_words - first, term_at + first);
		want[first + 8 < n_words ? 39 : strlen(want)] = '\0';
		const char *body = first ? s.text + strlen("\xE2\x80\xA6 ") : s.text;
		assert_int_equal(strncmp(body, want, strlen(want)), 0);
		assert_true(first == 0 || strncmp(s.text, "\xE2\x80\xA6 ", 4) == 0);
		sm_snippet_free(&s);
	}
	sm_stemmer_free(st);
}

/* A window that ends on a match goes on through the matches right after
 * it: a phrase is not cut after its first word. */
static void test_window_keeps_a_phrase(void **state)
{
	(void)state;
	sm_stemmer *st = NULL;
	sm_snippet s;
	const char *terms[] = {"radiat", "side", "effect"};
	const char *text = "Radiation therapy helps many people, and there can be long-term side "
	                   "effects to consider later on.";
	assert_int_equal(sm_stemmer_new(&st), 0);
	/* 70 bytes end the window after "side". */
	assert_int_equal(sm_snippet_make(text, strlen(text), st, terms, 3, 70, &s), 0);
	assert_non_null(strstr(s.text, "side effects"));
	assert_null(strstr(s.text, "consider"));
	sm_snippet_free(&s);
	sm_stemmer_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_marks_by_stem),
	    cmocka_unit_test(test_marks_y_to_i),
	    cmocka_unit_test(test_marks_accents_and_apostrophes),
	    cmocka_unit_test(test_window_is_the_best),
	    cmocka_unit_test(test_window_keeps_a_phrase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
