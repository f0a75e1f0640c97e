/*
 * index.h: the search index, built once from the finished model at open
 * and read-only afterwards (any number of threads may query it).
 *
 * - A sorted string set (strset.c): one blob of NUL-terminated strings and
 *   their offsets in byte order.  It serves exact lookup, prefix ranges, and
 *   typo candidates by walking the sorted array as an implicit trie with a
 *   Damerau-Levenshtein row per depth.  The word dictionary, the term
 *   dictionary and the suggestion labels are each one.
 * - Words are folded surface forms ("stretches"); each maps to its term,
 *   the Snowball stem ("stretch"), or to none for a stop word.  Prefix and
 *   typo matching run over words, exact matching over terms.
 * - Postings, per term in entity-ordinal order: a key (ordinal plus the
 *   best field class the term occurs in), the precomputed BM25F score of
 *   the term in that entity, and its word positions (for phrases).
 * - Exact-name keys: the stems of each name and alias joined by spaces, so
 *   a query that is exactly a name or alias is recognised in O(1).
 * - Filter lists (ordinals per value) for field:value filters; kinds are
 *   ordinal ranges, since entities are ordered by kind.
 * - A side index over muscles' causes and referral text, for symptom
 *   questions in a client's words.
 * - The corpus's synonym sets (the model's synsets), analysed into term
 *   lists.
 */
#ifndef BW_INDEX_H
#define BW_INDEX_H

#include <stdint.h>

#include "../model/model.h"
#include "../text/text.h"

#define BWI_NONE UINT32_MAX
#define BWI_KEY_MAX 256 /* bytes of an exact-name key; longer names get none */
/* A label's alias number carries this bit when the label starts after a
 * word of its key; aliases past BWI_LABEL_MID - 2 get no labels. */
#define BWI_LABEL_MID 0x8000u

/* Field groups, each with its own BM25F weight and length normalisation. */
enum {
	BWI_GROUP_NAME = 0,   /* the name (a source's title) */
	BWI_GROUP_ALIAS,      /* aliases */
	BWI_GROUP_SUMMARY,    /* the summary */
	BWI_GROUP_TAGS,       /* regions, attributes, technique values */
	BWI_GROUP_BODY,       /* every other fact, correction and rule text */
	BWI_NGROUPS
};

/* Field classes for ranking: the best group a term occurs in. */
enum {
	BWI_CLASS_NAME = 0,
	BWI_CLASS_ALIAS,
	BWI_CLASS_SUMMARY,
	BWI_CLASS_BODY,
	BWI_NCLASSES
};

/* A posting key: the entity ordinal in the low 27 bits, its class in bits
 * 28-29.  The query stage uses the same layout for the hits of a query
 * word, adding a synonym flag in bit 27 and the tier in bits 30-31, so
 * key >> 27 orders (tier, class, synonym) best first. */
#define BWI_DOC_BITS 27
#define BWI_DOC_MASK ((1u << BWI_DOC_BITS) - 1)
#define BWI_CLASS_SHIFT 28
#define BWI_KEY_DOC(k) ((k) & BWI_DOC_MASK)
#define BWI_KEY_CLASS(k) (((k) >> BWI_CLASS_SHIFT) & 3u)

/* Positions are 16-bit; words from this on in one entity are not
 * recorded (they still count towards term frequency).  A posting with
 * none recorded holds the one entry BWI_POS_NONE, which no phrase
 * matches.  A posting's positions are found from a bit per position, set
 * where a posting's positions start (pos_start), by selecting its bit
 * among those from the start of its block of BWI_POS_BLOCK postings
 * (post_blk). */
#define BWI_POS_MAX 65535u
#define BWI_POS_NONE BWI_POS_MAX
#define BWI_POS_BLOCK 64u

/* Blocks of per items that n items fill (the index builder and a
 * compiled file's reader must agree on them). */
static inline size_t bwi_blocks(size_t n, size_t per)
{
	return n / per + (n % per != 0);
}

/* Keys of a term's postings kept in 16 bits: the ordinal's offset from
 * its block's first in the low 14, the class in the high 2. */
