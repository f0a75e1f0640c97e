/*
 * plan.c: "bodywork plan MUSCLE --condition C ...", the technique planner.
 * bw_plan_new splits the techniques aimed at the muscle into allowed (with
 * cautions) and excluded for a client with the conditions, each with every
 * reason and the techniques to use instead (bw_plan_instead, which never
 * offers one the conditions exclude); this file only prints the plan, under
 * a banner when a condition says stop and refer or needs medical
 * clearance.  The reasons of one technique are also what show prints for a
 * technique (bw_plan_restrictions).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char *const list_names[BW_PLAN_LIST_COUNT] = {"allowed",
                                                           "excluded"};

json_t *j_plan_reasons(const bw_plan *p, bw_plan_list l, size_t i)
{
	json_t *a = json_array();
	for (size_t k = 0; k < bw_plan_reason_count(p, l, i); k++) {
		const bw_entity *condition;
		int match;
		const bw_rule *r = bw_plan_reason(p, l, i, k, &condition, &match);
		json_array_append_new(a, j_rule(r, condition, match));
	}
	return a;
}

/* The techniques the plan offers in place of technique i of list l;
 * -1 when out of memory.  out->v is the caller's to free. */
int plan_instead(const bw_plan *p, bw_plan_list l, size_t i, entities *out)
{
	int failed = 0;
	for (size_t k = 0; k < bw_plan_instead_count(p, l, i); k++)
		failed |= entities_add(out, bw_plan_instead(p, l, i, k), 1);
	return failed;
}

/* The reasons, then "instead  Name (id), ..." when the plan offers any. */
void print_plan_reasons(int indent, const bw_plan *p, bw_plan_list l,
                        size_t i)
{
	entities instead = {0};
	for (size_t k = 0; k < bw_plan_reason_count(p, l, i); k++) {
		const bw_entity *condition;
		int match;
		const bw_rule *r = bw_plan_reason(p, l, i, k, &condition, &match);
		print_rule(indent, r, condition, match);
	}
	plan_instead(p, l, i, &instead); /* out of memory: fewer shown */
	print_refs_row(indent, LABEL_WIDTH, "instead", OUT_GREEN, &instead);
	free(instead.v);
}

/* The plan's alerts: every reason that is a red flag or needs clearance,
 * and the conditions' rules that hold for the whole session whatever the
 * technique (every red flag, and a clearance with no match). */
int plan_alerts(const bw_plan *p, alerts *a)
{
	int failed = 0;
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++)
		for (size_t i = 0; i < bw_plan_count(p, (bw_plan_list)l); i++)
			for (size_t k = 0;
			     k < bw_plan_reason_count(p, (bw_plan_list)l, i); k++)
				failed |= alerts_add(a, bw_plan_reason(p, (bw_plan_list)l,
				                                       i, k, NULL, NULL));
	for (size_t i = 0; i < bw_plan_condition_count(p); i++) {
		const bw_entity *c = bw_plan_condition(p, i);
		for (size_t k = 0; k < bw_entity_rule_count(c); k++) {
			const bw_rule *r = bw_entity_rule(c, k);
			if (bw_rule_severity(r) == BW_SEVERITY_RED_FLAG ||
			    !bw_rule_match_count(r))
				failed |= alerts_add(a, r);
		}
	}
	return failed;
}

json_t *plan_json(const bw_plan *p, const alerts *a)
{
	json_t *o = json_pack("{s:o}", "muscle", j_ref(bw_plan_muscle(p)));
	json_t *conditions = json_array();

	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		json_array_append_new(conditions, j_ref(bw_plan_condition(p, i)));
	json_object_set_new(o, "conditions", conditions);
	json_object_set_new(o, "alerts", j_alerts(a));
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		json_t *list = json_array();
		for (size_t i = 0; i < bw_plan_count(p, (bw_plan_list)l); i++) {
			entities instead = {0};
			plan_instead(p, (bw_plan_list)l, i, &instead);
			json_array_append_new(list, json_pack("{s:o, s:o, s:o}",
				"technique", j_entity(bw_plan_technique(p, (bw_plan_list)l, i)),
				"reasons", j_plan_reasons(p, (bw_plan_list)l, i),
				"instead", j_refs(&instead)));
			free(instead.v);
		}
		json_object_set_new(o, list_names[l], list);
	}
	return o;
}

void plan_text(const bw_plan *p, const alerts *a)
{
	static const char *const titles[BW_PLAN_LIST_COUNT] = {"Allowed",
	                                                       "Excluded"};
	char buf[512];
	int col = 0;

	print_alerts(a);
	out_words(&col, 0, "Plan for", OUT_PLAIN);
	print_ref(&col, 2, bw_plan_muscle(p), "");
	out_end(&col);
	out_label(&col, 2, LABEL_WIDTH, "conditions", OUT_CYAN);
	if (!bw_plan_condition_count(p))
		out_words(&col, 2 + LABEL_WIDTH, "none given", OUT_PLAIN);
	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		print_ref(&col, 2 + LABEL_WIDTH, bw_plan_condition(p, i),
		          i + 1 < bw_plan_condition_count(p) ? "," : "");
	out_end(&col);
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		size_t n = bw_plan_count(p, (bw_plan_list)l);
		snprintf(buf, sizeof(buf), "%s (%zu)", titles[l], n);
		print_heading(buf);
		for (size_t i = 0; i < n; i++) {
			const bw_entity *t = bw_plan_technique(p, (bw_plan_list)l, i);
			print_ref(&col, 2, t, "");
			out_words(&col, 4, entity_detail(t, buf, sizeof(buf)), OUT_DIM);
			out_end(&col);
			print_plan_reasons(4, p, (bw_plan_list)l, i);
		}
	}
}

int cmd_plan(const cli *c)
{
	size_t n;
	const char **conditions = cli_values_alloc(c, "condition", &n);
	bw_db *db = NULL;
	bw_plan *p = NULL;
	alerts a = {0};
	bw_error err;
	int st = conditions ? cli_open(c, &db) : out_status(BW_ENOMEM, NULL);

	if (st == EXIT_ANSWER) {
		bw_status s = bw_plan_new(&p, db, c->args[0], conditions, n, &err);
		if (s != BW_OK)
			st = out_status(s, &err);
		else if (!bw_plan_count(p, BW_PLAN_ALLOWED) &&
		         !bw_plan_count(p, BW_PLAN_EXCLUDED))
			st = EXIT_NOTHING; /* no technique is aimed at the muscle */
	}
	if (p && plan_alerts(p, &a) != 0)
		st = out_status(BW_ENOMEM, NULL);
	else if (p && c->json)
		st = out_json(plan_json(p, &a), st);
	else if (p)
		plan_text(p, &a);
	free(a.v);
	bw_plan_free(p);
	st = cli_close(db, st);
	free(conditions);
	return st;
}
