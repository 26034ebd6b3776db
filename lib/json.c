/* json.c - a strict RFC 8259 JSON reader and a JSON string writer.
 *
 * The input is a byte range, not a C string: every read is checked against
 * `len`, so a line cut out of a larger buffer can be parsed in place. The
 * grammar is strict (no trailing commas, no leading zeros, no comments), but
 * string contents are forgiving: corpus files are sometimes dirty, so bad
 * UTF-8 and lone surrogates become U+FFFD instead of rejecting the line.
 *
 * Error columns are byte offsets + 1 into the given text (JSON Lines input is
 * one line, so that is the column).
 */
#include "json.h"

#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const unsigned char *s;
	size_t len;
	size_t pos;
	char *err;
	size_t errlen;
};

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Record "column N: msg" for the current position; always returns NULL so
 * callers can `return fail(...)`. */
__attribute__((format(printf, 2, 3))) static void *fail(struct parser *p, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	if (!p->err || !p->errlen)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "column %zu: %s", p->pos + 1, msg);
	return NULL;
}

static void *fail_oom(struct parser *p)
{
	return fail(p, "out of memory");
}

/* Complain about the byte at pos: running out of input is the usual reason
 * on truncated lines, so say that rather than "expected X". */
static void *fail_expected(struct parser *p, const char *what)
{
	if (p->pos >= p->len)
		return fail(p, "unexpected end of input");
	return fail(p, "expected %s", what);
}

