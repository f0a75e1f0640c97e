/*
 * search.c: bw_search, ranking every entity that matches and keeping the
 * best offset + limit of them in a bounded heap.
 *
 * Each hit gets a 64-bit rank, lower first, built from (high to low bits):
 * clauses left unmatched; the worst tier of its clauses (exact, prefix, one
 * typo, two typos) and their sum; whether the query is exactly its name (0)
 * or an alias (1) or neither (2); the worst field class of its clauses (the
 * best class each clause reached: name, alias or synonym, summary, body);
 * whether a synonym was needed; and the BM25F score summed over clauses,
 * inverted.  Ties go to the ordinal, i.e. kind then id.
 *
 * The stages.  Kinds, filters and exclusions become one bitset over
 * ordinals.  The total is counted with bitsets too: per clause, the union
 * of its alternatives' postings; across clauses, their intersection.  When
 * fewer than typo_threshold entities match, typo candidates join the
 * clauses that may take them and the count runs again.  Then:
 *  - few matches (FEW): rank them all at once, term at a time (run_few);
 *  - one clause: tier by tier, each alternative's postings in place
 *    (run_one);
 *  - several: tier by tier, a galloping intersection driven by the
 *    shortest clause list, with a bound that drops candidates unable to
 *    enter the page before the other lists are searched (run_level).
 * Every hit of a tier outranks every hit of the next, so once the heap
 * holds offset + limit hits the rest need no ranking.  When nothing
 * matches every clause, a k-way union ranks entities by how many clauses
 * they match (run_any).  A clause that matched nothing before its typo
 * candidates were added is what the "did you mean" string corrects.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

#define FEW 4096    /* matches ranked all at once rather than by tier */

typedef struct ranked {
	uint64_t rank;
	uint32_t doc;
	uint32_t miss;             /* the clauses it lacks (run_any), a bit each */
	float score;
	uint8_t tier;
} ranked;

/* The best k so far, in a max-heap on (rank, doc) so the worst is on top. */
typedef struct topk {
	ranked *h;
	size_t n, k;
	unsigned prefer;           /* kinds the query asks for: 0 = any */
	const bwi_model *model;        /* whose entities the docs are */
} topk;

/* 1 when the query asks for other kinds than doc's, else 0. */
static unsigned unwanted(const topk *t, uint32_t doc)
{
	return t->prefer &&
	       !(t->prefer >> bwi_model_kind_of(t->model, doc) & 1);
}

/* Entities whose name (flag 0) or alias (1) the whole query is. */
typedef struct exact {
	uint32_t *item;            /* ordinal << 1 | flag, ascending */
	size_t n;
} exact;

static int worse(const ranked *a, const ranked *b)
{
	return a->rank != b->rank ? a->rank > b->rank : a->doc > b->doc;
}

static void sift_down(topk *t, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		ranked tmp;
		if (l < t->n && worse(&t->h[l], &t->h[m]))
			m = l;
		if (l + 1 < t->n && worse(&t->h[l + 1], &t->h[m]))
			m = l + 1;
		if (m == i)
			return;
		tmp = t->h[i];
		t->h[i] = t->h[m];
		t->h[m] = tmp;
		i = m;
	}
}

/* Keep x if it is among the best k; returns the ordinal it pushed out of
 * a full heap, or UINT32_MAX. */
