/* hash.h - FNV-1a, the one hash of the library (hash tables, registry
 * keys, file contents, furniture keys). Start from SM_HASH_INIT and feed
 * bytes in as many calls as needed. */
#ifndef SM_HASH_H
#define SM_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SM_HASH_INIT 1469598103934665603ull

static inline uint64_t sm_hash(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

#endif