#define BWI_KEY_BLOCK 64u
#define BWI_LO_SPAN (1u << 14)
#define BWI_KEYS_WHOLE 0x80000000u

/* A list's keys: whole (intersections, merges, wide terms), or 16-bit
 * offsets from per-block bases. */
typedef struct bwi_keys {
	const uint32_t *k;         /* or NULL: offsets */
	const uint16_t *lo;
	const uint32_t *base;      /* per BWI_KEY_BLOCK of lo */
} bwi_keys;

/* The key a 16-bit one stands for, from its block's first ordinal. */
static inline uint32_t bwi_key_of_lo(uint32_t base, uint16_t lo)
{
	return (base + (lo & (BWI_LO_SPAN - 1))) |
	       (uint32_t)(lo >> 14) << BWI_CLASS_SHIFT;
}

static inline uint32_t bwi_key_at(const bwi_keys *v, size_t i)
{
	return v->k ? v->k[i] :
	       bwi_key_of_lo(v->base[i / BWI_KEY_BLOCK], v->lo[i]);
}

/* For scans: keys [from, from + BWI_KEY_BLOCK) of v's n (fewer at the
 * end; from a multiple of BWI_KEY_BLOCK) as a plain array, v's own when
 * it holds them whole, else decoded into buf (BWI_KEY_BLOCK entries);
 * how many into *m.  A scan then reads plain arrays, as before keys were
 * packed. */
static inline const uint32_t *bwi_keys_chunk(const bwi_keys *v, size_t from,
                                             size_t n, uint32_t *buf,
                                             size_t *m)
{
	size_t end = n - from > BWI_KEY_BLOCK ? from + BWI_KEY_BLOCK : n;
	uint32_t base;
	*m = end - from;
	if (v->k)
		return v->k + from;
	base = v->base[from / BWI_KEY_BLOCK];
	for (size_t i = from; i < end; i++)
		buf[i - from] = bwi_key_of_lo(base, v->lo[i]);
	return buf;
}

static inline bwi_keys bwi_keys_whole(const uint32_t *k)
{
	bwi_keys v = { k, NULL, NULL };
	return v;
}

/* Scores are kept in 16 bits, as a fraction of the highest score of their
 * term's list: q stands for q * max / BWI_QMAX.  The rounding (at most
 * 1/131070 of the list's highest) is far below what tells two entities
 * apart in a ranking, and halves the largest arrays of the index. */
#define BWI_QMAX 65535u

static inline uint16_t bwi_quantise(double score, double max)
{
	double q = max > 0 ? score / max * BWI_QMAX + 0.5 : 0;
	return (uint16_t)(q < 0 ? 0 : q > BWI_QMAX ? BWI_QMAX : q);
}

/* A list's scores: as floats (intersections, merges), or quantised with
 * the scale (max / BWI_QMAX) that turns them back into scores. */
typedef struct bwi_scores {
	const float *f;            /* or NULL: quantised */
	const uint16_t *q;
	float scale;
} bwi_scores;

static inline bwi_scores bwi_scores_plain(const float *f)
{
	bwi_scores s = { f, NULL, 0 };
	return s;
}

static inline float bwi_score_at(const bwi_scores *s, size_t i)
{
	return s->f ? s->f[i] : (float)s->q[i] * s->scale;
}

/* The scale of a quantised list whose highest score is max; a list's
 * bound is BWI_QMAX * scale, which no score it holds exceeds. */
static inline float bwi_scale(float max)
{
	return max / (float)BWI_QMAX;
}

/* The gap in positions between two texts of an entity, so a phrase never
 * spans two facts. */
#define BWI_POS_GAP 16u

/* BM25F parameters (docs/search.md). */
#define BWI_BM25_K1 1.2
#define BWI_BM25_B 0.75
#define BWI_PRIOR 0.1  /* weight of ln(1 + references) in an entity's prior */
extern const double bwi_group_weight[BWI_NGROUPS];

