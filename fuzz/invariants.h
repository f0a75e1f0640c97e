/*
 * invariants.h: what every answer of the library must satisfy whatever the
 * input, checked by the fuzz targets after each call; a violation stops
 * the run with __builtin_trap, so libFuzzer keeps the input that broke it
 * (and the replay tests fail on it).
 *
 *   results  hit count within the limit and equal to what total, offset
 *            and limit leave; every hit an entity of this database, of a
 *            kind the options allow, once; every snippet NUL-terminated
 *            within its buffer and no longer than it says
 *   plan     the two lists disjoint, each technique once; every technique
 *            aimed at the planned muscle or at a member of the planned
 *            group; an excluded technique has a reason that excludes, an
 *            allowed one none; every reason's condition is one planned for
 *   screen   lines ordered by action, strongest first; ask lines carry a
 *            red-flag fact, others a rule of a screened condition
 */
#ifndef BW_FUZZ_INVARIANTS_H
#define BW_FUZZ_INVARIANTS_H

#include <string.h>

#include "bodywork.h"

#define INVARIANT(x) \
	do { \
		if (!(x)) \
			__builtin_trap(); \
	} while (0)

/* Whether e is the entity db holds under e's id. */
static inline int in_db(const bw_db *db, const bw_entity *e)
{
	const bw_entity *x = NULL;
	return e && bw_entity_id(e) &&
	       bw_db_get(&x, db, bw_entity_id(e), NULL) == BW_OK && x == e;
}

/* r answered a query with options o (NULL: the defaults); kinds is the
 * mask of kinds it may return (0: any). */
static inline void check_results(const bw_db *db, const bw_results *r,
                                 const bw_search_options *o,
                                 unsigned kinds)
{
	bw_search_options d = BW_SEARCH_OPTIONS_INIT;
	size_t n = bw_results_count(r), total = bw_results_total(r), left;
	char buf[64];
	if (!o)
		o = &d;
	left = total > o->offset ? total - o->offset : 0;
	INVARIANT(n <= o->limit);
	INVARIANT(n == (left < o->limit ? left : o->limit));
	INVARIANT(!bw_results_entity(r, n));
	for (size_t i = 0; i < n; i++) {
		const bw_entity *e = bw_results_entity(r, i);
		size_t len;
		INVARIANT(in_db(db, e));
		INVARIANT((unsigned)bw_entity_kind(e) < BW_KIND_COUNT);
		INVARIANT(!kinds || (kinds >> bw_entity_kind(e) & 1u));
		for (size_t k = 0; k < i; k++)
			INVARIANT(bw_results_entity(r, k) != e);
		memset(buf, 'x', sizeof(buf));
		len = bw_results_snippet(buf, sizeof(buf), r, i);
		INVARIANT(strlen(buf) == (len < sizeof(buf) ? len : sizeof(buf) - 1));
		INVARIANT(bw_results_snippet(NULL, 0, r, i) == len);
	}
}

/* Whether technique t is aimed at muscle m, or at a member of group m. */
static inline int aimed_at(const bw_entity *t, const bw_entity *m)
{
	for (size_t i = 0; i < bw_entity_fact_count(t, BW_FIELD_TARGET); i++) {
		const bw_entity *x = bw_fact_target(bw_entity_fact(t, BW_FIELD_TARGET, i));
		if (x == m)
			return 1;
		for (size_t k = 0; k < bw_entity_fact_count(m, BW_FIELD_MEMBER); k++)
			if (bw_fact_target(bw_entity_fact(m, BW_FIELD_MEMBER, k)) == x)
				return 1;
	}
	return 0;
}

/* Whether condition c is one of the plan's, or a baseline every plan
 * applies (category "baseline"). */
static inline int planned_condition(const bw_plan *p, const bw_entity *c)
{
	const char *cat = bw_entity_attr(c, "category");
	if (cat && strcmp(cat, "baseline") == 0)
		return 1;
	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		if (bw_plan_condition(p, i) == c)
			return 1;
	return 0;
}

static inline void check_plan(const bw_db *db, const bw_plan *p)
{
	const bw_entity *m = bw_plan_muscle(p);
	INVARIANT(!m || bw_entity_kind(m) == BW_KIND_MUSCLE ||
	          bw_entity_kind(m) == BW_KIND_GROUP);
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		bw_plan_list list = (bw_plan_list)l;
		INVARIANT(!bw_plan_technique(p, list, bw_plan_count(p, list)));
		for (size_t i = 0; i < bw_plan_count(p, list); i++) {
			const bw_entity *t = bw_plan_technique(p, list, i);
			int excluding = 0;
			INVARIANT(in_db(db, t) && bw_entity_kind(t) == BW_KIND_TECHNIQUE);
			INVARIANT(!m || aimed_at(t, m));
			/* disjoint, and once within its own list */
			for (int l2 = 0; l2 <= l; l2++)
				for (size_t k = 0; k < (l2 < l ? bw_plan_count(p, (bw_plan_list)l2)
				                                : i); k++)
					INVARIANT(bw_plan_technique(p, (bw_plan_list)l2, k) != t);
			for (size_t k = 0; k < bw_plan_reason_count(p, list, i); k++) {
				const bw_entity *c = NULL;
				int match = -2;
				const bw_rule *r = bw_plan_reason(p, list, i, k, &c, &match);
				INVARIANT(r && c && bw_rule_condition(r) == c);
				INVARIANT(!m || planned_condition(p, c));
				INVARIANT(match >= -1 &&
				          (match < 0 || (size_t)match < bw_rule_match_count(r)));
				excluding |= bw_severity_excludes(bw_rule_severity(r));
			}
			INVARIANT(excluding == (list == BW_PLAN_EXCLUDED));
		}
	}
}

static inline void check_screen(const bw_screen *s)
{
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		bw_screen_action a = bw_screen_line_action(s, i);
		const bw_rule *r = bw_screen_line_rule(s, i, NULL);
		INVARIANT((unsigned)a < BW_SCREEN_ACTION_COUNT);
		INVARIANT(i == 0 || bw_screen_line_action(s, i - 1) <= a);
		if (a == BW_SCREEN_ASK && !r) {
			INVARIANT(bw_screen_line_fact(s, i) != NULL);
		} else {
			int screened = 0;
			INVARIANT(r != NULL);
			for (size_t k = 0; k < bw_screen_condition_count(s); k++)
				screened |= bw_screen_condition(s, k) == bw_rule_condition(r);
			INVARIANT(screened);
		}
	}
}

#endif
