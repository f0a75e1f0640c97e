/*
 * build.c: building the search index from the finished model, once, at
 * open.
 *
 * One pass over the entities in ordinal order tokenizes every text of an
 * entity into its field group (name, aliases, summary, tags, body; see
 * index.h).  Each distinct folded word is interned once in an
 * open-addressing table and stemmed once, so the stemmer runs per word of
 * the vocabulary, not per token.  An entity's occurrences are gathered per
 * term in a small table, then appended as one raw posting per term (term
 * frequency per group) with its positions.  Because entities come in
 * ordinal order, a counting sort of the raw postings by term leaves every
 * posting list in ordinal order with no comparison sort; the BM25F score
 * of each posting is computed there, once the document frequencies and
 * average group lengths are known:
 *
 *   tf~   = sum over groups g of  w_g * tf_g / (1 - b + b * len_g / avg_g)
 *   score = idf * tf~ * (k1 + 1) / (tf~ + k1) * prior
 *   idf   = ln(1 + (N - df + 0.5) / (df + 0.5))      (never negative)
 *   prior = 1 + 0.1 * ln(1 + references to the entity)
 *
 * The word and term dictionaries are then sorted (radix) into string sets,
 * and term ids renumbered to their sorted order.  Alongside, the pass
 * collects the exact-name keys, the suggestion labels, the filter lists
 * and the side index of muscles' causes and referral text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

const double bwi_group_weight[BWI_NGROUPS] = {
	10.0, /* name */
	8.0,  /* aliases */
	3.0,  /* summary */
	2.0,  /* tags: regions, attributes, technique values */
	1.0,  /* body */
};

const char *const bwi_filter_names[BWI_NFILTERS] = {
	"region", "depth", "modality", "lever", "source-kind", "position",
	"contact", "pressure", "method", "movement", "target", "causes",
	"evidence",
};


/* A string table under construction: strings in a growing blob, ids in an
 * open-addressing hash table. */
typedef struct table {
	char *blob;
	size_t blen, bcap;
	uint32_t *off;         /* per id */
	uint32_t *len;         /* per id: length */
	size_t n, ocap, lcap;
	uint32_t *slots;       /* ids, BWI_NONE when empty */
	size_t scap;           /* a power of two */
} table;

/* One word or term occurrence in the entity being indexed. */
typedef struct occ {
	uint32_t term;
	uint16_t pos;
	uint8_t group;
	uint8_t flags;         /* OCC_* */
} occ;

enum { OCC_SIDE = 1, OCC_NOPOS = 2 };

/* A term of the entity being indexed. */
typedef struct eterm {
	uint32_t term;
	uint32_t npos, at;     /* positions, and where they go */
	uint32_t tf[BWI_NGROUPS];
	uint32_t side_tf;
} eterm;

/* One term of one entity, in entity order; its positions follow those of
 * the raw postings before it in the raw positions. */
typedef struct raw {
	uint32_t term, doc;
	uint16_t npos;
	uint8_t tf[BWI_NGROUPS]; /* saturated at 255 */
} raw;

typedef struct raw_side {
	uint32_t term, doc, tf;
} raw_side;

/* A suggestion entry under construction. */
struct label {
	uint32_t off, doc;     /* offset in the model's string pool, ordinal */
	uint16_t alias;        /* 0 for the name, else alias index + 1 */
};

/* Lists of numbers per string key under construction: a filter's
 * ordinals per value, the entities per exact-name key.  A map from key to
 * list while building; a sorted key set with one array of lists after. */
typedef struct klist {
	const char *key;       /* in the index arena */
	uint32_t *v;           /* ascending: entities come in ordinal order */
	size_t n, cap;
} klist;

typedef struct builder {
	bwi_index *ix;
	const bwi_model *m;
	bwi_stemmer *stemmer;
	table words, terms;
	uint32_t *word_term;   /* per word id: its term id or BWI_NONE */
	size_t wtcap;

	/* the entity being indexed */
	uint32_t doc;
	uint32_t pos;          /* next position */
	occ *occ;
	size_t nocc, occcap;
	eterm *et;             /* terms of the entity */
	size_t net, etcap;
	uint32_t *etab;        /* per slot: term id, stamp (doc + 1) */
	size_t etabcap;
	uint32_t *etab_used;   /* per slot: its index in et */

	/* the corpus */
	uint32_t *len;         /* ndocs * BWI_NGROUPS token counts */
	uint32_t *side_len;    /* per doc */
	raw *raw;
	size_t nraw, rawcap;
	uint16_t *rpos;        /* raw positions */
	size_t nrpos, rposcap;
	raw_side *side;
	size_t nside, sidecap;

	/* labels: full keys in a blob, entries at word starts */
	struct label *labels;
	size_t nlabels, lcap;

	bwi_map fmap[BWI_NFILTERS]; /* value key -> klist* */
	bwi_map names;              /* exact-name key -> klist* */

	/* synonym members: keys, then as many scores */
	uint32_t *scratch_key;
	size_t scratch_cap;

	bwi_index_caps caps;
	bw_error *err;
	int said;              /* err holds the failure's own message */
	bw_status st;          /* why a text callback stopped the walk */
} builder;

const bwi_index_caps bwi_index_caps_max = {
	BWI_DOC_MASK, BWI_NONE - 1, UINT32_MAX, UINT32_MAX
};

/* A cap reached: the corpus is too large for the index, which is not a
 * failure to allocate (BW_ECORPUS, not BW_ENOMEM). */
static bw_status too_large(builder *b, size_t cap, const char *what)
{
	b->said = 1;
	return bwi_error_set(b->err, BW_ECORPUS, NULL, 0, 0,
	                     "the corpus is too large for the search index: "
	                     "more than %zu %s", cap, what);
}

/* ----- string tables ----- */

static void table_free(table *t)
{
	bwi_free(t->blob);
	bwi_free(t->off);
	bwi_free(t->len);
	bwi_free(t->slots);
	memset(t, 0, sizeof(*t));
}

static uint32_t table_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bw_status table_rehash(table *t)
{
	size_t ncap = t->scap ? t->scap * 2 : 1024;
	uint32_t *slots = bwi_malloc(ncap * sizeof(*slots));
	if (!slots)
		return BW_ENOMEM;
	memset(slots, 0xff, ncap * sizeof(*slots));
	for (size_t id = 0; id < t->n; id++) {
		const char *s = t->blob + t->off[id];
		size_t i = table_hash(s, t->len[id]) & (ncap - 1);
		while (slots[i] != BWI_NONE)
			i = (i + 1) & (ncap - 1);
		slots[i] = (uint32_t)id;
	}
	bwi_free(t->slots);
	t->slots = slots;
	t->scap = ncap;
	return BW_OK;
}