/* Filter fields a query may name (field:value). */
enum {
	BWI_FILTER_REGION = 0,
	BWI_FILTER_DEPTH,
	BWI_FILTER_MODALITY,
	BWI_FILTER_LEVER,
	BWI_FILTER_SOURCE_KIND,
	BWI_FILTER_POSITION,
	BWI_FILTER_CONTACT,
	BWI_FILTER_PRESSURE,
	BWI_FILTER_METHOD,
	BWI_FILTER_MOVEMENT,
	BWI_FILTER_TARGET,
	BWI_FILTER_CAUSES,
	BWI_FILTER_EVIDENCE,
	BWI_NFILTERS
};
extern const char *const bwi_filter_names[BWI_NFILTERS];

typedef struct bwi_strset {
	char *blob;                /* NUL-terminated strings */
	uint32_t *off;             /* n offsets into blob, in byte order */
	size_t n;
	/* a compiled file's set checked as read: its state (1 once checked
	 * whole and good); NULL when there is nothing to check */
	const atomic_uchar *state;
} bwi_strset;

/* One synonym group: each member phrase is a list of terms (all must
 * occur); a query containing one member also matches the others. */
#define BWI_SYNONYM_TERMS 8 /* words of one synonym member */

typedef struct bwi_synonym {
	const char **stems;        /* nterms stems, matched against a query's */
	uint32_t *terms;           /* their term ids, BWI_NONE where absent */
	uint32_t nterms;
	uint32_t group;            /* members of one group share this */
	/* a member of several terms the corpus has: the entities holding them
	 * all, worked out once at build (bwi_intersect) rather than per query */
	const uint32_t *key;       /* or NULL */
	const float *score;
	size_t n;
} bwi_synonym;

/* Whether the corpus has every term of member s, so that it can match. */
static inline int bwi_synonym_present(const bwi_synonym *s)
{
	for (uint32_t t = 0; t < s->nterms; t++)
		if (s->terms[t] == BWI_NONE)
			return 0;
	return 1;
}

typedef struct bwi_index {
	const bwi_model *model;
	size_t ndocs;              /* = model->nall */
	uint32_t kind_start[BW_KIND_COUNT + 1]; /* ordinal range per kind */

	bwi_strset words;          /* folded words, sorted */
	uint32_t *word_term;       /* per word: its term, BWI_NONE if stop */
	bwi_strset terms;          /* stems, sorted */
	uint32_t *term_post;       /* per term: first posting; [nterms] = end */
	float *term_max;           /* per term: its highest posting score */

	/* keys (ordinal | class << BWI_CLASS_SHIFT), per term in one of two
	 * forms (bwi_term_keys): a term whose every block of BWI_KEY_BLOCK
	 * postings spans fewer than BWI_LO_SPAN ordinals keeps 16 bits per
	 * posting from its block's first ordinal; any other whole keys */
	uint32_t *term_keys;       /* per term: offset in post_lo, or with
	                            * BWI_KEYS_WHOLE in post_key */
	uint32_t *term_base;       /* per 16-bit term: its first block */
	uint16_t *post_lo;         /* ordinal - block base | class << 14 */
	uint32_t *post_base;       /* per block: its first ordinal */
	uint32_t *post_key;        /* whole keys */
	size_t nlo, nbase, nkey;
	uint16_t *post_score;      /* BM25F of the term in the entity, as a
	                            * fraction of term_max (bwi_quantise) */
	/* positions, and where each block of BWI_POS_BLOCK postings starts
	 * its positions (bwi_post_positions) */
	uint32_t *post_blk;        /* per block: first position; [n] = end */
	uint64_t *pos_start;       /* bit i set where a posting's positions
	                            * start, and bit npos (npos / 64 + 1
	                            * words) */
	uint16_t *pos;             /* per posting ascending */
	size_t npost, npos;

	bwi_strset names;          /* exact-name keys, sorted */
	uint32_t *name_start;      /* per key: first item; [n] = end */
	uint32_t *name_items;      /* ordinal << 1 | is_alias, ascending */

	/* the side index: muscles' causes and referral text */
	uint32_t *side_post;       /* per term: first side posting; [nterms] */
	uint32_t *side_doc;        /* ordinals */
	uint16_t *side_score;      /* BM25 in that text, a fraction of
	                            * side_max */
	float *side_max;           /* per term: its highest side score */

	/* suggestions: name and alias keys from each word start */
	bwi_strset labels;         /* folded, separators collapsed */
	uint32_t *label_doc;       /* per label: ordinal */
	uint16_t *label_alias;     /* 0 for the name, else alias index + 1;
	                            * BWI_LABEL_MID when the label starts
	                            * inside its key */

	/* filters: per field, sorted value keys and the ordinals having each
	 * (lists, not bitsets: a target or causes filter has a value per
	 * muscle or symptom) */
	bwi_strset filter_values[BWI_NFILTERS];
	uint32_t *filter_start[BWI_NFILTERS]; /* per value: first; [n] = end */
	uint32_t *filter_docs[BWI_NFILTERS];  /* ordinals, ascending per value */

	bwi_synonym *synonyms;     /* sorted by first stem, longest first */
	size_t nsynonyms;

	bwi_arena arena;           /* synonyms, keys while building */
	/* the arrays point into a compiled database's sections, which the
	 * index does not own (bwi_index_from_sections) */
	int borrowed;
	/* what is left to check of a compiled file's index, item by item as
	 * queries first read them (sections.c), or NULL when nothing is: a
	 * built index, the library's own image, a file checked whole */
	struct bwi_index_checks *checks;
} bwi_index;

