/*
 * plan.c: which techniques for a muscle are safe for a client, and why each
 * excluded one is excluded.  bw_plan_new does the work: it takes the
 * techniques aimed at the muscle and applies every rule of the client's
 * conditions.
 *
 *   bw_plan MUSCLE [CONDITION...]       plan against the bundled corpus
 *   BODYWORK_CORPUS=PATH bw_plan ...    plan against another corpus
 */
#include <stdio.h>

#include <bodywork.h>

static void print_list(const bw_plan *plan, bw_plan_list list)
{
	char match[256];

	printf("%s:\n", list == BW_PLAN_ALLOWED ? "Allowed" : "Excluded");
	for (size_t i = 0; i < bw_plan_count(plan, list); i++) {
		printf("  %s\n", bw_entity_name(bw_plan_technique(plan, list, i)));
		for (size_t k = 0; k < bw_plan_reason_count(plan, list, i); k++) {
			const bw_entity *condition;
			int m;
			const bw_rule *r = bw_plan_reason(plan, list, i, k, &condition, &m);
			if (m >= 0)
				bw_rule_match_format(match, sizeof(match), r, (size_t)m);
			printf("    %s, %s%s%s: %s\n", bw_entity_name(condition),
			       bw_severity_name(bw_rule_severity(r)), m >= 0 ? " on " : "",
			       m >= 0 ? match : "", bw_rule_reason(r));
			if (bw_rule_adjustment(r))
				printf("      instead: %s\n", bw_rule_adjustment(r));
		}
		/* the techniques its rules name instead, less any excluded */
		for (size_t k = 0; k < bw_plan_instead_count(plan, list, i); k++)
			printf("    use instead: %s\n",
			       bw_entity_name(bw_plan_instead(plan, list, i, k)));
	}
}

int main(int argc, char **argv)
{
	bw_db *db;
	bw_plan *plan;
	bw_error err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s MUSCLE [CONDITION...]\n", argv[0]);
		return 2;
	}
	if (bw_db_open_default(&db, &err) != BW_OK) {
		fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.column,
		        err.message);
		return 2;
	}
	if (bw_plan_new(&plan, db, argv[1], (const char *const *)argv + 2,
	                (size_t)argc - 2, &err) != BW_OK) {
		fprintf(stderr, "%s\n", err.message);
		bw_db_close(db);
		return 1;
	}
	printf("%s, for a client with %zu condition(s)\n",
	       bw_entity_name(bw_plan_muscle(plan)), bw_plan_condition_count(plan));
	print_list(plan, BW_PLAN_ALLOWED);
	print_list(plan, BW_PLAN_EXCLUDED);
	bw_plan_free(plan);
	bw_db_close(db);
	return 0;
}
