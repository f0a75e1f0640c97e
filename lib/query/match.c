/*
 * match.c: from a parsed query's clauses to lists of hits.
 *
 * Expansion gives each clause its alternatives:
 *  - exact: the word's term (its stem), a phrase's terms at their
 *    relative positions, a compound's joined word or its parts as a phrase;
 *  - synonyms: when consecutive words of the query are a member of a
 *    corpus synonym set (matched by stem, so a colloquial word the
 *    corpus never uses still leads somewhere), the other members join as
 *    alternatives flagged as synonyms; a member of several words merges
 *    its clauses into one;
 *  - prefix: for the query's last word, the terms of the dictionary words
 *    it begins, at most BWI_PREFIX_TERMS of them, most frequent first;
 *  - typos (only when asked, see search.c): dictionary words within the
 *    word's edit budget, and the word with a silent first letter restored
 *    ("soas" -> "psoas", "nee" -> "knee"), which English spelling makes
 *    common enough to count as one edit at any length.
 *
 * Evaluation turns a clause into one hit list.  A clause whose only
 * alternative is its exact term reads the posting list in place; other
 * clauses merge their alternatives' lists (two-way merges in rounds of
 * pairs) into arena memory, keeping per entity the best (tier, class,
 * synonym) and the highest score.  An alternative of several terms is an
 * intersection by galloping search, and a phrase also checks positions.
 */
#include <string.h>

#include "query.h"

/* ----- alternatives ----- */

/* Add an alternative to a clause; a term it already has keeps the better
 * tier. */
static bw_status clause_alt(bwi_clause *c, const bwi_alt *a)
{
	if (a->nterms == 1) {
		for (size_t i = 0; i < c->nalts; i++) {
			bwi_alt *x = &c->alts[i];
			if (x->nterms != 1 || x->terms[0] != a->terms[0])
				continue;
			if (a->tier < x->tier || (a->tier == x->tier && a->syn < x->syn))
				*x = *a;
			return BW_OK;
		}
	}
	if (bwi_grow(&c->alts, &c->altcap, c->nalts + 1,
	             sizeof(*c->alts)))
		return BW_ENOMEM;
	c->alts[c->nalts++] = *a;
	return BW_OK;
}

static bwi_alt single(uint32_t term, int tier, int syn, uint32_t word)
{
	bwi_alt a;
	memset(&a, 0, sizeof(a));
	a.terms[0] = term;
	a.nterms = 1;
	a.tier = (uint8_t)tier;
	a.syn = (uint8_t)syn;
	a.word = word;
	return a;
}

/* The non-stop words of w[0..n) as one alternative, at their positions;
 * 0 when there are none or one is unknown (nothing can match). */
static int words_alt(bwi_alt *a, const bwi_qword *w, size_t n, int phrase)
{
	uint32_t first = 0;
	memset(a, 0, sizeof(*a));
	a->word = BWI_NONE;
	for (size_t i = 0; i < n; i++) {
		if (w[i].stop)
			continue;
		if (w[i].term == BWI_NONE || a->nterms == BWI_SYNONYM_TERMS ||
		    w[i].pos - first > 255)
			return 0;
		if (!a->nterms)
			first = w[i].pos;
		a->gaps[a->nterms] = (uint8_t)(w[i].pos - first);
		a->terms[a->nterms++] = w[i].term;
	}
	a->phrase = (uint8_t)(phrase && a->nterms > 1);
	return a->nterms > 0;
}

/* The exact alternatives of a clause. */
static bw_status exact_alts(bwi_clause *c)
{
	bwi_alt a;
	if (c->compound && c->joined.len && !c->joined.stop &&
	    c->joined.term != BWI_NONE) {
		a = single(c->joined.term, BWI_TIER_EXACT, 0, BWI_NONE);
		if (clause_alt(c, &a))
			return BW_ENOMEM;
	}
	if (words_alt(&a, c->words, c->nwords, 1) && clause_alt(c, &a))
		return BW_ENOMEM;
	return BW_OK;
}

/* Whether clause c is one plain word (synonyms, prefixes and typos apply
 * only to those). */