/* The id of s[0..n) in table t of b, added when new (*added set).
 * BW_ENOMEM, or BW_ECORPUS past the caps. */
static bw_status table_put(builder *b, table *t, const char *s, size_t n,
                           uint32_t *id, int *added)
{
	size_t i;
	bw_status st;
	*added = 0;
	if ((t->n + 1) * 2 > t->scap && (st = table_rehash(t)))
		return st;
	i = table_hash(s, n) & (t->scap - 1);
	while (t->slots[i] != BWI_NONE) {
		uint32_t x = t->slots[i];
		if (t->len[x] == n && memcmp(t->blob + t->off[x], s, n) == 0) {
			*id = x;
			return BW_OK;
		}
		i = (i + 1) & (t->scap - 1);
	}
	if (t->n >= b->caps.words)
		return too_large(b, b->caps.words, t == &b->words ?
		                 "distinct words" : "distinct terms");
	if (t->blen + n + 1 > b->caps.word_bytes)
		return too_large(b, b->caps.word_bytes, t == &b->words ?
		                 "bytes of distinct words" :
		                 "bytes of distinct terms");
	if ((st = bwi_grow(&t->blob, &t->bcap, t->blen + n + 1, 1)) ||
	    (st = bwi_grow(&t->off, &t->ocap, t->n + 1, sizeof(*t->off))) ||
	    (st = bwi_grow(&t->len, &t->lcap, t->n + 1, sizeof(*t->len))))
		return st;
	t->len[t->n] = (uint32_t)n;
	memcpy(t->blob + t->blen, s, n);
	t->blob[t->blen + n] = '\0';
	t->off[t->n] = (uint32_t)t->blen;
	t->blen += n + 1;
	*id = (uint32_t)t->n++;
	t->slots[i] = *id;
	*added = 1;
	return BW_OK;
}

/* Turn a table into a sorted set; *rank gets each old id's new index
 * (bwi_free it). */
static bw_status table_finish(table *t, bwi_strset *set, uint32_t **rank)
{
	uint32_t *perm = bwi_malloc((t->n ? t->n : 1) * sizeof(*perm));
	uint32_t *r = bwi_malloc((t->n ? t->n : 1) * sizeof(*r));
	uint32_t *off = bwi_malloc((t->n ? t->n : 1) * sizeof(*off));
	if (!perm || !r || !off)
		goto oom;
	for (size_t i = 0; i < t->n; i++)
		perm[i] = (uint32_t)i;
	if (bwi_sort_strings(t->blob, t->off, perm, t->n))
		goto oom;
	for (size_t i = 0; i < t->n; i++) {
		off[i] = t->off[perm[i]];
		r[perm[i]] = (uint32_t)i;
	}
	bwi_free(perm);
	set->blob = t->blob;
	set->off = off;
	set->n = t->n;
	t->blob = NULL;
	*rank = r;
	return BW_OK;
oom:
	bwi_free(perm);
	bwi_free(r);
	bwi_free(off);
	return BW_ENOMEM;
}

/* ----- words ----- */

/* The word id of folded w[0..n), interning and stemming it when new.  A
 * stop word has no term until it is seen written as an acronym ("IT",
 * "ME") or starting a name or alias, which gives it one (keep); its other
 * occurrences stay unindexed. */
static bw_status word_id(builder *b, const char *w, size_t n, int keep,
                         uint32_t *id)
{
	int added;
	bw_status st = table_put(b, &b->words, w, n, id, &added);
	if (st)
		return st;
	if (!added && !(keep && b->word_term[*id] == BWI_NONE))
		return BW_OK;
	if (added && (st = bwi_grow(&b->word_term, &b->wtcap, b->words.n,
	                            sizeof(*b->word_term))))
		return st;
	if (!keep && bwi_is_stop_word(w, n)) {
		b->word_term[*id] = BWI_NONE;
	} else {
		char stem[BWI_WORD_MAX + 1];
		size_t sn = bwi_stem(b->stemmer, w, n, stem, sizeof(stem));
		uint32_t term;
		if (sn == (size_t)-1)
			return BW_ENOMEM;
		if ((st = table_put(b, &b->terms, stem, sn, &term, &added)))
			return st;
		b->word_term[*id] = term;
	}
	return BW_OK;
}

/* ----- one entity ----- */

static bw_status add_occ(builder *b, uint32_t term, uint32_t pos, int group,
                         int flags)
{
	occ *o;
	bw_status st = bwi_grow(&b->occ, &b->occcap, b->nocc + 1,
	                        sizeof(*b->occ));
	if (st)
		return st;
	o = &b->occ[b->nocc++];
	o->term = term;
	o->pos = (uint16_t)(pos >= BWI_POS_MAX ? 0 : pos);
	o->group = (uint8_t)group;
	o->flags = (uint8_t)(flags | (pos >= BWI_POS_MAX ? OCC_NOPOS : 0));
	return BW_OK;
}

/* Index text into group; side texts also feed the side index. */
static bw_status add_text(builder *b, const char *text, int group, int side)
{
	bwi_tokenizer t;
	bwi_token tok;
	if (!text)
		return BW_OK;
	bwi_tok_init(&t, text, strlen(text), b->pos);
	while (bwi_tok_next(&t, &tok)) {
		uint32_t w, term;
		bw_status st;
		/* a stop word starting a name or alias is indexed, so that a
		 * query typing it ("it band", "the psoas book") can match it */
		int stop = bwi_token_stop(text, &tok) &&
		           !(tok.pos == b->pos && group <= BWI_GROUP_ALIAS);
		if ((st = word_id(b, tok.word, tok.len,
		                  !stop && bwi_is_stop_word(tok.word, tok.len),
		                  &w)))
			return st;
		term = b->word_term[w];
		if (term == BWI_NONE || stop)
			continue;
		if (!(tok.flags & BWI_TOKEN_JOINED)) {
			b->len[(size_t)b->doc * BWI_NGROUPS + group]++;
			if (side)
				b->side_len[b->doc]++;
		}
		if ((st = add_occ(b, term, tok.pos, group, side ? OCC_SIDE : 0)))
			return st;
	}
	b->pos = t.pos + BWI_POS_GAP;
	return BW_OK;
}

/* Append the piece of one token to an exact-name key: 0, 1 when the key
 * would be too long, -1 on failure (its status in b->st). */
