/* Unit tests of corpus-level furniture removal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "furniture.h"

/* An article of one passage per string, in `dir`, or at `url`. */
static sm_article *make(const char *dir, const char *url, const char *const *texts)
{
	char path[256];
	static int n;
	snprintf(path, sizeof path, "%s/a%d.html", dir, n++);
	sm_builder *b = sm_builder_new("a", path);
	assert_non_null(b);
	if (url)
		assert_int_equal(sm_builder_url(b, url), 0);
	for (unsigned i = 0; texts[i]; i++)
		assert_int_equal(sm_builder_passage(b, SM_PASSAGE_PARA, texts[i], strlen(texts[i]),
		                                    i + 1, NULL, NULL),
		                 0);
	sm_article *a = NULL;
	assert_int_equal(sm_builder_finish(b, &a), 0);
	return a;
}

static void count(sm_furniture *f, const char *dir, const char *url, const char *const *texts)
{
	sm_article *a = make(dir, url, texts);
	assert_int_equal(sm_furniture_count(f, a), 0);
	sm_article_free(a);
}

static void test_threshold(void **state)
{
	sm_furniture *f = sm_furniture_new();
	assert_non_null(f);
	/* 10 articles in /site: furniture needs 3 (30%) */
	for (int i = 0; i < 10; i++) {
		char own[64];
		snprintf(own, sizeof own, "Own text number %d.", i);
		const char *t[] = {own, i < 3 ? "Sign up: our NEWSLETTER!" : "x",
		                   i < 2 ? "Twice only" : "y",
		                   i < 3 ? "sign up our newsletter" : "z", NULL};
		count(f, "/site", NULL, t);
	}
	/* a second site with the same text in 2 of 2 articles: under 3 */
	const char *t2[] = {"Sign up: our newsletter!", NULL};
	count(f, "/other", NULL, t2);
	count(f, "/other", NULL, t2);
	assert_int_equal(sm_furniture_articles(f), 12);
	assert_int_equal(sm_furniture_sites(f), 2);

	sm_furniture_item *v;
	size_t n;
	assert_int_equal(sm_furniture_report(f, &v, &n), 0);
	/* x (7), y (8), z (7), and the newsletter (3 articles, 6 passages) */
	assert_int_equal(n, 4);
	assert_string_equal(v[0].site, "/site");
	assert_int_equal(v[0].site_articles, 10);
	assert_int_equal(v[0].threshold, 3);
	assert_string_equal(v[0].text, "y");
	assert_int_equal(v[3].articles, 3);
	assert_int_equal(v[3].passages, 6);
	assert_string_equal(v[3].text, "Sign up: our NEWSLETTER!");
	free(v);

	const char *t3[] = {"Keep me", "SIGN UP,  our newsletter", "Twice only", NULL};
	sm_article *a = make("/site", NULL, t3);
	assert_int_equal(sm_furniture_strip(f, a), 1);
	assert_int_equal(a->n_passages, 2);
	assert_int_equal(a->passages[1].number, 1);
	assert_memory_equal(a->text + a->passages[1].off, "Twice only", 10);
	sm_article_free(a);
	a = make("/other", NULL, t2);
	assert_int_equal(sm_furniture_strip(f, a), 0);
	sm_article_free(a);
	a = make("/unknown", NULL, t2);
	assert_int_equal(sm_furniture_strip(f, a), 0);
	sm_article_free(a);
	assert_int_equal(sm_furniture_removed(f), 1);
	sm_furniture_free(f);
}

static void test_sites_by_host(void **state)
{
	sm_furniture *f = sm_furniture_new();
	const char *t[] = {"Body", "From the Example Clinic", NULL};
	/* one JSONL file, articles from two hosts */
	count(f, "/d", "https://www.example.org/a", t);
	count(f, "/d", "http://EXAMPLE.org:8080/b?x", t);
	count(f, "/d", "https://example.org", t);
	count(f, "/d", "https://other.net/a", t);
	count(f, "/d", "https://other.net/b", t);
	assert_int_equal(sm_furniture_sites(f), 2);
	sm_furniture_item *v;
	size_t n;
	assert_int_equal(sm_furniture_report(f, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].site, "example.org");
	free(v);
	sm_article *a = make("/elsewhere", "https://example.org/new", t);
	assert_int_equal(sm_furniture_strip(f, a), 2);
	assert_int_equal(a->n_passages, 0);
	sm_article_free(a);
	sm_furniture_free(f);
}

static void test_empty(void **state)
{
	sm_furniture *f = sm_furniture_new();
	sm_furniture_item *v = (void *)1;
	size_t n = 7;
	assert_int_equal(sm_furniture_report(f, &v, &n), 0);
	assert_null(v);
	assert_int_equal(n, 0);
	const char *t[] = {"text", NULL};
	sm_article *a = make("/s", NULL, t);
	assert_int_equal(sm_furniture_strip(f, a), 0);
	sm_article_free(a);
	sm_furniture_free(f);
	sm_furniture_free(NULL);
}

/* strip removes `removed` passages of a probe article in /site. */
static void expect_strip(sm_furniture *f, const char *const *texts, size_t removed)
{
	sm_article *a = make("/site", NULL, texts);
	assert_int_equal(sm_furniture_strip(f, a), removed);
	sm_article_free(a);
}

/* A record of the counts, replayed into a fresh count, decides as the
 * counts did; a record cut short is refused whole. */
static void test_record_replay(void **state)
{
	(void)state;
	sm_furniture *f = sm_furniture_new(), *g = sm_furniture_new(), *h = sm_furniture_new();
	sm_buf rec = SM_BUF_INIT;
	assert_true(f && g && h);
	sm_furniture_record(f, &rec);
	for (int i = 0; i < 10; i++) {
		const char *t[] = {"Own text", i < 3 ? "Sign up: our newsletter" : "x",
		                   i < 2 ? "Twice only" : "y", NULL};
		count(f, "/site", NULL, t);
	}
	count(f, "/other", "https://www.example.org/page", (const char *const[]){"x", NULL});
	sm_furniture_record(f, NULL);
	count(f, "/third", NULL, (const char *const[]){"not recorded", NULL});
	assert_false(sm_buf_failed(&rec));
	assert_int_equal(sm_furniture_replay(g, rec.data, rec.len), 0);
	assert_int_equal(sm_furniture_articles(g), 11);
	assert_int_equal(sm_furniture_sites(g), 2);
	const char *probe[] = {"Keep me", "SIGN UP, our newsletter", "Twice only", "x", NULL};
	expect_strip(g, probe, 2); /* the newsletter (3 of 10) and x (7 of 10) */
	expect_strip(f, probe, 2);
	assert_int_equal(sm_furniture_replay(h, rec.data, rec.len - 3), 1);
	assert_int_equal(sm_furniture_articles(h), 0);
	assert_int_equal(sm_furniture_replay(h, "\x05\0\0\0ab", 6), 1);
	/* Any bytes (a damaged index): counted when whole, refused if not,
	 * never read past their end (the ASan build checks). */
	srand(3);
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(rand() % 40);
		char *junk = malloc(n ? n : 1);
		assert_non_null(junk);
		for (size_t i = 0; i < n; i++)
			junk[i] = (char)(rand() % 4 == 0 ? rand() % 256 : rand() % 3);
		int rc = sm_furniture_replay(h, junk, n);
		assert_true(rc == 0 || rc == 1);
		free(junk);
	}
	sm_buf_free(&rec);
	sm_furniture_free(f);
	sm_furniture_free(g);
	sm_furniture_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threshold),
	    cmocka_unit_test(test_sites_by_host),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_record_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
