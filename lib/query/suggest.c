/*
 * suggest.c: autocompletion over names and aliases.
 *
 * The index keeps every name and alias key (folded, separators collapsed)
 * once from each word start, sorted, with a static rank: a match at the
 * label's start first, a name before an alias, shorter labels, ordinal.
 * A prefix is a binary search to a range of labels; the range is scanned
 * once into a bounded heap keyed by (edits, rank) that holds each entity
 * at most once, and a bitset counts distinct entities for the total.  When
 * fewer entities than the limit match, labels within the typo budget of
 * the text (a prefix walk of the label set, see strset.c) and with a
 * silent first letter restored follow, ranked after every exact prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "query.h"

#define SUGGEST_SCAN 20000u /* labels one range may contribute */

typedef struct sug {
	uint64_t rank;
	uint32_t doc;
	uint16_t label;
	uint8_t dist;
	uint8_t full;              /* the label is exactly the text */
} sug;

typedef struct suggester {
	const bwi_index *ix;
	unsigned kinds;
	sug *h;                    /* max-heap, worst on top */
	size_t n, k;
	uint64_t *seen;            /* entities counted */
	size_t total;
	const char *key;           /* the text as a label key */
	size_t klen;
} suggester;

static int worse(const sug *a, const sug *b)
{
	if (a->dist != b->dist)
		return a->dist > b->dist;
	if (a->rank != b->rank)
		return a->rank > b->rank;
	return a->doc > b->doc;
}