/* ===== index/build.c ===== */

/*
 * What the index can hold: ordinals fit in BWI_DOC_BITS, and word and term
 * ids, their text and the word positions are counted in 32 bits.
 * bwi_index_caps_max holds those bounds; a build within lower caps (a test
 * reaching a limit with a small corpus) takes each at most at its maximum.
 */
typedef struct bwi_index_caps {
	size_t docs;          /* entities */
	size_t words;         /* distinct words, and distinct terms */
	size_t word_bytes;    /* their text, a NUL after each */
	size_t positions;     /* word positions kept, over all entities */
} bwi_index_caps;

extern const bwi_index_caps bwi_index_caps_max;

/* Build the index of a finished model.  BW_ENOMEM when an allocation
 * fails; BW_ECORPUS, with err saying which, when the corpus exceeds a cap:
 * never BW_ENOMEM for a limit. */
bw_status bwi_index_build(bwi_index **out, const bwi_model *m,
                          bw_error *err);
bw_status bwi_index_build_within(bwi_index **out, const bwi_model *m,
                                 const bwi_index_caps *caps, bw_error *err);
void bwi_index_free(bwi_index *ix);

/* The term of folded word w[0..n) as the index analyses it: *term gets the
 * term id or BWI_NONE (unknown or a stop word); *stop is set for a stop
 * word; stem (BWI_WORD_MAX + 1 bytes, or NULL) gets the stem, which a word
 * has even when the corpus lacks it (a stop word is its own).  *stemmer is
 * created on first need (the caller frees it), so a word already in the
 * dictionary costs no stemming.  BW_ENOMEM only. */
bw_status bwi_index_analyse(const bwi_index *ix, bwi_stemmer **stemmer,
                            const char *w, size_t n, uint32_t *term,
                            int *stop, char *stem);

/* Whether raw[0..n) is written as an acronym: two or more capital ASCII
 * letters.  An acronym is never a stop word ("IT band", "ME"). */
int bwi_acronym(const char *raw, size_t n);
/* Whether token tok of text src is a stop word as written: its folded
 * form is one and it is not an acronym. */
int bwi_token_stop(const char *src, const bwi_token *tok);
/* The term the corpus gives stop word w[0..n) where it writes it as an
 * acronym or starts a name or alias with it, or BWI_NONE. */
uint32_t bwi_index_acronym(const bwi_index *ix, const char *w, size_t n);

/* The entities whose name or alias analyses exactly to key, as items
 * ordinal << 1 | is_alias (ascending) into *items; returns how many. */
size_t bwi_index_names(const bwi_index *ix, const char *key, size_t n,
                       const uint32_t **items);

