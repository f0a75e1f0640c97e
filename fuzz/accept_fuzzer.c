/*
 * accept_fuzzer.c: whatever the loader accepts can be used.  The input is
 * one corpus file opened as a database; when it opens, every entity is
 * read through every getter (as `bodywork show` does), every muscle is
 * planned for each condition and for all of them at once, every technique's
 * restrictions are listed, each condition and all of them are screened,
 * and each entity's name is searched.  None of it may crash, read out of
 * bounds or leak, whatever values the file carried, and every plan, screen
 * and search must satisfy invariants.h.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "invariants.h"
#include "api/db.h"

#define MAXC 16 /* conditions planned and screened at once */

static void walk_entity(const bw_entity *e)
{
	char buf[256];
	volatile size_t sink = 0;
	sink += strlen(bw_entity_id(e)) + strlen(bw_entity_name(e));
	sink += bw_entity_summary(e) ? strlen(bw_entity_summary(e)) : 0;
	for (int f = 0; f < BW_FIELD_COUNT; f++)
		for (size_t k = 0; k < bw_entity_fact_count(e, (bw_field)f); k++) {
			const bw_fact *x = bw_entity_fact(e, (bw_field)f, k);
			const bw_entity *t = bw_fact_target(x);
			sink += strlen(bw_fact_text(x));
			sink += bw_evidence_name(bw_fact_evidence(x)) != NULL;
			sink += t ? strlen(bw_entity_name(t)) : 0;
			sink += bw_levels_format(buf, sizeof(buf), bw_fact_levels(x));
			sink += bw_fact_correction(x) ? strlen(bw_fact_correction(x)) : 0;
		}
	for (size_t k = 0; k < bw_entity_rule_count(e); k++) {
		const bw_rule *r = bw_entity_rule(e, k);
		sink += strlen(bw_severity_name(bw_rule_severity(r)));
		sink += strlen(bw_severity_label(bw_rule_severity(r)));
		sink += bw_rule_site(r) ? strlen(bw_entity_name(bw_rule_site(r))) : 0;
		for (size_t i = 0; i < bw_rule_match_count(r); i++)
			sink += bw_rule_match_format(buf, sizeof(buf), r, i);
		for (size_t i = 0; i < bw_rule_instead_count(r); i++)
			sink += strlen(bw_entity_name(bw_rule_instead(r, i)));
		for (size_t i = 0; i < bw_rule_prefer_count(r); i++)
			sink += strlen(bw_rule_prefer(r, i));
	}
	for (int f = 0; f < BW_FIELD_COUNT; f++)
		sink += bw_entity_backref_count(e, (bw_field)f);
	sink += bw_site_within(e) != NULL;
	(void)sink;
}

static void walk_plan(const bw_db *db, bw_plan *p)
{
	volatile size_t sink = 0;
	check_plan(db, p);
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++)
		for (size_t i = 0; i < bw_plan_count(p, (bw_plan_list)l); i++) {
			for (size_t k = 0; k < bw_plan_reason_count(p, (bw_plan_list)l, i); k++) {
				const bw_entity *c;
				int match;
				const bw_rule *r = bw_plan_reason(p, (bw_plan_list)l, i, k,
				                                  &c, &match);
				sink += strlen(bw_rule_reason(r)) + strlen(bw_entity_id(c));
			}
			for (size_t k = 0; k < bw_plan_instead_count(p, (bw_plan_list)l, i); k++)
				sink += strlen(bw_entity_id(bw_plan_instead(p, (bw_plan_list)l, i, k)));
		}
	(void)sink;
	bw_plan_free(p);
}

static void walk_screen(const bw_db *db, const char *const *c, size_t n)
{
	bw_screen *s;
	volatile size_t sink = 0;
	if (bw_screen_new(&s, db, c, n, NULL) != BW_OK)
		return;
	check_screen(s);
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		int match;
		const bw_rule *r = bw_screen_line_rule(s, i, &match);
		const bw_fact *f = bw_screen_line_fact(s, i);
		char buf[256];
		sink += strlen(bw_screen_action_name(bw_screen_line_action(s, i)));
		sink += r ? strlen(bw_rule_reason(r)) : strlen(bw_fact_text(f));
		if (r && match >= 0)
			sink += bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
		sink += bw_screen_line_site(s, i) != NULL;
		sink += bw_screen_line_position(s, i) != NULL;
		sink += bw_screen_line_pressure(s, i) != NULL;
	}
	(void)sink;
	bw_screen_free(s);
}

/* A map drawn from whatever opened must be one NUL-terminated document of
 * the length reported, starting as an XML document does. */
static void check_map(bw_status st, char *svg, size_t len)
{
	if (st == BW_OK && (strlen(svg) != len || strncmp(svg, "<?xml", 5) != 0))
		__builtin_trap();
	if (st != BW_OK && svg)
		__builtin_trap();
	bw_map_free(svg);
}

static void walk_maps(const bw_db *db, const char *const *conds, size_t nc)
{
	char *svg = NULL;
	size_t len = 0;
	bw_status st;
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_MUSCLE) && i < 8; i++) {
		st = bw_map_muscle(&svg, &len, db, bw_entity_id(bw_db_entity_at(
		                   db, BW_KIND_MUSCLE, i)), NULL);
		check_map(st, svg, len);
	}
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_SYMPTOM) && i < 8; i++) {
		st = bw_map_symptom(&svg, &len, db, bw_entity_id(bw_db_entity_at(
		                    db, BW_KIND_SYMPTOM, i)), NULL);
		check_map(st, svg, len);
	}
	if (nc) {
		st = bw_map_screen(&svg, &len, db, conds, nc, NULL);
		check_map(st, svg, len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bwi_blob blob = { "fuzz.xml", data, size };
	const char *conds[MAXC];
	size_t nc = 0;
	bw_db *db;
	bw_plan *p;
	bw_results *res;
	bw_error err;
	if (bwi_db_open_layers(&db, &blob, 1, NULL, 0, &err) != BW_OK)
		return 0;
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT); i++)
		walk_entity(bw_db_entity_at(db, BW_KIND_COUNT, i));
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_CONDITION) && nc < MAXC; i++)
		conds[nc++] = bw_entity_id(bw_db_entity_at(db, BW_KIND_CONDITION, i));
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_MUSCLE); i++) {
		const char *m = bw_entity_id(bw_db_entity_at(db, BW_KIND_MUSCLE, i));
		if (bw_plan_new(&p, db, m, conds, nc, NULL) == BW_OK)
			walk_plan(db, p);
		for (size_t c = 0; c < nc; c++)
			if (bw_plan_new(&p, db, m, conds + c, 1, NULL) == BW_OK)
				walk_plan(db, p);
	}
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_TECHNIQUE); i++)
		if (bw_plan_restrictions(&p, db, bw_entity_id(bw_db_entity_at(
		                         db, BW_KIND_TECHNIQUE, i)), NULL) == BW_OK)
			walk_plan(db, p);
	walk_screen(db, conds, nc);
	walk_maps(db, conds, nc);
	for (size_t c = 0; c < nc; c++)
		walk_screen(db, conds + c, 1);
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT) && i < 64; i++)
		if (bw_search(&res, db, bw_entity_name(bw_db_entity_at(db, BW_KIND_COUNT, i)),
		              NULL, NULL) == BW_OK) {
			check_results(db, res, NULL, 0);
			bw_results_free(res);
		}
	bw_db_close(db);
	return 0;
}