static int plain(const bwi_clause *c)
{
	return !c->phrase && !c->compound && c->nwords == 1 && !c->words[0].stop;
}

const bwi_synonym *bwi_synonym_at(const bwi_index *ix,
                                  const char *const *stems, size_t n,
                                  size_t *k)
{
	size_t lo = 0, hi = ix->nsynonyms;
	if (n == 0 || !stems[0])
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(ix->synonyms[mid].stems[0], stems[0]) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* members sharing a first stem come longest first */
	for (; lo < ix->nsynonyms && !strcmp(ix->synonyms[lo].stems[0], stems[0]);
	     lo++) {
		const bwi_synonym *s = &ix->synonyms[lo];
		size_t j;
		if (s->nterms > n)
			continue;
		for (j = 1; j < s->nterms; j++)
			if (!stems[j] || strcmp(stems[j], s->stems[j]))
				break;
		if (j == s->nterms) {
			*k = s->nterms;
			return s;
		}
	}
	return NULL;
}

/* The synonym member starting at clause i (plain clauses only). */
static const bwi_synonym *synonym_at(const bwi_query *q, size_t i, size_t *k)
{
	const char *stems[BWI_SYNONYM_TERMS];
	size_t n = 0;
	for (; n < BWI_SYNONYM_TERMS && i + n < q->nclauses; n++)
		stems[n] = plain(&q->clauses[i + n]) ?
		           q->clauses[i + n].words[0].stem : NULL;
	return bwi_synonym_at(q->ix, stems, n, k);
}

/* Give a an intersection the index worked out at build when s is a member
 * of exactly a's terms. */
static void member_hits(bwi_alt *a, const bwi_synonym *s)
{
	if (!s->key || s->nterms != a->nterms ||
	    memcmp(s->terms, a->terms, a->nterms * sizeof(*a->terms)))
		return;
	a->key = s->key;
	a->score = s->score;
	a->n = s->n;
	a->done = 1;
}

/* Merge clauses i+1 .. i+k-1 into clause i, whose alternative becomes all
 * their exact terms: those of member s. */
static bw_status merge_clauses(bwi_query *q, size_t i, size_t k,
                               const bwi_synonym *s)
{
	bwi_clause *c = &q->clauses[i];
	bwi_alt a;
	memset(&a, 0, sizeof(a));
	a.word = BWI_NONE;
	for (size_t j = 0; j < k; j++) {
		const bwi_qword *w = &q->clauses[i + j].words[0];
		if (w->term == BWI_NONE)
			a.nterms = 0xff;
		else if (a.nterms < BWI_SYNONYM_TERMS)
			a.terms[a.nterms++] = w->term;
	}
	c->nalts = 0;
	if (a.nterms != 0xff)
		member_hits(&a, s);
	if (a.nterms != 0xff && clause_alt(c, &a))
		return BW_ENOMEM;
	c->end = q->clauses[i + k - 1].end;
	c->compound = 1; /* no longer one plain word */
	c->last = 0;
	for (size_t j = 1; j < k; j++)
		bwi_free(q->clauses[i + j].alts);
	memmove(&q->clauses[i + 1], &q->clauses[i + k],
	        (q->nclauses - i - k) * sizeof(*q->clauses));
	q->nclauses -= k - 1;
	return BW_OK;
}

int bwi_synonym_other(const bwi_synonym *s, const bwi_synonym *o)
{
	return o != s && o->group == s->group && bwi_synonym_present(o);
}

/* Whether member o holds every term of member s: then every entity o
 * matches also matches the query's own words, and o would only add a sum
 * of scores ("muscle energy technique" for the query "muscle energy"). */
static int holds_all(const bwi_synonym *o, const bwi_synonym *s)
{
	for (uint32_t t = 0; t < s->nterms; t++) {
		uint32_t u;
		for (u = 0; u < o->nterms && o->terms[u] != s->terms[t]; u++)
			;
		if (u == o->nterms)
			return 0;
	}
	return 1;
}

