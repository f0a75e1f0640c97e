/*
 * browse.c: "bodywork list [KIND]" and "bodywork stats".  A plain list
 * walks bw_db_entity_at in kind and id order; with filters (--region hip,
 * --evidence disputed, ...) it becomes a filter-only query for bw_search,
 * which keeps exactly the entities the filters match, in the same order,
 * read a page at a time.  stats counts entities with bw_db_count and the
 * sourced facts and rules of each evidence grade.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The filter query: kind:K and name:"value" for each filter option (every
 * list option with a value).  NULL when there are no filters. */
static char *filter_query(const cli *c, const char *kind, int *st)
{
	size_t len = 32 + (kind ? strlen(kind) : 0), n = 0;
	char *q;

	*st = EXIT_ANSWER;
	for (size_t i = 0; i < c->nopts; i++) {
		if (c->opts[i].value && strchr(c->opts[i].value, '"')) {
			*st = out_fail(EXIT_USAGE, "--%s: a value may not hold '\"'",
			               c->opts[i].name);
			return NULL;
		}
		if (c->opts[i].value)
			len += strlen(c->opts[i].name) + strlen(c->opts[i].value) + 4;
	}
	if (len == 32 + (kind ? strlen(kind) : 0) || !(q = malloc(len)))
		return NULL;
	n = (size_t)sprintf(q, "%s%s", kind ? "kind:" : "", kind ? kind : "");
	for (size_t i = 0; i < c->nopts; i++)
		if (c->opts[i].value)
			n += (size_t)sprintf(q + n, " %s:\"%s\"", c->opts[i].name,
			                     c->opts[i].value);
	return q;
}

/* Every entity the filter query keeps, a page of 1000 at a time. */
static int search_all(const bw_db *db, const char *q, entities *out)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_results *r;
	bw_error err;
	bw_status st;
	size_t total;

	o.limit = 1000;
	do {
		if ((st = bw_search(&r, db, q, &o, &err)) != BW_OK)
			return out_status(st, &err);
		for (size_t i = 0; i < bw_results_count(r); i++)
			if (entities_add(out, bw_results_entity(r, i), 0) != 0)
				st = BW_ENOMEM;
		total = bw_results_total(r);
		o.offset += bw_results_count(r);
		bw_results_free(r);
		if (st != BW_OK)
			return out_status(st, NULL);
	} while (o.offset < total);
	return EXIT_ANSWER;
}

static json_t *list_json(const cli *c, const char *kind, const entities *l)
{
	json_t *filters = json_object(), *list = json_array();

	for (size_t i = 0; i < c->nopts; i++) {
		json_t *values;
		if (!c->opts[i].value)
			continue;
		if (!(values = json_object_get(filters, c->opts[i].name))) {
			values = json_array();
			json_object_set_new(filters, c->opts[i].name, values);
		}
		json_array_append_new(values, j_str(c->opts[i].value));
	}
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(list, j_entity(l->v[i]));
	return json_pack("{s:o, s:o, s:I, s:o}", "kind", j_str(kind), "filters",
	                 filters, "count", (json_int_t)l->n, "entities", list);
}

static void list_text(const cli *c, const entities *l)
{
	char buf[512];
	int w = 0, col = 0;

	for (size_t i = 0; i < l->n; i++)
		if ((int)strlen(bw_entity_id(l->v[i])) + 2 > w)
			w = (int)strlen(bw_entity_id(l->v[i])) + 2;
	if (w > 32)
		w = 32;
	for (size_t i = 0; i < l->n; i++) {
		if (cli_value(c, "ids")) {
			out_text(stdout, bw_entity_id(l->v[i]),
			         strlen(bw_entity_id(l->v[i])));
			putchar('\n');
			continue;
		}
		out_label(&col, 0, w, bw_entity_id(l->v[i]), OUT_CYAN);
		out_words(&col, w, bw_entity_name(l->v[i]), OUT_BOLD);
		out_words(&col, w, entity_detail(l->v[i], buf, sizeof(buf)), OUT_DIM);
		out_end(&col);
	}
}