static int key_piece(builder *b, char *key, size_t *kn, const bwi_token *tok)
{
	uint32_t w;
	const char *piece = tok->word;
	size_t pn = tok->len;
	if ((b->st = word_id(b, tok->word, tok->len, 0, &w)))
		return -1;
	if (b->word_term[w] != BWI_NONE) {
		piece = b->terms.blob + b->terms.off[b->word_term[w]];
		pn = strlen(piece);
	}
	if (*kn + pn + 1 >= BWI_KEY_MAX)
		return 1;
	if (*kn)
		key[(*kn)++] = ' ';
	memcpy(key + *kn, piece, pn);
	*kn += pn;
	key[*kn] = '\0';
	return 0;
}

/* Add v to key's list in map m (a repeat of the last value is dropped). */
static bw_status klist_add(builder *b, bwi_map *m, const char *key, size_t kn,
                           uint32_t v)
{
	klist *l = bwi_map_get(m, key, kn);
	bw_status st;
	if (!l) {
		l = bwi_arena_alloc(&b->ix->arena, sizeof(*l));
		if (!l || !(l->key = bwi_arena_strndup(&b->ix->arena, key, kn)))
			return BW_ENOMEM;
		if ((st = bwi_map_put(m, l->key, kn, l, NULL)))
			return st;
	}
	if (l->n && l->v[l->n - 1] == v)
		return BW_OK;
	if ((st = bwi_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v))))
		return st;
	l->v[l->n++] = v;
	return BW_OK;
}

/* Free a map of lists (the lists' keys live in the index arena). */
static void klist_free(bwi_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			bwi_free(((klist *)m->slots[i].value)->v);
	bwi_map_free(m);
}

/* A map of lists into a sorted key set, each key's first value in
 * (*start)[k] ((*start)[n] the end) and the values in *vals. */
static bw_status klist_finish(const bwi_map *m, bwi_strset *set,
                              uint32_t **start, uint32_t **vals)
{
	size_t n = 0, blen = 0, nv = 0, cap = m->len ? m->len : 1;
	uint32_t *perm = bwi_malloc(cap * sizeof(*perm));
	uint32_t *off = bwi_malloc(cap * sizeof(*off));
	const klist **ls = bwi_malloc(cap * sizeof(*ls));
	bw_status st = BW_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		blen += m->slots[i].keylen + 1;
		nv += ((const klist *)m->slots[i].value)->n;
	}
	set->blob = bwi_malloc(blen ? blen : 1);
	set->off = bwi_malloc(cap * sizeof(uint32_t));
	*start = bwi_malloc((cap + 1) * sizeof(uint32_t));
	*vals = bwi_malloc((nv ? nv : 1) * sizeof(uint32_t));
	if (!perm || !off || !ls || !set->blob || !set->off || !*start || !*vals)
		goto done;
	blen = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		ls[n] = m->slots[i].value;
		memcpy(set->blob + blen, m->slots[i].key, m->slots[i].keylen);
		set->blob[blen + m->slots[i].keylen] = '\0';
		off[n] = (uint32_t)blen;
		perm[n] = (uint32_t)n;
		blen += m->slots[i].keylen + 1;
		n++;
	}
	if (bwi_sort_strings(set->blob, off, perm, n))
		goto done;
	nv = 0;
	for (size_t i = 0; i < n; i++) {
		const klist *l = ls[perm[i]];
		set->off[i] = off[perm[i]];
		(*start)[i] = (uint32_t)nv;
		memcpy(*vals + nv, l->v, l->n * sizeof(uint32_t));
		nv += l->n;
	}
	(*start)[n] = (uint32_t)nv;
	set->n = n;
	st = BW_OK;
done:
	bwi_free(perm);
	bwi_free(off);
	bwi_free(ls);
	return st;
}

#define KEY_WORDS 64 /* words of a name that can have a key */

/*
 * The exact-name keys of a name or alias: the stems (stop words as they
 * are) joined by spaces, once with a compound's parts ("so as") and once
 * with the parts run together ("soas").
 */
static bw_status add_name_keys(builder *b, const char *text, uint32_t item)
{
	char split[BWI_KEY_MAX], joined[BWI_KEY_MAX];
	size_t sn = 0, jn = 0, mark[KEY_WORDS];
	bwi_tokenizer t;
	bwi_token tok;
	bw_status st;
	bwi_tok_init(&t, text, strlen(text), 0);
	while (bwi_tok_next(&t, &tok)) {
		int r;
		if (tok.pos >= KEY_WORDS)
			return BW_OK;
		if (tok.flags & BWI_TOKEN_JOINED) {
			/* the joined word replaces its parts, from the first */
			jn = mark[tok.pos];
			r = key_piece(b, joined, &jn, &tok);
		} else {
			mark[tok.pos] = jn;
			r = key_piece(b, split, &sn, &tok);
			if (!r)
				r = key_piece(b, joined, &jn, &tok);
		}
		if (r < 0)
			return b->st;
		if (r > 0)
			return BW_OK; /* too long to be typed as a whole */
	}
	if (sn == 0)
		return BW_OK;
	split[sn] = joined[jn] = '\0';
	if ((st = klist_add(b, &b->names, split, sn, item)))
		return st;
	if (strcmp(split, joined) != 0 &&
	    (st = klist_add(b, &b->names, joined, jn, item)))
		return st;
	return BW_OK;
}

/* ----- suggestion labels ----- */

/* The name key of text into buf (BWI_KEY_MAX bytes), or through *heap when
 * it is not ASCII (bwi_free it); *key points at it.  BW_ENOMEM only; a key
 * that cannot be made is empty. */
static bw_status name_key(const char *text, char *buf, char **heap,
                          const char **key, size_t *kn)
{
	size_t n = strlen(text);
	bw_status st;
	*heap = NULL;
	*key = buf;
	*kn = bwi_name_key_ascii(buf, BWI_KEY_MAX, text, n);
	if (*kn != (size_t)-1)
		return BW_OK;
	st = bwi_name_key(heap, kn, text, n);
	if (st) {
		*kn = 0;
		return st == BW_ENOMEM ? st : BW_OK;
	}
	*key = *heap;
	return BW_OK;
}

/* Labels are suffixes of the name table's keys from each word start, so
 * they point into the model's string pool, where those keys lie. */