static bw_status synonym_alts(bwi_query *q)
{
	const bwi_index *ix = q->ix;
	for (size_t i = 0; i < q->nclauses; i++) {
		const bwi_synonym *s;
		size_t k = 0;
		if (!plain(&q->clauses[i]) || !(s = synonym_at(q, i, &k)))
			continue;
		if (k > 1 && merge_clauses(q, i, k, s))
			return BW_ENOMEM;
		for (size_t m = 0; m < ix->nsynonyms; m++) {
			const bwi_synonym *o = &ix->synonyms[m];
			bwi_alt a;
			if (!bwi_synonym_other(s, o) || holds_all(o, s))
				continue;
			memset(&a, 0, sizeof(a));
			a.word = BWI_NONE;
			a.syn = 1;
			a.nterms = (uint8_t)o->nterms;
			memcpy(a.terms, o->terms, o->nterms * sizeof(*o->terms));
			member_hits(&a, o);
			if (clause_alt(&q->clauses[i], &a))
				return BW_ENOMEM;
		}
	}
	return BW_OK;
}

/* The terms of the words starting with c's word, most frequent first. */
static bw_status prefix_alts(bwi_query *q, bwi_clause *c)
{
	const bwi_index *ix = q->ix;
	const bwi_qword *w = &c->words[0];
	uint32_t best[BWI_PREFIX_TERMS], nbest = 0;
	size_t lo, hi;
	bwi_index_prefix(ix, &ix->words, w->word, w->len, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		uint32_t t = bwi_word_term(ix, i), df, j;
		if (t == BWI_NONE || t == w->term)
			continue;
		for (j = 0; j < nbest && best[j] != t; j++)
			;
		if (j < nbest)
			continue;
		df = bwi_term_df(ix, t);
		if (nbest == BWI_PREFIX_TERMS) {
			/* keep the most frequent: replace the rarest kept */
			uint32_t worst = 0;
			for (j = 1; j < nbest; j++)
				if (bwi_term_df(ix, best[j]) < bwi_term_df(ix, best[worst]))
					worst = j;
			if (bwi_term_df(ix, best[worst]) >= df)
				continue;
			best[worst] = t;
		} else {
			best[nbest++] = t;
		}
	}
	for (uint32_t j = 0; j < nbest; j++) {
		bwi_alt a = single(best[j], BWI_TIER_PREFIX, 0, BWI_NONE);
		if (clause_alt(c, &a))
			return BW_ENOMEM;
	}
	return BW_OK;
}

bw_status bwi_query_expand(bwi_query *q)
{
	for (size_t i = 0; i < q->nexcludes; i++)
		if (exact_alts(&q->excludes[i]))
			return BW_ENOMEM;
	for (size_t i = 0; i < q->nclauses; i++)
		if (exact_alts(&q->clauses[i]))
			return BW_ENOMEM;
	if (!(q->flags & BW_SEARCH_NO_SYNONYMS) && synonym_alts(q))
		return BW_ENOMEM;
	for (size_t i = 0; i < q->nclauses; i++) {
		bwi_clause *c = &q->clauses[i];
		if (c->last && plain(c) && !(q->flags & BW_SEARCH_NO_PREFIX) &&
		    prefix_alts(q, c))
			return BW_ENOMEM;
	}
	return BW_OK;
}

/* ----- typo candidates ----- */

#define CAND_SCAN 512 /* candidates gathered before choosing */

typedef struct gather {
	const bwi_index *ix;
	uint32_t exclude;
	bwi_cand *c;
	size_t n;
} gather;

static void gather_add(gather *g, uint32_t word, unsigned dist)
{
	uint32_t t = bwi_word_term(g->ix, word);
	size_t j;
	if (t == BWI_NONE || t == g->exclude)
		return;
	for (j = 0; j < g->n && g->c[j].term != t; j++)
		;
	if (j < g->n) {
		if (dist < g->c[j].dist) {
			g->c[j].dist = (uint8_t)dist;
			g->c[j].word = word;
		}
		return;
	}
	if (g->n < CAND_SCAN)
		g->c[g->n++] = (bwi_cand){ t, word, (uint8_t)dist };
}

