/*
 * strtab.c: string interning.  Each distinct string is copied once into the
 * database's arena; the map from text to copy lives only while a database is
 * being built, after which the copies stay and the map is freed.
 */
#include "util.h"

void bwi_strtab_init(bwi_strtab *t, bwi_arena *arena)
{
	bwi_map_init(&t->map);
	t->arena = arena;
}

void bwi_strtab_free(bwi_strtab *t)
{
	bwi_map_free(&t->map);
}

const char *bwi_intern(bwi_strtab *t, const char *s, size_t n)
{
	char *copy = bwi_map_get(&t->map, s, n);
	if (copy)
		return copy;
	copy = bwi_arena_strndup(t->arena, s, n);
	if (!copy || bwi_map_put(&t->map, copy, n, copy, NULL) != BW_OK)
		return NULL; /* an unused arena copy is reclaimed with the arena */
	return copy;
}
