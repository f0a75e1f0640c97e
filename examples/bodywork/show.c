/*
 * show.c: "bodywork show NAME", one entity in full.  The entity is found
 * with bw_db_lookup; every field comes from bw_entity_fact over every
 * bw_field, a condition's rules from bw_entity_rule with the techniques each
 * applies to (bw_rule_applies), what refers to the entity from
 * bw_entity_backref (for a body site, the techniques making contact there),
 * a site's place among the others from bw_site_within, a group's members
 * and a muscle's groups from the member facts and their back-references
 * (BW_FIELD_MEMBER), a technique's
 * restricting conditions from bw_plan_restrictions, and the sources cited
 * from the facts themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The distinct sources an entity's facts, corrections and rules cite, in
 * the order first cited. */
static int collect_sources(const bw_entity *e, entities *s)
{
	int failed = 0;
	for (int f = 0; f < BW_FIELD_COUNT; f++)
		for (size_t i = 0; i < bw_entity_fact_count(e, (bw_field)f); i++) {
			const bw_fact *x = bw_entity_fact(e, (bw_field)f, i);
			failed |= entities_add(s, bw_fact_source(x), 1);
			failed |= entities_add(s, bw_fact_correction_source(x), 1);
		}
	for (size_t i = 0; i < bw_entity_rule_count(e); i++)
		failed |= entities_add(s, bw_rule_source(bw_entity_rule(e, i)), 1);
	return failed;
}

static const char *backref_label(bw_field f)
{
	switch (f) {
	case BW_FIELD_TARGET: return "targeted by";
	case BW_FIELD_CAUSES: return "caused by";
	case BW_FIELD_RELATED: return "related by";
	case BW_FIELD_CONTACT: return "contacted by";
	default: return bw_field_name(f);
	}
}

/* The list a technique's restrictions put it in, or -1 for none. */
static int restricted(const bw_plan *p)
{
	if (!p)
		return -1;
	return bw_plan_count(p, BW_PLAN_EXCLUDED) ? BW_PLAN_EXCLUDED
	                                          : BW_PLAN_ALLOWED;
}

/* The body sites that lie directly within site e, in id order. */
static int sites_within(const bw_db *db, const bw_entity *e, entities *out)
{
	const bw_entity *s;
	int failed = 0;
	for (size_t i = 0; (s = bw_db_entity_at(db, BW_KIND_SITE, i)); i++)
		if (bw_site_within(s) == e)
			failed |= entities_add(out, s, 0);
	return failed;
}

/* The other side of membership: a group's member muscles (its member
 * facts), or the groups a muscle belongs to (their back-references), in
 * the order the library gives them. */
static int group_links(const bw_entity *e, entities *out)
{
	const bw_field m = BW_FIELD_MEMBER;
	const bw_entity *by;
	int failed = 0;
	for (size_t i = 0; i < bw_entity_fact_count(e, m); i++) {
		const bw_fact *x = bw_entity_fact(e, m, i);
		failed |= entities_add(out, bw_fact_target(x), 1);
	}
	for (size_t i = 0; i < bw_entity_backref_count(e, m); i++) {
		bw_entity_backref(e, m, i, &by);
		failed |= entities_add(out, by, 1);
	}
	return failed;
}

