/*
 * sections.c: the search index in a compiled database.  Every array of the
 * index (index.h) is one section; bwi_index_from_sections points an index
 * at them in place, and every value a search will use as an offset or an
 * index is checked before it is used (at open, or lazily as queries first
 * read each list), so that no search reads outside them whatever the file
 * held.  Only the synonym groups, a few dozen records of pointers, are
 * rebuilt on the heap.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "index.h"

/* Section ids of the index: 0x200 and up.  A string set takes two ids
 * (blob, offsets), each filter four (values blob, offsets, starts, docs). */
enum {
	S_META = 0x200,        /* uint32: ndocs, kind_start[], counts */
	S_WORDS = 0x202,       /* + 0x203 */
	S_WORD_TERM = 0x204,
	S_TERMS = 0x206,       /* + 0x207 */
	S_TERM_POST = 0x208,
	S_TERM_MAX = 0x209,
	S_POST_KEY = 0x20a,
	S_POST_SCORE = 0x20b,
	S_POS = 0x20d,
	S_NAMES = 0x20e,       /* + 0x20f */
	S_NAME_START = 0x210,
	S_NAME_ITEMS = 0x211,
	S_SIDE_POST = 0x212,
	S_SIDE_DOC = 0x213,
	S_SIDE_SCORE = 0x214,
	S_LABELS = 0x216,      /* 0x217 only: offsets into the model's strings */
	S_LABEL_DOC = 0x218,
	S_LABEL_ALIAS = 0x219,
	S_SYN = 0x21c,         /* uint32 records of SYN_FIELDS */
	S_SYN_STEMS = 0x21d,   /* + 0x21e: the stems as a string list */
	S_SYN_TERMS = 0x21f,
	S_SYN_KEYS = 0x220,
	S_SYN_SCORES = 0x221,
	S_POST_BLK = 0x222,
	S_POS_START = 0x223,   /* uint64 */
	S_SIDE_MAX = 0x224,
	S_TERM_KEYS = 0x225,
	S_TERM_BASE = 0x226,
	S_POST_LO = 0x227,     /* uint16 */
	S_POST_BASE = 0x228,
	S_FILTERS = 0x240      /* + 4 per filter */
};

/* A synonym as a record of uint32: nterms, group, its first stem and term
 * (in S_SYN_STEMS / S_SYN_TERMS), its first key and score, and n. */
enum { SYN_NTERMS, SYN_GROUP, SYN_STEM, SYN_KEY, SYN_N, SYN_FIELDS };

#define META_N (1 + BW_KIND_COUNT + 1)

/* Position blocks of n postings. */
static size_t nblocks(size_t n)
{
	return bwi_blocks(n, BWI_POS_BLOCK);
}

static bw_status add_set(bwi_sections *s, uint32_t id, const bwi_strset *set,
                         size_t blen)
{
	bw_status st = bwi_sections_add(s, id, set->blob, 1, blen);
	return st ? st : bwi_sections_add(s, id + 1, set->off, 4, set->n);
}

/* Bytes of a set's blob: past its last string, which ends the blob (the
 * sets are written in byte order, so the last by offset is found by a
 * pass). */
static size_t set_bytes(const bwi_strset *set)
{
	size_t end = 0;
	for (size_t i = 0; i < set->n; i++) {
		size_t e = set->off[i] + strlen(set->blob + set->off[i]) + 1;
		if (e > end)
			end = e;
	}
	return end;
}

/* The synonyms flattened, for writing: owned by the caller's list. */
typedef struct syn_flat {
	uint32_t *meta;
	uint32_t *rec, *stem_off, *terms, *keys;
	float *scores;
	char *stems;
} syn_flat;

void bwi_index_sections_free(void *keep)
{
	syn_flat *f = keep;
	if (!f)
		return;
	bwi_free(f->meta);
	bwi_free(f->rec);
	bwi_free(f->stem_off);
	bwi_free(f->terms);
	bwi_free(f->keys);
	bwi_free(f->scores);
	bwi_free(f->stems);
	bwi_free(f);
}

