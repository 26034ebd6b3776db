/* Unit tests of the HTML reader. */
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
#include "html.h"

static sm_article *parse_n(const char *html, size_t len)
{
	sm_article *a = NULL;
	char err[128] = "";
	assert_int_equal(sm_html_parse("t", "/x/t.html", html, len, &a, err, sizeof err), 0);
	assert_non_null(a);
	return a;
}

static sm_article *parse(const char *html)
{
	return parse_n(html, strlen(html));
}

static void expect(const char *html, const char *title, const char *want)
{
	expect_passages(parse(html), title, want, 1);
}

static void test_blocks_headings_anchors(void **state)
{
	expect("<html><head><title>Page | Site</title></head><body>\n"
	       "<h1 id=top>Shingles</h1>\n"
	       "<p>Intro &amp; more.</p>\n"
	       "<h2 id=s>Symptoms</h2>\n"
	       "<p>A <b>rash</b>\n  with blisters.</p>\n"
	       "<h3>Later</h3><h5>Deep</h5><p>Deep text.</p>\n"
	       "<h2>Care</h2><div>Loose text<p>then a paragraph</p>and more loose</div>\n"
	       "</body></html>",
	       "Shingles",
	       "3|0||top|Intro & more.\n"
	       "5|0|Symptoms|s|A rash with blisters.\n"
	       "7|0|Symptoms › Later › Deep|s|Deep text.\n"
	       "8|0|Care|s|Loose text\n"
	       "8|0|Care|s|then a paragraph\n"
	       "8|0|Care|s|and more loose\n");
}

static void test_title_without_h1(void **state)
{
	sm_article *a = parse("<title> Only  the title </title><p>Body.</p>");
	assert_string_equal(a->title, "Only the title");
	sm_article_free(a);
	a = parse("<head><meta property=og:title content='From og'><title>T</title>"
	          "<link rel=canonical href='ftp://no'><meta property=og:url "
	          "content='https://example.org/p'></head><p>Body.</p>");
	assert_string_equal(a->title, "From og");
	assert_string_equal(a->url, "https://example.org/p");
	sm_article_free(a);
	a = parse("<p>No title anywhere in this page at all.</p>");
	assert_string_equal(a->title, "No title anywhere in this page at all.");
	sm_article_free(a);
}

static void test_skipped(void **state)
{
	sm_article *a =
	    parse("<body><header>Head</header><nav>Nav</nav><script>js()</script><style>p{}</style>"
	          "<div id=cookieNotice>We use cookies</div><div class='gdpr-box'>Consent</div>"
	          "<div class='social-links'>Follow</div><ul class='share'><li>Tweet</li></ul>"
	          "<ol class=breadcrumb><li>Home</li></ol><div role=navigation>Roles</div>"
	          "<p hidden>H1</p><p aria-hidden=TRUE>H2</p><p style='DISPLAY: none'>H3</p>"
	          "<p style='visibility:hidden'>H4</p><form><p>In a form</p></form>"
	          "<aside>Aside</aside><noscript>Enable JS</noscript><template><p>T</p></template>"
	          "<p>Kept <span hidden>not this</span>words.</p><div class=shared-care>Shared "
	          "care kept</div>"
	          "<footer>Foot</footer></body>");
	char *got = describe_passages(a, 1);
	assert_string_equal(got, "1|0|||Kept words.\n1|0|||Shared care kept\n");
	free(got);
	sm_article_free(a);
}

static void test_main_and_article_preferred(void **state)
{
	expect("<body><p>Outside</p><main><h1>In main</h1><p>Inside.</p></main><p>After</p></body>",
	       "In main", "1|0|||Inside.\n");
	expect(
	    "<body><p>Outside</p><aside><article><p>Related</p></article></aside>"
	    "<article><header><h1>The one</h1><p>byline</p></header><p>Body.</p></article></body>",
	    "The one", "1|0|||Body.\n");
	/* an empty <main> (filled in by script): the whole body is read */
	expect("<body><main><script>fill()</script></main><p>Static text.</p></body>",
	       "Static text.", "1|0|||Static text.\n");
}

