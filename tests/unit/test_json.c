/* test_json.c - unit tests for lib/json.c.
 *
 * Every parse goes through parse_exact(), which copies the text into a heap
 * block of exactly `len` bytes with no NUL after it, so an AddressSanitizer
 * build catches any read past the end.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

#define FFFD "\xEF\xBF\xBD"

static char errbuf[256];

static int parse_exact(const char *text, size_t len, sm_json **out)
{
	char *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	if (len)
		memcpy(copy, text, len);
	memset(errbuf, 'X', sizeof(errbuf) - 1);
	errbuf[sizeof(errbuf) - 1] = '\0';
	*out = (sm_json *)0x1; /* must be overwritten either way */
	int rc = sm_json_parse(copy, len, out, errbuf, sizeof(errbuf));
	free(copy);
	return rc;
}

/* Parse a C string literal that must be valid. */
static sm_json *ok(const char *text)
{
	sm_json *v;

	if (parse_exact(text, strlen(text), &v) != 0)
		fail_msg("rejected %s: %s", text, errbuf);
	assert_non_null(v);
	return v;
}

/* Parse text[0..len) that must be rejected with a "column N: ..." message. */
static void bad_n(const char *text, size_t len)
{
	sm_json *v;

	if (parse_exact(text, len, &v) != -1)
		fail_msg("accepted %.*s", (int)len, text);
	assert_null(v);
	assert_int_equal(strncmp(errbuf, "column ", 7), 0);
	assert_true(errbuf[7] >= '1' && errbuf[7] <= '9');
	assert_non_null(strstr(errbuf, ": "));
	assert_null(strchr(errbuf, '\n'));
}

static void bad(const char *text)
{
	bad_n(text, strlen(text));
}

/* A string value whose decoded bytes must equal want[0..wlen). */
static void str_is_n(const char *text, const char *want, size_t wlen)
{
	sm_json *v = ok(text);

	assert_int_equal(v->type, SM_JSON_STR);
	assert_int_equal(v->len, wlen);
	assert_memory_equal(v->str, want, wlen);
	assert_int_equal(v->str[wlen], '\0');
	sm_json_free(v);
}

static void str_is(const char *text, const char *want)
{
	str_is_n(text, want, strlen(want));
}

static double num_of(const char *text)
{
	sm_json *v = ok(text);

	assert_int_equal(v->type, SM_JSON_NUM);
	double d = v->num;
	sm_json_free(v);
	return d;
}

/* ---- scalars ---- */

static void test_literals(void **state)
{
	sm_json *v;

	v = ok("true");
	assert_int_equal(v->type, SM_JSON_BOOL);
	assert_int_equal(v->boolean, 1);
	sm_json_free(v);
	v = ok(" \t\r\nfalse\n");
	assert_int_equal(v->type, SM_JSON_BOOL);
	assert_int_equal(v->boolean, 0);
	sm_json_free(v);
	v = ok("null");
	assert_int_equal(v->type, SM_JSON_NULL);
	sm_json_free(v);

	bad("tru");
	bad("nul");
	bad("True");
	bad("NULL");
	bad("truefalse");
	bad("nulll");
	bad("undefined");
}

static void test_numbers(void **state)
{
	assert_true(num_of("0") == 0.0);
	assert_true(num_of("-0") == 0.0);
	assert_true(signbit(num_of("-0")));
	assert_true(num_of("42") == 42.0);
	assert_true(num_of("-17") == -17.0);
	assert_true(num_of("3.25") == 3.25);
	assert_true(num_of("-0.5") == -0.5);
	assert_true(num_of("1e3") == 1000.0);
	assert_true(num_of("1E+2") == 100.0);
	assert_true(num_of("25e-2") == 0.25);
	assert_true(num_of("-2.5E-3") == -0.0025);
	assert_true(num_of("9007199254740993") == 9007199254740992.0);
	/* Longer than the parser's on-stack copy. */
	char big[200] = "1";
	memset(big + 1, '0', 150);
	big[151] = '\0';
	assert_true(num_of(big) == 1e150);
	/* Out of range: strtod's rounding, not an error. */
	assert_true(isinf(num_of("1e400")));
	assert_true(num_of("1e-400") == 0.0);
}

