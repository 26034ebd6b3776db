/* Unit tests of the normaliser and the tokeniser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "norm.h"
#include "tok.h"

static char *norm(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	assert_int_equal(sm_norm_text(s, strlen(s), &out, &n), 0);
	assert_int_equal(strlen(out), n);
	return out;
}

static const struct {
	const char *in, *want;
} index_cases[] = {
    {"Café", "cafe"},
    {"Cafe\xCC\x81", "cafe"},   /* NFD input: e + combining acute */
    {"\xEF\xAC\x81ne", "fine"}, /* U+FB01 ligature */
    {"Straße", "strasse"},
    {"NAÏVE Résumé", "naive resume"},
    {"ÅNGSTRÖM", "angstrom"},
    {"radi\xC2\xAD"
     "ation",
     "radiation"},                                                /* soft hyphen dropped */
    {"patient\xE2\x80\x99s", "patient's"},                        /* U+2019 apostrophe */
    {"\xEF\xBC\xA8\xEF\xBC\xA5\xEF\xBC\xB2\xEF\xBC\x92", "her2"}, /* fullwidth */
    {"x\xC2\xB2", "x2"},                                          /* superscript two (NFKC) */
    {"", ""},
    {"Ελληνικά", "ελληνικα"},
    {"MRI, CT scan", "mri, ct scan"},
};

static void test_index_profile(void **state)
{
	for (size_t i = 0; i < sizeof index_cases / sizeof *index_cases; i++) {
		char *got = norm(index_cases[i].in);
		assert_string_equal(got, index_cases[i].want);
		/* Normalising twice changes nothing. */
		char *again = norm(got);
		assert_string_equal(again, got);
		free(again);
		free(got);
	}
}

static void test_query_profile(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"Café AND Thé", "cafe AND the"},
	    {"radiation NOT Chemo", "radiation NOT chemo"},
	    {"\"Side EFFECTS\" OR nausea", "\"side effects\" OR nausea"},
	    {"\"a AND b\"", "\"a and b\""}, /* a word inside quotes */
	    {"Title:Spine section:Surgery", "title:spine section:surgery"},
	    {"(Bone OR Spine) NEAR Pain", "(bone OR spine) NEAR pain"},
	    {"and or", "and or"},
	    {"-Chemo +Radiation", "-chemo +radiation"},
	    {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *out = NULL;
		size_t n;
		assert_int_equal(sm_norm_query(cases[i].in, strlen(cases[i].in), &out, &n), 0);
		assert_string_equal(out, cases[i].want);
		free(out);
	}
}

static void test_sanitize(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
		size_t bad;
	} cases[] = {
	    {"ok", 2, "ok", 0},
	    {"a\xFF"
	     "b",
	     3,
	     "a\xEF\xBF\xBD"
	     "b",
	     1},
	    {"\xC3", 1, "\xEF\xBF\xBD", 1},                                 /* truncated sequence */
	    {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3}, /* surrogate */
	    {"\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2},                 /* overlong */
	    {"a\0b", 3,
	     "a\xEF\xBF\xBD"
	     "b",
	     1},
	    {"Caf\xC3\xA9", 5, "Caf\xC3\xA9", 0},
	    {"", 0, "", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *out = NULL;
		size_t n = 99, bad = 99;
		assert_int_equal(sm_utf8_sanitize(cases[i].in, cases[i].len, &out, &n, &bad), 0);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
		assert_int_equal(bad, cases[i].bad);
		free(out);
	}
}

/* Tokenise `text` into "norm@start-end" items joined by spaces. */
static char *toks(const char *text)
{
	sm_tok t;
	sm_token tok;
	sm_buf b = SM_BUF_INIT;
	sm_tok_init(&t, text, strlen(text));
	unsigned expect = 0;
	int r;
	while ((r = sm_tok_next(&t, &tok)) == 1) {
		assert_int_equal(tok.index, expect++);
		assert_true(tok.start < tok.end && tok.end <= strlen(text));
		sm_buf_printf(&b, "%s%s@%zu-%zu", b.len ? " " : "", tok.norm, tok.start, tok.end);
	}
	assert_int_equal(r, 0);
	sm_tok_free(&t);
	return sm_buf_steal(&b);
}

static void test_tokens(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"Side effects", "side@0-4 effects@5-12"},
	    {"  Café—thé.", "cafe@2-7 the@10-14"},
	    {"HER2-targeted CDK4/6", "her2@0-4 targeted@5-13 cdk4@14-18 6@19-20"},
	    {"patient’s dose 2.5 mg, then",
	     "patient's@0-11 dose@12-16 2.5@17-20 mg@21-23 then@25-29"},
	    {"end. Next", "end@0-3 next@5-9"},
	    {"'quoted'", "quoted@1-7"},
	    {"\xEF\xAC\x81ne", "fine@0-5"},
	    {"乳腺癌", "乳@0-3 腺@3-6 癌@6-9"},
	    {"a\xEF\xBF\xBD"
	     "b",
	     "a@0-1 b@4-5"},
	    {"", ""},
	    {"... !!", ""},
	    {"Cafe\xCC\x81s", "cafes@0-7"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = toks(cases[i].in);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* The offsets cut the original: the user's own bytes come back. */
static void test_offsets_cut_original(void **state)
{
	const char *text = "Stéréotaxie: RADIOTHÉRAPIE";
	sm_tok t;
	sm_token tok;
	sm_tok_init(&t, text, strlen(text));
	assert_int_equal(sm_tok_next(&t, &tok), 1);
	assert_memory_equal(text + tok.start, "Stéréotaxie", tok.end - tok.start);
	assert_string_equal(tok.norm, "stereotaxie");
	assert_int_equal(sm_tok_next(&t, &tok), 1);
	assert_memory_equal(text + tok.start, "RADIOTHÉRAPIE", tok.end - tok.start);
	assert_string_equal(tok.norm, "radiotherapie");
	assert_int_equal(sm_tok_next(&t, &tok), 0);
	sm_tok_free(&t);
}

static void test_profile_id(void **state)
{
	const char *id = sm_norm_profile_id();
	assert_non_null(strstr(id, "nfkc"));
	assert_non_null(strstr(id, "utf8proc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_index_profile),
	    cmocka_unit_test(test_query_profile),
	    cmocka_unit_test(test_sanitize),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_offsets_cut_original),
	    cmocka_unit_test(test_profile_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
