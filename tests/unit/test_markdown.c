/* Unit tests of the Markdown reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "passages.h"
#include "markdown.h"

static sm_article *parse_n(const char *md, size_t len)
{
	sm_article *a = NULL;
	char err[128] = "";
	assert_int_equal(sm_markdown_parse("t", "/x/t.md", md, len, &a, err, sizeof err), 0);
	assert_non_null(a);
	return a;
}

static sm_article *parse(const char *md)
{
	return parse_n(md, strlen(md));
}

static void expect(const char *md, const char *title, const char *want)
{
	expect_passages(parse(md), title, want, 1);
}

static void test_headings(void **state)
{
	expect("Title here\n==========\n\nIntro *with* `code` and\na soft break.\n\n"
	       "## Section one\n\nText one.\n\nSub\n---\n\nUnder sub.\n\n"
	       "#### Deep: \n\nDeep text.\n\n# Second h1\n\nAfter.\n\n## Section one\n\nAgain.\n",
	       "Title here",
	       "4|0||title-here|Intro with code and a soft break.\n"
	       "9|0|Section one|section-one|Text one.\n"
	       "14|0|Sub|sub|Under sub.\n"
	       "18|0|Sub › Deep|deep|Deep text.\n"
	       "22|0|Second h1|second-h1|After.\n"
	       "26|0|Section one|section-one-1|Again.\n");
}

static void test_lists_tables_code(void **state)
{
	expect("# T\n\n- one\n- two\n  - two a\n\n  two para\n\n1. first\n\n"
	       "| A | B |\n|---|---|\n| x | y |\n| *z* | |\n\n"
	       "```\n  code  \n\n  kept\n```\n\n    indented\n\n> quoted\n\n<div>raw html</div>\n",
	       "T",
	       "3|1||t|one\n"
	       "4|1||t|two\n"
	       "5|1||t|two a\n"
	       "7|1||t|two para\n"
	       "9|1||t|first\n"
	       "13|2|x|t|x | y\n"
	       "14|2||t|z\n"
	       "16|3||t|  code  \n\n  kept\n"
	       "22|3||t|indented\n"
	       "24|0||t|quoted\n");
}

static void test_front_matter(void **state)
{
	expect("---\ntitle: 'Quoted title'\ndate: 2024\n---\n\nBody.\n", "Quoted title",
	       "6|0|||Body.\n");
	/* not closed: not front matter, but a rule and a paragraph */
	expect("---\ntitle: x\n\nBody.\n", "title: x", "2|0|||title: x\n4|0|||Body.\n");
	/* no title: the first h1 */
	expect("---\ntags: [a]\n---\n# Real\n\nBody.\n", "Real", "6|0||real|Body.\n");
}

static void test_hostile(void **state)
{
	sm_article *a = parse_n("", 0);
	assert_int_equal(a->n_passages, 0);
	assert_string_equal(a->title, "t");
	sm_article_free(a);
	a = parse("---");
	sm_article_free(a);
	a = parse("---\r");
	sm_article_free(a);
	/* invalid UTF-8 and NULs are replaced and counted */
	a = parse_n("caf\xe9\0x\n", 7);
	assert_int_equal(a->n_invalid, 2);
	assert_string_equal(a->text, "caf\xef\xbf\xbd\xef\xbf\xbdx");
	sm_article_free(a);
	/* deep nesting */
	sm_buf b = SM_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		sm_buf_adds(&b, "> ");
	sm_buf_adds(&b, "quote\n");
	for (int i = 0; i < 20000; i++)
		sm_buf_adds(&b, "- ");
	sm_buf_adds(&b, "item\n");
	for (int i = 0; i < 20000; i++)
		sm_buf_adds(&b, "[*");
	sm_buf_adds(&b, "\n");
	a = parse_n(b.data, b.len);
	assert_true(a->n_passages >= 2);
	sm_article_free(a);
	sm_buf_free(&b);
	/* garbage bytes */
	unsigned char junk[4096];
	uint32_t x = 88172645u;
	for (size_t i = 0; i < sizeof junk; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	a = parse_n((const char *)junk, sizeof junk);
	char *d = describe_passages(a, 1);
	free(d);
	sm_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headings),
	    cmocka_unit_test(test_lists_tables_code),
	    cmocka_unit_test(test_front_matter),
	    cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
