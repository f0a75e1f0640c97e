/*
 * arena.c: a bump allocator.  A database allocates every entity, fact and
 * string in one arena and frees it with one call, so the model needs no
 * per-object ownership.  Blocks are chained newest first; a request larger
 * than the block size gets a block of its own.  Memory is zeroed.
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

void *bwi_arena_alloc(bwi_arena *a, size_t n)
{
	void *p;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (!a->head || a->head->size - a->used < n) {
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
			memset(b->data, 0, n);
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *bwi_arena_strndup(bwi_arena *a, const char *s, size_t n)
{
	char *d = bwi_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
