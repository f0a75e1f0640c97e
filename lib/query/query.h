/*
 * query.h: the query stage: parsing a query, turning its words into lists
 * of hits from the index, ranking, and the results handle.
 *
 * A parsed query is a list of clauses (each a word, a compound or a quoted
 * phrase that must match), exclusions and filters.  Each clause holds
 * alternatives: the word's own term, its prefix completions, its typo
 * candidates, the other members of a synonym group it belongs to.  An
 * alternative is one term or several (all required; for a phrase, at the
 * given relative positions) and carries its tier, class floor and synonym
 * flag.  Evaluating a clause gives one list of hits in ordinal order, with
 * the same key layout as postings (index.h): ordinal, and above it
 * (tier, class, synonym), so the best way a word matched is a minimum.
 * All working memory of one query comes from one arena.
 */
#ifndef BW_QUERY_H
#define BW_QUERY_H

#include "../handle/handle.h"
#include "../index/index.h"

#define BWI_QUERY_MAX_BYTES 8192 /* longer queries are BW_EQUERY */
#define BWI_QUERY_MAX_WORDS 32   /* clauses of one search */
#define BWI_TEXT_MAX_WORDS 64    /* words of a relation query's text */
#define BWI_LIMIT_MAX 1000
#define BWI_PREFIX_TERMS 64      /* completions of the last word, by df */
#define BWI_TYPO_TERMS 32        /* typo candidates of one word */
#define BWI_DISPUTED_MARK "[disputed] " /* before a disputed fact's snippet */

/* Tiers of a match, as bw_match. */
enum { BWI_TIER_EXACT = 0, BWI_TIER_PREFIX, BWI_TIER_TYPO1, BWI_TIER_TYPO2 };

/* The rank bits of a hit key, above the ordinal (see index.h). */
#define BWI_SYN_BIT (1u << BWI_DOC_BITS)
#define BWI_TIER_SHIFT 30
#define BWI_KEY_TIER(k) ((k) >> BWI_TIER_SHIFT)
#define BWI_KEY_META(k) ((k) >> BWI_DOC_BITS)   /* (tier, class, syn) */

typedef struct bwi_alt {
	uint32_t terms[BWI_SYNONYM_TERMS];
	uint8_t gaps[BWI_SYNONYM_TERMS]; /* phrase: position after the first */
	uint8_t nterms;
	uint8_t phrase;            /* positions must follow gaps */
	uint8_t tier;              /* BWI_TIER_* */
	uint8_t syn;               /* through a synonym: class at least alias */
	uint8_t done;              /* several terms: key/score/n computed */
	uint32_t word;             /* typo: the dictionary word, else BWI_NONE */
	const uint32_t *key;       /* several terms: their intersection */
	const float *score;
	size_t n;
} bwi_alt;

/* One analysed word of the query. */
typedef struct bwi_qword {
	char word[BWI_WORD_MAX + 1]; /* folded */
	char stem[BWI_WORD_MAX + 1];
	size_t len;
	uint32_t term;             /* BWI_NONE when the corpus lacks it */
	uint32_t pos;              /* within its clause, stop words counted */
	int stop;
} bwi_qword;

typedef struct bwi_clause {
	size_t start, end;         /* its bytes in the query */
	int phrase;                /* quoted */
	int compound;              /* hyphenated: parts, then joined in word[] */
	bwi_qword *words;          /* the words (a compound: parts) */
	size_t nwords;
	bwi_qword joined;          /* a compound's parts run together */
	bwi_alt *alts;
	size_t nalts, altcap;
	int last;                  /* the query's last word, open to prefixes */
	int typo;                  /* typo candidates were added */
	/* evaluation: its hits */
	bwi_keys key;
	bwi_scores score;
	size_t n;
	float max;                 /* the highest score among them */
} bwi_clause;

/* A field:value filter; a kind filter holds a kind instead of a list. */
typedef struct bwi_filter {
	int field;                 /* BWI_FILTER_*, or -1 for kind */
	int negate;
	int kind;
	const uint32_t *docs;      /* the ordinals with the value */
	size_t n;
} bwi_filter;

typedef struct bwi_query {
	const bwi_index *ix;
	const char *text;          /* the query as given */
	size_t len;
	bwi_arena *arena;          /* everything below */
	bwi_stemmer *stemmer;      /* made on first need; freed with the query */
	bwi_clause *clauses, *excludes;
	size_t nclauses, nexcludes, cap_c, cap_x;
	bwi_filter *filters;
	size_t nfilters, cap_f;
	unsigned kinds;            /* from the options: 0 = all */
	unsigned flags;            /* BW_SEARCH_NO_* */
	int trailing_space;        /* no prefix for a finished last word */
} bwi_query;

/* One hit of a result set. */
typedef struct bwi_hit {
	const bw_entity *entity;
	const bw_fact *fact;       /* relation queries */
	double score;
	uint8_t tier;
	uint16_t label;            /* suggestions: 0 name, else alias + 1 */
	char *dropped;             /* search: the words it lacks, or NULL */
} bwi_hit;

struct bw_results {
	const bw_db *db;
	size_t total, count;
	bwi_hit *hits;
	char *correction;          /* or NULL */
	uint32_t *terms;           /* the query's matching terms, sorted */
	size_t nterms;
	char *mark_open, *mark_close;
	unsigned snippet_words;
	int suggest;               /* labels come from hits[i].label */
};

/* ===== query/parse.c ===== */

