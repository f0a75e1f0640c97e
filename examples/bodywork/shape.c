/*
 * shape.c: the shapes the subcommands share, each written once as JSON
 * (through jansson) and once as aligned, wrapped text: an entity reference,
 * an entity's header, a fact with its source and evidence grade, and a
 * condition's rule, alone or as the reason a plan gives for a technique.
 * bodywork(1) documents the JSON shapes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The names bw_entity_attr knows, as the header lists them. */
const char *const entity_attrs[] = {"depth", "modality", "lever", "kind",
                                    "category", "type", "within", NULL};

json_t *j_str(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

/* {"id", "kind", "name"}, or null. */
json_t *j_ref(const bw_entity *e)
{
	if (!e)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "id", bw_entity_id(e),
	                 "kind", bw_kind_name(bw_entity_kind(e)),
	                 "name", bw_entity_name(e));
}

/* The entity's codes: [{system, code, source, evidence, shared}]. */
static json_t *j_codes(const bw_entity *e)
{
	json_t *codes = json_array();
	for (size_t i = 0; i < bw_entity_fact_count(e, BW_FIELD_CODE); i++) {
		const bw_fact *f = bw_entity_fact(e, BW_FIELD_CODE, i);
		const bw_entity *src = bw_fact_source(f);
		json_array_append_new(codes, json_pack("{s:o, s:o, s:o, s:o, s:b}",
			"system", j_str(bw_fact_qualifier(f)),
			"code", j_str(bw_fact_text(f)),
			"source", j_str(src ? bw_entity_id(src) : NULL),
			"evidence", j_str(bw_evidence_name(bw_fact_evidence(f))),
			"shared", bw_fact_code_shared(f)));
	}
	return codes;
}

/* A reference with the summary, regions, attributes, codes and where it
 * was defined. */
json_t *j_entity(const bw_entity *e)
{
	json_t *o = j_ref(e), *regions = json_array(), *attrs = json_object();

	for (size_t i = 0; i < bw_entity_region_count(e); i++)
		json_array_append_new(regions, j_str(bw_entity_region(e, i)));
	for (const char *const *a = entity_attrs; *a; a++)
		if (bw_entity_attr(e, *a))
			json_object_set_new(attrs, *a, j_str(bw_entity_attr(e, *a)));
	json_object_set_new(o, "summary", j_str(bw_entity_summary(e)));
	json_object_set_new(o, "regions", regions);
	json_object_set_new(o, "attributes", attrs);
	json_object_set_new(o, "file", j_str(bw_entity_file(e)));
	json_object_set_new(o, "line", json_integer((json_int_t)bw_entity_line(e)));
	json_object_set_new(o, "codes", j_codes(e));
	return o;
}

static const char *levels_text(char *buf, size_t size, const bw_fact *f)
{
	if (!bw_fact_levels(f))
		return NULL;
	bw_levels_format(buf, size, bw_fact_levels(f));
	return buf;
}

static json_t *j_id(const bw_entity *e)
{
	return j_str(e ? bw_entity_id(e) : NULL);
}

json_t *j_fact(const bw_fact *f)
{
	const bw_entity *src = bw_fact_source(f);
	char levels[128];
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
		"text", j_str(bw_fact_text(f)),
		"source", j_id(src),
		"evidence", j_str(src ? bw_evidence_name(bw_fact_evidence(f)) : NULL),
		"levels", j_str(levels_text(levels, sizeof(levels), f)),
		"qualifier", j_str(bw_fact_qualifier(f)),
		"target", j_ref(bw_fact_target(f)),
		"line", (json_int_t)bw_fact_line(f));
	if (bw_fact_correction(f))
		json_object_set_new(o, "correction", json_pack("{s:o, s:o}",
			"text", j_str(bw_fact_correction(f)),
			"source", j_id(bw_fact_correction_source(f))));
	return o;
}

static const char *match_text(char *buf, size_t size, const bw_rule *r,
                              size_t i)
{
	bw_rule_match_format(buf, size, r, i);
	return buf;
}

/* A rule: {"severity", "label", "site", "reason", "adjustment", "prefer",
 * "matches", "source", "evidence", "line"}; as a plan's reason, also
 * "condition" and "matched".  The techniques a rule names instead are
 * left to the callers: a plan offers only those it allows
 * (bw_plan_instead). */
