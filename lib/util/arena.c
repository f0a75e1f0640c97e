/*
 * arena.c: a bump allocator.  A database allocates every entity, fact and
 * string in one arena and frees it with one call, so the model needs no
 * per-object ownership.  Blocks are chained newest first; a request larger
 * than the block size gets a block of its own.  Objects are aligned to 16
 * bytes and zeroed; strings are packed byte to byte.
 */
#include <string.h>

#include "util.h"

#define ARENA_BLOCK 65536u
#define ARENA_ALIGN 16u

struct bwi_arena_block {
	bwi_arena_block *next; /* the older block */
	size_t size;           /* usable bytes after the header */
	_Alignas(16) unsigned char data[]; /* the memory handed out */
};

void bwi_arena_init(bwi_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void bwi_arena_free(bwi_arena *a)
{
	bwi_arena_block *b = a->head;
	while (b) {
		bwi_arena_block *next = b->next;
		bwi_free(b);
		b = next;
	}
	bwi_arena_init(a);
}

/* n bytes aligned to align (a power of two, at most ARENA_ALIGN), not
 * zeroed. */
static void *arena_take(bwi_arena *a, size_t n, size_t align)
{
	size_t at;
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	at = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
	if (!a->head || at > a->head->size || a->head->size - at < n) {
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		bwi_arena_block *b;
		if (size > SIZE_MAX - sizeof(*b))
			return NULL;
		b = bwi_malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		a->total += size;
		if (size != ARENA_BLOCK && a->head) {
			/* An oversized block goes behind the head so the head's
			 * free space stays usable. */
			b->next = a->head->next;
			a->head->next = b;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	a->used = at + n;
	return a->head->data + at;
}

void *bwi_arena_alloc(bwi_arena *a, size_t n)
{
	void *p = arena_take(a, n, ARENA_ALIGN);
	if (p)
		memset(p, 0, n);
	return p;
}

/* Strings need no alignment and are written whole: packed, not zeroed. */
char *bwi_arena_strndup(bwi_arena *a, const char *s, size_t n)
{
	char *d = n < SIZE_MAX ? arena_take(a, n + 1, 1) : NULL;
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
