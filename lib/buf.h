/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * A failed allocation sets `failed` and turns later appends into no-ops, so
 * callers check once at the end (sm_buf_failed) instead of after each append.
 * The buffer owns `data`; sm_buf_free releases it, sm_buf_steal hands it over.
 */
#ifndef SM_BUF_H
#define SM_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *data; /* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	int failed;
} sm_buf;

#define SM_BUF_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

void sm_buf_add(sm_buf *b, const char *s, size_t n);
void sm_buf_adds(sm_buf *b, const char *s);
void sm_buf_addc(sm_buf *b, char c);
void sm_buf_printf(sm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sm_buf_reset(sm_buf *b); /* len = 0, keeps the memory */
void sm_buf_free(sm_buf *b);
/* The malloc()ed string (never NULL unless failed); the buffer is reset. */
char *sm_buf_steal(sm_buf *b);
static inline int sm_buf_failed(const sm_buf *b)
{
	return b->failed;
}
/* data, or "" for an empty buffer that never allocated. */
static inline const char *sm_buf_str(const sm_buf *b)
{
	return b->data ? b->data : "";
}

#endif
