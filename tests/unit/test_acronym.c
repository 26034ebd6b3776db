/* Unit tests of abbreviation definitions: "long form (ABBR)". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acronym.h"

/* The definitions found, as "ABBR=long form" joined by '|'. */
typedef struct {
	char out[1024];
	size_t calls;
} found;

static int collect(void *ctx, const char *abbr, size_t n, const char *def, size_t len)
{
	found *f = ctx;
	size_t at = strlen(f->out);
	snprintf(f->out + at, sizeof f->out - at, "%s%.*s=%.*s", at ? "|" : "", (int)n, abbr,
	         (int)len, def);
	f->calls++;
	return 0;
}

static void expect(const char *text, const char *want)
{
	found f = {{0}, 0};
	assert_int_equal(sm_acronyms_find(text, strlen(text), collect, &f), 0);
	assert_string_equal(f.out, want);
}

static void test_definitions(void **state)
{
	(void)state;
	expect("Normal pressure hydrocephalus (NPH) is a brain disorder.",
	       "NPH=Normal pressure hydrocephalus");
	/* Letters inside words, and a plural written in lower case. */
	expect("Avoid nonsteroidal anti-inflammatory drugs (NSAIDs), such as ibuprofen.",
	       "NSAIDs=nonsteroidal anti-inflammatory drugs");
	expect("It is called fragile X-associated tremor/ataxia syndrome (FXTAS).",
	       "FXTAS=fragile X-associated tremor/ataxia syndrome");
	/* Only the words the letters need, within the sentence. */
	expect("People with HIV. Acquired immunodeficiency syndrome (AIDS; the last stage)",
	       "AIDS=Acquired immunodeficiency syndrome");
	expect("Two: chronic obstructive pulmonary disease (COPD) and deep vein thrombosis (DVT).",
	       "COPD=chronic obstructive pulmonary disease|DVT=deep vein thrombosis");
}

static void test_not_definitions(void **state)
{
	(void)state;
	expect("The liver (an organ) filters blood.", "");         /* not capitals */
	expect("Hyperlipidemia (HL) is common.", "");              /* one word */
	expect("The big toe (MTP) hurts.", "");                    /* letters missing */
	expect("Use a spacer (A) or (AB) here.", "");              /* too short, no long form */
	expect("Some text (ABCDEFGHIJK) here.", "");               /* too long */
	expect("Tests (CT)", "");                                  /* 'C' starts no word */
	expect("See section(NPH) normal pressure", "");            /* no space before */
	expect("unclosed normal pressure hydrocephalus (NPH", ""); /* cut short */
	expect("(NPH) at the start", "");
}

/* The scan reads nothing outside the text: texts cut at every length. */
static void test_cut_texts(void **state)
{
	(void)state;
	const char *t =
	    "Normal pressure hydrocephalus (NPH) and (ALS; x) and multiple sclerosis (MS)";
	size_t n = strlen(t);
	for (size_t len = 0; len <= n; len++) {
		char *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, t, len);
		found f = {{0}, 0};
		assert_int_equal(sm_acronyms_find(copy, len, collect, &f), 0);
		free(copy);
	}
}

static int stop_first(void *ctx, const char *abbr, size_t n, const char *def, size_t len)
{
	(void)abbr, (void)n, (void)def, (void)len;
	++*(int *)ctx;
	return 7;
}

static void test_stop(void **state)
{
	(void)state;
	int calls = 0;
	const char *t = "deep vein thrombosis (DVT) and multiple sclerosis (MS)";
	assert_int_equal(sm_acronyms_find(t, strlen(t), stop_first, &calls), 7);
	assert_int_equal(calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_definitions),
	    cmocka_unit_test(test_not_definitions),
	    cmocka_unit_test(test_cut_texts),
	    cmocka_unit_test(test_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