static bw_status flatten_synonyms(const bwi_index *ix, syn_flat *f,
                                  size_t *nstems, size_t *sbytes, size_t *nkeys)
{
	size_t ns = 0, nb = 0, nk = 0;
	for (size_t i = 0; i < ix->nsynonyms; i++) {
		const bwi_synonym *s = &ix->synonyms[i];
		ns += s->nterms;
		nk += s->key ? s->n : 0;
		for (uint32_t k = 0; k < s->nterms; k++)
			nb += strlen(s->stems[k]) + 1;
	}
	f->rec = bwi_calloc(ix->nsynonyms * SYN_FIELDS + 1, 4);
	f->stem_off = bwi_calloc(ns + 1, 4);
	f->terms = bwi_calloc(ns + 1, 4);
	f->keys = bwi_calloc(nk + 1, 4);
	f->scores = bwi_calloc(nk + 1, sizeof(float));
	f->stems = bwi_calloc(nb + 1, 1);
	if (!f->rec || !f->stem_off || !f->terms || !f->keys || !f->scores ||
	    !f->stems)
		return BW_ENOMEM;
	ns = nb = nk = 0;
	for (size_t i = 0; i < ix->nsynonyms; i++) {
		const bwi_synonym *s = &ix->synonyms[i];
		uint32_t *r = &f->rec[i * SYN_FIELDS];
		r[SYN_NTERMS] = s->nterms;
		r[SYN_GROUP] = s->group;
		r[SYN_STEM] = (uint32_t)ns;
		r[SYN_KEY] = (uint32_t)nk;
		r[SYN_N] = s->key ? (uint32_t)s->n : 0;
		for (uint32_t k = 0; k < s->nterms; k++) {
			size_t len = strlen(s->stems[k]) + 1;
			f->stem_off[ns] = (uint32_t)nb;
			f->terms[ns++] = s->terms[k];
			memcpy(f->stems + nb, s->stems[k], len);
			nb += len;
		}
		if (s->key) {
			memcpy(f->keys + nk, s->key, s->n * 4);
			memcpy(f->scores + nk, s->score, s->n * sizeof(float));
			nk += s->n;
		}
	}
	*nstems = ns;
	*sbytes = nb;
	*nkeys = nk;
	return BW_OK;
}

bw_status bwi_index_sections(const bwi_index *ix, bwi_sections *s,
                             void **keep)
{
	syn_flat *f = bwi_calloc(1, sizeof(*f));
	size_t nterms = ix->terms.n, nwords = ix->words.n, ns, sb, nk;
	uint32_t *meta;
	bw_status st;
	*keep = f;
	if (!f || !(f->meta = meta = bwi_calloc(META_N, 4)))
		return BW_ENOMEM;
	if ((st = flatten_synonyms(ix, f, &ns, &sb, &nk)))
		return st;
	meta[0] = (uint32_t)ix->ndocs;
	memcpy(meta + 1, ix->kind_start, sizeof(ix->kind_start));
	if ((st = bwi_sections_add(s, S_META, meta, 4, META_N)) ||
	    (st = add_set(s, S_WORDS, &ix->words, set_bytes(&ix->words))) ||
	    (st = bwi_sections_add(s, S_WORD_TERM, ix->word_term, 4, nwords)) ||
	    (st = add_set(s, S_TERMS, &ix->terms, set_bytes(&ix->terms))) ||
	    (st = bwi_sections_add(s, S_TERM_POST, ix->term_post, 4, nterms + 1)) ||
	    (st = bwi_sections_add(s, S_TERM_MAX, ix->term_max, 4, nterms)) ||
	    (st = bwi_sections_add(s, S_TERM_KEYS, ix->term_keys, 4, nterms)) ||
	    (st = bwi_sections_add(s, S_TERM_BASE, ix->term_base, 4, nterms)) ||
	    (st = bwi_sections_add(s, S_POST_LO, ix->post_lo, 2, ix->nlo)) ||
	    (st = bwi_sections_add(s, S_POST_BASE, ix->post_base, 4, ix->nbase)) ||
	    (st = bwi_sections_add(s, S_POST_KEY, ix->post_key, 4, ix->nkey)) ||
	    (st = bwi_sections_add(s, S_POST_SCORE, ix->post_score, 2, ix->npost)) ||
	    (st = bwi_sections_add(s, S_POST_BLK, ix->post_blk, 4,
	                           nblocks(ix->npost) + 1)) ||
	    (st = bwi_sections_add(s, S_POS, ix->pos, 2, ix->npos)) ||
	    (st = bwi_sections_add(s, S_POS_START, ix->pos_start, 8,
	                           ix->npos / 64 + 1)) ||
	    (st = add_set(s, S_NAMES, &ix->names, set_bytes(&ix->names))) ||
	    (st = bwi_sections_add(s, S_NAME_START, ix->name_start, 4,
	                           ix->names.n + 1)) ||
	    (st = bwi_sections_add(s, S_NAME_ITEMS, ix->name_items, 4,
	                           ix->name_start[ix->names.n])) ||
	    (st = bwi_sections_add(s, S_SIDE_POST, ix->side_post, 4, nterms + 1)) ||
	    (st = bwi_sections_add(s, S_SIDE_DOC, ix->side_doc, 4,
	                           ix->side_post[nterms])) ||
	    (st = bwi_sections_add(s, S_SIDE_SCORE, ix->side_score, 2,
	                           ix->side_post[nterms])) ||
	    (st = bwi_sections_add(s, S_SIDE_MAX, ix->side_max, 4, nterms)) ||
	    (st = bwi_sections_add(s, S_LABELS + 1, ix->labels.off, 4,
	                           ix->labels.n)) ||
	    (st = bwi_sections_add(s, S_LABEL_DOC, ix->label_doc, 4, ix->labels.n)) ||
	    (st = bwi_sections_add(s, S_LABEL_ALIAS, ix->label_alias, 2,
	                           ix->labels.n)) ||
	    (st = bwi_sections_add(s, S_SYN, f->rec, 4,
	                           ix->nsynonyms * SYN_FIELDS)) ||
	    (st = bwi_sections_add(s, S_SYN_STEMS, f->stems, 1, sb)) ||
	    (st = bwi_sections_add(s, S_SYN_STEMS + 1, f->stem_off, 4, ns)) ||
	    (st = bwi_sections_add(s, S_SYN_TERMS, f->terms, 4, ns)) ||
	    (st = bwi_sections_add(s, S_SYN_KEYS, f->keys, 4, nk)) ||
	    (st = bwi_sections_add(s, S_SYN_SCORES, f->scores, 4, nk)))
		return st;
	for (int i = 0; i < BWI_NFILTERS; i++) {
		const bwi_strset *v = &ix->filter_values[i];
		uint32_t id = S_FILTERS + 4 * (uint32_t)i;
		if ((st = add_set(s, id, v, set_bytes(v))) ||
		    (st = bwi_sections_add(s, id + 2, ix->filter_start[i], 4,
		                           v->n + 1)) ||
		    (st = bwi_sections_add(s, id + 3, ix->filter_docs[i], 4,
		                           ix->filter_start[i][v->n])))
			return st;
	}
	return BW_OK;
}