static int gather_range(size_t lo, size_t hi, unsigned dist, void *data)
{
	gather *g = data;
	for (size_t i = lo; i < hi && g->n < CAND_SCAN; i++)
		gather_add(g, (uint32_t)i, dist);
	return g->n >= CAND_SCAN;
}

/* The typo budget of a folded word: by its length in characters. */
unsigned bwi_typo_budget(const char *w, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)w[i] & 0xC0) != 0x80;
	return chars <= 4 ? 0 : chars <= 8 ? 1 : 2;
}

/* Silent first letters English drops in speech: a word starting with the
 * second letter may be missing the first ("soas" for "psoas"). */
static const char silent[BWI_NSILENT][3] = {
	"ps", "kn", "gn", "pn", "wr", "mn",
};

int bwi_silent_variant(const char *w, size_t n, size_t k, char *buf)
{
	if (n == 0 || n > BWI_WORD_MAX || k >= BWI_NSILENT ||
	    w[0] != silent[k][1])
		return 0;
	buf[0] = silent[k][0];
	memcpy(buf + 1, w, n);
	buf[n + 1] = '\0';
	return 1;
}

static void silent_letters(gather *g, const char *w, size_t n, int prefix)
{
	char buf[BWI_WORD_MAX + 2];
	for (size_t k = 0; k < BWI_NSILENT; k++) {
		size_t lo, hi, i;
		if (!bwi_silent_variant(w, n, k, buf))
			continue;
		if (prefix) {
			bwi_index_prefix(g->ix, &g->ix->words, buf, n + 1, &lo, &hi);
			gather_range(lo, hi, 1, g);
		} else if ((i = bwi_index_find(g->ix, &g->ix->words, buf,
		                               n + 1)) != (size_t)-1) {
			gather_add(g, (uint32_t)i, 1);
		}
	}
}

size_t bwi_typo_candidates(const bwi_index *ix, const char *w, size_t n,
                           int prefix, uint32_t exclude, bwi_cand *out,
                           size_t max)
{
	bwi_cand buf[CAND_SCAN];
	gather g = { ix, exclude, buf, 0 };
	unsigned d = bwi_typo_budget(w, n);
	if (n == 0 || n > BWI_WORD_MAX)
		return 0;
	if (d) {
		bwi_index_fuzzy(ix, &ix->words, w, n, d, 0, gather_range, &g);
		if (prefix)
			bwi_index_fuzzy(ix, &ix->words, w, n, d, 1, gather_range, &g);
	}
	silent_letters(&g, w, n, prefix);
	/* best first: fewer edits, then more frequent, then word order;
	 * an insertion sort, as there are few */
	for (size_t i = 1; i < g.n; i++) {
		bwi_cand x = buf[i];
		size_t j = i;
		while (j > 0) {
			const bwi_cand *y = &buf[j - 1];
			uint32_t dx = bwi_term_df(ix, x.term), dy = bwi_term_df(ix, y->term);
			if (y->dist < x.dist || (y->dist == x.dist &&
			    (dy > dx || (dy == dx && y->word < x.word))))
				break;
			buf[j] = buf[j - 1];
			j--;
		}
		buf[j] = x;
	}
	if (g.n > max)
		g.n = max;
	memcpy(out, buf, g.n * sizeof(*out));
	return g.n;
}

bw_status bwi_query_typos(bwi_query *q, int *added)
{
	*added = 0;
	for (size_t i = 0; i < q->nclauses; i++) {
		bwi_clause *c = &q->clauses[i];
		bwi_cand cand[BWI_TYPO_TERMS];
		size_t n;
		if (!plain(c) || c->typo)
			continue;
		n = bwi_typo_candidates(q->ix, c->words[0].word, c->words[0].len,
		                        c->last && !(q->flags & BW_SEARCH_NO_PREFIX),
		                        c->words[0].term, cand, BWI_TYPO_TERMS);
		for (size_t k = 0; k < n; k++) {
			bwi_alt a = single(cand[k].term, cand[k].dist > 1 ?
			                   BWI_TIER_TYPO2 : BWI_TIER_TYPO1, 0,
			                   cand[k].word);
			if (clause_alt(c, &a))
				return BW_ENOMEM;
		}
		c->typo = n > 0;
		*added |= c->typo;
	}
	return BW_OK;
}

