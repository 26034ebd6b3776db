/* norm.c - normalisation profiles over utf8proc. */
#include "norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Bump the last number whenever the index profile's output changes. */
#define PROFILE_VERSION "1"
#define STR_(x)         #x
#define STR(x)          STR_(x)

/* NFKC + case fold + strip marks + drop default-ignorables (soft hyphen,
 * zero-width joiners) so that a word written with one still matches. */
static const utf8proc_option_t INDEX_OPTIONS = UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                               UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                               UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;

const char *sm_norm_profile_id(void)
{
	return "nfkc-casefold-stripmark-ignore/unicode-utf8proc-" STR(
	    UTF8PROC_VERSION_MAJOR) "." STR(UTF8PROC_VERSION_MINOR) "/" PROFILE_VERSION;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

int sm_utf8_sanitize(const char *src, size_t len, char **out, size_t *outlen, size_t *nbad)
{
	sm_buf b = SM_BUF_INIT;
	size_t bad = 0, i = 0, run = 0;

	while (i < len) {
		unsigned char c = (unsigned char)src[i];
		if (c >= 0x01 && c < 0x80) { /* ASCII: copy in runs */
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = c ? utf8proc_iterate((const utf8proc_uint8_t *)src + i,
		                                          (utf8proc_ssize_t)(len - i), &cp)
		                       : -1;
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		sm_buf_add(&b, src + run, i - run);
		sm_buf_add(&b, REPLACEMENT, 3);
		bad++;
		i++;
		run = i;
	}
	sm_buf_add(&b, src + run, len - run);
	if (sm_buf_failed(&b)) {
		sm_buf_free(&b);
		return -1;
	}
	if (outlen)
		*outlen = b.len;
	*out = sm_buf_steal(&b);
	if (nbad)
		*nbad = bad;
	return 0;
}

static int is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Typographic apostrophes fold to ASCII, so "patient’s" == "patient's". */
static void append_folded(sm_buf *out, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x98)) {
			sm_buf_add(out, s + run, i - run);
			sm_buf_addc(out, '\'');
			i += 2;
			run = i + 1;
		} else if (i + 1 < len && (unsigned char)s[i] == 0xCA &&
		           (unsigned char)s[i + 1] == 0xBC) { /* U+02BC */
			sm_buf_add(out, s + run, i - run);
			sm_buf_addc(out, '\'');
			i += 1;
			run = i + 1;
		}
	}
	sm_buf_add(out, s + run, len - run);
}

int sm_norm_append(sm_buf *out, const char *s, size_t len)
{
	if (is_ascii(s, len)) {
		size_t at = out->len;
		sm_buf_add(out, s, len);
		if (sm_buf_failed(out))
			return -1;
		for (size_t i = at; i < out->len; i++)
			if (out->data[i] >= 'A' && out->data[i] <= 'Z')
				out->data[i] = (char)(out->data[i] + 32);
		return 0;
	}
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	                                  &mapped, INDEX_OPTIONS);
	if (n < 0) {
		/* Invalid input despite the contract: keep it searchable as is
		 * rather than fail the document. */
		free(mapped);
		sm_buf_add(out, s, len);
		return sm_buf_failed(out) ? -1 : 0;
	}
	append_folded(out, (const char *)mapped, (size_t)n);
	free(mapped);
	return sm_buf_failed(out) ? -1 : 0;
}

static int finish(sm_buf *b, char **out, size_t *outlen)
{
	if (sm_buf_failed(b)) {
		sm_buf_free(b);
		return -1;
	}
	if (outlen)
		*outlen = b->len;
	*out = sm_buf_steal(b);
	return *out ? 0 : -1;
}

int sm_norm_text(const char *s, size_t len, char **out, size_t *outlen)
{
	sm_buf b = SM_BUF_INIT;
	sm_norm_append(&b, s, len);
	return finish(&b, out, outlen);
}

static int is_syntax(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '(' || c == ')';
}

static int is_operator(const char *w, size_t n)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR"};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (strlen(ops[i]) == n && memcmp(ops[i], w, n) == 0)
			return 1;
	return 0;
}

/* Length of a `field:` prefix (ASCII letters then ':' then more), or 0. */
static size_t field_prefix(const char *w, size_t n)
{
	size_t i = 0;
	while (i < n && ((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
		i++;
	return (i > 0 && i + 1 < n && w[i] == ':') ? i + 1 : 0;
}

static void norm_word(sm_buf *b, const char *w, size_t n, int quoted)
{
	if (!quoted && is_operator(w, n)) {
		sm_buf_add(b, w, n);
		return;
	}
	size_t p = quoted ? 0 : field_prefix(w, n);
	sm_norm_append(b, w, p); /* lower-cases the field name */
	sm_norm_append(b, w + p, n - p);
}

int sm_norm_query(const char *s, size_t len, char **out, size_t *outlen)
{
	sm_buf b = SM_BUF_INIT;
	int quoted = 0;
	size_t i = 0;

	while (i < len) {
		if (is_syntax(s[i])) {
			if (s[i] == '"')
				quoted = !quoted;
			sm_buf_addc(&b, s[i++]);
			continue;
		}
		size_t start = i;
		while (i < len && !is_syntax(s[i]))
			i++;
		norm_word(&b, s + start, i - start, quoted);
	}
	return finish(&b, out, outlen);
}
