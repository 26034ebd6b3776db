/* Unit tests of the word list: whole lines only, first and last too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dict.h"

static sm_dict *list_of(const char *text)
{
	char path[] = "/tmp/test_dict_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	sm_dict *d = sm_dict_open(path);
	unlink(path); /* the mapping stays */
	return d;
}

static int has(const sm_dict *d, const char *w)
{
	return sm_dict_has(d, w, strlen(w));
}

static void test_lines(void **state)
{
	(void)state;
	sm_dict *d = list_of("apple\nwarehouse\nzebra");
	assert_non_null(d);
	assert_true(has(d, "apple"));     /* the first line */
	assert_true(has(d, "warehouse")); /* a middle one */
	assert_true(has(d, "zebra"));     /* the last, without a newline */
	assert_false(has(d, "ware"));     /* a part of a line */
	assert_false(has(d, "house"));
	assert_false(has(d, "pple"));
	assert_false(has(d, "zebr"));
	assert_false(has(d, "apple\nwarehouse"));
	assert_false(has(d, ""));
	sm_dict_close(d);
}

static void test_missing(void **state)
{
	(void)state;
	assert_null(sm_dict_open("/nonexistent/words"));
	assert_false(sm_dict_has(NULL, "apple", 5));
	assert_null(list_of("")); /* an empty file is no list */
	sm_dict_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
