/*
 * plan.h: the technique planner's index.  Rules are indexed by one
 * technique attribute value each of their matches requires ("contact=
 * abdominal", "technique=<id>"), so the rules that may restrict a technique
 * are found from its own attribute values instead of by testing every rule.
 */
#ifndef BW_PLAN_H
#define BW_PLAN_H

#include "../model/model.h"
#include "../index/index.h"       /* bwi_strset */

/*
 * The index holds no pointer into the model: rules are named by their
 * number (bwi_model_rule) and conditions by their ordinal (bwi_model_at),
 * so its arrays can be written into a compiled database and used in place
 * from a memory map (bwi_rule_index_sections, bwi_rule_index_from_sections).
 */
typedef struct bwi_rule_index {
	bwi_strset keys;              /* "attr=value", sorted */
	size_t key_bytes;             /* of keys.blob, a NUL after each key */
	const uint32_t *key_start;    /* per key: its first in rules; [n] = end */
	const uint32_t *rules;        /* rule numbers, per key in filing order */
	size_t nrules;
	const uint32_t *always;       /* rules with no match: may apply to any */
	size_t nalways;
	const uint32_t *baseline;     /* ordinals of category="baseline"
	                                 conditions: every plan's */
	size_t nbaseline;
	void *own;                    /* the arrays when built here; NULL when
	                                 they lie in a compiled database */
} bwi_rule_index;

/* Section ids of the rule index in a compiled database (0x300..0x3ff). */
enum {
	BWI_SEC_RULE_KEYS = 0x300,    /* key blob: NUL-terminated, bytes */
	BWI_SEC_RULE_KEY_OFF,         /* offsets of the keys in the blob */
	BWI_SEC_RULE_KEY_START,       /* key_start, one more than the keys */
	BWI_SEC_RULE_LIST,            /* rule numbers */
	BWI_SEC_RULE_ALWAYS,          /* rule numbers */
	BWI_SEC_RULE_BASELINE         /* condition ordinals */
};

/* ===== plan/plan.c ===== */

bw_status bwi_rule_index_build(bwi_rule_index **out, const bwi_model *m);
/* Frees the struct and whatever it owns (nothing of a compiled file's). */
void bwi_rule_index_free(bwi_rule_index *ix);

/* Append the index's arrays to out as sections (not copied: ix must outlive
 * the list).  BW_ENOMEM only. */
bw_status bwi_rule_index_sections(const bwi_rule_index *ix,
                                  bwi_sections *out);
/*
 * An index whose arrays point into the sections' data (which must outlive
 * it), read against model m.  Every value is checked first: a missing or
 * malformed section, an offset, bound or number out of range is
 * BW_ECORPUS naming file ("not a usable compiled database: ...");
 * otherwise BW_ENOMEM or BW_OK.
 */
bw_status bwi_rule_index_from_sections(bwi_rule_index **out,
                                       const bwi_sections *s,
                                       const bwi_model *m, const char *file,
                                       bw_error *err);

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
