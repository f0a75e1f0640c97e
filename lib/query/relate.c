/*
 * relate.c: relation queries, questions answered by following the
 * corpus's references from what text matches.
 *
 * Muscles for a symptom in a client's words: the text is a bag of words
 * (no query syntax: a client's sentence may hold quotes and colons), each
 * analysed as the corpus is, with the corpus synonym sets' other members
 * added at weight 0.7 and, for a word the corpus lacks, its best typo
 * candidate at weight 0.5.  Symptom entities are scored by summing their
 * BM25F postings for those words (the symptom kind is one ordinal range,
 * so each posting list is entered by one galloping search); each symptom's
 * score, as a share of the best symptom's, flows to the muscles whose
 * causes facts name it (the model's back-references), weighted by the
 * fact's evidence grade; a muscle takes its best symptom's share plus a
 * quarter of the others'.  The side index of muscles' own causes and
 * referral text adds half of a muscle's share of the best direct score.
 *
 * Techniques for a muscle: the muscle's target back-references, primary
 * targets first.
 */
#include <stdlib.h>
#include <string.h>

#include "query.h"

typedef struct wterm {
	uint32_t term;
	float weight;
} wterm;

/* How much a causes fact's grade lets a symptom speak for a muscle. */
static float evidence_weight(unsigned evidence)
{
	static const float w[BW_EVIDENCE_COUNT] = { 1.0f, 0.9f, 0.5f, 0.4f,
	                                            0.2f };
	return evidence < BW_EVIDENCE_COUNT ? w[evidence] : 0.2f;
}

static void add_term(wterm *t, size_t *n, size_t cap, uint32_t term,
                     float weight)
{
	for (size_t i = 0; i < *n; i++)
		if (t[i].term == term) {
			if (weight > t[i].weight)
				t[i].weight = weight;
			return;
		}
	if (*n < cap)
		t[(*n)++] = (wterm){ term, weight };
}

#define TEXT_TERMS (BWI_TEXT_MAX_WORDS * 4)

/* The weighted terms of free text. */
static bw_status text_terms(bwi_query *q, const char *text, wterm *t,
                            size_t *nt, bw_error *err)
{
	const bwi_index *ix = q->ix;
	size_t n = strlen(text), bad, nw = 0;
	bwi_qword *w;
	const char *stems[BWI_TEXT_MAX_WORDS];
	bwi_tokenizer tk;
	bwi_token tok;
	*nt = 0;
	if (n > BWI_QUERY_MAX_BYTES)
		return bwi_error_set(err, BW_EQUERY, NULL, 0,
		                     BWI_QUERY_MAX_BYTES + 1,
		                     "the text is longer than %d bytes",
		                     BWI_QUERY_MAX_BYTES);
	if ((bad = bwi_utf8_invalid_at(text, n)) < n)
		return bwi_error_set(err, BW_EUTF8, NULL, 0, bad + 1,
		                     "the text is not valid UTF-8 at byte %zu",
		                     bad + 1);
	w = bwi_arena_alloc(q->arena, BWI_TEXT_MAX_WORDS * sizeof(*w));
	if (!w)
		return BW_ENOMEM;
	bwi_tok_init(&tk, text, n, 0);
	while (bwi_tok_next(&tk, &tok)) {
		bwi_qword x;
		memcpy(x.word, tok.word, tok.len + 1);
		x.len = tok.len;
		if (bwi_index_analyse(ix, &q->stemmer, x.word, x.len, &x.term,
		                      &x.stop, x.stem))
			return BW_ENOMEM;
		if (x.stop)
			continue;
		if (tok.flags & BWI_TOKEN_JOINED) {
			if (x.term != BWI_NONE)
				add_term(t, nt, TEXT_TERMS, x.term, 1.0f);
			continue;
		}
		if (nw == BWI_TEXT_MAX_WORDS)
			return bwi_error_set(err, BW_EQUERY, NULL, 0, tok.start + 1,
			                     "too many words: at most %d",
			                     BWI_TEXT_MAX_WORDS);
		w[nw++] = x;
	}
	for (size_t i = 0; i < nw; i++) {
		stems[i] = w[i].stem;
		if (w[i].term != BWI_NONE) {
			add_term(t, nt, TEXT_TERMS, w[i].term, 1.0f);
		} else {
			bwi_cand c;
			if (bwi_typo_candidates(ix, w[i].word, w[i].len, 0, BWI_NONE,
			                        &c, 1))
				add_term(t, nt, TEXT_TERMS, c.term, 0.5f);
		}
	}
	if (q->flags & BW_SEARCH_NO_SYNONYMS)
		return BW_OK;
	for (size_t i = 0; i < nw;) {
		size_t k = 1;
		const bwi_synonym *s = bwi_synonym_at(ix, stems + i, nw - i, &k);
		for (size_t m = 0; s && m < ix->nsynonyms; m++)
			if (bwi_synonym_other(s, &ix->synonyms[m]))
				for (uint32_t j = 0; j < ix->synonyms[m].nterms; j++)
					add_term(t, nt, TEXT_TERMS,
					         ix->synonyms[m].terms[j], 0.7f);
		i += s ? k : 1;
	}
	return BW_OK;
}