/* The ordinals having filter f's value (a name key), ascending, into
 * *docs; returns how many (0 when no entity has it). */
size_t bwi_index_filter(const bwi_index *ix, int f, const char *value,
                        size_t n, const uint32_t **docs);

/* The first index in key[from..n) whose ordinal is at least doc. */
size_t bwi_gallop(const bwi_keys *key, size_t n, size_t from, uint32_t doc);

/* The least document frequency among terms[0..n): room enough for
 * bwi_intersect's output. */
size_t bwi_intersect_room(const bwi_index *ix, const uint32_t *terms,
                          size_t n);

/* The entities holding every one of terms[0..n) (1 < n <=
 * BWI_SYNONYM_TERMS), in ordinal order, galloping from the rarest term's
 * postings: keys (ordinal | the worst class among the terms) into key and
 * the terms' summed scores into score, each with bwi_intersect_room
 * slots.  With gaps (a phrase: gaps[k] the position of term k after term
 * 0's), only entities holding the terms at those distances.  Returns how
 * many. */
size_t bwi_intersect(const bwi_index *ix, const uint32_t *terms, size_t n,
                     const uint8_t *gaps, uint32_t *key, float *score);

/* ===== index/sections.c ===== */

/* Append the index's arrays to s as sections (ids 0x200 and up), for a
 * compiled database; *keep gets what the sections point to besides the
 * index itself, to free with bwi_index_sections_free once they are
 * written.  BW_ENOMEM only. */
bw_status bwi_index_sections(const bwi_index *ix, bwi_sections *s,
                             void **keep);
void bwi_index_sections_free(void *keep);

/* An index over sections read from a compiled database, pointing into
 * them (they must outlive it), for model m.  check (BWI_CHECK_*) says
 * when the values a search uses to index (offsets, ordinals, the order of
 * lists and string sets) are checked: BWI_CHECK_NONE never (the library's
 * own bundled image), BWI_CHECK_WHOLE all at open (bw_validate), and
 * BWI_CHECK_LAZY each list, set or label the first time a query reads it
 * (the accessors below), so that an open costs O(1).  Every mode checks
 * the sections' presence and lengths at open, and all but
 * BWI_CHECK_NONE the little more that costs O(1) or nearly: the meta
 * against m, each string set's blob ending with a NUL, the starts tables'
 * ends, the synonyms (a few hundred records).  BW_ECORPUS naming file and
 * what is wrong; a lazy check failing later marks the database damaged
 * (bwi_model_damage) instead. */
bw_status bwi_index_from_sections(bwi_index **out, const bwi_sections *s,
                                  const bwi_model *m, int check,
                                  const char *file, bw_error *err);
/* Free what bwi_index_from_sections allocated for lazy checks. */
void bwi_index_checks_free(struct bwi_index_checks *c);

/* ===== index/texts.c ===== */

/* Pseudo-fields for texts that are not facts. */
enum { BWI_TEXT_NAME = -1, BWI_TEXT_TAG = -2, BWI_TEXT_RULE = -3 };

/* One searchable text of an entity. */
typedef struct bwi_text {
	const char *text;
	int group;                 /* BWI_GROUP_* */
	int field;                 /* a bw_field or BWI_TEXT_* */
	const bw_fact *fact;       /* the fact it comes from, or NULL */
	int side;                  /* feeds the side index too */
} bwi_text;

/* Returns non-zero to stop the walk. */
typedef int (*bwi_text_fn)(const bwi_text *t, void *data);

/* Call fn for each searchable text of e, in index order; returns the first
 * non-zero fn returned, or 0. */
int bwi_entity_texts(const bw_entity *e, bwi_text_fn fn, void *data);

/* ===== index/strset.c ===== */

static inline const char *bwi_strset_at(const bwi_strset *s, size_t i)
{
	return s->blob + s->off[i];
}