json_t *j_rule(const bw_rule *r, const bw_entity *condition, int match)
{
	char buf[512];
	json_t *matches = json_array(), *prefer = json_array();
	json_t *o = json_pack("{s:s?, s:s?, s:o, s:o, s:o}",
		"severity", bw_severity_name(bw_rule_severity(r)),
		"label", bw_severity_label(bw_rule_severity(r)),
		"site", j_ref(bw_rule_site(r)),
		"reason", j_str(bw_rule_reason(r)),
		"adjustment", j_str(bw_rule_adjustment(r)));

	for (size_t i = 0; i < bw_rule_prefer_count(r); i++)
		json_array_append_new(prefer, j_str(bw_rule_prefer(r, i)));
	for (size_t i = 0; i < bw_rule_match_count(r); i++)
		json_array_append_new(matches,
		                      j_str(match_text(buf, sizeof(buf), r, i)));
	json_object_set_new(o, "prefer", prefer);
	json_object_set_new(o, "matches", matches);
	json_object_set_new(o, "source", j_id(bw_rule_source(r)));
	json_object_set_new(o, "evidence",
	                    j_str(bw_evidence_name(bw_rule_evidence(r))));
	json_object_set_new(o, "line", json_integer((json_int_t)bw_rule_line(r)));
	if (condition) {
		json_object_set_new(o, "condition", j_ref(condition));
		json_object_set_new(o, "matched", j_str(match < 0 ? NULL :
			match_text(buf, sizeof(buf), r, (size_t)match)));
	}
	return o;
}

/* ----- the same as text ----- */

void print_heading(const char *title)
{
	printf("\n%s", out_sgr(OUT_BOLD));
	out_text(stdout, title, strlen(title));
	printf("%s\n", out_sgr(OUT_PLAIN));
}

/* "Name (id)" and then suffix (a separator: "," or ":"). */
void print_ref(int *col, int indent, const bw_entity *e,
               const char *suffix)
{
	char id[300];
	snprintf(id, sizeof(id), "(%s)%s", bw_entity_id(e), suffix);
	out_words(col, indent, bw_entity_name(e), OUT_BOLD);
	out_words(col, indent, id, OUT_DIM);
}

/* "Name (id) kind" */
void print_ref_kind(int *col, int indent, const bw_entity *e)
{
	print_ref(col, indent, e, "");
	out_words(col, indent, bw_kind_name(bw_entity_kind(e)), OUT_MAGENTA);
}

/* "Iliacus (iliacus) blends-with: text": an entity f links to or from,
 * with f's qualifier and its own text (a target fact has none). */
void print_link(int *col, int indent, const bw_entity *e, const bw_fact *f)
{
	const char *q = bw_fact_qualifier(f), *text = bw_fact_text(f);
	const bw_entity *t = bw_fact_target(f);
	int own = !t || strcmp(text, bw_entity_id(t)) != 0;
	char buf[128];

	print_ref(col, indent, e, own && !q ? ":" : "");
	if (q) {
		snprintf(buf, sizeof(buf), "%s%s", q, own ? ":" : "");
		out_words(col, indent, buf, OUT_YELLOW);
	}
	if (own)
		out_words(col, indent, text, OUT_PLAIN);
}

/* "(source-id, grade)"; ev BW_EVIDENCE_COUNT for a source alone. */
void print_cite(int *col, int indent, const bw_entity *src, bw_evidence ev)
{
	char buf[300];
	if (!src)
		return;
	snprintf(buf, sizeof(buf), "(%s%s", bw_entity_id(src),
	         ev < BW_EVIDENCE_COUNT ? "," : ")");
	out_words(col, indent, buf, OUT_DIM);
	if (ev < BW_EVIDENCE_COUNT) {
		snprintf(buf, sizeof(buf), "%s)", bw_evidence_name(ev));
		out_words(col, indent, buf, out_evidence_style(ev));
	}
}

/* One row: the field, the text (a step numbered i + 1, a reference by
 * name), levels, qualifier, source and grade; a disputed fact's correction
 * on a row of its own. */
