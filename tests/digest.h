/*
 * digest.h: a 64-bit FNV-1a digest of what an answer says, for suites that
 * compare one answer with another: a thread's with a single thread's
 * (check_threads.c), an answer after an injected allocation failure with a
 * clean run's (check_alloc.c, check_search.c).  Every digest reads only
 * through the public getters and hashes ids and texts, never pointers, so
 * two databases opened from the same files digest alike.
 */
#ifndef BW_TEST_DIGEST_H
#define BW_TEST_DIGEST_H

#include <stdint.h>
#include <string.h>

#include "bodywork.h"

static inline void dg_bytes(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		*h ^= s[i];
		*h *= 0x100000001b3ull;
	}
}

static inline void dg_u64(uint64_t *h, uint64_t v)
{
	dg_bytes(h, &v, sizeof(v));
}

/* A string and its end, so "ab" "c" and "a" "bc" differ; NULL apart. */
static inline void dg_str(uint64_t *h, const char *s)
{
	if (s)
		dg_bytes(h, s, strlen(s) + 1);
	else
		dg_u64(h, 0x6e756c6cull);
}

static inline void dg_ref(uint64_t *h, const bw_entity *e)
{
	dg_str(h, bw_entity_id(e));
}

/* Everything a results handle says about each of its hits. */
static inline uint64_t dg_results(const bw_results *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	char snip[512];
	dg_u64(&h, bw_results_count(r));
	dg_u64(&h, bw_results_total(r));
	dg_str(&h, bw_results_correction(r));
	for (size_t i = 0; i < bw_results_count(r); i++) {
		double score = bw_results_score(r, i);
		dg_ref(&h, bw_results_entity(r, i));
		dg_bytes(&h, &score, sizeof(score));
		dg_u64(&h, (uint64_t)bw_results_match(r, i));
		dg_u64(&h, bw_results_fields(r, i));
		dg_str(&h, bw_results_label(r, i));
		dg_str(&h, bw_fact_text(bw_results_fact(r, i)));
		dg_u64(&h, bw_results_snippet(snip, sizeof(snip), r, i));
		dg_str(&h, snip);
	}
	return h;
}

/* Every list of a plan, with each technique's reasons and alternatives. */
static inline uint64_t dg_plan(const bw_plan *p)
{
	uint64_t h = 0xcbf29ce484222325ull;
	dg_ref(&h, bw_plan_muscle(p));
	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		dg_ref(&h, bw_plan_condition(p, i));
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		bw_plan_list list = (bw_plan_list)l;
		dg_u64(&h, bw_plan_count(p, list));
		for (size_t i = 0; i < bw_plan_count(p, list); i++) {
			dg_ref(&h, bw_plan_technique(p, list, i));
			for (size_t k = 0; k < bw_plan_reason_count(p, list, i); k++) {
				const bw_entity *c = NULL;
				int match = -1;
				const bw_rule *r = bw_plan_reason(p, list, i, k, &c, &match);
				dg_ref(&h, c);
				dg_u64(&h, (uint64_t)match);
				dg_str(&h, bw_rule_reason(r));
				dg_u64(&h, bw_rule_line(r));
			}
			for (size_t k = 0; k < bw_plan_instead_count(p, list, i); k++)
				dg_ref(&h, bw_plan_instead(p, list, i, k));
		}
	}
	return h;
}

/* Every entity of a database with every fact, rule and back-reference. */
static inline uint64_t dg_db(const bw_db *db)
{
	uint64_t h = 0xcbf29ce484222325ull;
	char buf[512];
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT); i++) {
		const bw_entity *e = bw_db_entity_at(db, BW_KIND_COUNT, i);
		dg_u64(&h, (uint64_t)bw_entity_kind(e));
		dg_ref(&h, e);
		dg_str(&h, bw_entity_name(e));
		dg_str(&h, bw_entity_summary(e));
		dg_u64(&h, bw_entity_line(e));
		for (size_t k = 0; k < bw_entity_region_count(e); k++)
			dg_str(&h, bw_entity_region(e, k));
		for (int f = 0; f < BW_FIELD_COUNT; f++) {
			bw_field field = (bw_field)f;
			for (size_t k = 0; k < bw_entity_fact_count(e, field); k++) {
				const bw_fact *x = bw_entity_fact(e, field, k);
				dg_str(&h, bw_fact_text(x));
				dg_ref(&h, bw_fact_source(x));
				dg_u64(&h, (uint64_t)bw_fact_evidence(x));
				dg_str(&h, bw_fact_correction(x));
				dg_ref(&h, bw_fact_target(x));
				dg_str(&h, bw_fact_qualifier(x));
				dg_u64(&h, bw_fact_levels(x));
				dg_u64(&h, bw_fact_line(x));
			}
			for (size_t k = 0; k < bw_entity_backref_count(e, field); k++) {
				const bw_entity *from = NULL;
				dg_str(&h, bw_fact_text(bw_entity_backref(e, field, k, &from)));
				dg_ref(&h, from);
			}
		}
		for (size_t k = 0; k < bw_entity_rule_count(e); k++) {
			const bw_rule *r = bw_entity_rule(e, k);
			dg_u64(&h, (uint64_t)bw_rule_severity(r));
			dg_ref(&h, bw_rule_site(r));
			dg_str(&h, bw_rule_reason(r));
			dg_str(&h, bw_rule_adjustment(r));
			for (size_t m = 0; m < bw_rule_match_count(r); m++) {
				bw_rule_match_format(buf, sizeof(buf), r, m);
				dg_str(&h, buf);
			}
			for (size_t m = 0; m < bw_rule_instead_count(r); m++)
				dg_ref(&h, bw_rule_instead(r, m));
		}
	}
	return h;
}

#endif