static json_t *show_json(const bw_db *db, const bw_entity *e,
                         const entities *src, const bw_plan *restrictions,
                         const entities *inner, const entities *links)
{
	json_t *o = j_entity(e), *facts = json_object(), *rules = json_array();
	json_t *refs = json_object(), *cited = json_array(), *restr = json_null();

	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		json_t *list = json_array(), *from = json_array();
		for (size_t i = 0; i < bw_entity_fact_count(e, (bw_field)f); i++)
			json_array_append_new(list,
			                      j_fact(bw_entity_fact(e, (bw_field)f, i)));
		for (size_t i = 0; i < bw_entity_backref_count(e, (bw_field)f); i++) {
			const bw_entity *by;
			const bw_fact *x = bw_entity_backref(e, (bw_field)f, i, &by);
			json_array_append_new(from, json_pack("{s:o, s:o}", "from",
			                      j_ref(by), "fact", j_fact(x)));
		}
		/* only the fields that hold something */
		if (json_array_size(list))
			json_object_set(facts, bw_field_name((bw_field)f), list);
		if (json_array_size(from))
			json_object_set(refs, bw_field_name((bw_field)f), from);
		json_decref(list);
		json_decref(from);
	}
	for (size_t i = 0; i < bw_entity_rule_count(e); i++) {
		const bw_rule *r = bw_entity_rule(e, i);
		json_t *rule = j_rule(r, NULL, -1), *applies = json_array();
		entities instead = {0};
		size_t n;
		const bw_entity **ts = rule_techniques(db, r, &n);
		for (size_t k = 0; k < n; k++)
			json_array_append_new(applies, j_ref(ts[k]));
		free(ts);
		rule_instead(r, &instead);
		json_object_set_new(rule, "instead", j_refs(&instead));
		free(instead.v);
		json_object_set_new(rule, "applies_to", applies);
		json_array_append_new(rules, rule);
	}
	for (size_t i = 0; i < src->n; i++)
		json_array_append_new(cited, j_entity(src->v[i]));
	if (restricted(restrictions) >= 0) {
		bw_plan_list l = (bw_plan_list)restricted(restrictions);
		entities instead = {0};
		plan_instead(restrictions, l, 0, &instead);
		restr = json_pack("{s:b, s:o, s:o}", "excluded",
		                  l == BW_PLAN_EXCLUDED,
		                  "reasons", j_plan_reasons(restrictions, l, 0),
		                  "instead", j_refs(&instead));
		free(instead.v);
	}
	if (bw_entity_kind(e) == BW_KIND_SITE) {
		json_object_set_new(o, "within", j_ref(bw_site_within(e)));
		json_object_set_new(o, "contains", j_refs(inner));
	}
	if (bw_entity_kind(e) == BW_KIND_GROUP)
		json_object_set_new(o, "members", j_refs(links));
	if (bw_entity_kind(e) == BW_KIND_MUSCLE)
		json_object_set_new(o, "groups", j_refs(links));
	json_object_set_new(o, "facts", facts);
	json_object_set_new(o, "rules", rules);
	json_object_set_new(o, "referenced_by", refs);
	json_object_set_new(o, "restrictions", restr);
	json_object_set_new(o, "sources", cited);
	return o;
}

static void print_rules(const bw_db *db, const bw_entity *e)
{
	if (bw_entity_rule_count(e))
		print_heading("Rules");
	for (size_t i = 0; i < bw_entity_rule_count(e); i++) {
		const bw_rule *r = bw_entity_rule(e, i);
		size_t n;
		const bw_entity **ts = rule_techniques(db, r, &n);
		int col;
		print_rule(2, r, NULL, -1);
		out_label(&col, 4, LABEL_WIDTH - 2, "applies to", OUT_DIM);
		if (!n)
			out_words(&col, 2 + LABEL_WIDTH, "no technique", OUT_PLAIN);
		for (size_t k = 0; k < n; k++) {
			char id[300];
			snprintf(id, sizeof(id), "%s%s", bw_entity_id(ts[k]),
			         k + 1 < n ? "," : "");
			out_words(&col, 2 + LABEL_WIDTH, id, OUT_PLAIN);
		}
		out_end(&col);
		free(ts);
	}
}

/* The groups muscle e belongs to, a row each with the member fact's
 * source and grade, under "groups:". */
static void print_groups(const bw_entity *e)
{
	const bw_field m = BW_FIELD_MEMBER;
	for (size_t i = 0; i < bw_entity_backref_count(e, m); i++) {
		const bw_entity *group;
		const bw_fact *x = bw_entity_backref(e, m, i, &group);
		int col;
		out_label(&col, 2, LABEL_WIDTH, i ? "" : "groups:", OUT_CYAN);
		print_link(&col, 2 + LABEL_WIDTH, group, x);
		print_cite(&col, 2 + LABEL_WIDTH, bw_fact_source(x),
		           bw_fact_evidence(x));
		out_end(&col);
	}
}

/* What refers to e; a muscle's groups are printed with its header. */
static void print_backrefs(const bw_entity *e)
{
	int heading = 0;
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		size_t n = f == BW_FIELD_MEMBER ? 0
		           : bw_entity_backref_count(e, (bw_field)f);
		for (size_t i = 0; i < n; i++) {
			const bw_entity *by;
			const bw_fact *x = bw_entity_backref(e, (bw_field)f, i, &by);
			int col;
			if (!heading++)
				print_heading("Referred to by");
			out_label(&col, 2, LABEL_WIDTH, backref_label((bw_field)f),
			          OUT_CYAN);
			print_link(&col, 2 + LABEL_WIDTH, by, x);
			print_cite(&col, 2 + LABEL_WIDTH, bw_fact_source(x),
			           bw_fact_evidence(x));
			out_end(&col);
		}
	}
}

/* A site's place: the site it lies within, and those within it. */
static void print_place(const bw_entity *e, const entities *inner)
{
	const bw_entity *up = bw_site_within(e);
	entities within = {&up, 1, 1};
	if (up)
		print_refs_row(2, LABEL_WIDTH, "within", OUT_CYAN, &within);
	print_refs_row(2, LABEL_WIDTH, "contains", OUT_CYAN, inner);
}

