/* Fuzz target: the plain-text, JSON Lines, HTML and Markdown article
 * parsers. Invariants:
 * every passage lies inside the article's text and is numbered in order;
 * an abbreviation found in a passage lies inside it, its long form before. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "acronym.h"
#include "article.h"
#include "html.h"
#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	const char *start, *end;
} span;

static int check_acronym(void *ctx, const char *abbr, size_t n, const char *def, size_t len)
{
	const span *p = ctx;
	CHECK(def >= p->start && def + len < abbr && abbr + n <= p->end);
	CHECK(n >= 2 && n <= 10 && len > n);
	return 0;
}

static void check(const sm_article *a)
{
	for (size_t i = 0; i < a->n_passages; i++) {
		const sm_passage *p = &a->passages[i];
		CHECK(p->off + p->len <= a->text_len && p->len > 0);
		CHECK(p->number == i);
		span sp = {a->text + p->off, a->text + p->off + p->len};
		CHECK(sm_acronyms_find(sp.start, p->len, check_acronym, &sp) == 0);
		char *s = sm_passage_section(p);
		CHECK(s != NULL);
		free(s);
	}
	CHECK(a->title != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_article *a = NULL;
	char err[256];
	if (sm_article_parse_text("f", "/f.txt", (const char *)data, size, 1, &a) == 0) {
		check(a);
		sm_article_free(a);
	}
	a = NULL;
	if (sm_article_parse_json("/f.jsonl", 1, (const char *)data, size, &a, err, sizeof err) ==
	    0) {
		check(a);
		sm_article_free(a);
	}
	a = NULL;
	if (sm_html_parse("f", "/f.html", (const char *)data, size, &a, err, sizeof err) == 0) {
		check(a);
		sm_article_free(a);
	}
	a = NULL;
	if (sm_markdown_parse("f", "/f.md", (const char *)data, size, &a, err, sizeof err) == 0) {
		check(a);
		sm_article_free(a);
	}
	return 0;
}
