/*
 * plan.h: the technique planner's index.  Rules are indexed by one
 * technique attribute value each of their matches requires ("contact=
 * abdominal", "technique=<id>"), so the rules that may restrict a technique
 * are found from its own attribute values instead of by testing every rule.
 */
#ifndef BW_PLAN_H
#define BW_PLAN_H

#include "../model/model.h"

typedef struct bwi_rule_index {
	bwi_map keys;                 /* "attr=value" -> bwi_rule_list* */
	const bw_rule **always;       /* rules with no match: may apply to any */
	size_t nalways;
	const bw_entity **baseline;   /* category="baseline": every plan's */
	size_t nbaseline;
	bwi_arena arena;              /* keys and lists */
} bwi_rule_index;

/* ===== plan/plan.c ===== */

bw_status bwi_rule_index_build(bwi_rule_index **out, const bwi_model *m);
void bwi_rule_index_free(bwi_rule_index *ix);

struct bw_db;
/*
 * Resolve the client's condition names (ids, names or aliases) into *out
 * (allocated, bwi_free; duplicates removed, order kept) and *n.  An unknown
 * name is BW_ENOTFOUND with the closest known conditions in err.
 */
bw_status bwi_resolve_conditions(const bw_entity ***out, size_t *n,
                                 const struct bw_db *db,
                                 const char *const *names, size_t nnames,
                                 bw_error *err);

#endif /* BW_PLAN_H */