typedef struct scored {
	uint32_t index;            /* within the kind */
	float score;
} scored;

static int scored_cmp(const void *a, const void *b)
{
	const scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The first causes or referral fact of muscle e holding a query term. */
static const bw_fact *matching_fact(const bwi_index *ix, const bw_entity *e,
                                    const wterm *t, size_t nt)
{
	static const bw_field fields[] = { BW_FIELD_CAUSES, BW_FIELD_REFERRAL };
	for (size_t f = 0; f < 2; f++) {
		size_t n;
		const bw_fact *fs = bwi_entity_facts(e, fields[f], &n);
		for (size_t i = 0; i < n; i++) {
			bwi_tokenizer tk;
			bwi_token tok;
			const char *s = bwi_fact_text(&fs[i]);
			bwi_tok_init(&tk, s, strlen(s), 0);
			while (bwi_tok_next(&tk, &tok)) {
				size_t w = bwi_index_find(ix, &ix->words, tok.word,
				                          tok.len);
				uint32_t term;
				if (w == (size_t)-1 ||
				    (term = bwi_word_term(ix, w)) == BWI_NONE)
					continue;
				for (size_t k = 0; k < nt; k++)
					if (t[k].term == term)
						return &fs[i];
			}
		}
	}
	return NULL;
}

static int term_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static bw_status muscles(bw_results **out, const bw_db *db, bwi_query *q,
                         const bw_search_options *o, bw_error *err)
{
	const bwi_index *ix = q->ix;
	uint32_t ks = ix->kind_start[BW_KIND_SYMPTOM];
	uint32_t nsym = ix->kind_start[BW_KIND_SYMPTOM + 1] - ks;
	uint32_t km = ix->kind_start[BW_KIND_MUSCLE];
	uint32_t nm = ix->kind_start[BW_KIND_MUSCLE + 1] - km;
	wterm *t = bwi_arena_alloc(q->arena, TEXT_TERMS * sizeof(*t));
	float *ssc = bwi_arena_alloc(q->arena, (nsym + 1) * sizeof(float));
	float *msc = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(float));
	float *dsc = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(float));
	float *mbest = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(float));
	float *msum = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(float));
	const bw_fact **mfact = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(*mfact));
	scored *hits = bwi_arena_alloc(q->arena, (nm + 1) * sizeof(*hits));
	float best = 0, dbest = 0;
	size_t nt, total = 0, count;
	uint32_t *terms;
	bw_results *r;
	bw_status st;
	if (!t || !ssc || !msc || !dsc || !mbest || !msum || !mfact || !hits)
		return BW_ENOMEM;
	if ((st = text_terms(q, q->text, t, &nt, err)))
		return st;
	for (size_t k = 0; k < nt; k++) {
		size_t a, n = bwi_term_postings(ix, t[k].term, &a), i;
		bwi_keys key = bwi_term_keys(ix, t[k].term, n);
		bwi_scores sc = bwi_term_scores(ix, t[k].term, a);
		float side = bwi_scale(ix->side_max[t[k].term]);
		for (i = bwi_gallop(&key, n, 0, ks);
		     i < n && BWI_KEY_DOC(bwi_key_at(&key, i)) < ks + nsym; i++)
			ssc[BWI_KEY_DOC(bwi_key_at(&key, i)) - ks] +=
			    bwi_score_at(&sc, i) * t[k].weight;
		/* side ordinals are muscles' (checked with the term) */
		n = bwi_term_side(ix, t[k].term, &a);
		for (i = a; i < a + n; i++)
			dsc[ix->side_doc[i] - km] +=
			    (float)ix->side_score[i] * side * t[k].weight;
	}
	for (uint32_t s = 0; s < nsym; s++)
		if (ssc[s] > best)
			best = ssc[s];
	for (uint32_t m = 0; m < nm; m++)
		if (dsc[m] > dbest)
			dbest = dsc[m];
	for (uint32_t s = 0; s < nsym && best > 0; s++) {
		const bw_entity *e = bwi_model_at(ix->model, ks + s);
		if (ssc[s] <= 0)
			continue;
		for (size_t j = 0; j < bwi_entity_nback(e, BWI_BACK_CAUSES); j++) {
			const bw_fact *f = bwi_entity_back(e, BWI_BACK_CAUSES, j);
			uint32_t m = bwi_entity_ordinal(bwi_fact_owner(f)) - km;
			float c = ssc[s] / best * evidence_weight(bwi_fact_evidence(f));
			msum[m] += c;
			if (c > mbest[m]) {
				mbest[m] = c;
				mfact[m] = f;
			}
		}
	}
	for (uint32_t m = 0; m < nm; m++) {
		/* the best symptom speaks for a muscle; more symptoms add a
		 * little, so a muscle linked to everything does not win on
		 * weak matches */
		msc[m] = mbest[m] + 0.25f * (msum[m] - mbest[m]);
		if (dbest > 0)
			msc[m] += 0.5f * dsc[m] / dbest;
		if (msc[m] > 0)
			hits[total++] = (scored){ m, msc[m] };
	}
	qsort(hits, total, sizeof(*hits), scored_cmp);
	terms = bwi_arena_alloc(q->arena, (nt + 1) * sizeof(*terms));
	if (!terms)
		return BW_ENOMEM;
	for (size_t k = 0; k < nt; k++)
		terms[k] = t[k].term;
	qsort(terms, nt, sizeof(*terms), term_cmp);
	count = total > o->offset ? total - o->offset : 0;
	if (count > o->limit)
		count = o->limit;
	if (bwi_results_new(&r, db, count, terms, nt, o))
		return BW_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const scored *h = &hits[o->offset + i];
		const bw_entity *e = bwi_model_at(ix->model, km + h->index);
		r->hits[i].entity = e;
		r->hits[i].score = h->score;
		r->hits[i].fact = mfact[h->index] ? mfact[h->index] :
		                  matching_fact(ix, e, t, nt);
	}
	r->total = total;
	*out = r;
	return BW_OK;
}

