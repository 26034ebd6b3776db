/* tok.h - word tokens with byte offsets into the original text.
 *
 * A token is a run of letters, digits and combining marks, with single
 * inner apostrophes ("patient's") and digit-separating points ("2.5")
 * kept. Each Han, Hiragana or Katakana character is a token of its own, so
 * text without spaces stays searchable. The tokeniser reads valid UTF-8
 * (see sm_utf8_sanitize) and never allocates per token: the normalised
 * form lives in the iterator's buffer until the next call.
 */
#ifndef SM_TOK_H
#define SM_TOK_H

#include <stddef.h>

#include "buf.h"

typedef struct {
	size_t start;     /* byte offset of the token in the text */
	size_t end;       /* one past its last byte */
	const char *norm; /* index-profile form, NUL-terminated */
	size_t normlen;
	unsigned index; /* 0 for the first token, then 1, 2, ... */
} sm_token;

typedef struct {
	const char *text;
	size_t len;
	size_t at;
	unsigned count;
	sm_buf norm;
} sm_tok;

void sm_tok_init(sm_tok *t, const char *text, size_t len);
/* 1 and fills *tok while there is a token, 0 at the end, -1 on no memory. */
int sm_tok_next(sm_tok *t, sm_token *tok);
void sm_tok_free(sm_tok *t);

#endif
