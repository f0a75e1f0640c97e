/*
 * util.h: memory and string helpers shared by every stage of libbodywork.
 *
 * - The allocator: bwi_malloc/bwi_realloc/bwi_free go through the functions
 *   set by bw_set_allocator, so the allocation-failure tests can fail any
 *   one allocation.
 * - The arena: a chain of blocks that a database frees in one go; entities,
 *   facts and interned strings live in it and never move.
 * - The string table: interning, so equal strings share one copy and
 *   compare by pointer.
 * - The hash map: open addressing from a string key to a pointer, used for
 *   the id map, the name map and the string table itself.
 * - Error filling: bwi_error_set formats a bw_error in one place.
 */
#ifndef BW_UTIL_H
#define BW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "bodywork.h"

/* ===== util/alloc.c ===== */

void *bwi_malloc(size_t n);
void *bwi_calloc(size_t count, size_t size);
void *bwi_realloc(void *p, size_t n);
void bwi_free(void *p);
char *bwi_strndup(const char *s, size_t n);

/*
 * Grow an array so it holds at least need elements of elem bytes; *cap
 * tracks the capacity.  itemsp is the address of the array's pointer, of
 * its own type (&b->terms, a uint32_t **): the pointer is read and written
 * with memcpy, never through a void **, so no object is accessed through an
 * incompatible type (C11 6.5p7; object pointers share one representation on
 * every platform the library builds for).  The macro refuses, at compile
 * time, an itemsp that is not the address of a pointer to a complete type,
 * such as the array itself.  BW_ENOMEM leaves the pointer and *cap as they
 * were.  tests/check-aliasing.cmake keeps casts to void ** out of the tree.
 */
bw_status bwi_grow_at(void *itemsp, size_t *cap, size_t need, size_t elem);
#define bwi_grow(itemsp, cap, need, elem) \
	((void)sizeof(**(itemsp)), bwi_grow_at((itemsp), (cap), (need), (elem)))

/* ===== util/arena.c ===== */

typedef struct bwi_arena_block bwi_arena_block;

typedef struct bwi_arena {
	bwi_arena_block *head; /* newest block, where allocation happens */
	size_t used;           /* bytes used in head */
	size_t total;          /* bytes of all blocks, for the memory report */
} bwi_arena;

