/*
 * section.c: the list of sections a compiled database is made of
 * (util.h).  Lists are short (a few dozen sections), so finding one is a
 * linear pass.
 */
#include <string.h>

#include "util.h"

bw_status bwi_sections_add(bwi_sections *s, uint32_t id, const void *data,
                           size_t elem, size_t count)
{
	if (bwi_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v)))
		return BW_ENOMEM;
	s->v[s->n].id = id;
	s->v[s->n].elem = (uint32_t)elem;
	s->v[s->n].data = data;
	s->v[s->n].count = count;
	s->n++;
	return BW_OK;
}

const void *bwi_sections_find(const bwi_sections *s, uint32_t id,
                              size_t elem, size_t *count)
{
	*count = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].id == id) {
			if (s->v[i].elem != elem)
				return NULL;
			*count = s->v[i].count;
			return s->v[i].data;
		}
	return NULL;
}

void bwi_sections_free(bwi_sections *s)
{
	bwi_free(s->v);
	memset(s, 0, sizeof(*s));
}
