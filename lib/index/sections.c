/*
 * sections.c: the search index in a compiled database.  Every array of the
 * index (index.h) is one section; bwi_index_from_sections points an index
 * at them in place, after checking every value a search will use as an
 * offset or an index, so that no search reads outside them whatever the
 * file held.  Only the synonym groups, a few dozen records of pointers,
 * are rebuilt on the heap.
 */
#define _POSIX_C_SOURCE 200809L
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
	S_POST_POS = 0x20c,
	S_POS = 0x20d,
	S_NAMES = 0x20e,       /* + 0x20f */
	S_NAME_START = 0x210,
	S_NAME_ITEMS = 0x211,
	S_SIDE_POST = 0x212,
	S_SIDE_DOC = 0x213,
	S_SIDE_SCORE = 0x214,
	S_LABELS = 0x216,      /* + 0x217 */
	S_LABEL_DOC = 0x218,
	S_LABEL_ALIAS = 0x219,
	S_LABEL_RANK = 0x21a,
	S_SYN = 0x21c,         /* uint32 records of SYN_FIELDS */
	S_SYN_STEMS = 0x21d,   /* + 0x21e: the stems as a string list */
	S_SYN_TERMS = 0x21f,
	S_SYN_KEYS = 0x220,
	S_SYN_SCORES = 0x221,
	S_FILTERS = 0x240      /* + 4 per filter */
};

/* A synonym as a record of uint32: nterms, group, its first stem and term
 * (in S_SYN_STEMS / S_SYN_TERMS), its first key and score, and n. */
enum { SYN_NTERMS, SYN_GROUP, SYN_STEM, SYN_KEY, SYN_N, SYN_FIELDS };