static bw_status add_label(builder *b, const char *text, uint32_t doc,
                           uint16_t alias)
{
	char buf[BWI_KEY_MAX], *heap;
	const char *key, *pool, *pooled;
	size_t kn, base, npool;
	bw_status st;
	if ((st = name_key(text, buf, &heap, &key, &kn)))
		return st;
	pooled = kn && kn <= 1024 ? bwi_model_name_key(b->m, key, kn) : NULL;
	bwi_free(heap);
	if (!pooled)
		return BW_OK; /* (every name and alias key is in the table) */
	pool = bwi_model_pool(b->m, &npool);
	base = (size_t)(pooled - pool);
	for (size_t i = 0; i < kn; i++) {
		const char *w = pooled + i, *sp;
		size_t n;
		if (i > 0 && pooled[i - 1] != ' ')
			continue;
		sp = memchr(w, ' ', kn - i);
		n = sp ? (size_t)(sp - w) : kn - i;
		if (i > 0 && bwi_is_stop_word(w, n))
			continue;
		if ((st = bwi_grow(&b->labels, &b->lcap, b->nlabels + 1,
		                   sizeof(*b->labels))))
			return st;
		b->labels[b->nlabels] = (struct label){
			(uint32_t)(base + i), doc,
			(uint16_t)(alias | (i > 0 ? BWI_LABEL_MID : 0)) };
		b->nlabels++;
	}
	return BW_OK;
}

/* ----- filters ----- */

static bw_status add_filter(builder *b, int f, const char *value)
{
	char buf[BWI_KEY_MAX], *heap;
	const char *key;
	size_t kn;
	bw_status st = BW_OK;
	if (!value)
		return BW_OK;
	if ((st = name_key(value, buf, &heap, &key, &kn)))
		return st;
	if (kn)
		st = klist_add(b, &b->fmap[f], key, kn, b->doc);
	bwi_free(heap);
	return st;
}

/* The filter a technique value field feeds, or -1. */
static int value_filter(int field)
{
	switch (field) {
	case BW_FIELD_POSITION: return BWI_FILTER_POSITION;
	case BW_FIELD_CONTACT: return BWI_FILTER_CONTACT;
	case BW_FIELD_PRESSURE: return BWI_FILTER_PRESSURE;
	case BW_FIELD_METHOD: return BWI_FILTER_METHOD;
	case BW_FIELD_MOVEMENT: return BWI_FILTER_MOVEMENT;
	case BW_FIELD_TARGET: return BWI_FILTER_TARGET;
	case BW_FIELD_CAUSES: return BWI_FILTER_CAUSES;
	default: return -1;
	}
}

static int attr_filter(const bw_entity *e, const char *name)
{
	if (strcmp(name, "depth") == 0)
		return BWI_FILTER_DEPTH;
	if (strcmp(name, "modality") == 0)
		return BWI_FILTER_MODALITY;
	if (strcmp(name, "lever") == 0)
		return BWI_FILTER_LEVER;
	if (strcmp(name, "kind") == 0 && bwi_entity_kind(e) == BW_KIND_SOURCE)
		return BWI_FILTER_SOURCE_KIND;
	return -1;
}

/* The filters of one entity. */
static bw_status entity_filters(builder *b, const bw_entity *e)
{
	bw_status st;
	for (size_t i = 0, n = bw_entity_region_count(e); i < n; i++)
		if ((st = add_filter(b, BWI_FILTER_REGION,
		                     bw_entity_region(e, i))))
			return st;
	for (int i = 0; i < BWI_ENTITY_NATTR && bwi_entity_attr_name(e, i);
	     i++) {
		int f = attr_filter(e, bwi_entity_attr_name(e, i));
		if (f >= 0 &&
		    (st = add_filter(b, f, bwi_entity_attr_value(e, i))))
			return st;
	}
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		int vf = value_filter(f);
		size_t nf;
		const bw_fact *fs = bwi_entity_facts(e, f, &nf);
		for (size_t i = 0; i < nf; i++) {
			const bw_fact *x = &fs[i];
			const bw_entity *to = bwi_fact_target(x);
			if ((vf >= 0 && (st = add_filter(b, vf, to ?
			                                 bwi_entity_id(to) :
			                                 bwi_fact_text(x)))) ||
			    (bwi_fact_source(x) &&
			     (st = add_filter(b, BWI_FILTER_EVIDENCE,
			                      bw_evidence_name(
			                              bwi_fact_evidence(x))))))
				return st;
			/* contact:abdomen finds work on the lower abdomen too:
			 * a contact is filed under every site it lies within
			 * (a contact's target is always a site) */
			if (f == BW_FIELD_CONTACT && to)
				for (const bw_entity *s = bw_site_within(to); s;
				     s = bw_site_within(s))
					if ((st = add_filter(b, BWI_FILTER_CONTACT,
					                     bwi_entity_id(s))))
						return st;
		}
	}
	for (size_t i = 0, n = bw_entity_rule_count(e); i < n; i++)
		if ((st = add_filter(b, BWI_FILTER_EVIDENCE,
		                     bw_evidence_name(bw_rule_evidence(
		                             bw_entity_rule(e, i))))))
			return st;
	return BW_OK;
}

/* Find or add term in the entity's term table. */
static bw_status entity_term(builder *b, uint32_t term, eterm **out)
{
	size_t mask = b->etabcap - 1, i = (term * 2654435761u) & mask;
	while (b->etab[2 * i + 1] == b->doc + 1) {
		if (b->etab[2 * i] == term) {
			*out = &b->et[b->etab_used[i]];
			return BW_OK;
		}
		i = (i + 1) & mask;
	}
	bw_status st = bwi_grow(&b->et, &b->etcap, b->net + 1, sizeof(*b->et));
	if (st)
		return st;
	b->etab[2 * i] = term;
	b->etab[2 * i + 1] = b->doc + 1;
	b->etab_used[i] = (uint32_t)b->net;
	*out = &b->et[b->net++];
	memset(*out, 0, sizeof(**out));
	(*out)->term = term;
	return BW_OK;
}

