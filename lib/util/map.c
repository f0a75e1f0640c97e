/*
 * map.c: a string-keyed hash map with open addressing and linear probing.
 * Keys are borrowed (they live in an arena or string table); the table is
 * kept at most half full.  Deletion uses backward-shift, so there are no
 * tombstones and lookups stay short.  The hash is 64-bit FNV-1a.
 */
#include <string.h>

#include "util.h"

uint64_t bwi_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void bwi_map_init(bwi_map *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->len = 0;
}

void bwi_map_free(bwi_map *m)
{
	bwi_free(m->slots);
	bwi_map_init(m);
}

static size_t find(const bwi_map *m, const char *key, size_t n, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;
	while (m->slots[i].key) {
		const bwi_map_slot *s = &m->slots[i];
		if (s->hash == h && s->keylen == n && memcmp(s->key, key, n) == 0)
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

void *bwi_map_get(const bwi_map *m, const char *key, size_t n)
{
	size_t i;
	if (!m->cap)
		return NULL;
	i = find(m, key, n, bwi_hash(key, n));
	return m->slots[i].key ? m->slots[i].value : NULL;
}

static bw_status rehash(bwi_map *m, size_t ncap)
{
	bwi_map_slot *old = m->slots;
	size_t ocap = m->cap;
	m->slots = bwi_calloc(ncap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return BW_ENOMEM;
	}
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		if (old[i].key) {
			size_t j = find(m, old[i].key, old[i].keylen, old[i].hash);
			m->slots[j] = old[i];
		}
	}
	bwi_free(old);
	return BW_OK;
}

bw_status bwi_map_put(bwi_map *m, const char *key, size_t n, void *value,
                      void **old)
{
	uint64_t h = bwi_hash(key, n);
	size_t i;
	if ((m->len + 1) * 2 > m->cap) {
		bw_status st = rehash(m, m->cap ? m->cap * 2 : 16);
		if (st)
			return st;
	}
	i = find(m, key, n, h);
	if (old)
		*old = m->slots[i].key ? m->slots[i].value : NULL;
	if (!m->slots[i].key) {
		m->slots[i].key = key;
		m->slots[i].keylen = n;
		m->slots[i].hash = h;
		m->len++;
	}
	m->slots[i].value = value;
	return BW_OK;
}

void *bwi_map_del(bwi_map *m, const char *key, size_t n)
{
	size_t mask, i, j;
	void *value;
	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	i = find(m, key, n, bwi_hash(key, n));
	if (!m->slots[i].key)
		return NULL;
	value = m->slots[i].value;
	/* Backward-shift: move later members of the probe run into the hole
	 * when their home slot is at or before it. */
	j = i;
	for (;;) {
		size_t home;
		j = (j + 1) & mask;
		if (!m->slots[j].key)
			break;
		home = (size_t)m->slots[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = NULL;
	m->len--;
	return value;
}