/* ----- evaluation ----- */

/* A hit list: keys (ordinal and rank bits) and scores, by ordinal. */
typedef struct list {
	bwi_keys key;
	bwi_scores score;
	size_t n;
} list;

/* An alternative of several terms: the intersection of their postings,
 * positions checked for a phrase, into arena memory, once per query. */
static bw_status intersect(bwi_query *q, bwi_alt *a)
{
	size_t room;
	uint32_t *key;
	float *score;
	if (a->done)
		return BW_OK;
	room = bwi_intersect_room(q->ix, a->terms, a->nterms) + 1;
	key = bwi_arena_alloc(q->arena, room * sizeof(*key));
	score = bwi_arena_alloc(q->arena, room * sizeof(*score));
	if (!key || !score)
		return BW_ENOMEM;
	a->n = bwi_intersect(q->ix, a->terms, a->nterms,
	                     a->phrase ? a->gaps : NULL, key, score);
	a->key = key;
	a->score = score;
	a->done = 1;
	return BW_OK;
}

bw_status bwi_alt_hits(bwi_query *q, bwi_alt *a, bwi_keys *key,
                       bwi_scores *score, size_t *n)
{
	const bwi_index *ix = q->ix;
	if (a->nterms == 1) {
		size_t first;
		*n = bwi_term_postings(ix, a->terms[0], &first);
		*key = bwi_term_keys(ix, a->terms[0], *n);
		*score = bwi_term_scores(ix, a->terms[0], first);
		return BW_OK;
	}
	if (intersect(q, a))
		return BW_ENOMEM;
	*key = bwi_keys_whole(a->key);
	*score = bwi_scores_plain(a->score);
	*n = a->n;
	return BW_OK;
}

/* The hits of an alternative with its tier and synonym flag added (a
 * synonym lifts the class to alias at best), in arena memory. */
static bw_status ranked_copy(bwi_query *q, const bwi_alt *a, list *l)
{
	uint32_t add = (uint32_t)a->tier << BWI_TIER_SHIFT |
	               (a->syn ? BWI_SYN_BIT : 0);
	uint32_t *key;
	if (!add)
		return BW_OK;
	key = bwi_arena_alloc(q->arena, (l->n + 1) * sizeof(*key));
	if (!key)
		return BW_ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		uint32_t k = bwi_key_at(&l->key, i);
		if (a->syn && BWI_KEY_CLASS(k) < BWI_CLASS_ALIAS)
			k = BWI_KEY_DOC(k) | BWI_CLASS_ALIAS << BWI_CLASS_SHIFT;
		key[i] = k | add;
	}
	l->key = bwi_keys_whole(key);
	return BW_OK;
}

/* The union of two hit lists; an entity in both keeps its better rank
 * bits (the smaller key) and its higher score. */
static bw_status merge2(bwi_query *q, const list *a, const list *b, list *out)
{
	uint32_t *key = bwi_arena_alloc(q->arena, (a->n + b->n + 1) * sizeof(*key));
	float *score = bwi_arena_alloc(q->arena, (a->n + b->n + 1) * sizeof(*score));
	size_t i = 0, j = 0, n = 0;
	if (!key || !score)
		return BW_ENOMEM;
	while (i < a->n && j < b->n) {
		uint32_t ka = bwi_key_at(&a->key, i), kb = bwi_key_at(&b->key, j);
		if (BWI_KEY_DOC(ka) < BWI_KEY_DOC(kb)) {
			key[n] = ka;
			score[n++] = bwi_score_at(&a->score, i++);
		} else if (BWI_KEY_DOC(kb) < BWI_KEY_DOC(ka)) {
			key[n] = kb;
			score[n++] = bwi_score_at(&b->score, j++);
		} else {
			float sa = bwi_score_at(&a->score, i++);
			float sb = bwi_score_at(&b->score, j++);
			key[n] = ka < kb ? ka : kb;
			score[n++] = sa > sb ? sa : sb;
		}
	}
	for (; i < a->n; i++, n++) {
		key[n] = bwi_key_at(&a->key, i);
		score[n] = bwi_score_at(&a->score, i);
	}
	for (; j < b->n; j++, n++) {
		key[n] = bwi_key_at(&b->key, j);
		score[n] = bwi_score_at(&b->score, j);
	}
	out->key = bwi_keys_whole(key);
	out->score = bwi_scores_plain(score);
	out->n = n;
	return BW_OK;
}