/* ===== Reading them back ===== */

/*
 * A file's index is checked at open only where that costs O(1) or little:
 * the sections' presence and lengths, the meta, each string set's blob
 * ending with a NUL, the synonyms.  Everything a search uses to index
 * besides (each term's lists, each name and filter list, each word's term,
 * each label, each set's order) is checked lazily, the first time a query
 * reads it through the accessors of index.h, or all at once at open in
 * BWI_CHECK_WHOLE mode, by the same functions.  An item's state is
 * unchecked, good or bad; a check is a pure function of the file's
 * read-only bytes, so threads racing on one item may both run it and store
 * the same answer, and relaxed atomics are enough.
 */
enum { UNCHECKED, GOOD, BAD };

/* The index's string sets, each with its own state. */
enum { SET_WORDS, SET_TERMS, SET_NAMES, SET_LABELS, SET_FILTERS,
       NSETS = SET_FILTERS + BWI_NFILTERS };

struct bwi_index_checks {
	size_t blen[NSETS];           /* bytes of each set's blob */
	size_t nitems, nside;         /* name items, side postings */
	size_t nfilter[BWI_NFILTERS]; /* ordinals of each filter */
	atomic_uchar set[NSETS];      /* each set's offsets and order */
	/* per item, in one block; NULL while checking whole at open */
	atomic_uchar *term;           /* its postings, their positions and
	                               * its side list */
	atomic_uchar *name;           /* per name key: its list */
	atomic_uchar *filter[BWI_NFILTERS]; /* per value: its list */
	atomic_uchar *label;          /* its entity and alias */
};

void bwi_index_checks_free(struct bwi_index_checks *c)
{
	if (!c)
		return;
	bwi_free(c->term);
	bwi_free(c);
}

/* ----- the checks, each of one item ----- */

/* starts[i] <= starts[i + 1] <= end: list i lies inside its section. */
static int range_ok(const uint32_t *starts, size_t i, size_t end)
{
	return starts[i] <= starts[i + 1] && starts[i + 1] <= end;
}

/* starts[0..n] begin at 0 and end at end (O(1); each list's range_ok
 * does the rest). */
static int ends_ok(const uint32_t *starts, size_t n, size_t end)
{
	return starts[0] == 0 && starts[n] == end;
}

/* vals[0..n) ascend strictly, comparing their bits in mask, and each
 * (value & mask) >> shift, an ordinal, lies in [lo, hi). */
static int list_ok(const uint32_t *vals, size_t n, uint32_t mask, int shift,
                   size_t lo, size_t hi)
{
	for (size_t k = 0; k < n; k++) {
		uint32_t v = vals[k] & mask;
		if ((v >> shift) < lo || (v >> shift) >= hi ||
		    (k && v <= (vals[k - 1] & mask)))
			return 0;
	}
	return 1;
}

/* Term t's n keys lie inside their array (and, 16-bit, their blocks
 * inside the bases) and ascend by ordinal, each naming an entity. */
static int keys_ok(const bwi_index *ix, size_t t, size_t n)
{
	uint32_t at = ix->term_keys[t] & ~BWI_KEYS_WHOLE;
	size_t b = ix->term_base[t];
	uint64_t last = 0;
	if (ix->term_keys[t] & BWI_KEYS_WHOLE)
		return at <= ix->nkey && n <= ix->nkey - at &&
		       list_ok(ix->post_key + at, n, BWI_DOC_MASK, 0, 0,
		               ix->ndocs);
	if (at > ix->nlo || n > ix->nlo - at || b > ix->nbase ||
	    bwi_blocks(n, BWI_KEY_BLOCK) > ix->nbase - b)
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t doc = (uint64_t)ix->post_base[b + i / BWI_KEY_BLOCK] +
		               (ix->post_lo[at + i] & (BWI_LO_SPAN - 1));
		if (doc >= ix->ndocs || (i && doc <= last))
			return 0;
		last = doc;
	}
	return 1;
}

