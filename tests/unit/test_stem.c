/* Unit tests of the stemmer's own rules around Snowball's English. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stem.h"

static sm_stemmer *st;

static const char *stem(const char *w)
{
	const char *s = sm_stem(st, w, strlen(w));
	assert_non_null(s);
	return s;
}

static void test_english(void **state)
{
	(void)state;
	assert_string_equal(stem("effects"), "effect");
	assert_string_equal(stem("patient's"), "patient");
	assert_string_equal(stem("cervical"), "cervic");
}

/* An inflammation is not its organ: "-itis" words keep their form. */
static void test_inflammations(void **state)
{
	(void)state;
	assert_string_equal(stem("cervicitis"), "cervicitis");
	assert_string_equal(stem("hepatitis"), "hepatitis");
	assert_string_equal(stem("otitis"), "otitis");
	assert_string_equal(stem("hepatitis's"), "hepatitis");
	assert_string_not_equal(stem("sinusitis"), stem("sinus"));
	assert_string_not_equal(stem("appendicitis"), stem("append"));
	assert_string_not_equal(stem("pancreatitis"), stem("pancreatic"));
	/* Asked twice (from the cache), the same. */
	assert_string_equal(stem("cervicitis"), "cervicitis");
}

static int setup(void **state)
{
	(void)state;
	return sm_stemmer_new(&st);
}

static int teardown(void **state)
{
	(void)state;
	sm_stemmer_free(st);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_english),
	    cmocka_unit_test(test_inflammations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