bw_status bwi_clause_eval(bwi_query *q, bwi_clause *c, unsigned maxtier)
{
	const bwi_index *ix = q->ix;
	size_t n = 0;
	list *l;
	const bwi_alt *only = NULL;
	c->n = 0;
	for (size_t i = 0; i < c->nalts; i++)
		if (c->alts[i].tier <= maxtier) {
			only = &c->alts[i];
			n++;
		}
	if (n == 1 && only->nterms == 1 && !only->tier && !only->syn) {
		/* the common case: one exact word, read in place */
		uint32_t t = only->terms[0];
		size_t first;
		c->n = bwi_term_postings(ix, t, &first);
		c->key = bwi_term_keys(ix, t, c->n);
		c->score = bwi_term_scores(ix, t, first);
		c->max = c->n ? (float)BWI_QMAX * c->score.scale : 0;
		return BW_OK;
	}
	c->max = 0;
	l = bwi_arena_alloc(q->arena, (n + 1) * sizeof(*l));
	if (!l)
		return BW_ENOMEM;
	n = 0;
	for (size_t i = 0; i < c->nalts; i++) {
		bwi_alt *a = &c->alts[i];
		if (a->tier > maxtier)
			continue;
		if (bwi_alt_hits(q, a, &l[n].key, &l[n].score, &l[n].n))
			return BW_ENOMEM;
		if (l[n].n && ranked_copy(q, a, &l[n]))
			return BW_ENOMEM;
		n += l[n].n > 0;
	}
	/* merge in rounds of pairs: log2(alternatives) linear passes */
	while (n > 1) {
		size_t m = 0;
		for (size_t i = 0; i + 1 < n; i += 2)
			if (merge2(q, &l[i], &l[i + 1], &l[m++]))
				return BW_ENOMEM;
		if (n % 2)
			l[m++] = l[n - 1];
		n = m;
	}
	if (n == 1) {
		c->key = l[0].key;
		c->score = l[0].score;
		c->n = l[0].n;
		for (size_t i = 0; i < c->n; i++)
			if (bwi_score_at(&c->score, i) > c->max)
				c->max = bwi_score_at(&c->score, i);
	}
	return BW_OK;
}

/* ----- counting with bitsets over ordinals ----- */

static void set_range(uint64_t *m, uint32_t lo, uint32_t hi)
{
	for (; lo < hi && lo % 64; lo++)
		m[lo / 64] |= (uint64_t)1 << (lo % 64);
	for (; lo + 64 <= hi; lo += 64)
		m[lo / 64] = ~(uint64_t)0;
	for (; lo < hi; lo++)
		m[lo / 64] |= (uint64_t)1 << (lo % 64);
}

static void set_keys(uint64_t *m, const bwi_keys *key, size_t n)
{
	uint32_t buf[BWI_KEY_BLOCK];
	for (size_t at = 0, got; at < n; at += got) {
		const uint32_t *k = bwi_keys_chunk(key, at, n, buf, &got);
		for (size_t i = 0; i < got; i++) {
			uint32_t d = BWI_KEY_DOC(k[i]);
			m[d / 64] |= (uint64_t)1 << (d % 64);
		}
	}
}

static size_t popcount(const uint64_t *m, size_t words)
{
	size_t n = 0;
	for (size_t i = 0; i < words; i++)
		n += bwi_popcount64(m[i]);
	return n;
}

