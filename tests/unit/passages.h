/* passages.h - an article's passages as one string, for the reader tests
 * (text, HTML, Markdown): each passage "line|kind|section|text", or with
 * `anchors` "line|kind|section|anchor|text", one a line. */
#ifndef SM_TEST_PASSAGES_H
#define SM_TEST_PASSAGES_H

#include <stdlib.h>

#include "article.h"
#include "buf.h"

/* The string; the caller frees it. Checks each passage's number and
 * bounds on the way. */
static inline char *describe_passages(const sm_article *a, int anchors)
{
	sm_buf b = SM_BUF_INIT;
	for (size_t i = 0; i < a->n_passages; i++) {
		const sm_passage *p = &a->passages[i];
		char *s = sm_passage_section(p);
		assert_int_equal(p->number, i);
		assert_true(p->off + p->len <= a->text_len);
		sm_buf_printf(&b, "%u|%d|%s|", p->line, (int)p->kind, s);
		if (anchors)
			sm_buf_printf(&b, "%s|", p->anchor ? p->anchor : "");
		sm_buf_printf(&b, "%.*s\n", (int)p->len, a->text + p->off);
		free(s);
	}
	return sm_buf_steal(&b);
}

/* Check that article `a` has `title` (unless NULL) and passages `want`;
 * frees `a`. */
static inline void expect_passages(sm_article *a, const char *title, const char *want, int anchors)
{
	char *got = describe_passages(a, anchors);
	if (title)
		assert_string_equal(a->title, title);
	assert_string_equal(got, want);
	free(got);
	sm_article_free(a);
}

#endif
