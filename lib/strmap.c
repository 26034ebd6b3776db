/* strmap.c - string-to-string hash map. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
static sm_strmap_slot *find(sm_strmap_slot *slots, size_t cap, const char *k, size_t n)
{
	size_t i = sm_hash(SM_HASH_INIT, k, n) & (cap - 1);
	while (slots[i].key && (strncmp(slots[i].key, k, n) != 0 || slots[i].key[n] != '\0'))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

const char *sm_strmap_get(const sm_strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	return find(m->slots, m->cap, key, len)->value;
}

static int grow(sm_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	sm_strmap_slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find(slots, cap, m->slots[i].key, strlen(m->slots[i].key)) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

const char *sm_strmap_put_owned(sm_strmap *m, const char *key, size_t len, char *value)
{
	if (!value || ((m->used + 1) * 2 > m->cap && grow(m) < 0)) {
		free(value);
		return NULL;
	}
	sm_strmap_slot *s = find(m->slots, m->cap, key, len);
	if (!s->key) {
		if (!(s->key = strndup(key, len))) {
			free(value);
			return NULL;
		}
		m->used++;
	}
	free(s->value);
	s->value = value;
	return value;
}

const char *sm_strmap_put(sm_strmap *m, const char *key, size_t len, const char *value)
{
	return sm_strmap_put_owned(m, key, len, strdup(value));
}

int sm_strmap_add_byte(sm_strmap *m, const char *key, size_t len, char byte)
{
	const char *had = sm_strmap_get(m, key, len);
	if (had && strchr(had, byte))
		return 0;
	size_t n = had ? strlen(had) : 0;
	char *v = malloc(n + 2);
	if (!v)
		return -1;
	memcpy(v, had ? had : "", n);
	v[n] = byte;
	v[n + 1] = '\0';
	return sm_strmap_put_owned(m, key, len, v) ? 0 : -1;
}

int sm_strmap_inc(sm_strmap *m, const char *key, size_t len)
{
	if (m->cap) {
		sm_strmap_slot *s = find(m->slots, m->cap, key, len);
		if (s->key) {
			s->count++;
			return 0;
		}
	}
	if (!sm_strmap_put(m, key, len, ""))
		return -1;
	find(m->slots, m->cap, key, len)->count = 1;
	return 0;
}

void sm_strmap_clear(sm_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
		m->slots[i] = (sm_strmap_slot){0};
	}
	m->used = 0;
}

void sm_strmap_free(sm_strmap *m)
{
	sm_strmap_clear(m);
	free(m->slots);
	*m = (sm_strmap)SM_STRMAP_INIT;
}