static void test_lists_tables_definitions(void **state)
{
	expect("<h1>T</h1><ul>\n<li>One</li>\n<li>Two\n<ol><li>Two a</li></ol>\ntail</li>\n"
	       "<li><p>Para in item</p></li></ul>\n"
	       "<table><tr><th>Drug</th><th>Dose</th></tr>\n"
	       "<tr><th>Aspirin</th><td>75 mg</td></tr>\n"
	       "<tr><td>Only cell</td></tr><tr><td> </td></tr></table>\n"
	       "<dl><dt>Term</dt><dd>Meaning one</dd><dd>Meaning two</dd><dt>Alone</dt></dl>",
	       "T",
	       "2|1|||One\n"
	       "3|1|||Two\n"
	       "4|1|||Two a\n"
	       "5|1|||tail\n"
	       "6|1|||Para in item\n"
	       "8|2|Aspirin||Aspirin | 75 mg\n"
	       "9|2|||Only cell\n"
	       "10|0|Term||Meaning one\n"
	       "10|0|Term||Meaning two\n"
	       "10|0|||Alone\n");
}

static void test_pre_and_breaks(void **state)
{
	expect("<h1>T</h1><pre id=c>\n\n  indented\n    more\n</pre><p>line one<br>line two</p>",
	       "T", "3|3||c|  indented\n    more\n5|0||c|line one\nline two\n");
}

static void test_charsets(void **state)
{
	/* Latin-1 declared */
	sm_article *a = parse("<meta charset=iso-8859-1><p>caf\xe9 na\xefve</p>");
	assert_int_equal(a->n_passages, 1);
	assert_memory_equal(a->text, "caf\xc3\xa9 na\xc3\xafve", a->passages[0].len);
	sm_article_free(a);
	/* UTF-8 byte order mark, entities */
	a = parse("\xEF\xBB\xBF<p>caf\xc3\xa9 &eacute; &#8212; &nbsp;x</p>");
	assert_string_equal(a->text, "caf\xc3\xa9 \xc3\xa9 \xe2\x80\x94 \xc2\xa0x");
	sm_article_free(a);
	/* UTF-16 with its byte order mark */
	static const char u16[] = "\xff\xfe<\0p\0>\0h\0\xe9\0<\0/\0p\0>\0";
	a = parse_n(u16, sizeof u16 - 1);
	assert_string_equal(a->text, "h\xc3\xa9");
	sm_article_free(a);
	/* no declaration, not UTF-8: read as Latin-1 */
	a = parse("<p>gar\xe7on</p>");
	assert_string_equal(a->text, "gar\xc3\xa7on");
	sm_article_free(a);
}

static void test_hostile(void **state)
{
	/* empty, white space, no markup at all */
	sm_article *a = parse_n("", 0);
	assert_int_equal(a->n_passages, 0);
	sm_article_free(a);
	a = parse(" \n\t ");
	assert_int_equal(a->n_passages, 0);
	sm_article_free(a);
	a = parse("plain words, no tags");
	assert_int_equal(a->n_passages, 1);
	sm_article_free(a);
	/* garbage bytes: whatever comes out is valid UTF-8 with sane offsets */
	unsigned char junk[4096];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof junk; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)(x % 255 + 1);
	}
	a = parse_n((const char *)junk, sizeof junk);
	char *d = describe_passages(a, 1);
	free(d);
	sm_article_free(a);
	/* deeply nested tags: no crash, no stack overflow */
	sm_buf b = SM_BUF_INIT;
	for (int i = 0; i < 100000; i++)
		sm_buf_adds(&b, i % 2 ? "<div>" : "<li><ul>");
	sm_buf_adds(&b, "deep");
	a = parse_n(b.data, b.len);
	sm_article_free(a);
	sm_buf_reset(&b);
	for (int i = 0; i < 100; i++) /* libxml2 keeps 256 levels */
		sm_buf_adds(&b, "<div><span>");
	sm_buf_adds(&b, "not too deep");
	a = parse_n(b.data, b.len);
	assert_int_equal(a->n_passages, 1);
	sm_article_free(a);
	sm_buf_free(&b);
	/* NUL bytes inside */
	a = parse_n("<p>a\0b</p>", 10);
	sm_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks_headings_anchors),
	    cmocka_unit_test(test_title_without_h1),
	    cmocka_unit_test(test_skipped),
	    cmocka_unit_test(test_main_and_article_preferred),
	    cmocka_unit_test(test_lists_tables_definitions),
	    cmocka_unit_test(test_pre_and_breaks),
	    cmocka_unit_test(test_charsets),
	    cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
