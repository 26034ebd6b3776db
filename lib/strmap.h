/* strmap.h - a string-to-string hash map (open addressing).
 *
 * The map owns copies of its keys and values. Values returned by
 * sm_strmap_get stay valid until the map is cleared or freed.
 */
#ifndef SM_STRMAP_H
#define SM_STRMAP_H

#include <stddef.h>

typedef struct {
	char *key; /* NULL: empty slot */
	char *value;
	unsigned count; /* for sm_strmap_inc */
} sm_strmap_slot;

typedef struct {
	sm_strmap_slot *slots;
	size_t cap, used;
} sm_strmap;

#define SM_STRMAP_INIT                                                                             \
	{                                                                                          \
		0                                                                                  \
	}

/* The value of key[0..len), or NULL. */
const char *sm_strmap_get(const sm_strmap *m, const char *key, size_t len);
/* Set key[0..len) to value (copied; replaces an old one). The stored
 * value, or NULL when memory runs out. */
const char *sm_strmap_put(sm_strmap *m, const char *key, size_t len, const char *value);
/* Like put, but takes ownership of the malloc()ed `value`. */
const char *sm_strmap_put_owned(sm_strmap *m, const char *key, size_t len, char *value);
/* Add `byte` (not NUL) to the value of key[0..len), a set of bytes ("" when
 * new), unless it is there. 0, or -1 when memory runs out. */
int sm_strmap_add_byte(sm_strmap *m, const char *key, size_t len, char byte);
/* Count one more of key[0..len) (its value is "" when new). 0, or -1 when
 * memory runs out. Read the counts by walking m->slots. */
int sm_strmap_inc(sm_strmap *m, const char *key, size_t len);
void sm_strmap_clear(sm_strmap *m);
void sm_strmap_free(sm_strmap *m);

#endif