/* Term t's postings ascend by ordinal and the position blocks they lie in
 * are sound (bwi_pos_block_ok), so each one's positions lie in pos.  The
 * positions themselves are data: a phrase compares them, and out of order
 * they only fail to match. */
static int postings_ok(const bwi_index *ix, size_t t)
{
	const uint32_t *tp = ix->term_post;
	if (!range_ok(tp, t, ix->npost) || !keys_ok(ix, t, tp[t + 1] - tp[t]))
		return 0;
	if (tp[t] == tp[t + 1])
		return 1;
	for (size_t b = tp[t] / BWI_POS_BLOCK; b <= (tp[t + 1] - 1) / BWI_POS_BLOCK;
	     b++)
		if (!bwi_pos_block_ok(ix, b))
			return 0;
	return 1;
}

/* Term t's side list ascends, and its ordinals are muscles' (relate.c
 * indexes a per-muscle array with them). */
static int side_ok(const bwi_index *ix, size_t t)
{
	const uint32_t *sp = ix->side_post;
	return range_ok(sp, t, ix->checks->nside) &&
	       list_ok(ix->side_doc + sp[t], sp[t + 1] - sp[t], UINT32_MAX, 0,
	               ix->kind_start[BW_KIND_MUSCLE],
	               ix->kind_start[BW_KIND_MUSCLE + 1]);
}

/* Name key i's items (ordinal << 1 | is_alias) ascend. */
static int name_ok(const bwi_index *ix, size_t i)
{
	const uint32_t *s = ix->name_start;
	return range_ok(s, i, ix->checks->nitems) &&
	       list_ok(ix->name_items + s[i], s[i + 1] - s[i], UINT32_MAX, 1, 0,
	               ix->ndocs);
}

/* Filter f's value i: its ordinals ascend. */
static int filter_ok(const bwi_index *ix, int f, size_t i)
{
	const uint32_t *s = ix->filter_start[f];
	return range_ok(s, i, ix->checks->nfilter[f]) &&
	       list_ok(ix->filter_docs[f] + s[i], s[i + 1] - s[i], UINT32_MAX,
	               0, 0, ix->ndocs);
}

static int word_ok(const bwi_index *ix, size_t w)
{
	return ix->word_term[w] == BWI_NONE || ix->word_term[w] < ix->terms.n;
}

/* Label i names an entity, and its name or one of its aliases. */
static int label_ok(const bwi_index *ix, size_t i)
{
	size_t na;
	if (ix->label_doc[i] >= ix->ndocs)
		return 0;
	bwi_entity_facts(bwi_model_at(ix->model, ix->label_doc[i]),
	                 BW_FIELD_ALIAS, &na);
	return (ix->label_alias[i] & ~BWI_LABEL_MID) <= na;
}

static const bwi_strset *set_at(const bwi_index *ix, int k)
{
	switch (k) {
	case SET_WORDS: return &ix->words;
	case SET_TERMS: return &ix->terms;
	case SET_NAMES: return &ix->names;
	case SET_LABELS: return &ix->labels;
	default: return &ix->filter_values[k - SET_FILTERS];
	}
}

/* Which set of the index set is (by where its state is kept), or -1 for
 * a set with nothing to check. */
static int set_slot(const bwi_index *ix, const bwi_strset *set)
{
	return set->state ? (int)(set->state - ix->checks->set) : -1;
}

static const char *set_name(int k)
{
	static const char *const names[] = { "words", "terms", "names",
	                                     "labels" };
	return k < SET_FILTERS ? names[k] : bwi_filter_names[k - SET_FILTERS];
}

/* Words and terms are at most BWI_WORD_MAX bytes: the search copies them
 * into buffers of BWI_WORD_MAX + 1. */
static size_t set_maxlen(int k)
{
	return k == SET_WORDS || k == SET_TERMS ? BWI_WORD_MAX : 0;
}

/* String i of set k lies in its blob and within its length. */
static int string_ok(const bwi_index *ix, int k, size_t i)
{
	const bwi_strset *set = set_at(ix, k);
	size_t max = set_maxlen(k);
	return set->off[i] < ix->checks->blen[k] &&
	       (!max || strnlen(set->blob + set->off[i], max + 1) <= max);
}

/* Set k whole: every string as string_ok, and ascending in byte order
 * (the prefix and typo walks rely on the order to stay within a string),
 * strictly unless the set repeats strings (the suggestion labels do: one
 * per entity a label leads to). */
static int set_ok(const bwi_index *ix, int k)
{
	const bwi_strset *set = set_at(ix, k);
	int repeats = k == SET_LABELS;
	for (size_t i = 0; i < set->n; i++)
		if (!string_ok(ix, k, i) ||
		    (i && strcmp(bwi_strset_at(set, i - 1),
		                 bwi_strset_at(set, i)) >= repeats))
			return 0;
	return 1;
}

/* ----- checking on first use ----- */

static unsigned char state(atomic_uchar *s)
{
	return atomic_load_explicit(s, memory_order_relaxed);
}