/* Turn the entity's occurrences into raw postings and positions. */
static bw_status flush_entity(builder *b)
{
	size_t need = 16, npos = 0;
	bw_status st;
	while (need < b->nocc * 2)
		need *= 2;
	if (need > b->etabcap) {
		/* stamps (doc + 1) mark live slots, so a fresh table is
		 * zeroed once and never cleared between entities */
		uint32_t *tab = bwi_calloc(need * 2, sizeof(*tab));
		uint32_t *used = bwi_malloc(need * sizeof(*used));
		if (!tab || !used) {
			bwi_free(tab);
			bwi_free(used);
			return BW_ENOMEM;
		}
		bwi_free(b->etab);
		bwi_free(b->etab_used);
		b->etab = tab;
		b->etab_used = used;
		b->etabcap = need;
	}
	b->net = 0;
	for (size_t i = 0; i < b->nocc; i++) {
		const occ *o = &b->occ[i];
		eterm *t;
		if ((st = entity_term(b, o->term, &t)))
			return st;
		t->tf[o->group]++;
		if (o->flags & OCC_SIDE)
			t->side_tf++;
		if (!(o->flags & OCC_NOPOS))
			t->npos++;
	}
	for (size_t k = 0; k < b->net; k++) {
		b->et[k].at = (uint32_t)(b->nrpos + npos);
		npos += b->et[k].npos;
	}
	if (b->nrpos + npos > b->caps.positions)
		return too_large(b, b->caps.positions, "word positions");
	if ((st = bwi_grow(&b->rpos, &b->rposcap, b->nrpos + npos,
	                   sizeof(*b->rpos))) ||
	    (st = bwi_grow(&b->raw, &b->rawcap, b->nraw + b->net,
	                   sizeof(*b->raw))))
		return st;
	for (size_t i = 0; i < b->nocc; i++) {
		const occ *o = &b->occ[i];
		eterm *t = NULL;
		if (o->flags & OCC_NOPOS)
			continue;
		entity_term(b, o->term, &t); /* present: cannot fail */
		b->rpos[t->at++] = o->pos;
	}
	for (size_t k = 0; k < b->net; k++) {
		const eterm *t = &b->et[k];
		raw *r = &b->raw[b->nraw++];
		r->term = t->term;
		r->doc = b->doc;
		r->npos = (uint16_t)t->npos;
		for (int g = 0; g < BWI_NGROUPS; g++)
			r->tf[g] = (uint8_t)(t->tf[g] > 255 ? 255 : t->tf[g]);
		if (t->side_tf) {
			if ((st = bwi_grow(&b->side, &b->sidecap, b->nside + 1,
			                   sizeof(*b->side))))
				return st;
			b->side[b->nside++] = (raw_side){ t->term, b->doc,
			                                  t->side_tf };
		}
	}
	b->nrpos += npos;
	return BW_OK;
}

/* One text of the entity being indexed; names and aliases also give
 * exact-name keys and suggestion labels.  Non-zero stops the walk, with
 * the status in b->st. */
static int entity_text(const bwi_text *t, void *data)
{
	builder *b = data;
	const bw_entity *e = bwi_model_at(b->m, b->doc);
	if ((b->st = add_text(b, t->text, t->group, t->side)))
		return 1;
	if (t->field == BWI_TEXT_NAME)
		return (b->st = add_name_keys(b, t->text, b->doc << 1)) ||
		       (b->st = add_label(b, t->text, b->doc, 0));
	if (t->field == BW_FIELD_ALIAS) {
		size_t na;
		size_t k = (size_t)(t->fact -
		                    bwi_entity_facts(e, BW_FIELD_ALIAS, &na));
		return (b->st = add_name_keys(b, t->text, b->doc << 1 | 1)) ||
		       (k < BWI_LABEL_MID - 1 &&
		        (b->st = add_label(b, t->text, b->doc, (uint16_t)(k + 1))));
	}
	return 0;
}

static bw_status index_entity(builder *b, const bw_entity *e)
{
	bw_status st;
	b->doc = bwi_entity_ordinal(e);
	b->pos = 0;
	b->nocc = 0;
	b->st = BW_OK;
	if (bwi_entity_texts(e, entity_text, b))
		return b->st ? b->st : BW_ENOMEM;
	if ((st = entity_filters(b, e)))
		return st;
	return flush_entity(b);
}

/* ----- finishing ----- */

static double idf(size_t n, size_t df)
{
	return log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
}

/* A small boost for entities the corpus refers to often (techniques
 * aimed at a muscle, muscles naming it or a symptom), so that among
 * near-equal scores the central entry comes first: psoas major before
 * psoas minor. */
static double prior(const bw_entity *e)
{
	size_t refs = 0;
	for (int k = 0; k < BWI_NBACK; k++)
		refs += bwi_entity_nback(e, k);
	return 1.0 + BWI_PRIOR * log(1.0 + (double)refs);
}

/* Counting sort: count[t + 1] holds term t's count; turn the counts into
 * each term's first slot (count[nterms] the end) and copy those into
 * cursor, where the placing pass advances them. */
static void starts(uint32_t *count, size_t nterms, uint32_t *cursor)
{
	for (size_t t = 0; t < nterms; t++)
		count[t + 1] += count[t];
	memcpy(cursor, count, nterms * sizeof(uint32_t));
}

/* Quantise each list's scores (score[lo..hi) of one term) against their
 * highest, which goes into *max. */
static void quantise_list(const float *score, size_t lo, size_t hi,
                          uint16_t *q, float *max)
{
	*max = 0;
	for (size_t i = lo; i < hi; i++)
		if (score[i] > *max)
			*max = score[i];
	for (size_t i = lo; i < hi; i++)
		q[i] = bwi_quantise(score[i], *max);
}

/* Start bits and block starts from start[0..n] (each posting's first
 * position, [n] the end). */
static bw_status finish_blocks(bwi_index *ix, const uint32_t *start,
                               size_t n)
{
	size_t nblk = bwi_blocks(n, BWI_POS_BLOCK);
	ix->post_blk = bwi_malloc((nblk + 1) * sizeof(uint32_t));
	ix->pos_start = bwi_calloc(start[n] / 64 + 1, sizeof(uint64_t));
	if (!ix->post_blk || !ix->pos_start)
		return BW_ENOMEM;
	for (size_t i = 0; i <= n; i++)
		ix->pos_start[start[i] / 64] |= (uint64_t)1 << (start[i] % 64);
	for (size_t b = 0; b < nblk; b++)
		ix->post_blk[b] = start[b * BWI_POS_BLOCK];
	ix->post_blk[nblk] = start[n];
	return BW_OK;
}

/* Whether term t's keys, key[lo..hi), take the 16-bit form: each block
 * spans fewer than BWI_LO_SPAN ordinals. */
static int keys_fit(const uint32_t *key, size_t lo, size_t hi)
{
	for (size_t b = lo; b < hi; b += BWI_KEY_BLOCK) {
		size_t last = b + BWI_KEY_BLOCK < hi ? b + BWI_KEY_BLOCK : hi;
		if (BWI_KEY_DOC(key[last - 1]) - BWI_KEY_DOC(key[b]) >=
		    BWI_LO_SPAN)
			return 0;
	}
	return 1;
}