static void show_text(const bw_db *db, const bw_entity *e, entities *src,
                      const bw_plan *restrictions, const entities *inner)
{
	char buf[512];
	int col = 0, l = restricted(restrictions);

	print_ref_kind(&col, 0, e);
	out_end(&col);
	for (size_t i = 0; i < bw_entity_fact_count(e, BW_FIELD_SUMMARY); i++) {
		const bw_fact *f = bw_entity_fact(e, BW_FIELD_SUMMARY, i);
		out_words(&col, 2, bw_fact_text(f), OUT_PLAIN);
		print_cite(&col, 2, bw_fact_source(f), bw_fact_evidence(f));
		out_end(&col);
	}
	putchar('\n');
	if (bw_entity_region_count(e)) {
		out_label(&col, 2, LABEL_WIDTH, "region", OUT_CYAN);
		for (size_t i = 0; i < bw_entity_region_count(e); i++)
			out_words(&col, 2 + LABEL_WIDTH, bw_entity_region(e, i), OUT_PLAIN);
		out_end(&col);
	}
	for (const char *const *a = entity_attrs; *a; a++)
		if (bw_entity_attr(e, *a) && strcmp(*a, "within") != 0)
			print_row(*a, bw_entity_attr(e, *a));
	print_place(e, inner);
	print_groups(e);
	for (int f = 0; f < BW_FIELD_COUNT; f++)
		for (size_t i = 0; f != BW_FIELD_SUMMARY &&
		                   i < bw_entity_fact_count(e, (bw_field)f); i++)
			print_fact(2, bw_entity_fact(e, (bw_field)f, i), i);
	print_rules(db, e);
	print_backrefs(e);
	if (l >= 0 && bw_plan_reason_count(restrictions, (bw_plan_list)l, 0)) {
		print_heading(l == BW_PLAN_EXCLUDED ? "Restricted by (excluded)"
		                                    : "Restricted by (cautions)");
		print_plan_reasons(2, restrictions, (bw_plan_list)l, 0);
	}
	if (src->n)
		print_heading("Sources");
	for (size_t i = 0; i < src->n; i++) {
		out_label(&col, 2, LABEL_WIDTH, bw_entity_id(src->v[i]), OUT_CYAN);
		out_words(&col, 2 + LABEL_WIDTH, bw_entity_name(src->v[i]), OUT_PLAIN);
		out_words(&col, 2 + LABEL_WIDTH,
		          entity_detail(src->v[i], buf, sizeof(buf)), OUT_DIM);
		out_end(&col);
	}
	snprintf(buf, sizeof(buf), "defined at %s:%lu", bw_entity_file(e),
	         bw_entity_line(e));
	putchar('\n');
	out_words(&col, 0, buf, OUT_DIM);
	out_end(&col);
}

/* The code that named e when the argument was a code ("I80.29" finding
 * the entry coded I80.2), else NULL. */
static const bw_fact *code_named(const bw_db *db, const char *arg,
                                 const bw_entity *e)
{
	const bw_entity *by_code;
	const bw_fact *code;
	if (bw_db_lookup_code(&by_code, &code, db, arg, NULL) != BW_OK ||
	    by_code != e)
		return NULL;
	return code;
}

static int show(const cli *c, const bw_db *db, const bw_entity *e)
{
	entities src = {0}, inner = {0}, links = {0};
	bw_plan *restrictions = NULL;
	bw_error err;
	int st = EXIT_ANSWER;
	const bw_fact *code = code_named(db, c->args[0], e);

	if (collect_sources(e, &src) != 0 || sites_within(db, e, &inner) != 0 ||
	    group_links(e, &links) != 0)
		st = out_status(BW_ENOMEM, NULL);
	else if (bw_entity_kind(e) == BW_KIND_TECHNIQUE &&
	    bw_plan_restrictions(&restrictions, db, bw_entity_id(e), &err) != BW_OK)
		st = out_status(err.code, &err);
	else if (c->json) {
		json_t *o = show_json(db, e, &src, restrictions, &inner, &links);
		json_object_set_new(o, "matched_code", code ?
			json_pack("{s:s, s:s, s:s}", "system", bw_fact_qualifier(code),
			          "code", bw_fact_text(code), "given", c->args[0]) :
			json_null());
		st = out_json(o, EXIT_ANSWER);
	} else {
		if (code) {
			char buf[200];
			snprintf(buf, sizeof buf, "%s %s (for %s)",
			         bw_fact_qualifier(code), bw_fact_text(code), c->args[0]);
			print_row("matched code", buf);
		}
		show_text(db, e, &src, restrictions, &inner);
	}
	bw_plan_free(restrictions);
	free(src.v);
	free(inner.v);
	free(links.v);
	return st;
}

int cmd_show(const cli *c)
{
	return cli_on_entity(c, show);
}
