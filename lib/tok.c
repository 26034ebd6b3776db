/* tok.c - tokeniser with byte offsets into the original text. */
#include "tok.h"

#include <utf8proc.h>

#include "norm.h"

void sm_tok_init(sm_tok *t, const char *text, size_t len)
{
	t->text = text;
	t->len = len;
	t->at = 0;
	t->count = 0;
	t->norm = (sm_buf)SM_BUF_INIT;
}

void sm_tok_free(sm_tok *t)
{
	sm_buf_free(&t->norm);
}

enum cls { SEP, WORD, JOIN, IDEO, APOS, POINT };

static int is_ideograph(utf8proc_int32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || /* Hiragana, Katakana */
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static enum cls classify(utf8proc_int32_t c)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			return WORD;
		if (c == '\'')
			return APOS;
		if (c == '.' || c == ',')
			return POINT;
		return SEP;
	}
	if (c == 0x2019 || c == 0x02BC)
		return APOS;
	if (is_ideograph(c))
		return IDEO;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return WORD;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF: /* soft hyphen, zero-width joiner */
		return JOIN;
	default:
		return SEP;
	}
}

/* Decode the code point at `at`; *n is its length (1 for a stray byte). */
static utf8proc_int32_t decode(const sm_tok *t, size_t at, size_t *n)
{
	unsigned char c = (unsigned char)t->text[at];
	if (c < 0x80) {
		*n = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t->text + at,
	                                      (utf8proc_ssize_t)(t->len - at), &cp);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return cp;
}

static int is_digit_at(const sm_tok *t, size_t at)
{
	return at < t->len && t->text[at] >= '0' && t->text[at] <= '9';
}

/* Scan one word from `start` (a WORD character); returns its end. */
static size_t scan_word(const sm_tok *t, size_t start)
{
	size_t at = start, n;
	while (at < t->len) {
		utf8proc_int32_t c = decode(t, at, &n);
		enum cls k = c < 0 ? SEP : classify(c);
		if (k == WORD || k == JOIN) {
			at += n;
			continue;
		}
		if (k == APOS || k == POINT) {
			/* Inside a word only: "patient's", "2.5", "1,000". */
			size_t m;
			utf8proc_int32_t next = at + n < t->len ? decode(t, at + n, &m) : -1;
			if (next >= 0 && classify(next) == WORD &&
			    (k == APOS || (is_digit_at(t, at + n) && at > start &&
			                   t->text[at - 1] >= '0' && t->text[at - 1] <= '9'))) {
				at += n;
				continue;
			}
		}
		break;
	}
	return at;
}

int sm_tok_next(sm_tok *t, sm_token *tok)
{
	size_t n;
	while (t->at < t->len) {
		size_t start = t->at;
		utf8proc_int32_t c = decode(t, start, &n);
		enum cls k = c < 0 ? SEP : classify(c);
		if (k != WORD && k != IDEO) {
			t->at += n;
			continue;
		}
		size_t end = k == IDEO ? start + n : scan_word(t, start);
		t->at = end;
		sm_buf_reset(&t->norm);
		if (sm_norm_append(&t->norm, t->text + start, end - start) < 0)
			return -1;
		if (t->norm.len == 0) /* all ignorable after folding */
			continue;
		tok->start = start;
		tok->end = end;
		tok->norm = t->norm.data;
		tok->normlen = t->norm.len;
		tok->index = t->count++;
		return 1;
	}
	return 0;
}