/* The index of s[0..n) in the set, or (size_t)-1. */
size_t bwi_strset_find(const bwi_strset *set, const char *s, size_t n);
/* The same over a set not known to be in order or in bounds: a bisection
 * stays in bounds in any order, provided each string it reads starts
 * inside the blob, blen bytes ending with a NUL.  *bad is set (and
 * (size_t)-1 returned) when one does not. */
size_t bwi_strset_find_in(const bwi_strset *set, const char *s, size_t n,
                          size_t blen, int *bad);
/* The range [*lo, *hi) of strings that start with p[0..n). */
void bwi_strset_prefix(const bwi_strset *set, const char *p, size_t n,
                       size_t *lo, size_t *hi);

/* Called with a range [lo, hi) of strings within dist edits of the query;
 * returns non-zero to stop the search. */
typedef int (*bwi_fuzzy_fn)(size_t lo, size_t hi, unsigned dist, void *data);

/*
 * Every string within maxd Damerau-Levenshtein edits of q[0..qn) (a
 * transposition of neighbours is one edit), or, with prefix set, every
 * string that starts with something within maxd edits of q.  A range may
 * be reported more than once with different distances (keep the least).
 * Distances count bytes; qn is at most BWI_WORD_MAX.  The walk visits at
 * most a fixed number of trie nodes, so its cost is bounded for any input.
 */
void bwi_strset_fuzzy(const bwi_strset *set, const char *q, size_t qn,
                      unsigned maxd, int prefix, bwi_fuzzy_fn fn, void *data);

/* Order perm[0..n) (indices into off) so that the strings blob + off[perm[i]]
 * ascend in byte order, ties keeping their input order: an MSD radix sort.
 * BW_ENOMEM only. */
bw_status bwi_sort_strings(const char *blob, const uint32_t *off,
                           uint32_t *perm, size_t n);

/* ===== index/sections.c: reading through the checks =====
 *
 * Every search-time read of the postings, side, name and filter lists,
 * the words' terms, the labels and the string sets goes through these.
 * With ix->checks NULL they read directly.  Otherwise each item is
 * checked the first time any thread reads it (the result is kept); one
 * that fails marks the database damaged (bwi_model_damage) and reads as
 * empty or absent, so the query goes on, in bounds, with fewer results.
 * Ids passed in come from the index itself (a word's term, a find or a
 * walk over a set), so they are in range. */

int bwi_check_term(const bwi_index *ix, uint32_t t);
int bwi_check_name(const bwi_index *ix, size_t i);
int bwi_check_filter(const bwi_index *ix, int f, size_t i);
int bwi_check_label(const bwi_index *ix, size_t i);
uint32_t bwi_check_word(const bwi_index *ix, size_t w);
int bwi_check_set(const bwi_index *ix, const bwi_strset *set);
size_t bwi_check_find(const bwi_index *ix, const bwi_strset *set,
                      const char *s, size_t n);
const char *bwi_check_string(const bwi_index *ix, const bwi_strset *set,
                             size_t i);

/* Term t's list in the lists starts (term_post or side_post) begin:
 * how many, the first one's index in *first; none when damaged. */
static inline size_t bwi_term_list(const bwi_index *ix,
                                   const uint32_t *starts, uint32_t t,
                                   size_t *first)
{
	*first = 0;
	if (ix->checks && !bwi_check_term(ix, t))
		return 0;
	*first = starts[t];
	return starts[t + 1] - starts[t];
}

/* The postings of term t: how many, the first one's index (into post_key
 * and post_score) in *first (bwi_post_positions gives their positions). */
static inline size_t bwi_term_postings(const bwi_index *ix, uint32_t t,
                                       size_t *first)
{
	return bwi_term_list(ix, ix->term_post, t, first);
}

/* The keys of term t's n postings (as bwi_term_postings handed them out,
 * so checked), indexed from its first posting. */
static inline bwi_keys bwi_term_keys(const bwi_index *ix, uint32_t t,
                                     size_t n)
{
	bwi_keys v = { NULL, NULL, NULL };
	uint32_t at = ix->term_keys[t];
	if (!n)
		return v; /* (none, perhaps damaged: nothing to point at) */
	if (at & BWI_KEYS_WHOLE) {
		v.k = ix->post_key + (at & ~BWI_KEYS_WHOLE);
	} else {
		v.lo = ix->post_lo + at;
		v.base = ix->post_base + ix->term_base[t];
	}
	return v;
}