void print_fact(int indent, const bw_fact *f, size_t i)
{
	const bw_entity *target = bw_fact_target(f);
	const char *q = bw_fact_qualifier(f);
	int col, at = indent + LABEL_WIDTH;
	char buf[128];

	out_label(&col, indent, LABEL_WIDTH, bw_field_name(bw_fact_field(f)),
	          bw_fact_field(f) == BW_FIELD_RED_FLAG ? OUT_RED : OUT_CYAN);
	if (bw_fact_field(f) == BW_FIELD_STEP) {
		snprintf(buf, sizeof(buf), "%zu.", i + 1);
		out_words(&col, at, buf, OUT_PLAIN);
	}
	if (target) {
		print_link(&col, at, target, f);
	} else { /* "so-as (pronunciation)" */
		out_words(&col, at, bw_fact_text(f), OUT_PLAIN);
		if (q) {
			snprintf(buf, sizeof(buf), "(%s)", q);
			out_words(&col, at, buf, OUT_YELLOW);
		}
	}
	if (levels_text(buf + 1, sizeof(buf) - 2, f)) {
		buf[0] = '[';
		strcat(buf, "]");
		out_words(&col, at, buf, OUT_PLAIN);
	}
	print_cite(&col, at, bw_fact_source(f), bw_fact_evidence(f));
	out_end(&col);
	if (bw_fact_correction(f)) {
		out_label(&col, indent + 2, LABEL_WIDTH - 2, "correction", OUT_RED);
		out_words(&col, at, bw_fact_correction(f), OUT_PLAIN);
		print_cite(&col, at, bw_fact_correction_source(f), BW_EVIDENCE_COUNT);
		out_end(&col);
	}
}

/* A row of a header block: a label and text at the text column. */
void print_row(const char *label, const char *text)
{
	int col;
	out_label(&col, 2, LABEL_WIDTH, label, OUT_CYAN);
	out_words(&col, 2 + LABEL_WIDTH, text, OUT_PLAIN);
	out_end(&col);
}

/* A row under another: a dim label, indented two more, and the text at
 * the text column; nothing when text is NULL. */
void print_subrow(int indent, const char *label, const char *text)
{
	int col;
	if (!text)
		return;
	out_label(&col, indent + 2, LABEL_WIDTH - 2, label, OUT_DIM);
	out_words(&col, indent + LABEL_WIDTH, text, OUT_PLAIN);
	out_end(&col);
}

/* A row naming entities, "Name (id), Name (id)", under a label at indent
 * labelw wide; nothing when l is empty. */
void print_refs_row(int indent, int labelw, const char *label, out_style s,
                    const entities *l)
{
	int col;
	if (!l->n)
		return;
	out_label(&col, indent, labelw, label, s);
	for (size_t i = 0; i < l->n; i++)
		print_ref(&col, indent + labelw, l->v[i], i + 1 < l->n ? "," : "");
	out_end(&col);
}

/* The techniques rule r names instead (bw_rule_instead); -1 when out of
 * memory.  l->v is the caller's to free. */
int rule_instead(const bw_rule *r, entities *l)
{
	int failed = 0;
	for (size_t i = 0; i < bw_rule_instead_count(r); i++)
		failed |= entities_add(l, bw_rule_instead(r, i), 1);
	return failed;
}

/* [ref, ...] */
json_t *j_refs(const entities *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, j_ref(l->v[i]));
	return a;
}

/* The colour of a severity: red for what stops work, yellow for a local
 * contraindication, cyan for a caution. */
out_style severity_style(bw_severity s)
{
	static const out_style style[BW_SEVERITY_COUNT] = {
		OUT_RED, OUT_YELLOW, OUT_CYAN, OUT_RED, OUT_RED};
	return s < BW_SEVERITY_COUNT ? style[s] : OUT_PLAIN;
}

/*
 * A rule under its severity in words ("local contraindication"): the
 * condition (for a plan's reason), the reason with source and grade, then
 * its site, its matches (for a plan's reason, the one that held), the
 * adjustment to make, the positions to prefer and, for a rule alone, the
 * techniques it names instead (a plan names only those it allows).
 */
void print_rule(int indent, const bw_rule *r, const bw_entity *condition,
                  int match)
{
	bw_severity s = bw_rule_severity(r);
	const bw_entity *site = bw_rule_site(r);
	entities l = {&site, 1, 1};
	int col, at = indent + LABEL_WIDTH;
	char buf[512];
	size_t n = 0;

	out_label(&col, indent, LABEL_WIDTH, bw_severity_label(s) ?
	          bw_severity_label(s) : "rule", severity_style(s));
	if (condition)
		print_ref(&col, at, condition, ":");
	out_words(&col, at, bw_rule_reason(r), OUT_PLAIN);
	print_cite(&col, at, bw_rule_source(r), bw_rule_evidence(r));
	out_end(&col);
	if (site)
		print_refs_row(indent + 2, LABEL_WIDTH - 2, "site", OUT_DIM, &l);
	if (condition && match >= 0) {
		print_subrow(indent, "matched",
		             match_text(buf, sizeof(buf), r, (size_t)match));
	} else if (!condition) {
		for (size_t i = 0; i < bw_rule_match_count(r); i++)
			print_subrow(indent, i ? "or" : "matches",
			             match_text(buf, sizeof(buf), r, i));
		if (!bw_rule_match_count(r))
			print_subrow(indent, "matches", site ? "any contact there"
			                                     : "any technique");
	}
	print_subrow(indent, "adjustment", bw_rule_adjustment(r));
	buf[0] = '\0';
	for (size_t i = 0; i < bw_rule_prefer_count(r) && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "",
		                      bw_rule_prefer(r, i));
	print_subrow(indent, "prefer", n ? buf : NULL);
	if (!condition) {
		entities instead = {0};
		rule_instead(r, &instead); /* out of memory: fewer shown */
		print_refs_row(indent + 2, LABEL_WIDTH - 2, "instead", OUT_DIM,
		               &instead);
		free(instead.v);
	}
}

