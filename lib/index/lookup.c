/*
 * lookup.c: reading the built index: analysing a query word the way the
 * index analysed the corpus, and looking up exact-name keys and filter
 * values.  Everything here only reads the index.
 */
#include <string.h>

#include "index.h"

bw_status bwi_index_analyse(const bwi_index *ix, bwi_stemmer **stemmer,
                            const char *w, size_t n, uint32_t *term,
                            int *stop, char *stem)
{
	size_t i = bwi_strset_find(&ix->words, w, n);
	char buf[BWI_WORD_MAX + 1];
	size_t sn;
	*term = BWI_NONE;
	*stop = 0;
	if (!stem)
		stem = buf;
	if (n > BWI_WORD_MAX)
		n = BWI_WORD_MAX;
	if (i != (size_t)-1) {
		*term = ix->word_term[i];
		*stop = *term == BWI_NONE;
		if (*stop) {
			memcpy(stem, w, n);
			stem[n] = '\0';
		} else {
			strcpy(stem, bwi_strset_at(&ix->terms, *term));
		}
		return BW_OK;
	}
	if (bwi_is_stop_word(w, n)) {
		*stop = 1;
		memcpy(stem, w, n);
		stem[n] = '\0';
		return BW_OK;
	}
	/* a form the corpus never uses may still share a stem with one */
	if (!*stemmer && bwi_stemmer_new(stemmer))
		return BW_ENOMEM;
	sn = bwi_stem(*stemmer, w, n, stem, BWI_WORD_MAX + 1);
	if (sn == (size_t)-1)
		return BW_ENOMEM;
	i = bwi_strset_find(&ix->terms, stem, sn);
	if (i != (size_t)-1)
		*term = (uint32_t)i;
	return BW_OK;
}

/* Values of key k of a keyed list set. */
static size_t keyed(const bwi_strset *set, const uint32_t *start,
                    const uint32_t *vals, const char *key, size_t n,
                    const uint32_t **out)
{
	size_t i = bwi_strset_find(set, key, n);
	*out = NULL;
	if (i == (size_t)-1)
		return 0;
	*out = vals + start[i];
	return start[i + 1] - start[i];
}

size_t bwi_index_names(const bwi_index *ix, const char *key, size_t n,
                       const uint32_t **items)
{
	return keyed(&ix->names, ix->name_start, ix->name_items, key, n, items);
}

size_t bwi_index_filter(const bwi_index *ix, int f, const char *value,
                        size_t n, const uint32_t **docs)
{
	*docs = NULL;
	if (f < 0 || f >= BWI_NFILTERS)
		return 0;
	return keyed(&ix->filter_values[f], ix->filter_start[f],
	             ix->filter_docs[f], value, n, docs);
}