static void *fail_unexpected(struct parser *p)
{
	if (p->pos >= p->len)
		return fail(p, "unexpected end of input");
	unsigned char c = p->s[p->pos];
	if (c >= 0x20 && c < 0x7f)
		return fail(p, "unexpected character '%c'", c);
	return fail(p, "unexpected byte 0x%02x", c);
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static sm_json *new_node(struct parser *p, sm_json_type type)
{
	sm_json *v = calloc(1, sizeof(*v));
	if (!v)
		return fail_oom(p);
	v->type = type;
	return v;
}

void sm_json_free(sm_json *v)
{
	if (!v)
		return;
	/* Recursion is bounded: trees only come from the depth-limited parser. */
	for (size_t i = 0; i < v->n; i++) {
		sm_json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

/* ---- strings ---- */

static void put_utf8(sm_buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		sm_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sm_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sm_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sm_buf_add(b, u, 4);
	}
}

/* Length of the well-formed UTF-8 sequence (RFC 3629, Unicode table 3-7) at
 * s[0..avail), whose lead byte is >= 0x80; or 0, with *bad set to the bytes
 * to replace by one U+FFFD. *bad is the "maximal subpart" Unicode recommends,
 * so a truncated sequence costs one U+FFFD and never eats a following '"'. */
static size_t utf8_seq(const unsigned char *s, size_t avail, size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0; /* no overlongs */
		else if (c == 0xED)
			hi = 0x9F; /* no UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90; /* no overlongs */
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	if (avail < 2 || s[1] < lo || s[1] > hi) {
		*bad = 1;
		return 0;
	}
	for (i = 2; i <= need; i++) {
		if (i >= avail || (s[i] & 0xC0) != 0x80) {
			*bad = i;
			return 0;
		}
	}
	return need + 1;
}

/* Four hex digits at s[at..at+4), or -1. */
static long hex4(const struct parser *p, size_t at)
{
	long v = 0;

	if (at > p->len || p->len - at < 4)
		return -1;
	for (size_t i = 0; i < 4; i++) {
		unsigned char c = p->s[at + i];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A \uXXXX escape at pos (the backslash). A high surrogate takes a following
 * \uDC00..\uDFFF with it; unpaired halves become U+FFFD, and whatever follows
 * a lone high surrogate is left for the caller to decode. */
static int parse_uescape(struct parser *p, sm_buf *b)
{
	long u = hex4(p, p->pos + 2);

	if (u < 0) {
		if (p->len - p->pos < 6)
			fail(p, "unexpected end of input");
		else
			fail(p, "invalid \\u escape");
		return -1;
	}
	p->pos += 6;
	if (u >= 0xD800 && u <= 0xDBFF) {
		long lo = -1;
		if (p->len - p->pos >= 6 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u')
			lo = hex4(p, p->pos + 2);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			p->pos += 6;
			put_utf8(b, 0x10000 + (((uint32_t)u - 0xD800) << 10) +
			                ((uint32_t)lo - 0xDC00));
			return 0;
		}
		sm_buf_adds(b, replacement);
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		sm_buf_adds(b, replacement);
	} else {
		put_utf8(b, (uint32_t)u);
	}
	return 0;
}

/* A backslash escape at pos. */
static int parse_escape(struct parser *p, sm_buf *b)
{
	char c;

	if (p->len - p->pos < 2) {
		fail(p, "unexpected end of input");
		return -1;
	}
	switch (p->s[p->pos + 1]) {
	case '"':
		c = '"';
		break;
	case '\\':
		c = '\\';
		break;
	case '/':
		c = '/';
		break;
	case 'b':
		c = '\b';
		break;
	case 'f':
		c = '\f';
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case 'u':
		return parse_uescape(p, b);
	default:
		fail(p, "invalid escape");
		return -1;
	}
	sm_buf_addc(b, c);
	p->pos += 2;
	return 0;
}

/* The string whose opening quote is at pos: a malloc()ed, NUL-terminated
 * copy, its length in *lenp. Plain runs are copied in one go. */
static char *parse_string(struct parser *p, size_t *lenp)
{
	sm_buf b = SM_BUF_INIT;
	size_t run, bad;

	run = ++p->pos;
	for (;;) {
		if (p->pos >= p->len) {
			fail(p, "unterminated string");
			goto err;
		}
		unsigned char c = p->s[p->pos];
		if (c == '"')
			break;
		if (c < 0x20) {
			fail(p, "control character in string");
			goto err;
		}
		if (c != '\\' && c < 0x80) {
			p->pos++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq(p->s + p->pos, p->len - p->pos, &bad);
			if (n) {
				p->pos += n;
				continue;
			}
		}
		sm_buf_add(&b, (const char *)p->s + run, p->pos - run);
		if (c == '\\') {
			if (parse_escape(p, &b) < 0)
				goto err;
		} else {
			sm_buf_adds(&b, replacement);
			p->pos += bad;
		}
		run = p->pos;
	}
	sm_buf_add(&b, (const char *)p->s + run, p->pos - run);
	p->pos++; /* closing quote */
	*lenp = b.len;
	char *s = sm_buf_steal(&b);
	if (!s)
		return fail_oom(p);
	return s;
err:
	sm_buf_free(&b);
	return NULL;
}

/* ---- numbers ---- */

static void skip_digits(struct parser *p)
{
	while (is_digit(peek(p)))
		p->pos++;
}

/* Check the RFC 8259 number grammar first, since strtod would also take
 * hex, "inf", "nan", leading '+' and "1.". */
static int scan_number(struct parser *p)
{
	if (peek(p) == '-')
		p->pos++;
	if (!is_digit(peek(p))) {
		fail_expected(p, "digit");
		return -1;
	}
	if (peek(p) == '0') {
		p->pos++;
		if (is_digit(peek(p))) {
			fail(p, "leading zero in number");
			return -1;
		}
	} else {
		skip_digits(p);
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p))) {
			fail_expected(p, "digit after '.'");
			return -1;
		}
		skip_digits(p);
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p))) {
			fail_expected(p, "digit in exponent");
			return -1;
		}
		skip_digits(p);
	}
	return 0;
}