int cmd_list(const cli *c)
{
	const char *kind = NULL;
	entities l = {0};
	bw_kind k = BW_KIND_COUNT;
	bw_db *db;
	char *q;
	int st;

	if (c->nargs && strcmp(c->args[0], "all") != 0) {
		if (cli_kind_parse(&k, c->args[0]) != EXIT_ANSWER)
			return EXIT_USAGE;
		kind = bw_kind_name(k);
	}
	q = filter_query(c, kind, &st);
	if (st != EXIT_ANSWER || (st = cli_open(c, &db)) != EXIT_ANSWER) {
		free(q);
		return st;
	}
	if (q) {
		st = search_all(db, q, &l);
	} else {
		const bw_entity *e;
		for (size_t i = 0; st == EXIT_ANSWER &&
		                   (e = bw_db_entity_at(db, k, i)); i++)
			if (entities_add(&l, e, 0) != 0)
				st = out_status(BW_ENOMEM, NULL);
	}
	if (st == EXIT_ANSWER) {
		st = l.n ? EXIT_ANSWER : EXIT_NOTHING;
		if (c->json)
			st = out_json(list_json(c, kind, &l), st);
		else
			list_text(c, &l);
	}
	free(l.v);
	free(q);
	st = cli_close(db, st);
	return st;
}

/* ----- stats ----- */

/* Sourced facts and rules of kind k per evidence grade, into count. */
static void count_grades(const bw_db *db, bw_kind k, size_t *count)
{
	const bw_entity *e;
	for (size_t i = 0; (e = bw_db_entity_at(db, k, i)); i++) {
		for (int f = 0; f < BW_FIELD_COUNT; f++)
			for (size_t j = 0; j < bw_entity_fact_count(e, (bw_field)f); j++) {
				const bw_fact *x = bw_entity_fact(e, (bw_field)f, j);
				bw_evidence ev = bw_fact_evidence(x);
				if (bw_fact_source(x) && ev < BW_EVIDENCE_COUNT)
					count[ev]++;
			}
		for (size_t j = 0; j < bw_entity_rule_count(e); j++)
			if (bw_rule_evidence(bw_entity_rule(e, j)) < BW_EVIDENCE_COUNT)
				count[bw_rule_evidence(bw_entity_rule(e, j))]++;
	}
}

/* Row k of the table: a kind, or the total when k is BW_KIND_COUNT. */
static const char *row_name(int k)
{
	return k < BW_KIND_COUNT ? bw_kind_name((bw_kind)k) : "total";
}

static json_t *stats_json(const bw_db *db,
                          size_t grades[][BW_EVIDENCE_COUNT])
{
	json_t *o = json_object();
	for (int k = 0; k <= BW_KIND_COUNT; k++) {
		json_t *ev = json_object();
		for (int g = 0; g < BW_EVIDENCE_COUNT; g++)
			json_object_set_new(ev, bw_evidence_name((bw_evidence)g),
			                    json_integer((json_int_t)grades[k][g]));
		json_object_set_new(o, row_name(k), json_pack("{s:I, s:o}",
			"entities", (json_int_t)bw_db_count(db, (bw_kind)k),
			"evidence", ev));
	}
	return o;
}

static void stats_text(const bw_db *db, size_t grades[][BW_EVIDENCE_COUNT])
{
	printf("%s%11s%10s", out_sgr(OUT_BOLD), "", "entities");
	for (int g = 0; g < BW_EVIDENCE_COUNT; g++)
		printf("%*s", (int)strlen(bw_evidence_name((bw_evidence)g)) + 2,
		       bw_evidence_name((bw_evidence)g));
	printf("%s\n", out_sgr(OUT_PLAIN));
	for (int k = 0; k <= BW_KIND_COUNT; k++) {
		out_style s = k < BW_KIND_COUNT ? OUT_CYAN : OUT_BOLD;
		printf("%s%-11s%s%10zu", out_sgr(s), row_name(k), out_sgr(OUT_PLAIN),
		       bw_db_count(db, (bw_kind)k));
		for (int g = 0; g < BW_EVIDENCE_COUNT; g++)
			printf("%*zu", (int)strlen(bw_evidence_name((bw_evidence)g)) + 2,
			       grades[k][g]);
		putchar('\n');
	}
}

int cmd_stats(const cli *c)
{
	size_t grades[BW_KIND_COUNT + 1][BW_EVIDENCE_COUNT] = {{0}};
	bw_db *db;
	int st = cli_open(c, &db);

	if (st != EXIT_ANSWER)
		return st;
	for (int k = 0; k < BW_KIND_COUNT; k++) {
		count_grades(db, (bw_kind)k, grades[k]);
		for (int g = 0; g < BW_EVIDENCE_COUNT; g++)
			grades[BW_KIND_COUNT][g] += grades[k][g];
	}
	if (!bw_db_count(db, BW_KIND_COUNT))
		st = EXIT_NOTHING;
	if (c->json)
		st = out_json(stats_json(db, grades), st);
	else
		stats_text(db, grades);
	st = cli_close(db, st);
	return st;
}
