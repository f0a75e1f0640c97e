/*
 * graph.c: "bodywork graph NAME", an entity's neighbourhood as Graphviz DOT
 * (or, with --json, as nodes and edges).  The edges come from the public
 * API only: an entity's facts that name another entity (related, causes,
 * target, contact, a group's members), the facts of others that name it
 * (bw_entity_backref), the sites a body site lies within and holds
 * (bw_site_within), for a technique the conditions whose rules apply to it
 * (bw_plan_restrictions), and for a condition the techniques each of its
 * rules applies to (bw_rule_applies).
 *
 * The graph grows breadth first from the entity: --depth 1 (the default)
 * draws the edges of the entity itself, --depth 2 those of every entity
 * they reach as well, and so on.  --kind keeps only entities of the kinds
 * given (the entity drawn always stays), and --max-edges draws the nearest
 * edges only, saying how many it left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct edge {
	const bw_entity *from, *to;
	const char *relation; /* a field name ("target"), or "rule" */
	const char *qualifier; /* its relation or role, a rule's severity */
} edge;

typedef struct graph {
	entities nodes;          /* nodes.v[0] is the entity drawn, then the
	                            others in the order they were reached */
	edge *edges;             /* every edge found, nearest first */
	size_t ne, ecap;
	size_t from;             /* edges[from..] came from the node expanding */
	size_t expanded;         /* nodes.v[0..expanded) are expanded */
	unsigned int kinds;      /* the kinds kept (1u << kind); 0: every kind */
	int failed;              /* out of memory */
} graph;

#define DEFAULT_MAX_EDGES 100

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether e is already expanded: every edge between it and the node
 * expanding now is in the graph already. */
static int expanded(const graph *g, const bw_entity *e)
{
	for (size_t i = 0; i < g->expanded; i++)
		if (g->nodes.v[i] == e)
			return 1;
	return 0;
}

static int kept(const graph *g, const bw_entity *e)
{
	return e == g->nodes.v[0] || !g->kinds ||
	       (g->kinds & (1u << bw_entity_kind(e)));
}

/* Add edge x found while expanding one node, unless its other end is of a
 * kind not kept, was expanded before (and so gave the edge already), or
 * this node gave the same edge before. */
static void add_edge(graph *g, edge x)
{
	edge *v;
	if (!kept(g, x.from) || !kept(g, x.to) ||
	    expanded(g, x.from) || expanded(g, x.to))
		return;
	for (size_t i = g->from; i < g->ne; i++)
		if (g->edges[i].from == x.from && g->edges[i].to == x.to &&
		    same(g->edges[i].relation, x.relation) &&
		    same(g->edges[i].qualifier, x.qualifier))
			return;
	if (!(v = cli_grow(g->edges, &g->ecap, g->ne + 1, sizeof(*v)))) {
		g->failed = 1;
		return;
	}
	g->edges = v;
	g->edges[g->ne++] = x;
	g->failed |= entities_add(&g->nodes, x.from, 1);
	g->failed |= entities_add(&g->nodes, x.to, 1);
}

static void add_fact_edge(graph *g, const bw_entity *from,
                          const bw_entity *to, const bw_fact *f)
{
	add_edge(g, (edge){from, to, bw_field_name(bw_fact_field(f)),
	                   bw_fact_qualifier(f)});
}

/* The conditions with a rule that applies to technique t. */
static void add_restrictions(graph *g, const bw_db *db, const bw_entity *t)
{
	bw_plan *p;
	if (bw_plan_restrictions(&p, db, bw_entity_id(t), NULL) != BW_OK) {
		g->failed = 1;
		return;
	}
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++)
		for (size_t k = 0; k < bw_plan_reason_count(p, (bw_plan_list)l, 0);
		     k++) {
			const bw_entity *condition;
			int match;
			const bw_rule *r = bw_plan_reason(p, (bw_plan_list)l, 0, k,
			                                  &condition, &match);
			add_edge(g, (edge){condition, t, "rule",
			                   bw_severity_name(bw_rule_severity(r))});
		}
	bw_plan_free(p);
}

