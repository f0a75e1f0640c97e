/*
 * cli.h: what the files of the bodywork command line share: the parsed
 * command line, the subcommands, terminal output (wrapping, colour, errors)
 * and the shapes of entities, facts and rules as text and as JSON.
 *
 *   main.c      options, help, opening the corpus, dispatch
 *   out.c       terminal width, colour, word wrapping, errors, JSON output
 *   shape.c     one entity, fact or rule as text and as JSON
 *   show.c      show                browse.c  list, stats
 *   find.c      search, suggest     plan.c    plan
 *   screen.c    screen              graph.c   graph
 *   validate.c  validate            ask.c     ask
 *   map.c       map                 compile.c compile
 */
#ifndef BODYWORK_CLI_H
#define BODYWORK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <bodywork.h>
#include <jansson.h>

/* Exit statuses. */
enum {
	EXIT_ANSWER = 0,  /* an answer was printed */
	EXIT_NOTHING = 1, /* the question was understood; nothing answers it */
	EXIT_USAGE = 2    /* a usage error, an unknown name (a muscle or
	                     condition no entity has) or a corpus error,
	                     message on stderr */
};

/* One subcommand option given on the command line. */
typedef struct cli_opt {
	const char *name;  /* without the leading "--" */
	const char *value; /* NULL for a flag */
} cli_opt;

/* The parsed command line, handed to a subcommand. */
typedef struct cli {
	const char *command;  /* the subcommand's name */
	const char **args;    /* its positional arguments */
	size_t nargs;
	cli_opt *opts;        /* its own options, in the order given */
	size_t nopts;
	const char **corpus;  /* --corpus paths, in order */
	size_t ncorpus;
	const char **layers;  /* --layer paths, in order */
	size_t nlayers;
	const char *cache;    /* --cache: the folder of compiled XML corpora,
	                         or NULL */
	int json;             /* --json */
} cli;

/* main.c: option values, and the corpus the options select. */
const char *cli_value(const cli *c, const char *name);
size_t cli_values(const cli *c, const char *name, const char **out);
const char **cli_values_alloc(const cli *c, const char *name, size_t *n);
int cli_parse_number(const char *s, size_t min, size_t max, size_t *out);
int cli_number(const cli *c, const char *name, size_t dflt, size_t min,
               size_t max, size_t *out);
int cli_kind_parse(bw_kind *out, const char *name);
int cli_kinds(const cli *c, unsigned int *mask);
bw_status cli_open_layers(const cli *c, const char *extra, bw_db **db,
                          bw_error *err);
int cli_open(const cli *c, bw_db **db);
/* Close db and return st, unless what the command read of a compiled
 * database met a damaged record (getters cannot say so; bw_db_intact
 * can) and st does not already say it failed: then say what is wrong and
 * return 2. */
int cli_close(bw_db *db, int st);
int cli_lookup(const bw_db *db, const char *name, const bw_entity **out);
void *cli_grow(void *v, size_t *cap, size_t need, size_t size);
char *cli_join(const cli *c);

/* A growing list of entities; free v when done. */
typedef struct entities {
	const bw_entity **v;
	size_t n, cap;
} entities;
int entities_add(entities *l, const bw_entity *e, int unique);
int cli_on_entity(const cli *c, int (*fn)(const cli *c, const bw_db *db,
                                          const bw_entity *e));

/* The subcommands; each returns an exit status. */
int cmd_show(const cli *c);
int cmd_list(const cli *c);
int cmd_stats(const cli *c);
int cmd_search(const cli *c);
int cmd_suggest(const cli *c);
int cmd_plan(const cli *c);
int cmd_screen(const cli *c);
int cmd_graph(const cli *c);
int cmd_validate(const cli *c);
int cmd_ask(const cli *c);
int cmd_map(const cli *c);
int cmd_compile(const cli *c);

/* out.c: terminal output.  A column counter (col) follows the cursor so
 * that text wraps at the terminal's width with a hanging indent. */
typedef enum out_style {
	OUT_PLAIN, OUT_BOLD, OUT_DIM, OUT_RED, OUT_GREEN, OUT_YELLOW, OUT_BLUE,
	OUT_MAGENTA, OUT_CYAN
} out_style;

void out_init(void);
int out_width(void);
const char *out_sgr(out_style s);
out_style out_evidence_style(bw_evidence ev);
int out_text(FILE *f, const char *s, size_t n);
char *out_escaped(const char *s);
void out_words(int *col, int indent, const char *text, out_style s);
void out_marked(int *col, int indent, const char *text);
const char *out_mark(int close);
void out_caret(const char *q, size_t at);
void out_label(int *col, int indent, int width, const char *label,
               out_style s);
void out_end(int *col);
int out_fail(int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int out_error(const bw_error *err);
int out_status(bw_status st, const bw_error *err);
int out_json(json_t *doc, int status);

/* shape.c: the shapes every subcommand shares. */
#define LABEL_WIDTH 14 /* the label column of show, plan and stats */

extern const char *const entity_attrs[]; /* the bw_entity_attr names */
json_t *j_str(const char *s);
json_t *j_ref(const bw_entity *e);
json_t *j_entity(const bw_entity *e);
json_t *j_fact(const bw_fact *f);
json_t *j_rule(const bw_rule *r, const bw_entity *condition, int match);
void print_heading(const char *title);
void print_ref(int *col, int indent, const bw_entity *e,
               const char *suffix);
void print_ref_kind(int *col, int indent, const bw_entity *e);
void print_link(int *col, int indent, const bw_entity *e, const bw_fact *f);
void print_cite(int *col, int indent, const bw_entity *src, bw_evidence ev);
void print_fact(int indent, const bw_fact *f, size_t i);
void print_row(const char *label, const char *text);
void print_subrow(int indent, const char *label, const char *text);
void print_rule(int indent, const bw_rule *r, const bw_entity *condition,
                  int match);
void print_refs_row(int indent, int labelw, const char *label, out_style s,
                    const entities *l);
json_t *j_refs(const entities *l);
int rule_instead(const bw_rule *r, entities *l);
out_style severity_style(bw_severity s);
const char *entity_detail(const bw_entity *e, char *buf, size_t size);
const bw_entity **rule_techniques(const bw_db *db, const bw_rule *r,
                                  size_t *n);

/* Alerts: the rules that say stop and refer, or need medical clearance,
 * each once (alerts_add ignores others); free v when done. */
typedef struct alerts {
	const bw_rule **v;
	size_t n, cap;
} alerts;
int alerts_add(alerts *a, const bw_rule *r);
void print_alerts(const alerts *a);
json_t *j_alerts(const alerts *a);

/* plan.c: the reasons a plan gives for technique i of list l, and the
 * techniques it offers instead. */
json_t *j_plan_reasons(const bw_plan *p, bw_plan_list l, size_t i);
void print_plan_reasons(int indent, const bw_plan *p, bw_plan_list l,
                        size_t i);
int plan_instead(const bw_plan *p, bw_plan_list l, size_t i, entities *out);

/* The printers ask reuses: a search's hits (find.c), a plan and its
 * alerts (plan.c), a screen and its alerts (screen.c), as text and JSON. */
json_t *search_json(const char *q, const bw_search_options *o,
                    const bw_results *r);
void search_text(const bw_search_options *o, const bw_results *r);
int plan_alerts(const bw_plan *p, alerts *a);
json_t *plan_json(const bw_plan *p, const alerts *a);
void plan_text(const bw_plan *p, const alerts *a);
int screen_alerts(const bw_screen *s, alerts *a);
json_t *screen_json(const bw_screen *s);
void screen_text(const bw_screen *s, const alerts *a);

#endif