static sm_json *parse_number(struct parser *p)
{
	size_t start = p->pos;
	char small[64], *tmp = small;

	if (scan_number(p) < 0)
		return NULL;

	/* strtod needs a NUL-terminated string and honours LC_NUMERIC, so copy
	 * the token and swap '.' for the locale's decimal point. Out-of-range
	 * values become +-HUGE_VAL or 0, as strtod rounds them. */
	const char *dp = localeconv()->decimal_point;
	if (!dp || !*dp)
		dp = ".";
	size_t dplen = strlen(dp);
	size_t need = p->pos - start + dplen + 1;
	if (need > sizeof(small)) {
		tmp = malloc(need);
		if (!tmp)
			return fail_oom(p);
	}
	size_t o = 0;
	for (size_t i = start; i < p->pos; i++) {
		if (p->s[i] == '.') {
			memcpy(tmp + o, dp, dplen);
			o += dplen;
		} else {
			tmp[o++] = (char)p->s[i];
		}
	}
	tmp[o] = '\0';

	sm_json *v = new_node(p, SM_JSON_NUM);
	if (v)
		v->num = strtod(tmp, NULL);
	if (tmp != small)
		free(tmp);
	return v;
}

/* ---- literals, arrays, objects ---- */

static sm_json *parse_literal(struct parser *p)
{
	static const struct {
		const char *word;
		sm_json_type type;
		int boolean;
	} lit[] = {
	    {"true", SM_JSON_BOOL, 1},
	    {"false", SM_JSON_BOOL, 0},
	    {"null", SM_JSON_NULL, 0},
	};

	for (size_t i = 0; i < sizeof(lit) / sizeof(lit[0]); i++) {
		size_t n = strlen(lit[i].word);
		if (p->len - p->pos < n || memcmp(p->s + p->pos, lit[i].word, n))
			continue;
		sm_json *v = new_node(p, lit[i].type);
		if (v)
			v->boolean = lit[i].boolean;
		p->pos += n;
		return v;
	}
	return fail(p, "invalid literal");
}

static sm_json *parse_value(struct parser *p, int depth);

