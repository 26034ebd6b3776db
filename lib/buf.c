/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(sm_buf *b, size_t need)
{
	if (b->failed)
		return -1;
	if (b->len + need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void sm_buf_add(sm_buf *b, const char *s, size_t n)
{
	if (grow(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sm_buf_adds(sm_buf *b, const char *s)
{
	sm_buf_add(b, s, strlen(s));
}

void sm_buf_addc(sm_buf *b, char c)
{
	sm_buf_add(b, &c, 1);
}

void sm_buf_printf(sm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sm_buf_reset(sm_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sm_buf_free(sm_buf *b)
{
	free(b->data);
	*b = (sm_buf)SM_BUF_INIT;
}

char *sm_buf_steal(sm_buf *b)
{
	if (b->failed) {
		sm_buf_free(b);
		return NULL;
	}
	if (!b->data)
		sm_buf_add(b, "", 0);
	char *s = b->data;
	*b = (sm_buf)SM_BUF_INIT;
	return s;
}