/* What a text call does once its arguments are checked: q holds the
 * index, a fresh arena, the text, kinds and flags. */
typedef bw_status (*bwi_query_fn)(bw_results **out, const bw_db *db,
                                  bwi_query *q, const bw_search_options *o,
                                  bw_error *err);
/* The entry of every call taking text: BW_EINVAL for NULL out, db or text
 * and bad options, then fn, then the query's memory freed. */
bw_status bwi_query_run(bw_results **out, const bw_db *db, const char *text,
                        const bw_search_options *opts, bw_error *err,
                        bwi_query_fn fn);

/* Parse text into q (whose ix, arena, kinds and flags the caller set).
 * BW_EQUERY / BW_EUTF8 with err's column set, BW_ENOMEM. */
bw_status bwi_query_parse(bwi_query *q, const char *text, size_t maxwords,
                          bw_error *err);
/* Free what the query holds outside its arena. */
void bwi_query_free(bwi_query *q);
/* Check opts (NULL: the defaults) into *o; BW_EINVAL when malformed. */
bw_status bwi_options(bw_search_options *o, const bw_search_options *opts,
                      bw_error *err);

/* ===== query/match.c ===== */

/* The exact, compound, synonym and prefix alternatives of every clause. */
bw_status bwi_query_expand(bwi_query *q);
/* Typo candidates for the clauses that may take them; *added says whether
 * any clause got one. */
bw_status bwi_query_typos(bwi_query *q, int *added);
/* A typo candidate: a term, the dictionary word that gave it, edits. */
typedef struct bwi_cand {
	uint32_t term, word;
	uint8_t dist;
} bwi_cand;

/* The typo budget of folded word w[0..n): 0 up to 4 characters, 1 up to
 * 8, else 2. */
unsigned bwi_typo_budget(const char *w, size_t n);
/* Up to max typo candidates of folded word w[0..n) (with prefix, also
 * words starting within the budget of it), best first: fewer edits, then
 * more frequent.  Terms equal to exclude are left out. */
size_t bwi_typo_candidates(const bwi_index *ix, const char *w, size_t n,
                           int prefix, uint32_t exclude, bwi_cand *out,
                           size_t max);
/* The longest synonym member whose stems start stems[0..n) (NULL entries
 * match nothing); *k gets its length in words.  NULL when none. */
const bwi_synonym *bwi_synonym_at(const bwi_index *ix,
                                  const char *const *stems, size_t n,
                                  size_t *k);
/* Whether o is another member of s's group that the corpus can match
 * (each of its terms occurs). */
int bwi_synonym_other(const bwi_synonym *s, const bwi_synonym *o);

#define BWI_NSILENT 6
/* Variant k of folded w[0..n) with a silent first letter restored ("soas"
 * -> "psoas") into buf (n + 2 bytes, NUL-terminated); 0 when variant k
 * does not apply to w. */
int bwi_silent_variant(const char *w, size_t n, size_t k, char *buf);
/* Evaluate clause c, from its alternatives of tier maxtier or better,
 * into its hit list (c->key, c->score, c->n). */
bw_status bwi_clause_eval(bwi_query *q, bwi_clause *c, unsigned maxtier);
/* The entities the query's kinds, filters and exclusions admit, as a
 * bitset over ordinals in *mask; NULL when they admit every entity. */
bw_status bwi_query_mask(bwi_query *q, uint64_t **mask);
/* How many admitted entities match every clause (any alternative) into
 * *total; per_clause (nclauses, or NULL) gets how many entities each
 * clause matches alone; *all the bitset of those entities (NULL when the
 * count needed none: one clause of one alternative, no mask). */
bw_status bwi_query_count(bwi_query *q, const uint64_t *mask, size_t *total,
                          size_t *per_clause, const uint64_t **all);
/* The hits of alternative a: in place for one term, else its (cached)
 * intersection. */
bw_status bwi_alt_hits(bwi_query *q, bwi_alt *a, bwi_keys *key,
                       bwi_scores *score, size_t *n);

/* Whether bit doc of mask is set (a NULL mask has every bit). */
static inline int bwi_bit(const uint64_t *mask, uint32_t doc)
{
	return !mask || (mask[doc / 64] >> (doc % 64) & 1);
}

/* ===== query/ask.c ===== */

#define BWI_READ_MAX 8
typedef struct bwi_span {
	size_t start, end;         /* bytes of the text */
} bwi_span;
/* How a search query reads as a question: the entities exact runs of its
 * words name (longest first, left to right), the kinds its intent words
 * ask for (0: none), and the words that only said so, to leave out of the
 * text when other words remain. */
typedef struct bwi_reading {
	const bw_entity *named[BWI_READ_MAX];
	int whole[BWI_READ_MAX];   /* its words are all the query's words */
	size_t n;
	unsigned kinds;
	bwi_span blank[BWI_QUERY_MAX_WORDS];
	size_t nblank;
} bwi_reading;
/* Read text as above; a text too long to read reads as nothing.  Only
 * BW_ENOMEM fails. */
bw_status bwi_search_read(const bw_db *db, const char *text,
                          bwi_reading *out, bw_error *err);

/* ===== query/results.c ===== */

/* A results handle for n hits, with the query's terms and the options'
 * markers copied in.  BW_ENOMEM. */
bw_status bwi_results_new(bw_results **out, const bw_db *db, size_t n,
                          const uint32_t *terms, size_t nterms,
                          const bw_search_options *o);

#endif /* BW_QUERY_H */