/* Lay the keys (per posting, term by term) out in the two forms. */
static bw_status finish_keys(bwi_index *ix, const uint32_t *key)
{
	size_t nterms = ix->terms.n, nlo = 0, nbase = 0, nkey = 0;
	const uint32_t *tp = ix->term_post;
	ix->term_keys = bwi_malloc((nterms ? nterms : 1) * sizeof(uint32_t));
	ix->term_base = bwi_malloc((nterms ? nterms : 1) * sizeof(uint32_t));
	if (!ix->term_keys || !ix->term_base)
		return BW_ENOMEM;
	for (size_t t = 0; t < nterms; t++) {
		size_t n = tp[t + 1] - tp[t];
		ix->term_base[t] = (uint32_t)nbase;
		if (keys_fit(key, tp[t], tp[t + 1])) {
			ix->term_keys[t] = (uint32_t)nlo;
			nlo += n;
			nbase += bwi_blocks(n, BWI_KEY_BLOCK);
		} else {
			ix->term_keys[t] = (uint32_t)nkey | BWI_KEYS_WHOLE;
			nkey += n;
		}
	}
	/* (offsets are below the postings, which fit in 31 bits) */
	ix->post_lo = bwi_malloc((nlo ? nlo : 1) * sizeof(uint16_t));
	ix->post_base = bwi_malloc((nbase ? nbase : 1) * sizeof(uint32_t));
	ix->post_key = bwi_malloc((nkey ? nkey : 1) * sizeof(uint32_t));
	if (!ix->post_lo || !ix->post_base || !ix->post_key)
		return BW_ENOMEM;
	ix->nlo = nlo;
	ix->nbase = nbase;
	ix->nkey = nkey;
	for (size_t t = 0; t < nterms; t++) {
		uint32_t at = ix->term_keys[t] & ~BWI_KEYS_WHOLE;
		if (ix->term_keys[t] & BWI_KEYS_WHOLE) {
			memcpy(ix->post_key + at, key + tp[t],
			       (tp[t + 1] - tp[t]) * sizeof(uint32_t));
			continue;
		}
		for (size_t i = tp[t]; i < tp[t + 1]; i++) {
			size_t k = i - tp[t], b = ix->term_base[t] + k / BWI_KEY_BLOCK;
			if (k % BWI_KEY_BLOCK == 0)
				ix->post_base[b] = BWI_KEY_DOC(key[i]);
			ix->post_lo[at + k] = (uint16_t)(
			    (BWI_KEY_DOC(key[i]) - ix->post_base[b]) |
			    BWI_KEY_CLASS(key[i]) << 14);
		}
	}
	return BW_OK;
}

/* Counting-sort the raw postings by (renumbered) term into the final
 * arrays, scoring each. */
static bw_status finish_postings(builder *b, const uint32_t *trank)
{
	bwi_index *ix = b->ix;
	size_t nterms = ix->terms.n, n = b->nraw;
	double avg[BWI_NGROUPS] = { 0 };
	uint32_t *cursor, *start, *key;
	float *score;
	bw_status st = BW_ENOMEM;
	ix->term_post = bwi_calloc(nterms + 1, sizeof(uint32_t));
	ix->term_max = bwi_calloc(nterms + 1, sizeof(float));
	key = bwi_malloc((n ? n : 1) * sizeof(uint32_t));
	ix->post_score = bwi_malloc((n ? n : 1) * sizeof(uint16_t));
	start = bwi_calloc(n + 1, sizeof(uint32_t));
	score = bwi_malloc((n ? n : 1) * sizeof(float));
	cursor = bwi_malloc((nterms ? nterms : 1) * sizeof(uint32_t));
	if (!ix->term_post || !ix->term_max || !key || !ix->post_score ||
	    !start || !score || !cursor)
		goto done;
	ix->npost = n;
	for (size_t d = 0; d < ix->ndocs; d++)
		for (int g = 0; g < BWI_NGROUPS; g++)
			avg[g] += b->len[d * BWI_NGROUPS + g];
	for (int g = 0; g < BWI_NGROUPS; g++)
		avg[g] = ix->ndocs ? avg[g] / (double)ix->ndocs : 0;
	for (size_t i = 0; i < n; i++)
		ix->term_post[trank[b->raw[i].term] + 1]++;
	starts(ix->term_post, nterms, cursor);
	for (size_t i = 0; i < n; i++) {
		const raw *r = &b->raw[i];
		uint32_t t = trank[r->term], at = cursor[t]++;
		const uint32_t *len = &b->len[(size_t)r->doc * BWI_NGROUPS];
		double tfw = 0, w = idf(ix->ndocs, bwi_term_df(ix, t));
		unsigned cls = BWI_CLASS_BODY;
		for (int g = BWI_NGROUPS - 1; g >= 0; g--) {
			if (!r->tf[g] || avg[g] <= 0)
				continue;
			tfw += bwi_group_weight[g] * r->tf[g] /
			       (1 - BWI_BM25_B + BWI_BM25_B * len[g] / avg[g]);
			cls = g < BWI_CLASS_BODY ? (unsigned)g : BWI_CLASS_BODY;
		}
		key[at] = r->doc | cls << BWI_CLASS_SHIFT;
		score[at] = (float)(w * tfw * (BWI_BM25_K1 + 1) /
		                    (tfw + BWI_BM25_K1) *
		                    prior(bwi_model_at(b->m, r->doc)));
		/* (a posting whose words all lie at or past BWI_POS_MAX holds
		 * BWI_POS_NONE) */
		start[at + 1] = r->npos ? r->npos : 1;
	}
	for (size_t t = 0; t < nterms; t++)
		quantise_list(score, ix->term_post[t], ix->term_post[t + 1],
		              ix->post_score, &ix->term_max[t]);
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	ix->npos = start[n];
	if (!(ix->pos = bwi_malloc((start[n] ? start[n] : 1) *
	                           sizeof(uint16_t))))
		goto done;
	memcpy(cursor, ix->term_post, nterms * sizeof(uint32_t));
	for (size_t i = 0, p = 0; i < n; i++) {
		const raw *r = &b->raw[i];
		uint32_t at = cursor[trank[r->term]]++;
		uint16_t *to = ix->pos + start[at];
		memcpy(to, b->rpos + p, r->npos * sizeof(uint16_t));
		if (!r->npos)
			*to = BWI_POS_NONE;
		p += r->npos;
	}
	if (!(st = finish_blocks(ix, start, n)))
		st = finish_keys(ix, key);
done:
	bwi_free(key);
	bwi_free(cursor);
	bwi_free(score);
	bwi_free(start);
	return st;
}