static void sift_down(sug *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		sug t;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && worse(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void sift_up(sug *h, size_t i)
{
	while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
		sug t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* A label's static rank, best first: from the start of its name or alias
 * key, a name before an alias, a shorter key, then ordinal.  rank_of
 * gives the first two, from the label's record; label_rank all of it and
 * the label's length l into *len.  A label is a key's suffix from a word
 * start, lying inside the key in the labels' blob, so the key is found
 * around it.  (A damaged label reads as "", which may lie outside the
 * blob: it is left alone.) */
static uint64_t rank_of(int mid, unsigned alias)
{
	return (uint64_t)(mid != 0) << 63 | (uint64_t)(alias > 0) << 62;
}

static uint64_t label_rank(const bwi_index *ix, const char *l, int mid,
                           uint32_t doc, unsigned alias, size_t *len)
{
	const char *key = l;
	*len = strlen(l);
	while (*len && key > ix->labels.blob && key[-1])
		key--;
	return rank_of(mid, alias) |
	       (uint64_t)(*len + (size_t)(l - key)) << 32 | doc;
}

static void consider(suggester *s, size_t i, unsigned dist)
{
	const bwi_index *ix = s->ix;
	uint32_t doc;
	unsigned alias;
	size_t len;
	const char *l;
	int kind, mid;
	sug x;
	if (!bwi_label(ix, i, &doc, &alias, &mid))
		return;
	kind = (int)bwi_model_kind_of(ix->model, doc);
	if (s->kinds && !(s->kinds >> kind & 1))
		return;
	if (!(s->seen[doc / 64] >> (doc % 64) & 1)) {
		s->seen[doc / 64] |= (uint64_t)1 << (doc % 64);
		s->total++;
	}
	/* most labels of a short prefix cannot enter a full heap: tell so from
	 * the best rank their first two bits allow, before reading the key */
	x.dist = (uint8_t)dist;
	x.rank = rank_of(mid, alias);
	x.doc = 0;
	if (s->n == s->k && !worse(&s->h[0], &x))
		return;
	l = bwi_index_string(ix, &ix->labels, i);
	x.rank = label_rank(ix, l, mid, doc, alias, &len);
	x.doc = doc;
	x.label = (uint16_t)alias;
	x.full = !dist && !(x.rank >> 63) && len == s->klen;
	if (s->n == s->k && !worse(&s->h[0], &x))
		return;
	for (size_t j = 0; j < s->n; j++) {
		if (s->h[j].doc != doc)
			continue;
		if (worse(&s->h[j], &x)) {
			/* a better label of an entity already kept: it can only
			 * move away from the top of the max-heap */
			s->h[j] = x;
			for (size_t p = s->n / 2; p-- > 0;)
				sift_down(s->h, s->n, p);
		}
		return;
	}
	if (s->n == s->k) {
		s->h[0] = x;
		sift_down(s->h, s->n, 0);
	} else {
		s->h[s->n] = x;
		sift_up(s->h, s->n++);
	}
}

static int range(size_t lo, size_t hi, unsigned dist, void *data)
{
	suggester *s = data;
	for (size_t i = lo; i < hi && i - lo < SUGGEST_SCAN; i++)
		consider(s, i, dist);
	return 0;
}

static int sug_cmp(const void *a, const void *b)
{
	return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

static bw_status complete(bw_results **out, const bw_db *db, suggester *s,
                          bwi_arena *arena, const bw_search_options *o)
{
	const bwi_index *ix = s->ix;
	size_t lo, hi;
	bw_results *r;
	s->h = bwi_arena_alloc(arena, s->k * sizeof(*s->h));
	s->seen = bwi_arena_alloc(arena, (ix->ndocs / 64 + 1) * sizeof(uint64_t));
	if (!s->h || !s->seen)
		return BW_ENOMEM;
	if (s->klen) {
		bwi_index_prefix(ix, &ix->labels, s->key, s->klen, &lo, &hi);
		range(lo, hi, 0, s);
	}
	if (s->klen && s->total < s->k && s->klen <= BWI_WORD_MAX) {
		unsigned d = bwi_typo_budget(s->key, s->klen);
		char buf[BWI_WORD_MAX + 2];
		if (d)
			bwi_index_fuzzy(ix, &ix->labels, s->key, s->klen, d, 1, range,
			                s);
		for (size_t k = 0; k < BWI_NSILENT; k++) {
			if (!bwi_silent_variant(s->key, s->klen, k, buf))
				continue;
			bwi_index_prefix(ix, &ix->labels, buf, s->klen + 1, &lo, &hi);
			range(lo, hi, 1, s);
		}
	}
	qsort(s->h, s->n, sizeof(*s->h), sug_cmp);
	if (bwi_results_new(&r, db, s->n, NULL, 0, o))
		return BW_ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		const bw_entity *e = bwi_model_at(ix->model, s->h[i].doc);
		r->hits[i].entity = e;
		r->hits[i].label = s->h[i].label;
		r->hits[i].score = 1.0 / (1.0 + (double)(s->h[i].rank >> 62) +
		                          3.0 * s->h[i].dist);
		r->hits[i].tier = (uint8_t)(s->h[i].dist ?
		                            BWI_TIER_PREFIX + s->h[i].dist :
		                            s->h[i].full ? BWI_TIER_EXACT :
		                            BWI_TIER_PREFIX);
	}
	r->total = s->total;
	r->suggest = 1;
	*out = r;
	return BW_OK;
}

static bw_status suggest(bw_results **out, const bw_db *db, bwi_query *q,
                         const bw_search_options *o, bw_error *err)
{
	const char *text = q->text;
	suggester s;
	char *key = NULL;
	size_t n = strlen(text), bad = bwi_utf8_invalid_at(text, n);
	bw_status st;
	if (bad < n)
		return bwi_error_set(err, BW_EUTF8, NULL, 0, bad + 1,
		                     "the text is not valid UTF-8 at byte %zu",
		                     bad + 1);
	/* a label key is at most a few hundred bytes: more cannot match */
	if (n > BWI_QUERY_MAX_BYTES)
		for (n = BWI_QUERY_MAX_BYTES; n > 0 &&
		     ((unsigned char)text[n] & 0xC0) == 0x80; n--)
			;
	if ((st = bwi_name_key(&key, &n, text, n)))
		return st;
	memset(&s, 0, sizeof(s));
	s.ix = q->ix;
	s.kinds = q->kinds;
	s.k = o->limit;
	s.key = key;
	s.klen = n;
	st = complete(out, db, &s, q->arena, o);
	bwi_free(key);
	return st;
}

bw_status bw_suggest(bw_results **out, const bw_db *db, const char *text,
                     const bw_search_options *opts, bw_error *err)
{
	return bwi_query_run(out, db, text, opts, err, suggest);
}