/* For a body site, the site it lies within and the sites within it. */
static void add_within(graph *g, const bw_db *db, const bw_entity *e)
{
	const bw_entity *s;
	if (bw_site_within(e))
		add_edge(g, (edge){e, bw_site_within(e), "within", NULL});
	for (size_t i = 0; bw_entity_kind(e) == BW_KIND_SITE &&
	                   (s = bw_db_entity_at(db, BW_KIND_SITE, i)); i++)
		if (bw_site_within(s) == e)
			add_edge(g, (edge){s, e, "within", NULL});
}

/* Every edge of e to another entity. */
static void expand(graph *g, const bw_db *db, const bw_entity *e)
{
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		for (size_t i = 0; i < bw_entity_fact_count(e, (bw_field)f); i++) {
			const bw_fact *x = bw_entity_fact(e, (bw_field)f, i);
			if (bw_fact_target(x))
				add_fact_edge(g, e, bw_fact_target(x), x);
		}
		for (size_t i = 0; i < bw_entity_backref_count(e, (bw_field)f); i++) {
			const bw_entity *from;
			const bw_fact *x = bw_entity_backref(e, (bw_field)f, i, &from);
			add_fact_edge(g, from, e, x);
		}
	}
	add_within(g, db, e);
	for (size_t i = 0; i < bw_entity_rule_count(e); i++) {
		const bw_rule *r = bw_entity_rule(e, i);
		size_t n;
		const bw_entity **ts = rule_techniques(db, r, &n);
		for (size_t k = 0; k < n; k++)
			add_edge(g, (edge){e, ts[k], "rule",
			                   bw_severity_name(bw_rule_severity(r))});
		free(ts);
	}
	if (bw_entity_kind(e) == BW_KIND_TECHNIQUE)
		add_restrictions(g, db, e);
}

/* The graph around e, breadth first, depth steps out. */
static void build(graph *g, const bw_db *db, const bw_entity *e,
                  size_t depth)
{
	size_t level_end;
	g->failed |= entities_add(&g->nodes, e, 1);
	for (size_t d = 0; d < depth && !g->failed; d++) {
		level_end = g->nodes.n;
		while (g->expanded < level_end && !g->failed) {
			g->from = g->ne;
			expand(g, db, g->nodes.v[g->expanded]);
			g->expanded++;
		}
	}
}

/* A DOT string: quoted, with quotes and backslashes escaped, and the
 * characters a terminal obeys written visibly (out_escaped), their
 * backslash doubled too so that dot shows it.  Out of memory, "". */
static void dot_string(const char *s)
{
	char *e = out_escaped(s);
	putchar('"');
	for (const char *p = e ? e : ""; *p; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		putchar(*p);
	}
	putchar('"');
	free(e);
}

/* How a node of kind k looks: a DOT shape and fill colour.  A kind
 * without an entry here (one added to the library later) gets a plain
 * look rather than nothing. */
static const char *const *node_look(bw_kind k)
{
	static const char *const look[BW_KIND_COUNT][2] = {
		[BW_KIND_SOURCE] = {"folder", "#eeeeee"},
		[BW_KIND_MUSCLE] = {"ellipse", "#f4cccc"},
		[BW_KIND_TECHNIQUE] = {"box", "#cfe2f3"},
		[BW_KIND_CONDITION] = {"octagon", "#fce5cd"},
		[BW_KIND_SYMPTOM] = {"note", "#d9ead3"},
		[BW_KIND_SITE] = {"hexagon", "#d0e0e3"},
		[BW_KIND_GROUP] = {"component", "#ead1dc"}};
	static const char *const plain[2] = {"ellipse", "#ffffff"};
	return (unsigned)k < BW_KIND_COUNT && look[k][0] ? look[k] : plain;
}

/* The nodes of the first n edges, with the entity drawn first, into out
 * (in the order reached). */
static int shown_nodes(const graph *g, size_t n, entities *out)
{
	int failed = entities_add(out, g->nodes.v[0], 1);
	for (size_t i = 0; i < g->nodes.n; i++)
		for (size_t k = 0; k < n; k++)
			if (g->edges[k].from == g->nodes.v[i] ||
			    g->edges[k].to == g->nodes.v[i]) {
				failed |= entities_add(out, g->nodes.v[i], 1);
				break;
			}
	return failed;
}

