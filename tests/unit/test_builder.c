/* Unit tests of the article builder and of the anchor in index records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "record.h"

static void test_builder(void **state)
{
	sm_builder *b = sm_builder_new("id", "/p/f.md");
	assert_non_null(b);
	assert_int_equal(sm_builder_heading(b, 0, " Top ", 5), 0);
	assert_int_equal(sm_builder_heading(b, 7, "Deep", 4), 0); /* clamped */
	assert_int_equal(
	    sm_builder_passage(b, SM_PASSAGE_PARA, "\n  First one.\n", 14, 3, NULL, "a1"), 0);
	assert_int_equal(sm_builder_passage(b, SM_PASSAGE_PARA, "   ", 3, 4, NULL, NULL), 0);
	assert_int_equal(
	    sm_builder_passage(b, SM_PASSAGE_PARA, "Share this post", 15, 5, NULL, NULL), 0);
	assert_int_equal(sm_builder_heading(b, 0, "", 0), 0); /* ends the sections */
	assert_int_equal(
	    sm_builder_passage(b, SM_PASSAGE_CODE, "\n\n  x = 1\n\n", 11, 6, NULL, "a1"), 0);
	assert_int_equal(sm_builder_passage(b, SM_PASSAGE_ROW, "K | v\xff", 6, 9, "K", "a2"), 0);
	assert_int_equal(sm_builder_count(b), 3);
	assert_int_equal(sm_builder_title(b, "", 0), 0);
	assert_int_equal(sm_builder_title(b, " The title ", 11), 0);
	assert_int_equal(sm_builder_title(b, "Second", 6), 0); /* the first wins */
	sm_article *a = NULL;
	assert_int_equal(sm_builder_finish(b, &a), 0);
	assert_string_equal(a->title, "The title");
	assert_null(a->url);
	assert_int_equal(a->n_passages, 3);
	assert_int_equal(a->n_invalid, 1);
	assert_string_equal(a->text, "First one.\n\n  x = 1\n\nK | v\xef\xbf\xbd");
	const sm_passage *p = a->passages;
	char *s = sm_passage_section(&p[0]);
	assert_string_equal(s, "Top › Deep");
	free(s);
	assert_int_equal(p[0].line, 3);
	assert_string_equal(p[0].anchor, "a1");
	assert_ptr_equal(p[0].anchor, p[1].anchor); /* equal anchors shared */
	assert_int_equal(p[1].kind, SM_PASSAGE_CODE);
	assert_null(p[1].heads[0]);
	assert_string_equal(p[2].label, "K");
	assert_string_equal(p[2].anchor, "a2");
	sm_article_free(a);

	b = sm_builder_new("only-id", "/p");
	assert_int_equal(sm_builder_finish(b, &a), 0);
	assert_string_equal(a->title, "only-id");
	assert_string_equal(a->text, "");
	sm_article_free(a);
	sm_builder_free(NULL);
}

static void test_record_anchor(void **state)
{
	sm_record r = {.id = "a#1",
	               .article = "a",
	               .title = "T",
	               .path = "/p",
	               .text = "Body",
	               .line = 4,
	               .number = 1,
	               .kind = 2,
	               .anchor = "sec-2"};
	sm_buf b = SM_BUF_INIT;
	sm_record_encode(&b, &r);
	sm_record d;
	char *st = NULL;
	assert_int_equal(sm_record_decode(b.data, b.len, &d, &st), 0);
	assert_string_equal(d.text, "Body");
	assert_string_equal(d.anchor, "sec-2");
	assert_int_equal(d.line, 4);
	free(st);

	/* a record without an anchor is written as before, and reads back "" */
	sm_buf_reset(&b);
	r.anchor = NULL;
	sm_record_encode(&b, &r);
	assert_int_equal(b.data[b.len - 1], 'y');
	assert_int_equal(sm_record_decode(b.data, b.len, &d, &st), 0);
	assert_string_equal(d.text, "Body");
	assert_string_equal(d.anchor, "");
	free(st);
	sm_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builder),
	    cmocka_unit_test(test_record_anchor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
