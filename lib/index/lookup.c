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
size_t bwi_gallop(const uint32_t *key, size_t n, size_t from, uint32_t doc)
{
	size_t step = 1, lo = from, hi;
	if (lo >= n || BWI_KEY_DOC(key[lo]) >= doc)
		return lo;
	/* key[lo] < doc: double the step until past doc, then bisect */
	while (lo + step < n && BWI_KEY_DOC(key[lo + step]) < doc) {
		lo += step;
		step *= 2;
	}
	hi = lo + step < n ? lo + step : n;
	lo++;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (BWI_KEY_DOC(key[mid]) < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int has_pos(const uint16_t *p, size_t n, uint32_t want)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && p[lo] == want;
}

/* Posting p's count of positions: a byte, or for BWI_NPOS_WIDE its entry
 * in pos_wide (found by bisection; in a damaged file perhaps a wrong
 * count, which the block's check refuses). */
static uint32_t npos_of(const bwi_index *ix, size_t p)
{
	size_t lo = 0, hi = ix->nwide;
	if (ix->post_npos[p] < BWI_NPOS_WIDE)
		return ix->post_npos[p];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->pos_wide[2 * mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->nwide && ix->pos_wide[2 * lo] == p ?
	       ix->pos_wide[2 * lo + 1] : 0;
}

/* Whether block b's counts add up to the positions it spans, which lie
 * inside pos. */
int bwi_pos_block_ok(const bwi_index *ix, size_t b)
{
	size_t lo = b * BWI_POS_BLOCK, hi = lo + BWI_POS_BLOCK;
	uint64_t sum = 0;
	if (hi > ix->npost)
		hi = ix->npost;
	if (ix->post_blk[b] > ix->post_blk[b + 1] ||
	    ix->post_blk[b + 1] > ix->npos)
		return 0;
	for (size_t p = lo; p < hi; p++)
		sum += npos_of(ix, p);
	return sum == ix->post_blk[b + 1] - ix->post_blk[b];
}

const uint16_t *bwi_post_positions(const bwi_index *ix, size_t p, size_t *n)
{
	size_t b = p / BWI_POS_BLOCK;
	uint32_t at = ix->post_blk[b];
	for (size_t i = b * BWI_POS_BLOCK; i < p; i++)
		at += npos_of(ix, i);
	*n = npos_of(ix, p);
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
		size_t k;
		for (k = 1; k < n; k++) {
			size_t m;
			const uint16_t *p = bwi_post_positions(ix, at[k], &m);
			if (!has_pos(p, m, (uint32_t)p0[i] + gaps[k]))
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
	size_t at[BWI_SYNONYM_TERMS] = { 0 }, end[BWI_SYNONYM_TERMS] = { 0 };
	float scale[BWI_SYNONYM_TERMS];
	size_t rare = 0, count = 0;
	if (n > BWI_SYNONYM_TERMS)
		return 0;
	for (size_t k = 0; k < n; k++) {
		end[k] = bwi_term_postings(ix, terms[k], &at[k]);
		end[k] += at[k];
		scale[k] = bwi_scale(ix->term_max[terms[k]]);
		if (end[k] - at[k] < end[rare] - at[rare])
			rare = k;
	}
	for (; at[rare] < end[rare]; at[rare]++) {
		uint32_t doc = BWI_KEY_DOC(ix->post_key[at[rare]]), cls = 0;
		float sum = 0;
		size_t k;
		for (k = 0; k < n; k++) {
			if (k != rare) {
				at[k] = bwi_gallop(ix->post_key, end[k], at[k], doc);
				if (at[k] >= end[k]) {
					at[rare] = end[rare] - 1; /* a list ran out */
					break;
				}
				if (BWI_KEY_DOC(ix->post_key[at[k]]) != doc)
					break;
			}
			if (BWI_KEY_CLASS(ix->post_key[at[k]]) > cls)
				cls = BWI_KEY_CLASS(ix->post_key[at[k]]);
			sum += (float)ix->post_score[at[k]] * scale[k];
		}
		if (k < n || (gaps && !phrase_holds(ix, n, gaps, at)))
			continue;
		key[count] = doc | cls << BWI_CLASS_SHIFT;
		score[count++] = sum;
	}
	return count;
}