static int settle(atomic_uchar *s, int ok)
{
	atomic_store_explicit(s, ok ? GOOD : BAD, memory_order_relaxed);
	return ok;
}

/* Mark the database damaged, saying what is wrong; returns 0. */
static int damaged(const bwi_index *ix, const char *fmt, ...)
{
	char msg[200] = "not a usable compiled database: ";
	size_t at = strlen(msg);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg + at, sizeof(msg) - at, fmt, ap);
	va_end(ap);
	bwi_model_damage(ix->model, msg);
	return 0;
}

int bwi_check_term(const bwi_index *ix, uint32_t t)
{
	atomic_uchar *s;
	unsigned char v;
	if (t >= ix->terms.n)
		return damaged(ix, "a term is out of range (search index, "
		               "term %lu)", (unsigned long)t);
	s = &ix->checks->term[t];
	if ((v = state(s)) != UNCHECKED)
		return v == GOOD;
	if (settle(s, postings_ok(ix, t) && side_ok(ix, t)))
		return 1;
	return damaged(ix, "a posting or side list is out of range or order "
	               "(search index, term %lu)", (unsigned long)t);
}

int bwi_check_name(const bwi_index *ix, size_t i)
{
	atomic_uchar *s = &ix->checks->name[i];
	unsigned char v = state(s);
	if (v != UNCHECKED)
		return v == GOOD;
	if (settle(s, name_ok(ix, i)))
		return 1;
	return damaged(ix, "a name list is out of range or order (search "
	               "index, name %zu)", i);
}

int bwi_check_filter(const bwi_index *ix, int f, size_t i)
{
	atomic_uchar *s = &ix->checks->filter[f][i];
	unsigned char v = state(s);
	if (v != UNCHECKED)
		return v == GOOD;
	if (settle(s, filter_ok(ix, f, i)))
		return 1;
	return damaged(ix, "a %s filter list is out of range or order "
	               "(search index, value %zu)", bwi_filter_names[f], i);
}

int bwi_check_label(const bwi_index *ix, size_t i)
{
	atomic_uchar *s = &ix->checks->label[i];
	unsigned char v = state(s);
	if (v != UNCHECKED)
		return v == GOOD;
	if (settle(s, label_ok(ix, i)))
		return 1;
	return damaged(ix, "a label names no entity or alias (search index, "
	               "label %zu)", i);
}

/* One compare, no state: cheaper than keeping one per word. */
uint32_t bwi_check_word(const bwi_index *ix, size_t w)
{
	if (word_ok(ix, w))
		return ix->word_term[w];
	damaged(ix, "a word names no term (search index, word %zu)", w);
	return BWI_NONE;
}

static int set_damaged(const bwi_index *ix, int k)
{
	settle(&ix->checks->set[k], 0);
	return damaged(ix, "a string set is out of range or order (search "
	               "index, %s%s)", set_name(k),
	               k >= SET_FILTERS ? " filter values" : "");
}

int bwi_check_set(const bwi_index *ix, const bwi_strset *set)
{
	int k = set_slot(ix, set);
	unsigned char v;
	if (k < 0)
		return 0;
	if ((v = state(&ix->checks->set[k])) != UNCHECKED)
		return v == GOOD;
	return set_ok(ix, k) ? settle(&ix->checks->set[k], 1) :
	       set_damaged(ix, k);
}

size_t bwi_check_find(const bwi_index *ix, const bwi_strset *set,
                      const char *s, size_t n)
{
	int k = set_slot(ix, set), bad;
	unsigned char v;
	size_t at;
	if (k < 0 || (v = state(&ix->checks->set[k])) == BAD)
		return (size_t)-1;
	if (v == GOOD)
		return bwi_strset_find(set, s, n);
	at = bwi_strset_find_in(set, s, n, ix->checks->blen[k], &bad);
	if (bad)
		set_damaged(ix, k);
	return at;
}

const char *bwi_check_string(const bwi_index *ix, const bwi_strset *set,
                             size_t i)
{
	int k = set_slot(ix, set);
	unsigned char v;
	if (k < 0 || i >= set->n || (v = state(&ix->checks->set[k])) == BAD)
		return "";
	if (v == GOOD || string_ok(ix, k, i))
		return bwi_strset_at(set, i);
	set_damaged(ix, k);
	return "";
}

/* ----- at open ----- */

typedef struct reader {
	const bwi_sections *s;
	const char *file;
	bw_error *err;
	size_t ndocs;
	int mode;                  /* BWI_CHECK_* */
} reader;

static bw_status refuse(reader *r, const char *what, uint32_t id)
{
	return bwi_error_set(r->err, BW_ECORPUS, r->file, 0, 0,
	                     "not a usable compiled database: %s (search "
	                     "index section 0x%x)", what, (unsigned)id);
}

/* Section id of elem-byte elements: exactly want of them unless want is
 * (size_t)-1 (any number, put in *n). */
