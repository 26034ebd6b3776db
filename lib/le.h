/* le.h - unsigned integers of a fixed size as little-endian bytes, as the
 * index's furniture records and their stamps keep them. */
#ifndef SM_LE_H
#define SM_LE_H

#include <stdint.h>

#include "buf.h"

static inline void sm_le_put(unsigned char *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint64_t sm_le_get(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = bytes; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

/* Append v as `bytes` (at most 8) little-endian bytes. */
static inline void sm_buf_add_le(sm_buf *b, uint64_t v, unsigned bytes)
{
	unsigned char p[8];
	sm_le_put(p, v, bytes);
	sm_buf_add(b, (const char *)p, bytes);
}

#endif
