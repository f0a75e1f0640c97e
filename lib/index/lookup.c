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

/* Whether positions p[0..n) hold want, a position below BWI_POS_NONE. */
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

/* The set bits of bits in [from, to). */
static size_t bits_in(const uint64_t *bits, size_t from, size_t to)
{
	size_t n = 0;
	while (from < to) {
		size_t w = from / 64, end = (w + 1) * 64 < to ? (w + 1) * 64 : to;
		uint64_t v = bits[w] >> (from % 64);
		if (end - from < 64)
			v &= ((uint64_t)1 << (end - from)) - 1;
		n += bwi_popcount64(v);
		from = end;
	}
	return n;
}

static int bit_at(const uint64_t *bits, size_t i)
{
	return (int)(bits[i / 64] >> (i % 64) & 1);
}

int bwi_pos_block_ok(const bwi_index *ix, size_t b)
{
	size_t lo = b * BWI_POS_BLOCK, hi = lo + BWI_POS_BLOCK;
	uint32_t from = ix->post_blk[b], to = ix->post_blk[b + 1];
	if (hi > ix->npost)
		hi = ix->npost;
	return from < to && to <= ix->npos && bit_at(ix->pos_start, from) &&
	       bit_at(ix->pos_start, to) &&
	       bits_in(ix->pos_start, from, to) == hi - lo;
}

/* Posting p's positions: its start bit, found by counting start bits
 * from its block's first position (bwi_select64), and the next start bit
 * after it, which ends them.  The block's check (bwi_pos_block_ok) keeps
 * both inside the block and its end. */
const uint16_t *bwi_post_positions(const bwi_index *ix, size_t p, size_t *n)
{
	const uint64_t *bits = ix->pos_start;
	size_t b = p / BWI_POS_BLOCK, j = p - b * BWI_POS_BLOCK, c;
	size_t at = ix->post_blk[b], w = at / 64;
	uint64_t v = bits[w] & (~(uint64_t)0 << (at % 64));
	while (j >= (c = bwi_popcount64(v))) {
		j -= c;
		v = bits[++w];
	}
	at = w * 64 + bwi_select64(v, j);
	/* the next start: above it in this word, else in a later one */
	v &= at % 64 == 63 ? 0 : ~(uint64_t)0 << (at % 64 + 1);
	while (!v)
		v = bits[++w];
	*n = w * 64 + bwi_ctz64(v) - at;
	return ix->pos + at;
}

/* Whether the postings at[k] of a phrase's n terms hold them at gaps
 * (postings from bwi_term_postings: their positions are checked). */
static int phrase_holds(const bwi_index *ix, size_t n, const uint8_t *gaps,
                        const size_t *at)
{
	const uint16_t *p[BWI_SYNONYM_TERMS];
	size_t m[BWI_SYNONYM_TERMS];
	for (size_t k = 0; k < n; k++)
		p[k] = bwi_post_positions(ix, at[k], &m[k]);
	for (size_t i = 0; i < m[0]; i++) {
		uint32_t first = p[0][i];
		size_t k;
		for (k = 1; k < n; k++)
			if (first + gaps[k] >= BWI_POS_NONE ||
			    !has_pos(p[k], m[k], first + gaps[k]))
				break;
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
			if (j != rare) {
				at[j] = bwi_gallop(&k[j], end[j], at[j], doc);
				if (at[j] >= end[j]) {
					at[rare] = end[rare] - 1; /* a list ran out */
					break;
				}
				if (BWI_KEY_DOC(bwi_key_at(&k[j], at[j])) != doc)
					break;
			}
			post[j] = first[j] + at[j];
		}
		if (j < n || (gaps && !phrase_holds(ix, n, gaps, post)))
			continue;
		/* (class and score only for the entities that hold it all) */
		for (j = 0; j < n; j++) {
			uint32_t c = BWI_KEY_CLASS(bwi_key_at(&k[j], at[j]));
			cls = c > cls ? c : cls;
			sum += bwi_score_at(&sc[j], at[j]);
		}
		key[count] = doc | cls << BWI_CLASS_SHIFT;
		score[count++] = sum;
	}
	return count;
}