/* The side index: BM25 over muscles' causes and referral text. */
static bw_status finish_side(builder *b, const uint32_t *trank)
{
	bwi_index *ix = b->ix;
	size_t nterms = ix->terms.n, n = b->nside, ndocs = 0;
	double avg = 0;
	uint32_t *cursor;
	float *score;
	ix->side_post = bwi_calloc(nterms + 1, sizeof(uint32_t));
	ix->side_doc = bwi_malloc((n ? n : 1) * sizeof(uint32_t));
	ix->side_score = bwi_malloc((n ? n : 1) * sizeof(uint16_t));
	ix->side_max = bwi_calloc(nterms + 1, sizeof(float));
	score = bwi_malloc((n ? n : 1) * sizeof(float));
	cursor = bwi_malloc((nterms ? nterms : 1) * sizeof(uint32_t));
	if (!ix->side_post || !ix->side_doc || !ix->side_score ||
	    !ix->side_max || !score || !cursor) {
		bwi_free(score);
		bwi_free(cursor);
		return BW_ENOMEM;
	}
	for (size_t d = 0; d < ix->ndocs; d++) {
		if (b->side_len[d]) {
			ndocs++;
			avg += b->side_len[d];
		}
	}
	avg = ndocs ? avg / (double)ndocs : 1;
	for (size_t i = 0; i < n; i++)
		ix->side_post[trank[b->side[i].term] + 1]++;
	starts(ix->side_post, nterms, cursor);
	for (size_t i = 0; i < n; i++) {
		const raw_side *r = &b->side[i];
		uint32_t t = trank[r->term], at = cursor[t]++;
		double tf = r->tf, len = b->side_len[r->doc];
		double w = idf(ndocs, ix->side_post[t + 1] - ix->side_post[t]);
		ix->side_doc[at] = r->doc;
		score[at] = (float)(w * tf * (BWI_BM25_K1 + 1) /
		    (tf + BWI_BM25_K1 * (1 - BWI_BM25_B + BWI_BM25_B * len / avg)));
	}
	for (size_t t = 0; t < nterms; t++)
		quantise_list(score, ix->side_post[t], ix->side_post[t + 1],
		              ix->side_score, &ix->side_max[t]);
	bwi_free(score);
	bwi_free(cursor);
	return BW_OK;
}

static bw_status finish_labels(builder *b)
{
	bwi_index *ix = b->ix;
	size_t n = b->nlabels;
	uint32_t *perm = bwi_malloc((n ? n : 1) * sizeof(*perm));
	uint32_t *off = bwi_malloc((n ? n : 1) * sizeof(*off));
	size_t npool;
	const char *pool = bwi_model_pool(b->m, &npool);
	bw_status st = BW_ENOMEM;
	ix->labels.off = bwi_malloc((n ? n : 1) * sizeof(uint32_t));
	ix->label_doc = bwi_malloc((n ? n : 1) * sizeof(uint32_t));
	ix->label_alias = bwi_malloc((n ? n : 1) * sizeof(uint16_t));
	if (!perm || !off || !ix->labels.off || !ix->label_doc ||
	    !ix->label_alias)
		goto done;
	for (size_t i = 0; i < n; i++) {
		perm[i] = (uint32_t)i;
		off[i] = b->labels[i].off;
	}
	if (bwi_sort_strings(pool, off, perm, n))
		goto done;
	for (size_t i = 0; i < n; i++) {
		const struct label *l = &b->labels[perm[i]];
		ix->labels.off[i] = l->off;
		ix->label_doc[i] = l->doc;
		ix->label_alias[i] = l->alias;
	}
	ix->labels.blob = (char *)(uintptr_t)pool; /* never written through */
	ix->labels.n = n;
	st = BW_OK;
done:
	bwi_free(perm);
	bwi_free(off);
	return st;
}