static const void *get(reader *r, uint32_t id, size_t elem, size_t want,
                       size_t *n, bw_status *st)
{
	size_t count;
	const void *p = bwi_sections_find(r->s, id, elem, &count);
	if (*st)
		return NULL;
	if (!p || (want != (size_t)-1 && count != want)) {
		*st = refuse(r, p ? "a section has the wrong length" :
		             "a section is missing", id);
		return NULL;
	}
	if (n)
		*n = count;
	return p;
}

/* A string set, whose blob ends with a NUL (its strings are checked by
 * string_ok and set_ok); *blen gets the blob's bytes. */
static void get_set(reader *r, uint32_t id, bwi_strset *set, size_t *blen,
                    bw_status *st)
{
	size_t n = 0;
	const char *blob = get(r, id, 1, (size_t)-1, blen, st);
	const uint32_t *off = get(r, id + 1, 4, (size_t)-1, &n, st);
	if (*st)
		return;
	if (n && (!*blen || blob[*blen - 1] != '\0')) {
		/* (an empty set may have an empty blob: a filter no entity
		 * uses) */
		*st = refuse(r, "a string set does not end with a NUL", id);
		return;
	}
	/* the index never writes through these: they point into the file */
	set->blob = (char *)(uintptr_t)blob;
	set->off = (uint32_t *)(uintptr_t)off;
	set->n = n;
}

#define U(x) ((uint32_t *)(uintptr_t)(x))
#define F(x) ((float *)(uintptr_t)(x))

static void get_postings(reader *r, bwi_index *ix, bw_status *st)
{
	size_t nterms = ix->terms.n, npost = 0, npos = 0;
	ix->term_post = U(get(r, S_TERM_POST, 4, nterms + 1, NULL, st));
	ix->term_max = F(get(r, S_TERM_MAX, 4, nterms, NULL, st));
	ix->term_keys = U(get(r, S_TERM_KEYS, 4, nterms, NULL, st));
	ix->term_base = U(get(r, S_TERM_BASE, 4, nterms, NULL, st));
	ix->post_lo = (uint16_t *)(uintptr_t)get(r, S_POST_LO, 2, (size_t)-1,
	                                         &ix->nlo, st);
	ix->post_base = U(get(r, S_POST_BASE, 4, (size_t)-1, &ix->nbase, st));
	ix->post_key = U(get(r, S_POST_KEY, 4, (size_t)-1, &ix->nkey, st));
	ix->post_score = (uint16_t *)(uintptr_t)get(r, S_POST_SCORE, 2,
	                                            (size_t)-1, &npost, st);
	ix->post_blk = U(get(r, S_POST_BLK, 4, nblocks(npost) + 1, NULL, st));
	ix->pos = (uint16_t *)(uintptr_t)get(r, S_POS, 2, (size_t)-1, &npos, st);
	ix->pos_start = (uint64_t *)(uintptr_t)get(r, S_POS_START, 8,
	                                           npos / 64 + 1, NULL, st);
	if (*st)
		return;
	ix->npost = npost;
	ix->npos = npos;
	if (r->mode != BWI_CHECK_NONE &&
	    (!ends_ok(ix->term_post, nterms, npost) ||
	     !ends_ok(ix->post_blk, nblocks(npost), npos)))
		*st = refuse(r, "postings out of range or order", S_POST_KEY);
}

static void get_side_names_labels(reader *r, bwi_index *ix, size_t *blen,
                                  size_t *nitems, size_t *nside,
                                  bw_status *st)
{
	size_t nterms = ix->terms.n;
	get_set(r, S_NAMES, &ix->names, &blen[SET_NAMES], st);
	ix->name_start = U(get(r, S_NAME_START, 4, ix->names.n + 1, NULL, st));
	ix->name_items = U(get(r, S_NAME_ITEMS, 4, (size_t)-1, nitems, st));
	ix->side_post = U(get(r, S_SIDE_POST, 4, nterms + 1, NULL, st));
	ix->side_doc = U(get(r, S_SIDE_DOC, 4, (size_t)-1, nside, st));
	ix->side_score = (uint16_t *)(uintptr_t)get(r, S_SIDE_SCORE, 2, *nside,
	                                           NULL, st);
	ix->side_max = F(get(r, S_SIDE_MAX, 4, nterms, NULL, st));
	/* the labels lie in the model's string pool, which ends with a NUL */
	ix->labels.blob = (char *)(uintptr_t)bwi_model_pool(ix->model,
	                                                    &blen[SET_LABELS]);
	ix->labels.off = U(get(r, S_LABELS + 1, 4, (size_t)-1, &ix->labels.n,
	                       st));
	ix->label_doc = U(get(r, S_LABEL_DOC, 4, ix->labels.n, NULL, st));
	ix->label_alias = (uint16_t *)(uintptr_t)get(r, S_LABEL_ALIAS, 2,
	                                            ix->labels.n, NULL, st);
	if (*st || r->mode == BWI_CHECK_NONE)
		return;
	if (!ends_ok(ix->name_start, ix->names.n, *nitems))
		*st = refuse(r, "name lists out of range or order",
		             S_NAME_ITEMS);
	else if (!ends_ok(ix->side_post, nterms, *nside))
		*st = refuse(r, "side lists out of range or order", S_SIDE_DOC);
}

