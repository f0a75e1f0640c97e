/*
 * lookup.c: look an entity up by id, name or alias and print every fact it
 * holds, each with its source and evidence grade.
 *
 *   bw_lookup NAME               search the bundled corpus
 *   bw_lookup NAME PATH...       search these corpus files or folders
 */
#include <stdio.h>

#include <bodywork.h>

static void print_fact(const bw_fact *f)
{
	const bw_entity *src = bw_fact_source(f);
	char levels[64];
	printf("  %-13s %s", bw_field_name(bw_fact_field(f)), bw_fact_text(f));
	if (bw_fact_qualifier(f))
		printf(" (%s)", bw_fact_qualifier(f));
	if (bw_levels_format(levels, sizeof(levels), bw_fact_levels(f)))
		printf(" [%s]", levels);
	if (src)
		printf("  <%s; %s>", bw_entity_id(src),
		       bw_evidence_name(bw_fact_evidence(f)));
	printf("\n");
	if (bw_fact_correction(f))
		printf("  %-13s %s  <%s>\n", "  correction", bw_fact_correction(f),
		       bw_entity_id(bw_fact_correction_source(f)));
}

int main(int argc, char **argv)
{
	bw_db *db;
	const bw_entity *e;
	bw_error err;
	bw_status st;

	if (argc < 2) {
		fprintf(stderr, "usage: %s NAME [CORPUS-PATH...]\n", argv[0]);
		return 2;
	}
	st = argc > 2 ? bw_db_open(&db, (const char *const *)argv + 2,
	                           (size_t)argc - 2, &err)
	              : bw_db_open_default(&db, &err);
	if (st != BW_OK) {
		fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.column,
		        err.message);
		return 2;
	}
	if (bw_db_lookup(&e, db, argv[1], &err) != BW_OK) {
		fprintf(stderr, "%s\n", err.message);
		bw_db_close(db);
		return 1;
	}
	printf("%s (%s %s)\n", bw_entity_name(e),
	       bw_kind_name(bw_entity_kind(e)), bw_entity_id(e));
	for (int field = 0; field < BW_FIELD_COUNT; field++)
		for (size_t i = 0; i < bw_entity_fact_count(e, (bw_field)field); i++)
			print_fact(bw_entity_fact(e, (bw_field)field, i));
	for (size_t i = 0; i < bw_entity_rule_count(e); i++) {
		const bw_rule *r = bw_entity_rule(e, i);
		const bw_entity *site = bw_rule_site(r);
		printf("  rule          %s%s%s: %s\n",
		       bw_severity_label(bw_rule_severity(r)), site ? " at " : "",
		       site ? bw_entity_name(site) : "", bw_rule_reason(r));
		if (bw_rule_adjustment(r))
			printf("    instead     %s\n", bw_rule_adjustment(r));
	}
	bw_db_close(db);
	return 0;
}