static uint32_t topk_push(topk *t, const ranked *x)
{
	size_t i;
	uint32_t out;
	if (t->n == t->k) {
		if (!worse(&t->h[0], x))
			return x->doc;
		out = t->h[0].doc;
		t->h[0] = *x;
		sift_down(t, 0);
		return out;
	}
	i = t->n++;
	t->h[i] = *x;
	while (i > 0 && worse(&t->h[i], &t->h[(i - 1) / 2])) {
		ranked tmp = t->h[i];
		t->h[i] = t->h[(i - 1) / 2];
		t->h[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
	return UINT32_MAX;
}

static int ranked_cmp(const void *a, const void *b)
{
	return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/* 0 for the name, 1 for an alias, 2 when the query is neither. */
static unsigned exactness(const exact *x, uint32_t doc)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x->item[mid] >> 1 < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && x->item[lo] >> 1 == doc ? x->item[lo] & 1 : 2;
}

/* Accumulates one candidate's clauses into its rank.  run_any sets lost
 * (the rarity-weighted share of the clauses missed) and miss. */
typedef struct acc {
	unsigned matched, tier_max, tier_sum, cls_max, syn, weighted, lost;
	uint32_t miss;
	float score;
} acc;

static void acc_add(acc *a, uint32_t key, float score)
{
	unsigned tier = BWI_KEY_TIER(key), cls = BWI_KEY_CLASS(key);
	a->matched++;
	a->tier_sum += tier;
	if (tier > a->tier_max)
		a->tier_max = tier;
	if (cls > a->cls_max)
		a->cls_max = cls;
	a->syn |= (key & BWI_SYN_BIT) != 0;
	a->score += score;
}

/* The rank of a hit, lower first (see the top of this file). */
static uint64_t make_rank(unsigned unmatched, unsigned tier_max,
                          unsigned pref, unsigned tier_sum, unsigned ex,
                          unsigned cls, unsigned syn, float score)
{
	uint32_t bits;
	memcpy(&bits, &score, sizeof(bits)); /* a non-negative float's bits order it */
	return (uint64_t)(unmatched > 63 ? 63 : unmatched) << 58 |
	       (uint64_t)tier_max << 56 | (uint64_t)pref << 55 |
	       (uint64_t)(tier_sum > 63 ? 63 : tier_sum) << 49 |
	       (uint64_t)ex << 47 | (uint64_t)cls << 45 | (uint64_t)syn << 44 |
	       (uint64_t)(0xffffffffu - bits);
}

static void acc_push(topk *t, const acc *a, unsigned nclauses,
                     const exact *x, uint32_t doc)
{
	ranked r;
	unsigned ex = x && a->matched == nclauses && a->tier_max == 0 ?
	              exactness(x, doc) : 2;
	r.score = a->score > 0 ? a->score : 0;
	r.rank = make_rank(a->weighted ? a->lost : nclauses - a->matched,
	                   a->tier_max, unwanted(t, doc), a->tier_sum, ex,
	                   a->cls_max, a->syn, r.score);
	r.doc = doc;
	r.miss = a->miss;
	r.tier = (uint8_t)a->tier_max;
	topk_push(t, &r);
}

/* Every entity the filters and exclusions keep, when there is no clause. */
static size_t run_all(const bwi_query *q, topk *t, const uint64_t *mask)
{
	size_t total = 0;
	acc a;
	memset(&a, 0, sizeof(a));
	for (uint32_t doc = 0; doc < q->ix->ndocs; doc++) {
		if (!bwi_bit(mask, doc))
			continue;
		total++;
		acc_push(t, &a, 0, NULL, doc);
	}
	return total;
}

/*
 * Few matches (the bitset all holds them): rank them all from the
 * alternatives' postings, term at a time, into one slot per entity and
 * clause (an entity's slot is its rank among the set bits), with no merge
 * of alternatives and no intersection.  Cheaper than going tier by tier
 * when the tiers would not fill the page anyway.
 */
static bw_status run_few(bwi_query *q, topk *t, const exact *x,
                         const uint64_t *all, size_t total)
{
	size_t words = q->ix->ndocs / 64 + 1, nc = q->nclauses;
	uint32_t *base = bwi_arena_alloc(q->arena, words * sizeof(*base));
	uint8_t *meta = bwi_arena_alloc(q->arena, total * nc + 1);
	float *score = bwi_arena_alloc(q->arena, (total * nc + 1) * sizeof(*score));
	size_t at = 0;
	if (!base || !meta || !score)
		return BW_ENOMEM;
	for (size_t w = 0; w < words; w++) {
		base[w] = (uint32_t)at;
		at += bwi_popcount64(all[w]);
	}
	memset(meta, 0xff, total * nc);
	for (size_t i = 0; i < nc; i++) {
		bwi_clause *c = &q->clauses[i];
		for (size_t k = 0; k < c->nalts; k++) {
			const bwi_alt *a = &c->alts[k];
			bwi_keys key;
			bwi_scores sc;
			size_t n;
			if (bwi_alt_hits(q, &c->alts[k], &key, &sc, &n))
				return BW_ENOMEM;
			for (size_t p = 0; p < n; p++) {
				uint32_t kp = bwi_key_at(&key, p);
				uint32_t doc = BWI_KEY_DOC(kp), cls = BWI_KEY_CLASS(kp);
				uint64_t word = all[doc / 64], below;
				size_t slot;
				uint8_t m;
				if (!(word >> (doc % 64) & 1))
					continue;
				below = word & (((uint64_t)1 << (doc % 64)) - 1);
				slot = (base[doc / 64] + bwi_popcount64(below)) * nc + i;
				if (a->syn && cls < BWI_CLASS_ALIAS)
					cls = BWI_CLASS_ALIAS;
				m = (uint8_t)(a->tier << 3 | cls << 1 | a->syn);
				if (m < meta[slot])
					meta[slot] = m;
				if (bwi_score_at(&sc, p) > score[slot])
					score[slot] = bwi_score_at(&sc, p);
			}
		}
	}
	for (size_t w = 0, slot = 0; w < words; w++) {
		for (uint64_t bits = all[w]; bits; bits &= bits - 1, slot++) {
			uint32_t doc = (uint32_t)(w * 64 + bwi_ctz64(bits));
			acc a;
			memset(&a, 0, sizeof(a));
			for (size_t i = 0; i < nc; i++)
				acc_add(&a, (uint32_t)meta[slot * nc + i] << BWI_DOC_BITS,
				        score[slot * nc + i]);
			acc_push(t, &a, (unsigned)nc, x, doc);
		}
	}
	return BW_OK;
}

static void set_bit(uint64_t *m, uint32_t doc)
{
	m[doc / 64] |= (uint64_t)1 << (doc % 64);
}

static void clear_bit(uint64_t *m, uint32_t doc)
{
	m[doc / 64] &= ~((uint64_t)1 << (doc % 64));
}

/*
 * One clause: a hit's rank follows from its own posting, so each
 * alternative of this tier is read in place, one after the other, with no
 * merge: most postings of a long list are turned away by one comparison
 * with the worst kept.  An entity reached again through another
 * alternative replaces its kept entry when the new rank is better (the
 * bitset "kept" says which are in the heap); entities that matched in a
 * better tier were ranked already and are skipped.
 */
static bw_status run_one(bwi_query *q, topk *t, const exact *x,
                         const uint64_t *mask, unsigned level)
{
	bwi_clause *c = &q->clauses[0];
	size_t words = q->ix->ndocs / 64 + 1, here = 0;
	uint64_t *kept = NULL, *better = NULL;
	uint32_t buf[BWI_KEY_BLOCK];
	const uint32_t *kk = NULL;
	for (size_t k = 0; k < c->nalts; k++)
		here += c->alts[k].tier == level;
	/* one list of this tier cannot name an entity twice */
	if (here > 1 &&
	    !(kept = bwi_arena_alloc(q->arena, words * sizeof(*kept))))
		return BW_ENOMEM;
	if (level > 0) {
		if (!(better = bwi_arena_alloc(q->arena, words * sizeof(*better))))
			return BW_ENOMEM;
		for (size_t k = 0; k < c->nalts; k++) {
			bwi_keys key;
			bwi_scores sc;
			size_t n;
			if (c->alts[k].tier >= level)
				continue;
			if (bwi_alt_hits(q, &c->alts[k], &key, &sc, &n))
				return BW_ENOMEM;
			for (size_t at = 0, got; at < n; at += got) {
				const uint32_t *kb = bwi_keys_chunk(&key, at, n, buf,
				                                    &got);
				for (size_t i = 0; i < got; i++)
					set_bit(better, BWI_KEY_DOC(kb[i]));
			}
		}
	}
	for (size_t k = 0; k < c->nalts; k++) {
		const bwi_alt *a = &c->alts[k];
		bwi_keys key;
		bwi_scores sc;
		size_t n;
		if (a->tier != level)
			continue;
		if (bwi_alt_hits(q, &c->alts[k], &key, &sc, &n))
			return BW_ENOMEM;
		for (size_t i = 0, got = 0, at = 0; i < n; i++) {
			uint32_t ki, doc, cls, out;
			ranked r;
			if (i == at + got) {
				at = i;
				kk = bwi_keys_chunk(&key, at, n, buf, &got);
			}
			ki = kk[i - at];
			doc = BWI_KEY_DOC(ki);
			cls = BWI_KEY_CLASS(ki);
			if (!bwi_bit(mask, doc) || (better && bwi_bit(better, doc)))
				continue;
			if (a->syn && cls < BWI_CLASS_ALIAS)
				cls = BWI_CLASS_ALIAS;
			r.score = bwi_score_at(&sc, i);
			r.rank = make_rank(0, level, unwanted(t, doc), level,
			                   level == 0 && x->n ? exactness(x, doc) : 2,
			                   cls, a->syn, r.score);
			r.doc = doc;
			r.miss = 0;
			r.tier = (uint8_t)level;
			if (t->n == t->k && !worse(&t->h[0], &r))
				continue;
			if (kept && bwi_bit(kept, doc)) {
				for (size_t j = 0; j < t->n; j++)
					if (t->h[j].doc == doc) {
						if (worse(&t->h[j], &r)) {
							t->h[j] = r;
							sift_down(t, j);
						}
						break;
					}
				continue;
			}
			out = topk_push(t, &r);
			if (kept) {
				set_bit(kept, doc);
				if (out != UINT32_MAX)
					clear_bit(kept, out);
			}
		}
	}
	return BW_OK;
}

/* Entities matching every clause whose worst tier is level.  Before a
 * candidate from the driving list is looked up in the others, the best
 * rank it could reach (its own tier, class and flag, every other clause
 * at its highest score) is compared with the worst kept: once the heap is
 * full most candidates stop there. */
static void run_level(const bwi_query *q, topk *t, const exact *x,
                      const uint64_t *mask, size_t *cur, size_t *order,
                      unsigned level)
{
	size_t nc = q->nclauses;
	const bwi_clause *drv;
	float rest = 0;
	for (size_t i = 0; i < nc; i++) {
		size_t j = i;
		cur[i] = 0;
		while (j > 0 && q->clauses[order[j - 1]].n > q->clauses[i].n) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	drv = &q->clauses[order[0]];
	for (size_t j = 1; j < nc; j++)
		rest += q->clauses[order[j]].max;
	for (size_t i = 0; i < drv->n; i++) {
		uint32_t k = bwi_key_at(&drv->key, i), doc = BWI_KEY_DOC(k);
		acc a;
		size_t j;
		if (!bwi_bit(mask, doc))
			continue;
		if (t->n == t->k) {
			/* the tier and class alone usually decide */
			unsigned tier = BWI_KEY_TIER(k);
			uint64_t bound = make_rank(0, tier, 0, tier, x->n ? 0 : 2,
			                           BWI_KEY_CLASS(k),
			                           (k & BWI_SYN_BIT) != 0, 0);
			if (bound >> 32 > t->h[0].rank >> 32)
				continue;
			bound = make_rank(0, tier, 0, tier, x->n ? 0 : 2,
			                  BWI_KEY_CLASS(k), (k & BWI_SYN_BIT) != 0,
			                  bwi_score_at(&drv->score, i) + rest);
			if (bound > t->h[0].rank)
				continue;
		}
		memset(&a, 0, sizeof(a));
		acc_add(&a, k, bwi_score_at(&drv->score, i));
		for (j = 1; j < nc; j++) {
			const bwi_clause *c = &q->clauses[order[j]];
			uint32_t kj;
			cur[j] = bwi_gallop(&c->key, c->n, cur[j], doc);
			if (cur[j] >= c->n)
				return; /* a list ran out: no more matches */
			kj = bwi_key_at(&c->key, cur[j]);
			if (BWI_KEY_DOC(kj) != doc)
				break;
			acc_add(&a, kj, bwi_score_at(&c->score, cur[j]));
		}
		if (j == nc && a.tier_max == level)
			acc_push(t, &a, (unsigned)nc, x, doc);
	}
}

/* Entities matching any clause, ranked by how many they match. */
static size_t run_any(const bwi_query *q, topk *t, const uint64_t *mask,
                      size_t *cur, size_t *live)
{
	size_t nc = q->nclauses, nl = 0, total = 0;
	double weight[BWI_QUERY_MAX_WORDS], sum = 0;
	/* a clause weighs by how rare its matches are: missing "osteoporosis"
	 * costs more than missing "pressure"; one matching nothing weighs 0 */
	for (size_t i = 0; i < nc; i++) {
		size_t n = q->clauses[i].n;
		weight[i] = n ? log(1.0 + (double)q->ix->ndocs / (double)n) : 0;
		sum += weight[i];
	}
	for (size_t i = 0; i < nc; i++) {
		cur[i] = 0;
		if (q->clauses[i].n)
			live[nl++] = i;
	}
	while (nl) {
		uint32_t doc = UINT32_MAX;
		double lost = 0;
		acc a;
		memset(&a, 0, sizeof(a));
		a.weighted = 1;
		a.miss = nc < 32 ? (1u << nc) - 1 : UINT32_MAX;
		/* few clauses: a linear scan of the cursors is enough */
		for (size_t h = 0; h < nl; h++) {
			const bwi_clause *c = &q->clauses[live[h]];
			uint32_t d = BWI_KEY_DOC(bwi_key_at(&c->key, cur[live[h]]));
			if (d < doc)
				doc = d;
		}
		for (size_t h = 0; h < nl;) {
			size_t i = live[h];
			const bwi_clause *c = &q->clauses[i];
			uint32_t ki = bwi_key_at(&c->key, cur[i]);
			if (BWI_KEY_DOC(ki) == doc) {
				acc_add(&a, ki, bwi_score_at(&c->score, cur[i]));
				a.miss &= ~(1u << i);
				if (++cur[i] == c->n) {
					live[h] = live[--nl];
					continue;
				}
			}
			h++;
		}
		if (!bwi_bit(mask, doc))
			continue;
		for (size_t i = 0; i < nc; i++)
			if (a.miss >> i & 1)
				lost += weight[i];
		/* 1 to 63: every hit here lacks some clause */
		a.lost = 1 + (unsigned)(sum > 0 ? 62.0 * lost / sum : 0);
		total++;
		acc_push(t, &a, (unsigned)nc, NULL, doc);
	}
	return total;
}

/* Append one key piece (a stem, or a stop word as it is). */
static void key_add(char *key, size_t *kn, const bwi_qword *w)
{
	const char *p = w->stop ? w->word : w->stem;
	size_t n = strlen(p);
	if (*kn == (size_t)-1 || *kn + n + 2 > BWI_KEY_MAX) {
		*kn = (size_t)-1;
		return;
	}
	if (*kn)
		key[(*kn)++] = ' ';
	memcpy(key + *kn, p, n);
	*kn += n;
	key[*kn] = '\0';
}

static bw_status exact_add(bwi_query *q, exact *x, const char *key,
                           size_t kn)
{
	const uint32_t *l;
	size_t ln;
	uint32_t *items;
	if (kn == (size_t)-1 || kn == 0 ||
	    !(ln = bwi_index_names(q->ix, key, kn, &l)))
		return BW_OK;
	items = bwi_arena_alloc(q->arena, (x->n + ln) * sizeof(*items));
	if (!items)
		return BW_ENOMEM;
	if (x->n)
		memcpy(items, x->item, x->n * sizeof(*items));
	for (size_t i = 0; i < ln; i++) {
		/* insert keeping order; a name beats an alias of one entity */
		uint32_t v = l[i];
		size_t j = x->n;
		while (j > 0 && items[j - 1] > v)
			j--;
		if (j > 0 && items[j - 1] >> 1 == v >> 1)
			continue;
		if (j < x->n && items[j] >> 1 == v >> 1) {
			items[j] = v;
			continue;
		}
		memmove(items + j + 1, items + j, (x->n - j) * sizeof(*items));
		items[j] = v;
		x->n++;
	}
	x->item = items;
	return BW_OK;
}

/* The entities the whole query names exactly, split and joined. */
static bw_status exact_names(bwi_query *q, exact *x)
{
	char split[BWI_KEY_MAX], joined[BWI_KEY_MAX];
	size_t sn = 0, jn = 0;
	x->n = 0;
	x->item = NULL;
	split[0] = joined[0] = '\0';
	for (size_t i = 0; i < q->nclauses; i++) {
		const bwi_clause *c = &q->clauses[i];
		for (size_t k = 0; k < c->nwords; k++)
			key_add(split, &sn, &c->words[k]);
		if (c->compound && c->joined.len)
			key_add(joined, &jn, &c->joined);
		else
			for (size_t k = 0; k < c->nwords; k++)
				key_add(joined, &jn, &c->words[k]);
	}
	if (exact_add(q, x, split, sn))
		return BW_ENOMEM;
	if (jn != sn || strcmp(split, joined))
		return exact_add(q, x, joined, jn);
	return BW_OK;
}

static bw_status eval_clauses(bwi_query *q, unsigned maxtier)
{
	for (size_t i = 0; i < q->nclauses; i++)
		if (bwi_clause_eval(q, &q->clauses[i], maxtier))
			return BW_ENOMEM;
	return BW_OK;
}

/* Whether some clause has an alternative of tier level; 0 when some
 * clause has none of tier level or better (nothing can match). */
static int level_exists(const bwi_query *q, unsigned level)
{
	int any = 0;
	for (size_t i = 0; i < q->nclauses; i++) {
		int better = 0;
		for (size_t k = 0; k < q->clauses[i].nalts; k++) {
			any |= q->clauses[i].alts[k].tier == level;
			better |= q->clauses[i].alts[k].tier <= level;
		}
		if (!better)
			return 0;
	}
	return any;
}

/* The query with each clause that matched nothing as typed replaced by its
 * best typo candidate; NULL (and BW_OK) when there is none. */
static bw_status correction(const bwi_query *q, const size_t *before,
                            char **out)
{
	size_t len = 0, at = 0, w = 0;
	char *s;
	int any = 0;
	*out = NULL;
	for (size_t i = 0; i < q->nclauses; i++) {
		const bwi_clause *c = &q->clauses[i];
		for (size_t k = 0; c->typo && !before[i] && k < c->nalts; k++) {
			if (c->alts[k].word != BWI_NONE) {
				len += strlen(bwi_index_string(q->ix, &q->ix->words,
				                               c->alts[k].word));
				any = 1;
				break;
			}
		}
	}
	if (!any)
		return BW_OK;
	s = bwi_malloc(q->len + len + 1);
	if (!s)
		return BW_ENOMEM;
	for (size_t i = 0; i < q->nclauses; i++) {
		const bwi_clause *c = &q->clauses[i];
		const char *word = NULL;
		for (size_t k = 0; c->typo && !before[i] && k < c->nalts; k++)
			if (c->alts[k].word != BWI_NONE) {
				word = bwi_index_string(q->ix, &q->ix->words,
				                        c->alts[k].word);
				break;
			}
		if (!word)
			continue;
		memcpy(s + w, q->text + at, c->start - at);
		w += c->start - at;
		memcpy(s + w, word, strlen(word));
		w += strlen(word);
		at = c->end;
	}
	memcpy(s + w, q->text + at, q->len - at);
	s[w + q->len - at] = '\0';
	*out = s;
	return BW_OK;
}

/* The terms every alternative of the query's clauses may match, sorted
 * and unique, for marking snippets. */
static uint32_t *query_terms(const bwi_query *q, size_t *n)
{
	size_t cap = 0, m = 0;
	uint32_t *t;
	for (size_t i = 0; i < q->nclauses; i++)
		for (size_t k = 0; k < q->clauses[i].nalts; k++)
			cap += q->clauses[i].alts[k].nterms;
	t = bwi_arena_alloc(q->arena, (cap + 1) * sizeof(*t));
	if (!t)
		return NULL;
	for (size_t i = 0; i < q->nclauses; i++)
		for (size_t k = 0; k < q->clauses[i].nalts; k++)
			for (size_t j = 0; j < q->clauses[i].alts[k].nterms; j++) {
				uint32_t v = q->clauses[i].alts[k].terms[j];
				size_t p = m;
				while (p > 0 && t[p - 1] > v)
					p--;
				if (p > 0 && t[p - 1] == v)
					continue;
				memmove(t + p + 1, t + p, (m - p) * sizeof(*t));
				t[p] = v;
				m++;
			}
	*n = m;
	return t;
}

/* A group that ranks first is answered with its members: those among the
 * hits move up to follow it, each keeping its order, ahead of anything
 * else that also matched (a condition named for the group, say). */
static void members_next(topk *t, const bwi_model *m)
{
	const bw_entity *g = t->n > 1 ? bwi_model_at(m, t->h[0].doc) : NULL;
	const bw_fact *mem;
	size_t w = 1, nmem;
	if (!g || bwi_entity_kind(g) != BW_KIND_GROUP)
		return;
	mem = bwi_entity_facts(g, BW_FIELD_MEMBER, &nmem);
	for (size_t i = 1; i < t->n; i++) {
		const bw_entity *e = bwi_model_at(m, t->h[i].doc);
		int member = 0;
		for (size_t k = 0; k < nmem && !member; k++)
			member = bwi_fact_target(&mem[k]) == e;
		if (member) {
			ranked x = t->h[i];
			memmove(&t->h[w + 1], &t->h[w], (i - w) * sizeof(x));
			t->h[w++] = x;
		}
	}
}

/* The entities the query names come first, in the order named (of the
 * kinds it asks for, when it asks), whether or not they matched every
 * word: "osteoporosis deep pressure" is about osteoporosis. */
static void named_first(topk *t, const bwi_reading *rd, const uint64_t *mask,
                        size_t nclauses, size_t *total)
{
	size_t w = 0, lead = 0;
	/* hits holding every word of a longer query, as typed, in their name
	 * or an alias (the title "The Psoas Book") stay ahead of what only
	 * part of the query names */
	while (nclauses > 1 && lead < t->n && t->h[lead].rank >> 55 == 0 &&
	       (t->h[lead].rank >> 45 & 3) <= BWI_CLASS_ALIAS)
		lead++;
	for (size_t i = 0; i < rd->n; i++) {
		const bw_entity *e = rd->named[i];
		uint32_t doc = bwi_entity_ordinal(e);
		size_t j;
		ranked x;
		if ((rd->kinds && !(rd->kinds >> bwi_entity_kind(e) & 1)) ||
		    !bwi_bit(mask, doc))
			continue;
		if (!rd->whole[i] && w < lead)
			w = lead;
		if (w >= t->k)
			return;
		for (j = 0; j < t->n && t->h[j].doc != doc; j++)
			;
		if (j < w)
			continue;
		if (j < t->n) {
			x = t->h[j];
		} else {
			x = (ranked){ 0, doc, 0, 0, 0 };
			if (t->n < t->k) {
				t->n++;
				(*total)++;
			}
			j = t->n - 1;
		}
		memmove(&t->h[w + 1], &t->h[w], (j - w) * sizeof(x));
		t->h[w++] = x;
	}
}

/* The words of the query that hit i lacks, as typed, space-separated;
 * NULL when it lacks none. */
static char *dropped_words(const bwi_query *q, uint32_t miss)
{
	size_t n = 0, w = 0;
	char *s;
	if (!miss)
		return NULL;
	for (size_t i = 0; i < q->nclauses && i < 32; i++)
		if (miss >> i & 1)
			n += q->clauses[i].end - q->clauses[i].start + 1;
	if (!(s = bwi_malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i < q->nclauses && i < 32; i++)
		if (miss >> i & 1) {
			size_t len = q->clauses[i].end - q->clauses[i].start;
			if (w)
				s[w++] = ' ';
			memcpy(s + w, q->text + q->clauses[i].start, len);
			w += len;
		}
	s[w] = '\0';
	return s;
}

/* Whether text has no syntax: no filter or field (':'), phrase ('"') or
 * exclusion ('-' starting a word). */
static int plain(const char *text)
{
	for (const char *p = text; *p; p++)
		if (*p == ':' || *p == '"' ||
		    (*p == '-' && (p == text || p[-1] == ' ' || p[-1] == '\t')))
			return 0;
	return 1;
}

/* Read a plain query (no filters, exclusions, phrases or fields) as a
 * question: what it names and which kinds it asks for.  Its generic
 * words ("technique", "which") are blanked in *text, a copy of the same
 * length, so they need not occur. */
static bw_status read_query(bwi_query *q, const bw_db *db, bwi_reading *rd,
                            const char **text, bw_error *err)
{
	char *copy;
	size_t n;
	bw_status st;
	memset(rd, 0, sizeof(*rd));
	*text = q->text;
	if (q->kinds || !plain(q->text))
		return BW_OK;
	if ((st = bwi_search_read(db, q->text, rd, err)))
		return st;
	if (!rd->nblank)
		return BW_OK;
	n = strlen(q->text);
	if (!(copy = bwi_arena_alloc(q->arena, n + 1)))
		return BW_ENOMEM;
	memcpy(copy, q->text, n + 1);
	for (size_t i = 0; i < rd->nblank; i++)
		memset(copy + rd->blank[i].start, ' ',
		       rd->blank[i].end - rd->blank[i].start);
	*text = copy;
	return BW_OK;
}

static bw_status search(bw_results **out, const bw_db *db, bwi_query *q,
                        const bw_search_options *o, bw_error *err)
{
	bwi_reading rd;
	const char *text;
	size_t nc, total = 0, *cur, *order, *before, nterms = 0;
	uint64_t *mask;
	const uint64_t *all;
	exact names;
	topk t;
	uint32_t *terms;
	char *fix = NULL;
	bw_results *r;
	bw_status st = read_query(q, db, &rd, &text, err);
	if (st || (st = bwi_query_parse(q, text, BWI_QUERY_MAX_WORDS, err)))
		return st;
	if (q->nclauses) {
		bwi_clause *last = &q->clauses[q->nclauses - 1];
		last->last = !q->trailing_space && last->end == q->len &&
		             !last->phrase;
	}
	if (exact_names(q, &names) || bwi_query_expand(q) ||
	    bwi_query_mask(q, &mask))
		return BW_ENOMEM;
	nc = q->nclauses;
	t.k = o->offset + o->limit;
	if (t.k > q->ix->ndocs)
		t.k = q->ix->ndocs ? q->ix->ndocs : 1;
	t.n = 0;
	t.prefer = rd.kinds;
	t.model = q->ix->model;
	t.h = bwi_arena_alloc(q->arena, t.k * sizeof(*t.h));
	cur = bwi_arena_alloc(q->arena, (nc + 1) * sizeof(*cur));
	order = bwi_arena_alloc(q->arena, (nc + 1) * sizeof(*order));
	before = bwi_arena_alloc(q->arena, (nc + 1) * sizeof(*before));
	if (!t.h || !cur || !order || !before)
		return BW_ENOMEM;
	if (nc == 0 && (q->nfilters || q->nexcludes)) {
		total = run_all(q, &t, mask);
	} else if (nc) {
		/* count every match, then rank tier by tier: a tier's hits
		 * all outrank the next's, so once offset + limit hits are
		 * kept the lower tiers need no ranking */
		if (bwi_query_count(q, mask, &total, before, &all))
			return BW_ENOMEM;
		if (total < o->typo_threshold) {
			int added;
			if (bwi_query_typos(q, &added) ||
			    (added && bwi_query_count(q, mask, &total, NULL, &all)))
				return BW_ENOMEM;
		}
		if (all && total && total <= FEW &&
		    run_few(q, &t, &names, all, total))
			return BW_ENOMEM;
		for (unsigned level = BWI_TIER_EXACT; level <= BWI_TIER_TYPO2 &&
		     total && !(all && total <= FEW); level++) {
			if (t.n == t.k)
				break;
			if (!level_exists(q, level))
				continue;
			if (nc == 1) {
				if (run_one(q, &t, &names, mask, level))
					return BW_ENOMEM;
				continue;
			}
			if (eval_clauses(q, level))
				return BW_ENOMEM;
			run_level(q, &t, &names, mask, cur, order, level);
		}
		if (nc > 1 && total == 0) {
			if (eval_clauses(q, BWI_TIER_TYPO2))
				return BW_ENOMEM;
			total = run_any(q, &t, mask, cur, order);
		}
	}
	qsort(t.h, t.n, sizeof(*t.h), ranked_cmp);
	named_first(&t, &rd, mask, nc, &total);
	members_next(&t, q->ix->model);
	terms = query_terms(q, &nterms);
	if (!terms || correction(q, before, &fix))
		return BW_ENOMEM;
	if (bwi_results_new(&r, db, t.n > o->offset ? t.n - o->offset : 0,
	                    terms, nterms, o)) {
		bwi_free(fix);
		return BW_ENOMEM;
	}
	for (size_t i = 0; i < r->count; i++) {
		const ranked *x = &t.h[o->offset + i];
		r->hits[i].entity = bwi_model_at(q->ix->model, x->doc);
		r->hits[i].score = x->score;
		r->hits[i].tier = x->tier;
		if (x->miss && !(r->hits[i].dropped = dropped_words(q, x->miss))) {
			bw_results_free(r);
			bwi_free(fix);
			return BW_ENOMEM;
		}
	}
	r->total = total;
	r->correction = fix;
	*out = r;
	return BW_OK;
}

bw_status bw_search(bw_results **out, const bw_db *db, const char *query,
                    const bw_search_options *opts, bw_error *err)
{
	return bwi_query_run(out, db, query, opts, err, search);
}