static void test_numbers_invalid(void **state)
{
	static const char *const cases[] = {
	    "01",  "-01",   "00",    "1.",   "-",    "-.5",      ".5",        "+1",
	    "1e",  "1e+",   "1E-",   "1.e5", "0x10", "Infinity", "-Infinity", "NaN",
	    "--1", "1.5.2", "1e5e5", "- 1",  "1 2",  "[01]",     "[1.]",      "{\"a\":-}",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bad(cases[i]);
}

/* ---- strings ---- */

static void test_string_escapes(void **state)
{
	str_is("\"\"", "");
	str_is("\"plain\"", "plain");
	str_is("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "a\"b\\c/d\be\ff\ng\rh\ti");
	str_is("\"\\u0041\\u00e9\\u00E9\"", "A\xC3\xA9\xC3\xA9");
	str_is("\"\\u20AC\"", "\xE2\x82\xAC");
	str_is("\"\\u07ff\\u0800\\uffff\"", "\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF");
	/* Raw DEL and raw multi-byte UTF-8 are copied as they are. */
	str_is("\"\x7f \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
	       "\x7f \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");

	bad("\"\\x\"");
	bad("\"\\'\"");
	bad("\"\\U0041\"");
	bad("\"\\u12G4\"");
	bad("\"\\u12\"");
	bad("\"\\u\"");
	bad("\"abc");
	bad("\"abc\\\"");
	bad("'abc'");
}

static void test_surrogates(void **state)
{
	/* U+1F600 as a pair, upper and lower case hex. */
	str_is("\"\\uD83D\\uDE00\"", "\xF0\x9F\x98\x80");
	str_is("\"\\ud83d\\ude00!\"", "\xF0\x9F\x98\x80!");
	/* U+10000 and U+10FFFF, the ends of the range. */
	str_is("\"\\uD800\\uDC00\"", "\xF0\x90\x80\x80");
	str_is("\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF");
	/* Lone halves become U+FFFD; what follows is decoded normally. */
	str_is("\"\\uD83D\"", FFFD);
	str_is("\"\\uD83Dx\"", FFFD "x");
	str_is("\"\\uDE00\"", FFFD);
	str_is("\"\\uDE00\\uD83D\"", FFFD FFFD);
	str_is("\"\\uD83D\\u0041\"", FFFD "A");
	str_is("\"\\uD83D\\n\"", FFFD "\n");
	str_is("\"\\uD83D\\uD83D\\uDE00\"", FFFD "\xF0\x9F\x98\x80");
	/* A bad escape after a high surrogate is still an error. */
	bad("\"\\uD83D\\uZZZZ\"");
	bad("\"\\uD83D\\u");
	bad("\"\\uD83D");
}

static void test_embedded_nul(void **state)
{
	str_is_n("\"a\\u0000b\"", "a\0b", 3);
	str_is_n("\"\\u0000\"", "\0", 1);

	sm_json *v = ok("{\"k\":\"x\\u0000y\\u0000\"}");
	const sm_json *s = sm_json_get(v, "k");
	assert_non_null(s);
	assert_int_equal(s->len, 4);
	assert_memory_equal(s->str, "x\0y\0", 5);
	sm_json_free(v);
}

static void test_invalid_utf8(void **state)
{
	str_is("\"a\xff"
	       "b\"",
	       "a" FFFD "b");
	str_is("\"\x80\"", FFFD);
	/* Overlong encodings: each byte is its own bad sequence. */
	str_is("\"\xC0\xAF\"", FFFD FFFD);
	str_is("\"\xE0\x80\xAF\"", FFFD FFFD FFFD);
	/* A truncated sequence costs one U+FFFD and does not eat the quote. */
	str_is("\"\xE2\x82\"", FFFD);
	str_is("\"\xE2\x82x\"", FFFD "x");
	str_is("\"\xF0\x9F\x98\"", FFFD);
	/* CESU-8 surrogates and code points above U+10FFFF. */
	str_is("\"\xED\xA0\x80\"", FFFD FFFD FFFD);
	str_is("\"\xF4\x90\x80\x80\"", FFFD FFFD FFFD FFFD);
	str_is("\"\xF5\"", FFFD);
	/* The edges that are valid stay. */
	str_is("\"\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF\"",
	       "\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF");

	/* Keys are cleaned too, and a bad byte does not lose the line. */
	sm_json *v = ok("{\"k\xff\":\"v\xfe\",\"t\":\"ok\"}");
	assert_string_equal(v->keys[0], "k" FFFD);
	assert_string_equal(sm_json_get_str(v, "k" FFFD), "v" FFFD);
	assert_string_equal(sm_json_get_str(v, "t"), "ok");
	sm_json_free(v);

	/* Outside strings a stray byte is still a syntax error. */
	bad("\xff");
	bad("[1,\xC3\xA9]");
	/* A truncated sequence at the very end of the input. */
	bad("\"\xE2\x82");
	bad("\"\xF0");
}

/* Every single byte as the content of a string. */
static void test_every_byte(void **state)
{
	for (int c = 0; c < 256; c++) {
		char text[3] = {'"', (char)c, '"'};
		sm_json *v;
		int rc = parse_exact(text, 3, &v);

		if (c < 0x20 || c == '"' || c == '\\') {
			assert_int_equal(rc, -1);
			assert_null(v);
		} else if (c < 0x80) {
			assert_int_equal(rc, 0);
			assert_int_equal(v->len, 1);
			assert_int_equal((unsigned char)v->str[0], c);
			sm_json_free(v);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(v->len, 3);
			assert_memory_equal(v->str, FFFD, 3);
			sm_json_free(v);
		}
	}
}

static void test_control_chars(void **state)
{
	bad("\"a\nb\"");
	assert_string_equal(errbuf, "column 3: control character in string");
	bad("\"\x01\"");
	bad("\"\t\"");
	bad("{\"a\rb\":1}");
	bad_n("\"a\0b\"", 5);
	/* Escaped, they are fine. */
	str_is("\"\\u0001\\u001f\"", "\x01\x1f");
}

/* ---- containers ---- */

static void test_objects(void **state)
{
	sm_json *v = ok("{\"a\":1,\"b\":\"x\",\"c\":[1,2],\"d\":{\"e\":null},"
	                "\"f\":true}");

	assert_int_equal(v->type, SM_JSON_OBJ);
	assert_int_equal(v->n, 5);
	assert_string_equal(v->keys[0], "a");
	assert_string_equal(v->keys[4], "f");
	assert_int_equal(v->items[0]->type, SM_JSON_NUM);
	assert_true(v->items[0]->num == 1.0);
	assert_string_equal(v->items[1]->str, "x");
	assert_int_equal(v->items[2]->type, SM_JSON_ARR);
	assert_int_equal(v->items[2]->n, 2);
	assert_true(v->items[2]->items[1]->num == 2.0);
	const sm_json *d = sm_json_get(v, "d");
	assert_non_null(d);
	assert_int_equal(d->type, SM_JSON_OBJ);
	assert_int_equal(sm_json_get(d, "e")->type, SM_JSON_NULL);
	assert_int_equal(v->items[4]->boolean, 1);
	sm_json_free(v);

	v = ok("{}");
	assert_int_equal(v->type, SM_JSON_OBJ);
	assert_int_equal(v->n, 0);
	sm_json_free(v);

	v = ok(" { \"a\" :\t[ 1 , { } ] ,\r\n\"b\" : \"\" } ");
	assert_int_equal(v->n, 2);
	assert_int_equal(sm_json_get(v, "a")->n, 2);
	assert_string_equal(sm_json_get_str(v, "b"), "");
	sm_json_free(v);

	bad("{");
	bad("{\"a\"}");
	bad("{\"a\":}");
	bad("{\"a\" 1}");
	bad("{,}");
	bad("{\"a\":1,}");
	bad("{\"a\":1 \"b\":2}");
	bad("{1:2}");
	bad("{a:1}");
	bad("{'a':1}");
	bad("{\"a\":1]");
	bad("{\"a\"::1}");
}

static void test_arrays(void **state)
{
	sm_json *v = ok("[]");

	assert_int_equal(v->type, SM_JSON_ARR);
	assert_int_equal(v->n, 0);
	sm_json_free(v);

	v = ok("[1,\"two\",null,false,[],{},[[3]]]");
	assert_int_equal(v->n, 7);
	assert_true(v->items[0]->num == 1.0);
	assert_string_equal(v->items[1]->str, "two");
	assert_int_equal(v->items[2]->type, SM_JSON_NULL);
	assert_int_equal(v->items[3]->type, SM_JSON_BOOL);
	assert_int_equal(v->items[4]->type, SM_JSON_ARR);
	assert_int_equal(v->items[5]->type, SM_JSON_OBJ);
	assert_true(v->items[6]->items[0]->items[0]->num == 3.0);
	/* Arrays have no keys. */
	assert_null(v->keys);
	sm_json_free(v);

	/* Enough items to make the item array grow many times. */
	sm_buf b = SM_BUF_INIT;
	sm_buf_addc(&b, '[');
	for (int i = 0; i < 100000; i++)
		sm_buf_printf(&b, "%s%d", i ? "," : "", i);
	sm_buf_addc(&b, ']');
	assert_false(sm_buf_failed(&b));
	assert_int_equal(parse_exact(b.data, b.len, &v), 0);
	assert_int_equal(v->n, 100000);
	assert_true(v->items[99999]->num == 99999.0);
	sm_json_free(v);
	sm_buf_free(&b);

	bad("[");
	bad("[1");
	bad("[1,");
	bad("[1,]");
	bad("[,1]");
	bad("[1 2]");
	bad("[1;2]");
	bad("[1}");
}

static void test_huge_string(void **state)
{
	size_t n = 4u << 20;
	char *text = malloc(n + 2);
	sm_json *v;

	assert_non_null(text);
	text[0] = '"';
	for (size_t i = 1; i <= n; i++)
		text[i] = (char)('a' + i % 26);
	text[n + 1] = '"';
	assert_int_equal(parse_exact(text, n + 2, &v), 0);
	assert_int_equal(v->len, n);
	assert_memory_equal(v->str, text + 1, n);
	sm_json_free(v);
	free(text);
}

static void test_duplicate_keys(void **state)
{
	sm_json *v = ok("{\"k\":1,\"j\":0,\"k\":2}");

	assert_int_equal(v->n, 3);
	assert_string_equal(v->keys[0], "k");
	assert_string_equal(v->keys[2], "k");
	assert_true(v->items[2]->num == 2.0);
	assert_true(sm_json_get(v, "k")->num == 1.0);
	sm_json_free(v);
}

/* ---- limits and errors ---- */

static char *nested(int depth, char open, char close)
{
	char *s = malloc((size_t)depth * 2 + 1);

	assert_non_null(s);
	memset(s, open, (size_t)depth);
	memset(s + depth, close, (size_t)depth);
	s[depth * 2] = '\0';
	return s;
}

static void test_depth_limit(void **state)
{
	sm_json *v;
	char *s = nested(SM_JSON_MAX_DEPTH, '[', ']');

	v = ok(s);
	const sm_json *in = v;
	for (int i = 1; i < SM_JSON_MAX_DEPTH; i++) {
		assert_int_equal(in->n, 1);
		in = in->items[0];
	}
	assert_int_equal(in->type, SM_JSON_ARR);
	assert_int_equal(in->n, 0);
	sm_json_free(v);
	free(s);

	s = nested(SM_JSON_MAX_DEPTH + 1, '[', ']');
	bad(s);
	char want[64];
	snprintf(want, sizeof(want), "column %d: nesting deeper than %d", SM_JSON_MAX_DEPTH + 1,
	         SM_JSON_MAX_DEPTH);
	assert_string_equal(errbuf, want);
	free(s);

	/* Objects count the same as arrays. */
	sm_buf b = SM_BUF_INIT;
	for (int i = 0; i < SM_JSON_MAX_DEPTH; i++)
		sm_buf_adds(&b, "{\"a\":");
	sm_buf_adds(&b, "1");
	for (int i = 0; i < SM_JSON_MAX_DEPTH; i++)
		sm_buf_addc(&b, '}');
	sm_json_free(ok(b.data));
	sm_buf_reset(&b);
	for (int i = 0; i <= SM_JSON_MAX_DEPTH; i++)
		sm_buf_adds(&b, i % 2 ? "{\"a\":" : "[");
	bad(b.data);
	sm_buf_free(&b);

	/* Far too deep, unclosed: an error, not a stack overflow. */
	size_t n = 1000000;
	char *deep = malloc(n);
	assert_non_null(deep);
	memset(deep, '[', n);
	bad_n(deep, n);
	free(deep);
}

static void test_trailing_garbage(void **state)
{
	sm_json *v;

	bad("1 2");
	bad("{} x");
	assert_string_equal(errbuf, "column 4: unexpected data after value");
	bad("[]]");
	bad("\"a\"\"b\"");
	bad("null,");
	bad_n("null\0", 5);
	bad("{}{}");

	/* Only `len` bytes count: what follows them is not read. */
	assert_int_equal(parse_exact("[1,2]xyz", 5, &v), 0);
	assert_int_equal(v->n, 2);
	sm_json_free(v);
	assert_int_equal(parse_exact("truex", 4, &v), 0);
	assert_int_equal(v->boolean, 1);
	sm_json_free(v);
	v = ok("1 \n\t\r ");
	sm_json_free(v);
}

static void test_empty_input(void **state)
{
	sm_json *v = (sm_json *)0x1;

	bad("");
	assert_string_equal(errbuf, "column 1: unexpected end of input");
	bad(" \n\t ");
	assert_int_equal(sm_json_parse(NULL, 0, &v, NULL, 0), -1);
	assert_null(v);
}

static void test_error_messages(void **state)
{
	sm_json *v;
	char small[12];

	bad("{\"a\" 1}");
	assert_string_equal(errbuf, "column 6: expected ':'");
	bad("[1,]");
	assert_string_equal(errbuf, "column 4: unexpected character ']'");
	bad("[1 2]");
	assert_string_equal(errbuf, "column 4: expected ',' or ']'");
	bad("{\"a\":1,}");
	assert_string_equal(errbuf, "column 8: expected string key");
	bad("01");
	assert_string_equal(errbuf, "column 2: leading zero in number");
	bad("\"\\q\"");
	assert_string_equal(errbuf, "column 2: invalid escape");
	bad("[1,");
	assert_string_equal(errbuf, "column 4: unexpected end of input");
	bad("\"ab");
	assert_string_equal(errbuf, "column 4: unterminated string");
	bad("[\x01]");
	assert_string_equal(errbuf, "column 2: unexpected byte 0x01");

	/* A short buffer gets a truncated, terminated message. */
	assert_int_equal(sm_json_parse("[1 2]", 5, &v, small, sizeof(small)), -1);
	assert_string_equal(small, "column 4: e");
	/* No buffer at all is fine, and errlen 0 leaves err untouched. */
	assert_int_equal(sm_json_parse("[1 2]", 5, &v, NULL, 0), -1);
	assert_null(v);
	small[0] = '#';
	assert_int_equal(sm_json_parse("[1 2]", 5, &v, small, 0), -1);
	assert_int_equal(small[0], '#');
	/* Success clears a previous message. */
	assert_int_equal(sm_json_parse("1", 1, &v, small, sizeof(small)), 0);
	assert_string_equal(small, "");
	sm_json_free(v);
}

/* Every proper prefix of a valid document is invalid (the document is an
 * object, so nothing closes before the last byte); none may crash or leak. */
static void test_truncated_prefixes(void **state)
{
	static const char doc[] =
	    "{\"id\":\"a1\",\"title\":\"Caf\xC3\xA9 \\u00e9\\uD83D\\uDE00\","
	    "\"n\":-12.5e+3,\"z\":0,\"ok\":true,\"no\":false,\"nil\":null,"
	    "\"tags\":[\"x\",[],{},[1,{\"y\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}]],"
	    "\"body\":\"line\\nnext \\u0000 end\" , \"e\" : { } }";
	size_t len = sizeof(doc) - 1;
	sm_json *v;

	for (size_t i = 0; i < len; i++)
		bad_n(doc, i);

	v = ok(doc);
	assert_int_equal(v->n, 10);
	assert_string_equal(sm_json_get_str(v, "title"), "Caf\xC3\xA9 \xC3\xA9\xF0\x9F\x98\x80");
	assert_true(sm_json_get(v, "n")->num == -12500.0);
	assert_int_equal(sm_json_get(v, "body")->len, 15);
	sm_json_free(v);
}

/* Random byte edits of a valid document: whatever the result, no crash,
 * no leak, and a consistent return (checked under ASan/UBSan). */
static void test_mutations(void **state)
{
	static const char doc[] = "{\"a\":[1,-2.5e3,\"s\\u00e9\\uD83D\\uDE00\\n\",true,null],"
	                          "\"b\":{\"c\":\"\xC3\xA9\",\"d\":[[{}]]}}";
	static const char alphabet[] = "{}[]\",:\\u0-+.eE9tfnD\x01\xff\x80 ";
	size_t len = sizeof(doc) - 1;
	char text[sizeof(doc)];
	uint32_t seed = 12345;
	int accepted = 0;

	for (int iter = 0; iter < 20000; iter++) {
		memcpy(text, doc, len);
		for (int k = 0; k < 1 + iter % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			text[at] = alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		sm_json *v;
		int rc = parse_exact(text, len, &v);
		if (rc == 0) {
			assert_non_null(v);
			accepted++;
			sm_json_free(v);
		} else {
			assert_int_equal(rc, -1);
			assert_null(v);
			assert_int_equal(strncmp(errbuf, "column ", 7), 0);
		}
	}
	/* Some edits (inside strings, digit swaps) keep it valid. */
	assert_true(accepted > 0);
	assert_true(accepted < 20000);
}

/* ---- lookups ---- */

static void test_get(void **state)
{
	sm_json *v = ok("{\"s\":\"str\",\"n\":5,\"o\":{\"s\":\"inner\"},"
	                "\"e\":\"\"}");

	assert_string_equal(sm_json_get_str(v, "s"), "str");
	assert_string_equal(sm_json_get_str(v, "e"), "");
	assert_null(sm_json_get_str(v, "n"));
	assert_null(sm_json_get_str(v, "o"));
	assert_null(sm_json_get_str(v, "missing"));
	assert_null(sm_json_get(v, "missing"));
	assert_null(sm_json_get(v, ""));
	assert_null(sm_json_get(v, "S"));
	assert_null(sm_json_get(v, NULL));
	assert_true(sm_json_get(v, "n")->num == 5.0);
	assert_string_equal(sm_json_get_str(sm_json_get(v, "o"), "s"), "inner");
	/* Not an object, or nothing at all. */
	assert_null(sm_json_get(sm_json_get(v, "s"), "s"));
	assert_null(sm_json_get(NULL, "s"));
	assert_null(sm_json_get_str(NULL, "s"));
	sm_json_free(v);

	v = ok("[\"s\"]");
	assert_null(sm_json_get(v, "s"));
	assert_null(sm_json_get(v, "0"));
	sm_json_free(v);

	sm_json_free(NULL);
}

/* ---- writer ---- */

static void written_is(const char *s, size_t len, const char *want)
{
	sm_buf b = SM_BUF_INIT;

	sm_json_write_str(&b, s, len);
	assert_false(sm_buf_failed(&b));
	assert_string_equal(sm_buf_str(&b), want);
	sm_buf_free(&b);
}

static void test_write_str(void **state)
{
	written_is("", 0, "\"\"");
	written_is("plain text", 10, "\"plain text\"");
	written_is("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	written_is("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	written_is("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
	written_is("a\0b", 3, "\"a\\u0000b\"");
	written_is("\xC3\xA9\xF0\x9F\x98\x80", 6, "\"\xC3\xA9\xF0\x9F\x98\x80\"");

	/* Appends to what is already there. */
	sm_buf b = SM_BUF_INIT;
	sm_buf_adds(&b, "{\"k\":");
	sm_json_write_str(&b, "v", 1);
	sm_buf_addc(&b, '}');
	assert_string_equal(sm_buf_str(&b), "{\"k\":\"v\"}");
	sm_buf_free(&b);
}

static void round_trip(const char *s, size_t len)
{
	sm_buf b = SM_BUF_INIT;
	sm_json *v;

	sm_json_write_str(&b, s, len);
	assert_false(sm_buf_failed(&b));
	/* The output is one line with no raw control characters. */
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.data[i] >= 0x20 && b.data[i] != 0x7f);
	if (parse_exact(b.data, b.len, &v) != 0)
		fail_msg("%s: %s", b.data, errbuf);
	assert_int_equal(v->type, SM_JSON_STR);
	assert_int_equal(v->len, len);
	assert_memory_equal(v->str, s, len);
	sm_json_free(v);
	sm_buf_free(&b);
}

static void test_write_round_trip(void **state)
{
	char ascii[128];

	for (int i = 0; i < 128; i++)
		ascii[i] = (char)i;
	round_trip(ascii, sizeof(ascii));
	round_trip("", 0);
	round_trip("\"\\\"\\", 4);
	round_trip("\\u0041", 6);
	round_trip("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", 20);
	for (int c = 0; c < 128; c++) {
		char one = (char)c;
		round_trip(&one, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_literals),         cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_numbers_invalid),  cmocka_unit_test(test_string_escapes),
	    cmocka_unit_test(test_surrogates),       cmocka_unit_test(test_embedded_nul),
	    cmocka_unit_test(test_invalid_utf8),     cmocka_unit_test(test_every_byte),
	    cmocka_unit_test(test_control_chars),    cmocka_unit_test(test_objects),
	    cmocka_unit_test(test_arrays),           cmocka_unit_test(test_huge_string),
	    cmocka_unit_test(test_duplicate_keys),   cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_trailing_garbage), cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_error_messages),   cmocka_unit_test(test_truncated_prefixes),
	    cmocka_unit_test(test_mutations),        cmocka_unit_test(test_get),
	    cmocka_unit_test(test_write_str),        cmocka_unit_test(test_write_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