/* Make room for one more item (and key, for objects) in v. */
static int grow_items(struct parser *p, sm_json *v, size_t *cap)
{
	if (v->n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 4;
	if (ncap > SIZE_MAX / sizeof(void *))
		goto oom;
	sm_json **items = realloc(v->items, ncap * sizeof(*items));
	if (!items)
		goto oom;
	v->items = items;
	if (v->type == SM_JSON_OBJ) {
		char **keys = realloc(v->keys, ncap * sizeof(*keys));
		if (!keys)
			goto oom;
		v->keys = keys;
	}
	*cap = ncap;
	return 0;
oom:
	fail_oom(p);
	return -1;
}

static sm_json *parse_array(struct parser *p, int depth)
{
	size_t cap = 0;
	sm_json *v = new_node(p, SM_JSON_ARR);

	if (!v)
		return NULL;
	p->pos++; /* '[' */
	skip_ws(p);
	if (peek(p) == ']') {
		p->pos++;
		return v;
	}
	for (;;) {
		sm_json *item = parse_value(p, depth);
		if (!item)
			goto err;
		if (grow_items(p, v, &cap) < 0) {
			sm_json_free(item);
			goto err;
		}
		v->items[v->n++] = item;
		skip_ws(p);
		if (peek(p) == ']')
			break;
		if (peek(p) != ',') {
			fail_expected(p, "',' or ']'");
			goto err;
		}
		p->pos++;
	}
	p->pos++; /* ']' */
	return v;
err:
	sm_json_free(v);
	return NULL;
}

/* One "key": value member, appended to v. */
static int parse_member(struct parser *p, sm_json *v, size_t *cap, int depth)
{
	size_t klen;
	char *key;
	sm_json *item;

	skip_ws(p);
	if (peek(p) != '"') {
		fail_expected(p, "string key");
		return -1;
	}
	key = parse_string(p, &klen);
	if (!key)
		return -1;
	skip_ws(p);
	if (peek(p) != ':') {
		fail_expected(p, "':'");
		goto err;
	}
	p->pos++;
	item = parse_value(p, depth);
	if (!item)
		goto err;
	if (grow_items(p, v, cap) < 0) {
		sm_json_free(item);
		goto err;
	}
	/* Duplicate keys are all kept; sm_json_get finds the first. */
	v->keys[v->n] = key;
	v->items[v->n++] = item;
	return 0;
err:
	free(key);
	return -1;
}

static sm_json *parse_object(struct parser *p, int depth)
{
	size_t cap = 0;
	sm_json *v = new_node(p, SM_JSON_OBJ);

	if (!v)
		return NULL;
	p->pos++; /* '{' */
	skip_ws(p);
	if (peek(p) == '}') {
		p->pos++;
		return v;
	}
	for (;;) {
		if (parse_member(p, v, &cap, depth) < 0)
			goto err;
		skip_ws(p);
		if (peek(p) == '}')
			break;
		if (peek(p) != ',') {
			fail_expected(p, "',' or '}'");
			goto err;
		}
		p->pos++;
	}
	p->pos++; /* '}' */
	return v;
err:
	sm_json_free(v);
	return NULL;
}

/* depth counts the arrays and objects around this value; each container
 * checks the limit on entry, so recursion never goes deeper than it. */
static sm_json *parse_value(struct parser *p, int depth)
{
	skip_ws(p);
	switch (peek(p)) {
	case '{':
	case '[':
		if (depth >= SM_JSON_MAX_DEPTH)
			return fail(p, "nesting deeper than %d", SM_JSON_MAX_DEPTH);
		if (peek(p) == '{')
			return parse_object(p, depth + 1);
		return parse_array(p, depth + 1);
	case '"': {
		sm_json *v = new_node(p, SM_JSON_STR);
		if (!v)
			return NULL;
		v->str = parse_string(p, &v->len);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	}
	case 't':
	case 'f':
	case 'n':
		return parse_literal(p);
	default:
		if (peek(p) == '-' || is_digit(peek(p)))
			return parse_number(p);
		return fail_unexpected(p);
	}
}

int sm_json_parse(const char *text, size_t len, sm_json **out, char *err, size_t errlen)
{
	struct parser p = {
	    .s = (const unsigned char *)text,
	    .len = text ? len : 0,
	    .err = err,
	    .errlen = errlen,
	};

	if (err && errlen)
		err[0] = '\0';
	if (!out) {
		fail(&p, "no output pointer");
		return -1;
	}
	*out = NULL;

	sm_json *v = parse_value(&p, 0);
	if (!v)
		return -1;
	skip_ws(&p);
	if (p.pos < p.len) {
		fail(&p, "unexpected data after value");
		sm_json_free(v);
		return -1;
	}
	*out = v;
	return 0;
}

const sm_json *sm_json_get(const sm_json *obj, const char *key)
{
	if (!obj || !key || obj->type != SM_JSON_OBJ)
		return NULL;
	/* Keys with an embedded "\u0000" compare only up to it. */
	for (size_t i = 0; i < obj->n; i++) {
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	}
	return NULL;
}

const char *sm_json_get_str(const sm_json *obj, const char *key)
{
	const sm_json *v = sm_json_get(obj, key);

	return v && v->type == SM_JSON_STR ? v->str : NULL;
}

/* ---- writer ---- */

void sm_json_write_str(sm_buf *b, const char *s, size_t len)
{
	size_t run = 0;

	sm_buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc;
		char hex[8];

		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			/* DEL is legal raw JSON, but escaping it keeps the
			 * output printable. */
			snprintf(hex, sizeof(hex), "\\u%04x", c);
			esc = hex;
		}
		sm_buf_add(b, s + run, i - run);
		sm_buf_adds(b, esc);
		run = i + 1;
	}
	sm_buf_add(b, s + run, len - run);
	sm_buf_addc(b, '"');
}
