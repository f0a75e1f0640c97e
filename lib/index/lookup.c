/*
 * lookup.c: reading the built index: analysing a query word the way the
 * index analysed the corpus, looking up exact-name keys and filter values,
 * and intersecting postings (for a query's phrases and compounds, and for
 * the synonym members the build works out once).  Everything here only
 * reads the index.
 */
#include <string.h>

#include "index.h"

bw_status bwi_index_analyse(const bwi_index *ix, bwi_stemmer **stemmer,
                            const char *w, size_t n, uint32_t *term,
                            int *stop, char *stem)
{
	size_t i = bwi_index_find(ix, &ix->words, w, n);
	char buf[BWI_WORD_MAX + 1];
	size_t sn;
	*term = BWI_NONE;
	*stop = 0;
	if (!stem)
		stem = buf;
	if (n > BWI_WORD_MAX)
		n = BWI_WORD_MAX;
	if (i != (size_t)-1 && !bwi_is_stop_word(w, n)) {
		*term = bwi_word_term(ix, i);
		*stop = *term == BWI_NONE;
		if (*stop) {
			memcpy(stem, w, n);
			stem[n] = '\0';
		} else {
			strcpy(stem, bwi_index_string(ix, &ix->terms, *term));
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
	i = bwi_index_find(ix, &ix->terms, stem, sn);
	if (i != (size_t)-1)
		*term = (uint32_t)i;
	return BW_OK;
}

int bwi_acronym(const char *raw, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (raw[i] < 'A' || raw[i] > 'Z')
			return 0;
	return 1;
}

int bwi_token_stop(const char *src, const bwi_token *tok)
{
	return bwi_is_stop_word(tok->word, tok->len) &&
	       !bwi_acronym(src + tok->start, tok->end - tok->start);
}

uint32_t bwi_index_acronym(const bwi_index *ix, const char *w, size_t n)
{
	size_t i = bwi_index_find(ix, &ix->words, w, n);
	return i == (size_t)-1 ? BWI_NONE : bwi_word_term(ix, i);
}

size_t bwi_index_names(const bwi_index *ix, const char *key, size_t n,
                       const uint32_t **items)
{
	size_t i = bwi_index_find(ix, &ix->names, key, n);
	*items = NULL;
	if (i == (size_t)-1 || (ix->checks && !bwi_check_name(ix, i)))
		return 0;
	*items = ix->name_items + ix->name_start[i];
	return ix->name_start[i + 1] - ix->name_start[i];
}

size_t bwi_index_filter(const bwi_index *ix, int f, const char *value,
                        size_t n, const uint32_t **docs)
{
	const uint32_t *start;
	size_t i;
	*docs = NULL;
	if (f < 0 || f >= BWI_NFILTERS ||
	    (i = bwi_index_find(ix, &ix->filter_values[f], value, n)) ==
	    (size_t)-1 || (ix->checks && !bwi_check_filter(ix, f, i)))
		return 0;
	start = ix->filter_start[f];
	*docs = ix->filter_docs[f] + start[i];
	return start[i + 1] - start[i];
}

/* The first index in key[from..n) whose ordinal is at least doc. */
size_t bwi_gallop(const bwi_keys *key, size_t n, size_t from, uint32_t doc)
{
	size_t step = 1, lo = from, hi;
	if (lo >= n || BWI_KEY_DOC(bwi_key_at(key, lo)) >= doc)
		return lo;
	/* key[lo] < doc: double the step until past doc, then bisect */
	while (lo + step < n && BWI_KEY_DOC(bwi_key_at(key, lo + step)) < doc) {
		lo += step;
		step *= 2;
	}
	hi = lo + step < n ? lo + step : n;
	lo++;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (BWI_KEY_DOC(bwi_key_at(key, mid)) < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether positions p[0..n) (marked) hold want, a position below
 * BWI_POS_NONE. */
static int has_pos(const uint16_t *p, size_t n, uint32_t want)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((p[mid] & BWI_POS_MAX) < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && (p[lo] & BWI_POS_MAX) == want;
}

int bwi_pos_block_ok(const bwi_index *ix, size_t b)
{
	size_t lo = b * BWI_POS_BLOCK, hi = lo + BWI_POS_BLOCK, marks = 0;
	uint32_t from = ix->post_blk[b], to = ix->post_blk[b + 1];
	if (hi > ix->npost)
		hi = ix->npost;
	if (from > to || to > ix->npos || (to > from &&
	    !(ix->pos[to - 1] & BWI_POS_LAST)))
		return 0;
	for (uint32_t i = from; i < to; i++)
		marks += (ix->pos[i] & BWI_POS_LAST) != 0;
	return marks == hi - lo;
}

const uint16_t *bwi_post_positions(const bwi_index *ix, size_t p, size_t *n)
{
	size_t b = p / BWI_POS_BLOCK, at = ix->post_blk[b], end;
	for (size_t i = b * BWI_POS_BLOCK; i < p; i++)
		while (!(ix->pos[at++] & BWI_POS_LAST))
			;
	for (end = at; !(ix->pos[end++] & BWI_POS_LAST);)
		;
	*n = end - at;
	return ix->pos + at;
}

/* Whether the postings at[k] of a phrase's n terms hold them at gaps
 * (postings from bwi_term_postings: their positions are checked). */
static int phrase_holds(const bwi_index *ix, size_t n, const uint8_t *gaps,
                        const size_t *at)
{
	size_t n0;
	const uint16_t *p0 = bwi_post_positions(ix, at[0], &n0);
	for (size_t i = 0; i < n0; i++) {
		uint32_t first = p0[i] & BWI_POS_MAX;
		size_t k;
		for (k = 1; k < n; k++) {
			size_t m;
			const uint16_t *p = bwi_post_positions(ix, at[k], &m);
			if (first + gaps[k] >= BWI_POS_NONE ||
			    !has_pos(p, m, first + gaps[k]))
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

size_t bwi_intersect_room(const bwi_index *ix, const uint32_t *terms,
                          size_t n)
{
	size_t room = n ? bwi_term_df(ix, terms[0]) : 0;
	for (size_t k = 1; k < n; k++)
		if (bwi_term_df(ix, terms[k]) < room)
			room = bwi_term_df(ix, terms[k]);
	return room;
}

size_t bwi_intersect(const bwi_index *ix, const uint32_t *terms, size_t n,
                     const uint8_t *gaps, uint32_t *key, float *score)
{
	/* per term: its keys and scores, its first posting, and the next and
	 * end indices into its list */
	bwi_keys k[BWI_SYNONYM_TERMS];
	bwi_scores sc[BWI_SYNONYM_TERMS];
	size_t first[BWI_SYNONYM_TERMS], at[BWI_SYNONYM_TERMS] = { 0 };
	size_t end[BWI_SYNONYM_TERMS] = { 0 }, post[BWI_SYNONYM_TERMS];
	size_t rare = 0, count = 0;
	if (n > BWI_SYNONYM_TERMS)
		return 0;
	for (size_t j = 0; j < n; j++) {
		end[j] = bwi_term_postings(ix, terms[j], &first[j]);
		k[j] = bwi_term_keys(ix, terms[j], end[j]);
		sc[j] = bwi_term_scores(ix, terms[j], first[j]);
		if (end[j] < end[rare])
			rare = j;
	}
	for (; at[rare] < end[rare]; at[rare]++) {
		uint32_t doc = BWI_KEY_DOC(bwi_key_at(&k[rare], at[rare])), cls = 0;
		float sum = 0;
		size_t j;
		for (j = 0; j < n; j++) {
			uint32_t kj;
			if (j != rare) {
				at[j] = bwi_gallop(&k[j], end[j], at[j], doc);
				if (at[j] >= end[j]) {
					at[rare] = end[rare] - 1; /* a list ran out */
					break;
				}
			}
			kj = bwi_key_at(&k[j], at[j]);
			if (BWI_KEY_DOC(kj) != doc)
				break;
			if (BWI_KEY_CLASS(kj) > cls)
				cls = BWI_KEY_CLASS(kj);
			sum += bwi_score_at(&sc[j], at[j]);
			post[j] = first[j] + at[j];
		}
		if (j < n || (gaps && !phrase_holds(ix, n, gaps, post)))
			continue;
		key[count] = doc | cls << BWI_CLASS_SHIFT;
		score[count++] = sum;
	}
	return count;
}