bw_status bw_muscles_for_symptom_text(bw_results **out, const bw_db *db,
                                      const char *text,
                                      const bw_search_options *opts,
                                      bw_error *err)
{
	return bwi_query_run(out, db, text, opts, err, muscles);
}

/* ----- techniques for a muscle ----- */

typedef struct target {
	const bw_fact *fact;
	int secondary;
} target;

static int target_cmp(const void *a, const void *b)
{
	const target *x = a, *y = b;
	const bw_entity *xo = bwi_fact_owner(x->fact);
	const bw_entity *yo = bwi_fact_owner(y->fact);
	int c;
	if (x->secondary != y->secondary)
		return x->secondary - y->secondary;
	c = strcmp(bwi_entity_name(xo), bwi_entity_name(yo));
	return c ? c : strcmp(bwi_entity_id(xo), bwi_entity_id(yo));
}

bw_status bw_techniques_for_muscle(bw_results **out, const bw_db *db,
                                   const bw_entity *muscle,
                                   const bw_search_options *opts,
                                   bw_error *err)
{
	bw_search_options o;
	target *t;
	size_t *slot, nslot = 0;
	size_t n = 0, count, nback;
	bw_results *r;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !muscle || bwi_entity_kind(muscle) != BW_KIND_MUSCLE)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "bw_techniques_for_muscle needs a database "
		                     "and a muscle");
	if ((st = bwi_options(&o, opts, err)))
		return st;
	nback = bwi_entity_nback(muscle, BWI_BACK_TARGET);
	/* slot[k] is 1 + the position in t of the technique with index k, so
	 * a technique named twice is found in constant time; sized by the
	 * largest index named rather than by the database, so a muscle from
	 * another database cannot index past it */
	for (size_t i = 0; i < nback; i++) {
		uint32_t k = bwi_entity_index(bwi_fact_owner(
		    bwi_entity_back(muscle, BWI_BACK_TARGET, i)));
		if (k >= nslot)
			nslot = k + 1;
	}
	t = bwi_malloc((nback + 1) * sizeof(*t));
	slot = bwi_calloc(nslot + 1, sizeof(*slot));
	if (!t || !slot) {
		bwi_free(t);
		bwi_free(slot);
		return bwi_error_code(err, BW_ENOMEM);
	}
	for (size_t i = 0; i < nback; i++) {
		const bw_fact *f = bwi_entity_back(muscle, BWI_BACK_TARGET, i);
		const char *qual = bwi_fact_qualifier(f);
		int secondary = qual && !strcmp(qual, "secondary");
		uint32_t k = bwi_entity_index(bwi_fact_owner(f));
		if (slot[k]) { /* named twice: the primary role counts */
			target *seen = &t[slot[k] - 1];
			if (!secondary && seen->secondary)
				*seen = (target){ f, 0 };
			continue;
		}
		slot[k] = n + 1;
		t[n++] = (target){ f, secondary };
	}
	bwi_free(slot);
	qsort(t, n, sizeof(*t), target_cmp);
	count = n > o.offset ? n - o.offset : 0;
	if (count > o.limit)
		count = o.limit;
	if (bwi_results_new(&r, db, count, NULL, 0, &o)) {
		bwi_free(t);
		return bwi_error_code(err, BW_ENOMEM);
	}
	for (size_t i = 0; i < count; i++) {
		r->hits[i].entity = bwi_fact_owner(t[o.offset + i].fact);
		r->hits[i].fact = t[o.offset + i].fact;
		r->hits[i].score = t[o.offset + i].secondary ? 1.0 : 2.0;
	}
	r->total = n;
	bwi_free(t);
	if ((st = bwi_db_intact(db, err))) { /* see bwi_query_run */
		bw_results_free(r);
		return st;
	}
	*out = r;
	return BW_OK;
}