bw_status bwi_query_mask(bwi_query *q, uint64_t **out)
{
	const bwi_index *ix = q->ix;
	size_t words = ix->ndocs / 64 + 1;
	uint64_t *mask, *tmp;
	*out = NULL;
	if (!q->kinds && !q->nfilters && !q->nexcludes)
		return BW_OK;
	mask = bwi_arena_alloc(q->arena, words * sizeof(*mask));
	tmp = bwi_arena_alloc(q->arena, words * sizeof(*tmp));
	if (!mask || !tmp)
		return BW_ENOMEM;
	for (int k = 0; k < BW_KIND_COUNT; k++)
		if (!q->kinds || q->kinds >> k & 1)
			set_range(mask, ix->kind_start[k], ix->kind_start[k + 1]);
	/* each field named: one of its values; -field:value: none */
	for (int field = -1; field < BWI_NFILTERS; field++) {
		int named = 0;
		memset(tmp, 0, words * sizeof(*tmp));
		for (size_t i = 0; i < q->nfilters; i++) {
			const bwi_filter *f = &q->filters[i];
			if (f->field != field || f->negate)
				continue;
			named = 1;
			if (field < 0)
				set_range(tmp, ix->kind_start[f->kind],
				          ix->kind_start[f->kind + 1]);
			else
				for (size_t k = 0; k < f->n; k++)
					tmp[f->docs[k] / 64] |= (uint64_t)1 << (f->docs[k] % 64);
		}
		if (named)
			for (size_t w = 0; w < words; w++)
				mask[w] &= tmp[w];
	}
	memset(tmp, 0, words * sizeof(*tmp));
	for (size_t i = 0; i < q->nfilters; i++) {
		const bwi_filter *f = &q->filters[i];
		if (!f->negate)
			continue;
		if (f->field < 0)
			set_range(tmp, ix->kind_start[f->kind], ix->kind_start[f->kind + 1]);
		else
			for (size_t k = 0; k < f->n; k++)
				tmp[f->docs[k] / 64] |= (uint64_t)1 << (f->docs[k] % 64);
	}
	for (size_t i = 0; i < q->nexcludes; i++) {
		bwi_clause *x = &q->excludes[i];
		if (bwi_clause_eval(q, x, BWI_TIER_EXACT))
			return BW_ENOMEM;
		set_keys(tmp, &x->key, x->n);
	}
	for (size_t w = 0; w < words; w++)
		mask[w] &= ~tmp[w];
	*out = mask;
	return BW_OK;
}

bw_status bwi_query_count(bwi_query *q, const uint64_t *mask, size_t *total,
                          size_t *per_clause, const uint64_t **all)
{
	const bwi_index *ix = q->ix;
	size_t words = ix->ndocs / 64 + 1;
	uint64_t *acc, *tmp;
	*all = NULL;
	if (q->nclauses == 1 && q->clauses[0].nalts == 1 && !mask) {
		/* one list: its length */
		bwi_keys key;
		bwi_scores score;
		if (bwi_alt_hits(q, &q->clauses[0].alts[0], &key, &score, total))
			return BW_ENOMEM;
		if (per_clause)
			per_clause[0] = *total;
		return BW_OK;
	}
	acc = bwi_arena_alloc(q->arena, words * sizeof(*acc));
	tmp = bwi_arena_alloc(q->arena, words * sizeof(*tmp));
	if (!acc || !tmp)
		return BW_ENOMEM;
	if (mask)
		memcpy(acc, mask, words * sizeof(*acc));
	else
		set_range(acc, 0, (uint32_t)ix->ndocs);
	for (size_t i = 0; i < q->nclauses; i++) {
		bwi_clause *c = &q->clauses[i];
		memset(tmp, 0, words * sizeof(*tmp));
		for (size_t k = 0; k < c->nalts; k++) {
			bwi_keys key;
			bwi_scores score;
			size_t n;
			if (bwi_alt_hits(q, &c->alts[k], &key, &score, &n))
				return BW_ENOMEM;
			set_keys(tmp, &key, n);
		}
		if (per_clause)
			per_clause[i] = popcount(tmp, words);
		for (size_t w = 0; w < words; w++)
			acc[w] &= tmp[w];
	}
	*total = popcount(acc, words);
	*all = acc;
	return BW_OK;
}