static int synonym_cmp(const void *a, const void *b)
{
	const bwi_synonym *x = a, *y = b;
	int c = strcmp(x->stems[0], y->stems[0]);
	if (c)
		return c;
	if (x->nterms != y->nterms) /* longer members first */
		return x->nterms > y->nterms ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* Analyse each member of the corpus's synonym sets into stems and terms,
 * sorted by first stem so a query finds the members its words start.  A
 * member the corpus lacks still matches a query (by stem) and leads to the
 * others. */
static bw_status finish_synonyms(builder *b)
{
	bwi_index *ix = b->ix;
	const bwi_model *model = ix->model;
	size_t cap = 0;
	bw_status st;
	for (uint32_t g = 0; g < bwi_model_nsynsets(model); g++) {
		for (size_t i = 0; i < bwi_model_synset_size(model, g); i++) {
			const char *p = bwi_model_synset_member(model, g, i);
			size_t n = strlen(p);
			uint32_t terms[BWI_SYNONYM_TERMS], nt = 0;
			char stems[BWI_SYNONYM_TERMS][BWI_WORD_MAX + 1];
			bwi_tokenizer t;
			bwi_token tok;
			bwi_synonym *s;
			bwi_tok_init(&t, p, n, 0);
			while (bwi_tok_next(&t, &tok) && nt < BWI_SYNONYM_TERMS) {
				uint32_t term;
				int stop;
				if (tok.flags & BWI_TOKEN_JOINED)
					continue;
				if ((st = bwi_index_analyse(ix, &b->stemmer, tok.word,
				                            tok.len, &term, &stop,
				                            stems[nt])))
					return st;
				if (!stop)
					terms[nt++] = term;
			}
			if (!nt)
				continue;
			if ((st = bwi_grow(&ix->synonyms, &cap, ix->nsynonyms + 1,
			                   sizeof(*ix->synonyms))))
				return st;
			s = &ix->synonyms[ix->nsynonyms++];
			memset(s, 0, sizeof(*s));
			s->terms = bwi_arena_alloc(&ix->arena, nt * sizeof(uint32_t));
			s->stems = bwi_arena_alloc(&ix->arena, nt * sizeof(char *));
			if (!s->terms || !s->stems)
				return BW_ENOMEM;
			memcpy(s->terms, terms, nt * sizeof(uint32_t));
			for (uint32_t k = 0; k < nt; k++)
				if (!(s->stems[k] = bwi_arena_strndup(&ix->arena,
				                                      stems[k],
				                                      strlen(stems[k]))))
					return BW_ENOMEM;
			s->nterms = nt;
			s->group = g;
		}
	}
	if (ix->nsynonyms)
		qsort(ix->synonyms, ix->nsynonyms, sizeof(*ix->synonyms),
		      synonym_cmp);
	/* members of several words: their entities, once, rather than an
	 * intersection of long lists in every query that names them */
	for (size_t m = 0; m < ix->nsynonyms; m++) {
		bwi_synonym *s = &ix->synonyms[m];
		size_t room;
		uint32_t *key;
		float *score;
		if (s->nterms < 2 || !bwi_synonym_present(s))
			continue;
		/* worked out in scratch room, kept at its size */
		room = bwi_intersect_room(ix, s->terms, s->nterms) + 1;
		if ((st = bwi_grow(&b->scratch_key, &b->scratch_cap, room,
		                   sizeof(uint32_t) + sizeof(float))))
			return st;
		score = (float *)(b->scratch_key + room);
		s->n = bwi_intersect(ix, s->terms, s->nterms, NULL, b->scratch_key,
		                     score);
		key = bwi_arena_alloc(&ix->arena, (s->n + 1) * sizeof(*key));
		s->score = bwi_arena_alloc(&ix->arena, (s->n + 1) * sizeof(float));
		if (!key || !s->score)
			return BW_ENOMEM;
		memcpy(key, b->scratch_key, s->n * sizeof(*key));
		memcpy((float *)s->score, score, s->n * sizeof(float));
		s->key = key;
	}
	return BW_OK;
}

static void builder_free(builder *b)
{
	bwi_free(b->scratch_key);
	table_free(&b->words);
	table_free(&b->terms);
	bwi_free(b->word_term);
	bwi_free(b->occ);
	bwi_free(b->et);
	bwi_free(b->etab);
	bwi_free(b->etab_used);
	bwi_free(b->len);
	bwi_free(b->side_len);
	bwi_free(b->raw);
	bwi_free(b->rpos);
	bwi_free(b->side);
	bwi_free(b->labels);
	for (int f = 0; f < BWI_NFILTERS; f++)
		klist_free(&b->fmap[f]);
	klist_free(&b->names);
	bwi_stemmer_free(b->stemmer);
}

static bw_status build(builder *b)
{
	bwi_index *ix = b->ix;
	const bwi_model *m = b->m;
	uint32_t *wrank = NULL, *trank = NULL;
	bw_status st;
	size_t nall = bwi_model_nall(m);
	if (nall > b->caps.docs)
		return too_large(b, b->caps.docs, "entities");
	b->len = bwi_calloc((nall ? nall : 1) * BWI_NGROUPS, sizeof(uint32_t));
	b->side_len = bwi_calloc(nall ? nall : 1, sizeof(uint32_t));
	if (!b->len || !b->side_len)
		return BW_ENOMEM;
	if ((st = bwi_stemmer_new(&b->stemmer)))
		return st;
	for (size_t i = 0; i < nall; i++)
		if ((st = index_entity(b, bwi_model_at(m, i))))
			return st;
	if ((st = table_finish(&b->words, &ix->words, &wrank)) ||
	    (st = table_finish(&b->terms, &ix->terms, &trank)))
		goto done;
	ix->word_term = bwi_malloc((ix->words.n ? ix->words.n : 1) *
	                           sizeof(uint32_t));
	if (!ix->word_term) {
		st = BW_ENOMEM;
		goto done;
	}
	for (size_t w = 0; w < ix->words.n; w++)
		ix->word_term[wrank[w]] = b->word_term[w] == BWI_NONE ?
		                          BWI_NONE : trank[b->word_term[w]];
	if ((st = finish_postings(b, trank)) || (st = finish_side(b, trank)) ||
	    (st = finish_labels(b)))
		goto done;
	for (int f = 0; f < BWI_NFILTERS; f++)
		if ((st = klist_finish(&b->fmap[f], &ix->filter_values[f],
		                       &ix->filter_start[f], &ix->filter_docs[f])))
			goto done;
	if ((st = klist_finish(&b->names, &ix->names, &ix->name_start,
	                       &ix->name_items)))
		goto done;
	st = finish_synonyms(b);
done:
	bwi_free(wrank);
	bwi_free(trank);
	return st;
}

bw_status bwi_index_build(bwi_index **out, const bwi_model *m,
                          bw_error *err)
{
	return bwi_index_build_within(out, m, &bwi_index_caps_max, err);
}

static size_t cap_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

bw_status bwi_index_build_within(bwi_index **out, const bwi_model *m,
                                 const bwi_index_caps *caps, bw_error *err)
{
	builder b;
	bwi_index *ix = bwi_calloc(1, sizeof(*ix));
	bw_status st;
	*out = NULL;
	if (!ix)
		return bwi_error_code(err, BW_ENOMEM);
	bwi_arena_init(&ix->arena);
	ix->model = m;
	ix->ndocs = bwi_model_nall(m);
	for (int k = 0; k < BW_KIND_COUNT; k++)
		ix->kind_start[k + 1] = ix->kind_start[k] +
		                        (uint32_t)bwi_model_count(m, k);
	memset(&b, 0, sizeof(b));
	b.ix = ix;
	b.m = m;
	b.err = err;
	b.caps.docs = cap_min(caps->docs, bwi_index_caps_max.docs);
	b.caps.words = cap_min(caps->words, bwi_index_caps_max.words);
	b.caps.word_bytes = cap_min(caps->word_bytes,
	                            bwi_index_caps_max.word_bytes);
	b.caps.positions = cap_min(caps->positions,
	                           bwi_index_caps_max.positions);
	for (int f = 0; f < BWI_NFILTERS; f++)
		bwi_map_init(&b.fmap[f]);
	bwi_map_init(&b.names);
	st = build(&b);
	builder_free(&b);
	if (st) {
		bwi_index_free(ix);
		/* a cap says which; a failed allocation has only its code */
		return b.said ? st : bwi_error_code(err, st);
	}
	*out = ix;
	return BW_OK;
}

static void strset_free(bwi_strset *s)
{
	bwi_free(s->blob);
	bwi_free(s->off);
}

void bwi_index_free(bwi_index *ix)
{
	if (!ix)
		return;
	if (ix->borrowed) {
		bwi_index_checks_free(ix->checks);
		bwi_free(ix->synonyms);
		bwi_arena_free(&ix->arena);
		bwi_free(ix);
		return;
	}
	strset_free(&ix->words);
	strset_free(&ix->terms);
	bwi_free(ix->labels.off); /* (its blob is the model's string pool) */
	bwi_free(ix->word_term);
	bwi_free(ix->term_post);
	bwi_free(ix->term_max);
	bwi_free(ix->term_keys);
	bwi_free(ix->term_base);
	bwi_free(ix->post_lo);
	bwi_free(ix->post_base);
	bwi_free(ix->post_key);
	bwi_free(ix->post_score);
	bwi_free(ix->post_blk);
	bwi_free(ix->pos_start);
	bwi_free(ix->pos);
	bwi_free(ix->side_post);
	bwi_free(ix->side_doc);
	bwi_free(ix->side_score);
	bwi_free(ix->side_max);
	bwi_free(ix->label_doc);
	bwi_free(ix->label_alias);
	for (int f = 0; f < BWI_NFILTERS; f++) {
		strset_free(&ix->filter_values[f]);
		bwi_free(ix->filter_start[f]);
		bwi_free(ix->filter_docs[f]);
	}
	bwi_free(ix->synonyms);
	strset_free(&ix->names);
	bwi_free(ix->name_start);
	bwi_free(ix->name_items);
	bwi_arena_free(&ix->arena);
	bwi_free(ix);
}