/* A muscle's regions and every attribute, as
 * "region=lumbar,hip depth=deep". */
const char *entity_detail(const bw_entity *e, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < bw_entity_region_count(e) && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "region=",
		                      bw_entity_region(e, i));
	for (const char *const *a = entity_attrs; *a && n < size; a++)
		if (bw_entity_attr(e, *a))
			n += (size_t)snprintf(buf + n, size - n, "%s%s=%s", n ? " " : "",
			                      *a, bw_entity_attr(e, *a));
	return buf;
}

/* The techniques rule r applies to (bw_rule_applies), in id order, as an
 * array the caller frees; NULL with *n 0 when there are none. */
const bw_entity **rule_techniques(const bw_db *db, const bw_rule *r,
                                  size_t *n)
{
	size_t max = bw_db_count(db, BW_KIND_TECHNIQUE);
	const bw_entity **v = max ? malloc(max * sizeof(*v)) : NULL, *t;

	*n = 0;
	for (size_t i = 0; v && (t = bw_db_entity_at(db, BW_KIND_TECHNIQUE, i));
	     i++)
		if (bw_rule_applies(r, t))
			v[(*n)++] = t;
	return v;
}

/* ----- alerts: what stops a session or needs a physician first ----- */

/* Whether rule r is an alert: a red flag, or a clearance. */
static int is_alert(const bw_rule *r)
{
	return bw_rule_severity(r) == BW_SEVERITY_RED_FLAG ||
	       bw_rule_severity(r) == BW_SEVERITY_CLEARANCE;
}

/* Add rule r when it is an alert and not there yet; -1 when out of
 * memory. */
int alerts_add(alerts *a, const bw_rule *r)
{
	const bw_rule **v;
	if (!r || !is_alert(r))
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] == r)
			return 0;
	if (!(v = cli_grow(a->v, &a->cap, a->n + 1, sizeof(*v))))
		return -1;
	a->v = v;
	a->v[a->n++] = r;
	return 0;
}

/* The alerts, red flags first: "STOP AND REFER: Condition (id): reason
 * (source, grade)", then "MEDICAL CLEARANCE NEEDED: ...", and a blank line
 * after them. */
void print_alerts(const alerts *a)
{
	static const bw_severity order[] = {BW_SEVERITY_RED_FLAG,
	                                    BW_SEVERITY_CLEARANCE};
	char head[64];
	int col = 0;

	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
		size_t n = (size_t)snprintf(head, sizeof(head) - 1, "%s",
		                            bw_severity_label(order[o]));
		for (size_t k = 0; k < n; k++)
			head[k] = (char)toupper((unsigned char)head[k]);
		strcpy(head + n, ":");
		for (size_t i = 0; i < a->n; i++) {
			const bw_rule *r = a->v[i];
			if (bw_rule_severity(r) != order[o])
				continue;
			out_words(&col, 0, head, OUT_RED);
			print_ref(&col, 2, bw_rule_condition(r), ":");
			out_words(&col, 2, bw_rule_reason(r), OUT_PLAIN);
			print_cite(&col, 2, bw_rule_source(r), bw_rule_evidence(r));
			out_end(&col);
		}
	}
	if (a->n)
		putchar('\n');
}

/* [reason], red flags first. */
json_t *j_alerts(const alerts *a)
{
	json_t *list = json_array();
	for (int red = 1; red >= 0; red--)
		for (size_t i = 0; i < a->n; i++)
			if ((bw_rule_severity(a->v[i]) == BW_SEVERITY_RED_FLAG) == red)
				json_array_append_new(list, j_rule(a->v[i],
				                      bw_rule_condition(a->v[i]), -1));
	return list;
}