/* The scores of term t's postings from the first, first. */
static inline bwi_scores bwi_term_scores(const bwi_index *ix, uint32_t t,
                                         size_t first)
{
	bwi_scores s = { NULL, ix->post_score + first,
	                 bwi_scale(ix->term_max[t]) };
	return s;
}

/* The word positions of posting p (of a list bwi_term_postings handed
 * out, so checked): how many into *n, ascending (or the one entry
 * BWI_POS_NONE). */
const uint16_t *bwi_post_positions(const bwi_index *ix, size_t p, size_t *n);
/* Whether position block b is sound: it starts and ends inside pos, a
 * start bit on its first position and on the next block's (or the end),
 * and one start bit per posting of the block between (sections.c checks
 * a term's blocks before its postings are handed out). */
int bwi_pos_block_ok(const bwi_index *ix, size_t b);

/* Term frequency in documents: what bwi_term_postings gives, so that
 * buffers sized by it hold what the lists hold. */
static inline uint32_t bwi_term_df(const bwi_index *ix, uint32_t t)
{
	size_t first;
	return (uint32_t)bwi_term_postings(ix, t, &first);
}

/* Term t's side postings (side_doc, side_score), as bwi_term_postings;
 * their ordinals are muscles'. */
static inline size_t bwi_term_side(const bwi_index *ix, uint32_t t,
                                   size_t *first)
{
	return bwi_term_list(ix, ix->side_post, t, first);
}

/* The term of word w, BWI_NONE for a stop word. */
static inline uint32_t bwi_word_term(const bwi_index *ix, size_t w)
{
	return ix->checks ? bwi_check_word(ix, w) : ix->word_term[w];
}

/* Suggestion label i: its entity's ordinal and alias (0 for the name),
 * and whether it starts inside its key (after a word of it); 0 when the
 * label is damaged. */
static inline int bwi_label(const bwi_index *ix, size_t i, uint32_t *doc,
                            unsigned *alias, int *mid)
{
	if (ix->checks && !bwi_check_label(ix, i))
		return 0;
	*doc = ix->label_doc[i];
	*alias = ix->label_alias[i] & ~BWI_LABEL_MID;
	*mid = (ix->label_alias[i] & BWI_LABEL_MID) != 0;
	return 1;
}

/* The string sets of the index (set is one of ix's): as bwi_strset_*. */
static inline const char *bwi_index_string(const bwi_index *ix,
                                           const bwi_strset *set, size_t i)
{
	return !set->state || atomic_load_explicit(set->state,
	                                           memory_order_relaxed) == 1 ?
	       bwi_strset_at(set, i) : bwi_check_string(ix, set, i);
}

static inline size_t bwi_index_find(const bwi_index *ix,
                                    const bwi_strset *set, const char *s,
                                    size_t n)
{
	return !set->state || atomic_load_explicit(set->state,
	                                           memory_order_relaxed) == 1 ?
	       bwi_strset_find(set, s, n) : bwi_check_find(ix, set, s, n);
}

/* The prefix and typo walks rely on the set's order to stay within its
 * strings: a set is checked whole before its first walk. */
static inline void bwi_index_prefix(const bwi_index *ix,
                                    const bwi_strset *set, const char *p,
                                    size_t n, size_t *lo, size_t *hi)
{
	*lo = *hi = 0;
	if (!set->state || bwi_check_set(ix, set))
		bwi_strset_prefix(set, p, n, lo, hi);
}

static inline void bwi_index_fuzzy(const bwi_index *ix,
                                   const bwi_strset *set, const char *q,
                                   size_t qn, unsigned maxd, int prefix,
                                   bwi_fuzzy_fn fn, void *data)
{
	if (!set->state || bwi_check_set(ix, set))
		bwi_strset_fuzzy(set, q, qn, maxd, prefix, fn, data);
}

#endif /* BW_INDEX_H */