static void print_dot(const graph *g, const entities *nodes, size_t n)
{
	printf("digraph ");
	dot_string(bw_entity_id(g->nodes.v[0]));
	printf(" {\n  graph [rankdir=LR, fontname=\"Helvetica\"");
	if (n < g->ne)
		printf(", labelloc=t, label=\"%zu of %zu edges: narrow with --kind "
		       "or --depth, or raise --max-edges\"", n, g->ne);
	printf("];\n  node [style=filled, fontname=\"Helvetica\"];\n"
	       "  edge [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < nodes->n; i++) {
		bw_kind k = bw_entity_kind(nodes->v[i]);
		const char *const *look = node_look(k), *kind = bw_kind_name(k);
		printf("  ");
		dot_string(bw_entity_id(nodes->v[i]));
		printf(" [label=");
		dot_string(bw_entity_name(nodes->v[i]));
		printf(", tooltip=\"%s\", shape=%s, fillcolor=\"%s\"%s];\n",
		       kind ? kind : "entity", look[0], look[1],
		       i == 0 ? ", penwidth=3" : "");
	}
	for (size_t i = 0; i < n; i++) {
		const edge *x = &g->edges[i];
		int rule = strcmp(x->relation, "rule") == 0;
		char label[256];
		snprintf(label, sizeof(label), "%s%s%s", rule ? "" : x->relation,
		         x->qualifier && !rule ? ": " : "",
		         x->qualifier ? x->qualifier : "");
		printf("  ");
		dot_string(bw_entity_id(x->from));
		printf(" -> ");
		dot_string(bw_entity_id(x->to));
		printf(" [label=");
		dot_string(label);
		if (rule)
			printf(", color=\"%s\", style=%s",
			       strcmp(x->qualifier, "caution") ? "#cc0000" : "#e69138",
			       strcmp(x->qualifier, "caution") ? "bold" : "dashed");
		printf("];\n");
	}
	printf("}\n");
}

static json_t *graph_json(const graph *g, const entities *shown, size_t n)
{
	json_t *nodes = json_array(), *edges = json_array();
	for (size_t i = 0; i < shown->n; i++)
		json_array_append_new(nodes, j_ref(shown->v[i]));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(edges, json_pack("{s:s, s:s, s:s, s:o}",
			"from", bw_entity_id(g->edges[i].from),
			"to", bw_entity_id(g->edges[i].to),
			"relation", g->edges[i].relation,
			"qualifier", j_str(g->edges[i].qualifier)));
	return json_pack("{s:o, s:o, s:o, s:I}", "center", j_ref(g->nodes.v[0]),
	                 "nodes", nodes, "edges", edges,
	                 "total_edges", (json_int_t)g->ne);
}

static int draw(const cli *c, const bw_db *db, const bw_entity *e)
{
	graph g = {0};
	entities shown = {0};
	size_t depth, max, n;
	int st;

	if ((st = cli_number(c, "depth", 1, 1, 4, &depth)) != EXIT_ANSWER ||
	    (st = cli_number(c, "max-edges", DEFAULT_MAX_EDGES, 0, 1000000,
	                     &max)) != EXIT_ANSWER ||
	    (st = cli_kinds(c, &g.kinds)) != EXIT_ANSWER)
		return st;
	build(&g, db, e, depth);
	n = max && max < g.ne ? max : g.ne;
	if (g.failed || shown_nodes(&g, n, &shown) != 0)
		st = out_status(BW_ENOMEM, NULL);
	else if (c->json)
		st = out_json(graph_json(&g, &shown, n), EXIT_ANSWER);
	else
		print_dot(&g, &shown, n);
	free(shown.v);
	free(g.nodes.v);
	free(g.edges);
	return st;
}

int cmd_graph(const cli *c)
{
	unsigned int kinds;
	size_t n;
	int st;

	/* the options first, so a bad one is reported before the corpus opens */
	if ((st = cli_number(c, "depth", 1, 1, 4, &n)) != EXIT_ANSWER ||
	    (st = cli_number(c, "max-edges", DEFAULT_MAX_EDGES, 0, 1000000,
	                     &n)) != EXIT_ANSWER ||
	    (st = cli_kinds(c, &kinds)) != EXIT_ANSWER)
		return st;
	return cli_on_entity(c, draw);
}
