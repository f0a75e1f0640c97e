/*
 * alloc.c: the library's allocator.  Every allocation libbodywork makes goes
 * through here, so an application can route memory to its own allocator and
 * the tests can fail the n-th allocation to prove that every error path frees
 * what it took (see tests/check_alloc.c).
 */
#include <string.h>
#include <stdlib.h>

#include "util.h"

/* Set once, before use (bw_set_allocator says so); read-only afterwards. */
static void *(*alloc_malloc)(size_t) = malloc;
static void *(*alloc_realloc)(void *, size_t) = realloc;
static void (*alloc_free)(void *) = free;

bw_status bw_set_allocator(void *(*malloc_fn)(size_t),
                           void *(*realloc_fn)(void *, size_t),
                           void (*free_fn)(void *), bw_error *err)
{
	if (!malloc_fn && !realloc_fn && !free_fn) {
		alloc_malloc = malloc;
		alloc_realloc = realloc;
		alloc_free = free;
		return BW_OK;
	}
	if (!malloc_fn || !realloc_fn || !free_fn)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "give all three allocator functions, or "
		                     "three NULLs for the defaults");
	alloc_malloc = malloc_fn;
	alloc_realloc = realloc_fn;
	alloc_free = free_fn;
	return BW_OK;
}

void *bwi_malloc(size_t n)
{
	return alloc_malloc(n ? n : 1);
}

void *bwi_calloc(size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		return NULL;
	p = bwi_malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *bwi_realloc(void *p, size_t n)
{
	return alloc_realloc(p, n ? n : 1);
}

void bwi_free(void *p)
{
	if (p)
		alloc_free(p);
}

char *bwi_strndup(const char *s, size_t n)
{
	char *d = bwi_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

bw_status bwi_grow_at(void *itemsp, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *items, *p;
	if (need <= *cap)
		return BW_OK;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return BW_ENOMEM;
		ncap *= 2;
	}
	memcpy(&items, itemsp, sizeof(items));
	p = bwi_realloc(items, ncap * elem);
	if (!p)
		return BW_ENOMEM;
	memcpy(itemsp, &p, sizeof(p));
	*cap = ncap;
	return BW_OK;
}