static void get_filters(reader *r, bwi_index *ix, size_t *blen, size_t *nd,
                        bw_status *st)
{
	for (int i = 0; i < BWI_NFILTERS && !*st; i++) {
		uint32_t id = S_FILTERS + 4 * (uint32_t)i;
		bwi_strset *v = &ix->filter_values[i];
		get_set(r, id, v, &blen[SET_FILTERS + i], st);
		ix->filter_start[i] = U(get(r, id + 2, 4, v->n + 1, NULL, st));
		ix->filter_docs[i] = U(get(r, id + 3, 4, (size_t)-1, &nd[i],
		                           st));
		if (!*st && r->mode != BWI_CHECK_NONE &&
		    !ends_ok(ix->filter_start[i], v->n, nd[i]))
			*st = refuse(r, "filter lists out of range or order",
			             id + 3);
	}
}

/* The synonym groups, rebuilt on the heap (index arena) over the
 * sections' arrays.  They are few, so they are checked at open. */
static void get_synonyms(reader *r, bwi_index *ix, bw_status *st)
{
	size_t nrec = 0, sb = 0, ns = 0, nk = 0;
	const uint32_t *rec = get(r, S_SYN, 4, (size_t)-1, &nrec, st);
	const char *stems = get(r, S_SYN_STEMS, 1, (size_t)-1, &sb, st);
	const uint32_t *soff = get(r, S_SYN_STEMS + 1, 4, (size_t)-1, &ns, st);
	const uint32_t *terms = get(r, S_SYN_TERMS, 4, ns, NULL, st);
	const uint32_t *keys = get(r, S_SYN_KEYS, 4, (size_t)-1, &nk, st);
	const float *scores = get(r, S_SYN_SCORES, 4, nk, NULL, st);
	int trusted = r->mode == BWI_CHECK_NONE;
	size_t n;
	if (*st)
		return;
	n = nrec / SYN_FIELDS;
	if (nrec % SYN_FIELDS || (ns && (!sb || stems[sb - 1] != '\0'))) {
		*st = refuse(r, "synonyms out of range", S_SYN);
		return;
	}
	for (size_t k = 0; k < ns && !trusted; k++)
		if (soff[k] >= sb ||
		    (terms[k] != BWI_NONE && terms[k] >= ix->terms.n)) {
			*st = refuse(r, "a synonym's term is out of range", S_SYN_TERMS);
			return;
		}
	for (size_t k = 0; k < nk && !trusted; k++)
		if ((keys[k] & BWI_DOC_MASK) >= ix->ndocs) {
			*st = refuse(r, "a synonym's entity is out of range", S_SYN_KEYS);
			return;
		}
	ix->synonyms = bwi_calloc(n + 1, sizeof(*ix->synonyms));
	if (!ix->synonyms) {
		*st = bwi_error_code(r->err, BW_ENOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const uint32_t *x = &rec[i * SYN_FIELDS];
		bwi_synonym *s = &ix->synonyms[i];
		if (!x[SYN_NTERMS] || x[SYN_NTERMS] > BWI_SYNONYM_TERMS ||
		    x[SYN_STEM] > ns || x[SYN_NTERMS] > ns - x[SYN_STEM] ||
		    x[SYN_KEY] > nk || x[SYN_N] > nk - x[SYN_KEY] ||
		    x[SYN_GROUP] >= n) {
			*st = refuse(r, "a synonym is out of range", S_SYN);
			return;
		}
		s->stems = bwi_arena_alloc(&ix->arena,
		                           x[SYN_NTERMS] * sizeof(*s->stems));
		if (!s->stems) {
			*st = bwi_error_code(r->err, BW_ENOMEM);
			return;
		}
		for (uint32_t k = 0; k < x[SYN_NTERMS]; k++)
			s->stems[k] = stems + soff[x[SYN_STEM] + k];
		s->terms = U(terms + x[SYN_STEM]);
		s->nterms = x[SYN_NTERMS];
		s->group = x[SYN_GROUP];
		s->key = x[SYN_N] ? keys + x[SYN_KEY] : NULL;
		s->score = x[SYN_N] ? scores + x[SYN_KEY] : NULL;
		s->n = x[SYN_N];
	}
	ix->nsynonyms = n;
}

static uint32_t set_id(int k)
{
	static const uint32_t ids[] = { S_WORDS, S_TERMS, S_NAMES, S_LABELS + 1 };
	return k < SET_FILTERS ? ids[k] :
	       S_FILTERS + 4 * (uint32_t)(k - SET_FILTERS);
}

/* BWI_CHECK_WHOLE: every lazy check, now. */
static void check_whole(reader *r, const bwi_index *ix, bw_status *st)
{
	const char *what = NULL;
	uint32_t id = 0;
	for (int k = 0; k < NSETS && !what; k++)
		if (!set_ok(ix, k)) {
			what = "a string set is out of range or order";
			id = set_id(k);
		}
	for (size_t w = 0; w < ix->words.n && !what; w++)
		if (!word_ok(ix, w)) {
			what = "a word names no term";
			id = S_WORD_TERM;
		}
	for (size_t t = 0; t < ix->terms.n && !what; t++)
		if (!postings_ok(ix, t)) {
			what = "postings out of range or order";
			id = S_POST_KEY;
		} else if (!side_ok(ix, t)) {
			what = "side lists out of range or order";
			id = S_SIDE_DOC;
		}
	for (size_t i = 0; i < ix->names.n && !what; i++)
		if (!name_ok(ix, i)) {
			what = "name lists out of range or order";
			id = S_NAME_ITEMS;
		}
	for (size_t i = 0; i < ix->labels.n && !what; i++)
		if (!label_ok(ix, i)) {
			what = "a label names no entity or alias";
			id = S_LABEL_DOC;
		}
	for (int f = 0; f < BWI_NFILTERS && !what; f++)
		for (size_t i = 0; i < ix->filter_values[f].n && !what; i++)
			if (!filter_ok(ix, f, i)) {
				what = "filter lists out of range or order";
				id = S_FILTERS + 4 * (uint32_t)f + 3;
			}
	if (what)
		*st = refuse(r, what, id);
}

/* BWI_CHECK_LAZY: a state per item, all unchecked, in one block. */
static void lazy_states(reader *r, bwi_index *ix, bw_status *st)
{
	struct bwi_index_checks *c = ix->checks;
	size_t n = ix->terms.n + ix->names.n + ix->labels.n;
	atomic_uchar *at;
	for (int f = 0; f < BWI_NFILTERS; f++)
		n += ix->filter_values[f].n;
	if (!(at = bwi_calloc(n + 1, sizeof(*at)))) {
		*st = bwi_error_code(r->err, BW_ENOMEM);
		return;
	}
	c->term = at;
	at += ix->terms.n;
	c->name = at;
	at += ix->names.n;
	c->label = at;
	at += ix->labels.n;
	for (int f = 0; f < BWI_NFILTERS; f++) {
		c->filter[f] = at;
		at += ix->filter_values[f].n;
	}
	/* (zeroed, like c->set: UNCHECKED) */
	for (int k = 0; k < NSETS; k++)
		((bwi_strset *)set_at(ix, k))->state = &c->set[k];
}

bw_status bwi_index_from_sections(bwi_index **out, const bwi_sections *s,
                                  const bwi_model *m, int check,
                                  const char *file, bw_error *err)
{
	reader r = { s, file, err, bwi_model_nall(m), check };
	bw_status st = BW_OK;
	const uint32_t *meta;
	struct bwi_index_checks *c;
	bwi_index *ix = bwi_calloc(1, sizeof(*ix));
	*out = NULL;
	if (!ix)
		return bwi_error_code(err, BW_ENOMEM);
	bwi_arena_init(&ix->arena);
	ix->borrowed = 1;
	ix->model = m;
	ix->ndocs = r.ndocs;
	/* a model checked whole at open keeps no record to report damage to
	 * (model.h: it keeps track of only so many files): then neither can
	 * the index wait */
	if (check == BWI_CHECK_LAZY && !m->lazy)
		check = r.mode = BWI_CHECK_WHOLE;
	/* the lengths the checks need, whether or not any are left */
	if (!(c = ix->checks = bwi_calloc(1, sizeof(*c)))) {
		bwi_index_free(ix);
		return bwi_error_code(err, BW_ENOMEM);
	}
	meta = get(&r, S_META, 4, META_N, NULL, &st);
	if (!st && (meta[0] != r.ndocs ||
	            memcmp(meta + 1, m->toc->kind_start, sizeof(ix->kind_start))))
		st = refuse(&r, "the index is not of this model", S_META);
	if (!st)
		memcpy(ix->kind_start, meta + 1, sizeof(ix->kind_start));
	get_set(&r, S_WORDS, &ix->words, &c->blen[SET_WORDS], &st);
	get_set(&r, S_TERMS, &ix->terms, &c->blen[SET_TERMS], &st);
	ix->word_term = U(get(&r, S_WORD_TERM, 4, ix->words.n, NULL, &st));
	if (!st)
		get_postings(&r, ix, &st);
	if (!st)
		get_side_names_labels(&r, ix, c->blen, &c->nitems, &c->nside,
		                      &st);
	if (!st)
		get_filters(&r, ix, c->blen, c->nfilter, &st);
	if (!st)
		get_synonyms(&r, ix, &st);
	if (!st && check == BWI_CHECK_LAZY)
		lazy_states(&r, ix, &st);
	else if (!st && check != BWI_CHECK_NONE)
		check_whole(&r, ix, &st);
	if (!st && check != BWI_CHECK_LAZY) {
		/* nothing is left to check */
		bwi_index_checks_free(c);
		ix->checks = NULL;
	}
	if (st) {
		bwi_index_free(ix);
		return st;
	}
	*out = ix;
	return BW_OK;
}