#define META_N (1 + BW_KIND_COUNT + 1)

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
	    (st = bwi_sections_add(s, S_POST_KEY, ix->post_key, 4, ix->npost)) ||
	    (st = bwi_sections_add(s, S_POST_SCORE, ix->post_score, 4, ix->npost)) ||
	    (st = bwi_sections_add(s, S_POST_POS, ix->post_pos, 4, ix->npost + 1)) ||
	    (st = bwi_sections_add(s, S_POS, ix->pos, 2, ix->npos)) ||
	    (st = add_set(s, S_NAMES, &ix->names, set_bytes(&ix->names))) ||
	    (st = bwi_sections_add(s, S_NAME_START, ix->name_start, 4,
	                           ix->names.n + 1)) ||
	    (st = bwi_sections_add(s, S_NAME_ITEMS, ix->name_items, 4,
	                           ix->name_start[ix->names.n])) ||
	    (st = bwi_sections_add(s, S_SIDE_POST, ix->side_post, 4, nterms + 1)) ||
	    (st = bwi_sections_add(s, S_SIDE_DOC, ix->side_doc, 4,
	                           ix->side_post[nterms])) ||
	    (st = bwi_sections_add(s, S_SIDE_SCORE, ix->side_score, 4,
	                           ix->side_post[nterms])) ||
	    (st = add_set(s, S_LABELS, &ix->labels, set_bytes(&ix->labels))) ||
	    (st = bwi_sections_add(s, S_LABEL_DOC, ix->label_doc, 4, ix->labels.n)) ||
	    (st = bwi_sections_add(s, S_LABEL_ALIAS, ix->label_alias, 2,
	                           ix->labels.n)) ||
	    (st = bwi_sections_add(s, S_LABEL_RANK, ix->label_rank, 8,
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

typedef struct reader {
	const bwi_sections *s;
	const char *file;
	bw_error *err;
	size_t ndocs;
	int trusted;               /* the library's own: counts only */
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

/* A string set: its blob ends with a NUL, its offsets lie inside it, its
 * strings are at most maxlen bytes when maxlen is not 0 (words and terms:
 * the search copies them into buffers of BWI_WORD_MAX + 1), and
 * its strings ascend in byte order (the prefix and typo walks rely on the
 * order to stay within a string), strictly unless the set repeats strings
 * (the suggestion labels do: one per entity a label leads to). */
static void get_set(reader *r, uint32_t id, bwi_strset *set, int repeats,
                    size_t maxlen, bw_status *st)
{
	size_t blen = 0, n = 0;
	const char *blob = get(r, id, 1, (size_t)-1, &blen, st);
	const uint32_t *off = get(r, id + 1, 4, (size_t)-1, &n, st);
	if (*st)
		return;
	if (n && (!blen || blob[blen - 1] != '\0')) {
		/* (an empty set may have an empty blob: a filter no entity
		 * uses) */
		*st = refuse(r, "a string set does not end with a NUL", id);
		return;
	}
	for (size_t i = 0; i < n && !r->trusted; i++)
		if (off[i] >= blen ||
		    (i && strcmp(blob + off[i - 1], blob + off[i]) >= repeats) ||
		    (maxlen && strnlen(blob + off[i], maxlen + 1) > maxlen)) {
			*st = refuse(r, "a string set is out of range or order", id);
			return;
		}
	/* the index never writes through these: they point into the file */
	set->blob = (char *)(uintptr_t)blob;
	set->off = (uint32_t *)(uintptr_t)off;
	set->n = n;
}

/* starts[0..n] rise from 0 to end. */
static int starts_ok(const uint32_t *starts, size_t n, size_t end)
{
	if (starts[0] != 0 || starts[n] != end)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (starts[i + 1] < starts[i])
			return 0;
	return 1;
}

/* Each list [starts[i], starts[i+1]) ascends strictly, comparing the
 * values' bits in mask, and each (value & mask) >> shift, the entity, is
 * below limit. */
static int lists_ok(const uint32_t *starts, size_t n, const uint32_t *docs,
                    uint32_t mask, int shift, size_t limit)
{
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = starts[i]; k < starts[i + 1]; k++) {
			uint32_t v = docs[k] & mask;
			if ((v >> shift) >= limit ||
			    (k > starts[i] && v <= (docs[k - 1] & mask)))
				return 0;
		}
	return 1;
}

#define U(x) ((uint32_t *)(uintptr_t)(x))
#define F(x) ((float *)(uintptr_t)(x))

static void get_postings(reader *r, bwi_index *ix, bw_status *st)
{
	size_t nterms = ix->terms.n, npost = 0, npos = 0;
	ix->term_post = U(get(r, S_TERM_POST, 4, nterms + 1, NULL, st));
	ix->term_max = F(get(r, S_TERM_MAX, 4, nterms, NULL, st));
	ix->post_key = U(get(r, S_POST_KEY, 4, (size_t)-1, &npost, st));
	ix->post_score = F(get(r, S_POST_SCORE, 4, npost, NULL, st));
	ix->post_pos = U(get(r, S_POST_POS, 4, npost + 1, NULL, st));
	ix->pos = (uint16_t *)(uintptr_t)get(r, S_POS, 2, (size_t)-1, &npos, st);
	if (*st)
		return;
	ix->npost = npost;
	ix->npos = npos;
	if (r->trusted)
		return;
	if (!starts_ok(ix->term_post, nterms, npost) ||
	    !lists_ok(ix->term_post, nterms, ix->post_key, BWI_DOC_MASK, 0,
	              ix->ndocs) ||
	    !starts_ok(ix->post_pos, npost, npos)) {
		*st = refuse(r, "postings out of range or order", S_POST_KEY);
		return;
	}
	/* the positions within a posting are data: a phrase compares them,
	 * and out of order they only fail to match */
}

static void get_side_names_labels(reader *r, bwi_index *ix,
                                  const bwi_model *m, bw_status *st)
{
	size_t nterms = ix->terms.n, nitems = 0, nside = 0;
	get_set(r, S_NAMES, &ix->names, 0, 0, st);
	ix->name_start = U(get(r, S_NAME_START, 4, ix->names.n + 1, NULL, st));
	ix->name_items = U(get(r, S_NAME_ITEMS, 4, (size_t)-1, &nitems, st));
	ix->side_post = U(get(r, S_SIDE_POST, 4, nterms + 1, NULL, st));
	ix->side_doc = U(get(r, S_SIDE_DOC, 4, (size_t)-1, &nside, st));
	ix->side_score = F(get(r, S_SIDE_SCORE, 4, nside, NULL, st));
	get_set(r, S_LABELS, &ix->labels, 1, 0, st);
	ix->label_doc = U(get(r, S_LABEL_DOC, 4, ix->labels.n, NULL, st));
	ix->label_alias = (uint16_t *)(uintptr_t)get(r, S_LABEL_ALIAS, 2,
	                                            ix->labels.n, NULL, st);
	ix->label_rank = (uint64_t *)(uintptr_t)get(r, S_LABEL_RANK, 8,
	                                           ix->labels.n, NULL, st);
	if (*st || r->trusted)
		return;
	if (!starts_ok(ix->name_start, ix->names.n, nitems) ||
	    !lists_ok(ix->name_start, ix->names.n, ix->name_items, UINT32_MAX,
	              1, ix->ndocs))
		*st = refuse(r, "name lists out of range or order", S_NAME_ITEMS);
	else if (!starts_ok(ix->side_post, nterms, nside) ||
	         !lists_ok(ix->side_post, nterms, ix->side_doc, UINT32_MAX, 0,
	                   ix->ndocs))
		*st = refuse(r, "side lists out of range or order", S_SIDE_DOC);
	for (size_t i = 0; i < ix->labels.n && !*st; i++) {
		size_t na;
		if (ix->label_doc[i] >= ix->ndocs) {
			*st = refuse(r, "a label names no entity", S_LABEL_DOC);
			break;
		}
		bwi_entity_facts(bwi_model_at(m, ix->label_doc[i]), BW_FIELD_ALIAS,
		                 &na);
		if (ix->label_alias[i] > na)
			*st = refuse(r, "a label names no alias", S_LABEL_ALIAS);
	}
}

static void get_filters(reader *r, bwi_index *ix, bw_status *st)
{
	for (int i = 0; i < BWI_NFILTERS && !*st; i++) {
		uint32_t id = S_FILTERS + 4 * (uint32_t)i;
		size_t nd = 0;
		bwi_strset *v = &ix->filter_values[i];
		get_set(r, id, v, 0, 0, st);
		ix->filter_start[i] = U(get(r, id + 2, 4, v->n + 1, NULL, st));
		ix->filter_docs[i] = U(get(r, id + 3, 4, (size_t)-1, &nd, st));
		if (!*st && !r->trusted &&
		    (!starts_ok(ix->filter_start[i], v->n, nd) ||
		             !lists_ok(ix->filter_start[i], v->n, ix->filter_docs[i],
		                       UINT32_MAX, 0, ix->ndocs)))
			*st = refuse(r, "filter lists out of range or order", id + 3);
	}
}

/* The synonym groups, rebuilt on the heap (index arena) over the
 * sections' arrays. */
static void get_synonyms(reader *r, bwi_index *ix, bw_status *st)
{
	size_t nrec = 0, sb = 0, ns = 0, nk = 0;
	const uint32_t *rec = get(r, S_SYN, 4, (size_t)-1, &nrec, st);
	const char *stems = get(r, S_SYN_STEMS, 1, (size_t)-1, &sb, st);
	const uint32_t *soff = get(r, S_SYN_STEMS + 1, 4, (size_t)-1, &ns, st);
	const uint32_t *terms = get(r, S_SYN_TERMS, 4, ns, NULL, st);
	const uint32_t *keys = get(r, S_SYN_KEYS, 4, (size_t)-1, &nk, st);
	const float *scores = get(r, S_SYN_SCORES, 4, nk, NULL, st);
	size_t n;
	if (*st)
		return;
	n = nrec / SYN_FIELDS;
	if (nrec % SYN_FIELDS || (ns && (!sb || stems[sb - 1] != '\0'))) {
		*st = refuse(r, "synonyms out of range", S_SYN);
		return;
	}
	for (size_t k = 0; k < ns && !r->trusted; k++)
		if (soff[k] >= sb ||
		    (terms[k] != BWI_NONE && terms[k] >= ix->terms.n)) {
			*st = refuse(r, "a synonym's term is out of range", S_SYN_TERMS);
			return;
		}
	for (size_t k = 0; k < nk && !r->trusted; k++)
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

bw_status bwi_index_from_sections(bwi_index **out, const bwi_sections *s,
                                  const bwi_model *m, int trusted,
                                  const char *file, bw_error *err)
{
	reader r = { s, file, err, bwi_model_nall(m), trusted };
	bw_status st = BW_OK;
	const uint32_t *meta;
	bwi_index *ix = bwi_calloc(1, sizeof(*ix));
	*out = NULL;
	if (!ix)
		return bwi_error_code(err, BW_ENOMEM);
	bwi_arena_init(&ix->arena);
	ix->borrowed = 1;
	ix->model = m;
	ix->ndocs = r.ndocs;
	meta = get(&r, S_META, 4, META_N, NULL, &st);
	if (!st && (meta[0] != r.ndocs ||
	            memcmp(meta + 1, m->toc->kind_start, sizeof(ix->kind_start))))
		st = refuse(&r, "the index is not of this model", S_META);
	if (!st)
		memcpy(ix->kind_start, meta + 1, sizeof(ix->kind_start));
	get_set(&r, S_WORDS, &ix->words, 0, BWI_WORD_MAX, &st);
	get_set(&r, S_TERMS, &ix->terms, 0, BWI_WORD_MAX, &st);
	ix->word_term = U(get(&r, S_WORD_TERM, 4, ix->words.n, NULL, &st));
	for (size_t i = 0; !st && !trusted && i < ix->words.n; i++)
		if (ix->word_term[i] != BWI_NONE && ix->word_term[i] >= ix->terms.n)
			st = refuse(&r, "a word names no term", S_WORD_TERM);
	if (!st)
		get_postings(&r, ix, &st);
	if (!st)
		get_side_names_labels(&r, ix, m, &st);
	if (!st)
		get_filters(&r, ix, &st);
	if (!st)
		get_synonyms(&r, ix, &st);
	if (st) {
		bwi_index_free(ix);
		return st;
	}
	*out = ix;
	return BW_OK;
}