void bwi_arena_init(bwi_arena *a);
void bwi_arena_free(bwi_arena *a);
/* n bytes, aligned for any object, zeroed; NULL when out of memory. */
void *bwi_arena_alloc(bwi_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *bwi_arena_strndup(bwi_arena *a, const char *s, size_t n);

/* ===== util/map.c ===== */

typedef struct bwi_map_slot {
	const char *key;  /* NULL: empty slot */
	size_t keylen;
	uint64_t hash;
	void *value;
} bwi_map_slot;

typedef struct bwi_map {
	bwi_map_slot *slots; /* power-of-two table, linear probing */
	size_t cap;
	size_t len;
} bwi_map;

uint64_t bwi_hash(const char *s, size_t n);
void bwi_map_init(bwi_map *m);
void bwi_map_free(bwi_map *m);
/* The slot's value for key, or NULL. */
void *bwi_map_get(const bwi_map *m, const char *key, size_t n);
/* Insert or replace; the key must outlive the map (arena or interned).
 * *old (if not NULL) receives the replaced value or NULL. */
bw_status bwi_map_put(bwi_map *m, const char *key, size_t n, void *value,
                      void **old);
/* Remove key; returns its value or NULL. */
void *bwi_map_del(bwi_map *m, const char *key, size_t n);

/* ===== util/section.c ===== */

/*
 * A compiled database is a list of sections (docs/compiled.md): each an id,
 * an element size (1, 2, 4 or 8 bytes, which is also its alignment) and a
 * run of elements.  Each stage lists its own arrays when a database is
 * compiled (bwi_index_sections, bwi_rule_index_sections, ...) and finds
 * them again when one is opened, checking every value it will index with
 * before use: a section's bytes are whatever the file held.
 */
typedef struct bwi_section {
	uint32_t id;
	uint32_t elem;        /* bytes per element */
	const void *data;
	size_t count;         /* elements */
} bwi_section;

typedef struct bwi_sections {
	bwi_section *v;
	size_t n, cap;
} bwi_sections;

/* Append a section (data is not copied and must outlive the list).
 * BW_ENOMEM only. */
bw_status bwi_sections_add(bwi_sections *s, uint32_t id, const void *data,
                           size_t elem, size_t count);
/* The section with id whose elements are elem bytes: its data, and its
 * element count in *count; NULL (and *count 0) when there is none. */
const void *bwi_sections_find(const bwi_sections *s, uint32_t id,
                              size_t elem, size_t *count);
void bwi_sections_free(bwi_sections *s);

/* ===== util/sha256.c ===== */

/*
 * SHA-256 (FIPS 180-4), fed in pieces of any size: the digest of the XML
 * a database was loaded from, which a compiled file records and the cache
 * compares.  init, any number of updates, then final, which leaves the
 * state spent (init again to reuse it).  No allocation, no failure.
 */
typedef struct bwi_sha256 {
	uint32_t h[8];            /* the chaining value */
	uint64_t len;             /* bytes fed so far */
	unsigned char buf[64];    /* a partial block */
	size_t nbuf;              /* bytes in buf */
} bwi_sha256;

void bwi_sha256_init(bwi_sha256 *s);
void bwi_sha256_update(bwi_sha256 *s, const void *data, size_t n);
void bwi_sha256_final(bwi_sha256 *s, unsigned char out[32]);
/* bytes[0..n) as 2n lowercase hex digits and a NUL: out holds 2n + 1. */
void bwi_hex(char *out, const unsigned char *bytes, size_t n);

/* ===== util/strtab.c ===== */

typedef struct bwi_strtab {
	bwi_map map;     /* string -> itself */
	bwi_arena *arena; /* where the copies live */
} bwi_strtab;

void bwi_strtab_init(bwi_strtab *t, bwi_arena *arena);
void bwi_strtab_free(bwi_strtab *t);
/* The one shared copy of s[0..n); NULL when out of memory. */
const char *bwi_intern(bwi_strtab *t, const char *s, size_t n);

/* ===== util/error.c ===== */

/* Fill err (when not NULL) and return code, so callers can write
 * `return bwi_error_set(err, BW_EIO, path, 0, 0, "cannot read: %s", why);` */
bw_status bwi_error_set(bw_error *err, bw_status code, const char *file,
                        unsigned long line, unsigned long column,
                        const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
bw_status bwi_error_vset(bw_error *err, bw_status code, const char *file,
                         unsigned long line, unsigned long column,
                         const char *fmt, va_list ap);
/* Set only the code and the standard message, for BW_ENOMEM and BW_EINVAL. */
bw_status bwi_error_code(bw_error *err, bw_status code);

/* ===== bits ===== */

/* The index of the lowest set bit of v (not 0). */
static inline size_t bwi_ctz64(uint64_t v)
{
#if defined(__GNUC__)
	return (size_t)__builtin_ctzll(v);
#else
	size_t n = 0;
	while (!(v & 1)) {
		v >>= 1;
		n++;
	}
	return n;
#endif
}

/* Bits set in v: the SWAR count, which needs no popcnt instruction. */
static inline size_t bwi_popcount64(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (size_t)((v * 0x0101010101010101ull) >> 56);
}

/* The index of the set bit of v with j set bits below it (v has more than
 * j): the byte holding it from the bytes' running counts, then within the
 * byte one bit at a time (at most 7). */
static inline size_t bwi_select64(uint64_t v, size_t j)
{
	uint64_t c = v - ((v >> 1) & 0x5555555555555555ull);
	size_t b = 0;
	c = (c & 0x3333333333333333ull) + ((c >> 2) & 0x3333333333333333ull);
	c = ((c + (c >> 4)) & 0x0f0f0f0f0f0f0f0full) * 0x0101010101010101ull;
	/* byte i of c: the set bits in bytes 0..i */
	while (((c >> (8 * b)) & 0xff) <= j)
		b++;
	if (b)
		j -= (c >> (8 * (b - 1))) & 0xff;
	v >>= 8 * b;
	while (j--)
		v &= v - 1;
	return 8 * b + bwi_ctz64(v);
}

#endif /* BW_UTIL_H */
