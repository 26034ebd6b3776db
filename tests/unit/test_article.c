/* Unit tests of the article parser. */
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

static sm_article *parse(const char *text)
{
	sm_article *a = NULL;
	assert_int_equal(sm_article_parse_text("t", "/x/t.txt", text, strlen(text), 1, &a), 0);
	return a;
}

static void expect(const char *text, const char *want)
{
	expect_passages(parse(text), NULL, want, 0);
}

static void test_title_keywords_paragraphs(void **state)
{
	sm_article *a =
	    parse("My Title\n\nsome keywords here\n\nFirst paragraph.\n\nSecond one.\n");
	assert_string_equal(a->title, "My Title");
	assert_string_equal(a->keywords, "some keywords here");
	char *got = describe_passages(a, 0);
	assert_string_equal(got, "5|0||First paragraph.\n7|0||Second one.\n");
	free(got);
	sm_article_free(a);
}

static void test_headings_and_items(void **state)
{
	expect("T\n\nWhat helps?\n\nRest helps a lot.\n\nDrugs:\n\n  • Aspirin: it thins blood.\n  "
	       "• Ibuprofen: it eases pain.\n\n"
	       "Later text.\n\nMore text.\n",
	       "5|0|What helps?|Rest helps a lot.\n"
	       "9|1|What helps? › Drugs|Aspirin: it thins blood.\n"
	       "10|1|What helps? › Drugs|Ibuprofen: it eases pain.\n"
	       "12|0|What helps? › Drugs|Later text.\n"
	       "14|0|What helps?|More text.\n");
}

static void test_table_rows(void **state)
{
	expect("T\n\nCharacteristics Values\nCommon symptoms Back pain, weakness\nDiagnostic tests "
	       "MRI, CT scan\nSurgery Spinal decompression\n",
	       "4|2|Common symptoms|Common symptoms Back pain, weakness\n"
	       "5|2|Diagnostic tests|Diagnostic tests MRI, CT scan\n"
	       "6|2|Surgery|Surgery Spinal decompression\n");
}

static void test_furniture(void **state)
{
	expect("T\n\nsitename\n\nIs it bad?\n\nNo, it is fine.\n\nsitename\n\nFrequently asked "
	       "questions\n\nAn answer.\n\n"
	       "Written by\nReviewed by\nShare this post\nPrint\nDid this article help "
	       "you?\n\nLeave a comment  12\n",
	       "7|0|Is it bad?|No, it is fine.\n"
	       "13|0|Frequently asked questions|An answer.\n");
	/* A byline's name under its cue goes with it; a sentence does not. */
	expect("T\n\nAn answer.\n\nWritten by\nJane Smith\nShare this post\n\n"
	       "Reviewed by:\nDr A. Smith, MD\n",
	       "3|0||An answer.\n");
	expect("T\n\nAn answer.\n\nWritten by\nThe team wrote this for you.\n",
	       "3|0||An answer.\n5|0||Written by\nThe team wrote this for you.\n");
}

static void test_crlf_and_invalid_utf8(void **state)
{
	sm_article *a = parse("Title\r\n\r\nCaf\xe9 text here.\r\n");
	assert_int_equal(a->n_invalid, 1);
	char *got = describe_passages(a, 0);
	assert_string_equal(got, "3|0||Caf\xEF\xBF\xBD text here.\n");
	free(got);
	sm_article_free(a);
}

static void test_empty(void **state)
{
	sm_article *a = parse("");
	assert_int_equal(a->n_passages, 0);
	assert_string_equal(a->title, "t"); /* the id stands in */
	sm_article_free(a);
}

static void test_json_sections(void **state)
{
	const char *line =
	    "{\"id\":\"D1\",\"title\":\"Flu\",\"text\":\"Flu\\n\\nFlu is a "
	    "virus.\\n\\n\\n\\nRest.\\n- Fluids\","
	    "\"sections\":[{\"heading\":\"About\",\"passage_id\":\"D1#1\",\"para_start\":1,\"para_"
	    "count\":1},"
	    "{\"passage_id\":\"D1#2\",\"para_start\":3,\"para_count\":1}],\"question\":\"secret\"}";
	sm_article *a = NULL;
	char err[128];
	assert_int_equal(
	    sm_article_parse_json("/f.jsonl", 7, line, strlen(line), &a, err, sizeof err), 0);
	assert_string_equal(a->id, "D1");
	assert_string_equal(a->title, "Flu");
	assert_int_equal(a->n_passages, 3);
	assert_string_equal(a->passages[0].ref, "D1#1");
	assert_string_equal(a->passages[0].heads[0], "About");
	/* "\n\n\n\n" makes an empty paragraph 2: "Rest." is paragraph 3. */
	assert_string_equal(a->passages[1].ref, "D1#2");
	assert_null(a->passages[1].heads[0]);
	assert_int_equal(a->passages[2].kind, SM_PASSAGE_ITEM);
	assert_int_equal(a->passages[2].line, 7);
	char *got = describe_passages(a, 0);
	assert_null(strstr(got, "secret"));
	free(got);
	sm_article_free(a);
}

static void test_json_errors(void **state)
{
	static const struct {
		const char *in, *why;
	} cases[] = {
	    {"{\"id\":1", "not JSON"},
	    {"[1,2]", "not a JSON object"},
	    {"{\"id\":\"x\"}", "no \"text\""},
	    {"{\"text\":7}", "no \"text\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sm_article *a = NULL;
		char err[128] = "";
		assert_int_equal(sm_article_parse_json("/f", 1, cases[i].in, strlen(cases[i].in),
		                                       &a, err, sizeof err),
		                 -1);
		assert_non_null(strstr(err, cases[i].why));
		assert_null(a);
	}
}

/* Repeats within an article go, case and white space aside; the first
 * stays, and the others are renumbered (describe_passages checks). */
static void test_drop_repeats(void **state)
{
	(void)state;
	sm_article *a = parse("Title\n\nkeywords\n\nSame words here.\n\nOther words.\n\n"
	                      "same  WORDS\nhere.\n\nSame words here, but more.\n");
	assert_int_equal(sm_article_drop_repeats(a), 1);
	char *got = describe_passages(a, 0);
	assert_string_equal(got, "5|0||Same words here.\n7|0||Other words.\n"
	                         "12|0||Same words here, but more.\n");
	free(got);
	assert_int_equal(sm_article_drop_repeats(a), 0);
	sm_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title_keywords_paragraphs),
	    cmocka_unit_test(test_headings_and_items),
	    cmocka_unit_test(test_table_rows),
	    cmocka_unit_test(test_furniture),
	    cmocka_unit_test(test_crlf_and_invalid_utf8),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_json_sections),
	    cmocka_unit_test(test_json_errors),
	    cmocka_unit_test(test_drop_repeats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
