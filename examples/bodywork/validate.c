/*
 * validate.c: "bodywork validate [PATH...]".  Each PATH is checked with
 * bw_validate as one more layer on top of the corpus the common options
 * select (so a clinic's layer may cite the bundled sources): every file
 * against the schema, every reference resolved.  Every problem is printed
 * the way a compiler prints one, file:line:column: error: message, on
 * standard error, and any problem makes the status 2.  Without PATH, the
 * selected corpus itself is checked.  A compiled corpus (bodywork compile)
 * is checked whole, every record (bw_validate); since it cannot be a
 * layer, a compiled PATH with no --corpus or --layer is checked alone.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* At most this many problems a PATH, so a file of garbage stays readable. */
#define MAX_PROBLEMS 100

typedef struct report {
	const cli *c;
	json_t *problems;              /* --json: each problem */
} report;

static json_t *j_problem(const bw_error *p)
{
	return json_pack("{s:i, s:s, s:o, s:I, s:I, s:s}",
	                 "code", (int)p->code, "kind", bw_strerror(p->code),
	                 "file", j_str(p->file[0] ? p->file : NULL),
	                 "line", (json_int_t)p->line,
	                 "column", (json_int_t)p->column,
	                 "message", p->message[0] ? p->message
	                                          : bw_strerror(p->code));
}

/* One problem: "file:line:column: error: message" (without the parts
 * that are unknown). */
static int on_problem(const bw_error *p, void *data)
{
	report *r = data;
	const char *msg = p->message[0] ? p->message : bw_strerror(p->code);
	size_t n = strlen(msg);

	json_array_append_new(r->problems, j_problem(p));
	fflush(stdout);
	if (p->file[0]) {
		out_text(stderr, p->file, strlen(p->file));
		if (p->line)
			fprintf(stderr, ":%lu", p->line);
		if (p->line && p->column)
			fprintf(stderr, ":%lu", p->column);
		fputs(": ", stderr);
	} else {
		fputs("bodywork: ", stderr);
	}
	fputs("error: ", stderr);
	while (n && (unsigned char)msg[n - 1] <= ' ')
		n--;
	out_text(stderr, msg, n);
	fputc('\n', stderr);
	return 0;
}

/* Whether path is a compiled database: its first bytes are the magic
 * (docs/compiled.md). */
static int compiled(const char *path)
{
	static const char magic[8] = { 'B', 'W', 'D', 'B', '\r', '\n', 0x1a, '\n' };
	char head[8];
	FILE *f = fopen(path, "rb");
	int yes = f && fread(head, 1, 8, f) == 8 && memcmp(head, magic, 8) == 0;
	if (f)
		fclose(f);
	return yes;
}

/* Whether PATH extra is checked alone: a compiled file, with no layers
 * the options select under it. */
static int alone(const cli *c, const char *extra)
{
	return extra && !c->ncorpus && !c->nlayers && compiled(extra);
}

/* The layers the options select, then extra (NULL: none), as paths for
 * bw_validate; *flags says whether the bundled corpus comes first.  With
 * neither --corpus nor --layer nor extra, BODYWORK_CORPUS when it is set
 * (split at colons into *env, freed by the caller), else the bundled
 * corpus, as bw_db_open_default reads them. */
static const char **layers(const cli *c, const char *extra, size_t *n,
                           unsigned *flags, char **env)
{
	const char *var = getenv("BODYWORK_CORPUS");
	const char **paths;
	size_t cap = c->ncorpus + c->nlayers + 1;

	*n = 0;
	*flags = 0;
	*env = NULL;
	if (!c->ncorpus && !c->nlayers && !extra && var && *var) {
		cap = strlen(var) + 1;
		if (!(*env = malloc(cap)))
			return NULL;
		memcpy(*env, var, cap);
	}
	if (!(paths = calloc(cap, sizeof(*paths))))
		return NULL;
	if (alone(c, extra)) {
		paths[(*n)++] = extra;
		return paths;
	}
	if (*env) {
		for (char *p = strtok(*env, ":"); p; p = strtok(NULL, ":"))
			paths[(*n)++] = p;
		return paths;
	}
	for (size_t i = 0; i < c->ncorpus; i++)
		paths[(*n)++] = c->corpus[i];
	for (size_t i = 0; i < c->nlayers; i++)
		paths[(*n)++] = c->layers[i];
	if (extra)
		paths[(*n)++] = extra;
	if (!c->ncorpus)
		*flags = BW_VALIDATE_BUNDLED;
	return paths;
}

/* Check one PATH (NULL: the selected corpus alone) and report it. */
static int check(const cli *c, const char *path, json_t *results)
{
	report rep = { c, json_array() };
	unsigned flags;
	char *env;
	size_t n, nproblems = 0;
	const char **paths = layers(c, path, &n, &flags, &env);
	bw_error err;
	bw_status st;
	json_t *r;

	if (!paths) {
		json_decref(rep.problems);
		free(env);
		return out_fail(EXIT_USAGE, "%s", bw_strerror(BW_ENOMEM));
	}
	st = bw_validate(&nproblems, paths, n, flags, MAX_PROBLEMS, on_problem,
	                 &rep, &err);
	free(paths);
	free(env);
	r = json_pack("{s:o, s:b}", "path", j_str(path), "valid", st == BW_OK);
	if (st == BW_OK) {
		bw_db *db;
		size_t count = 0;
		if ((alone(c, path) ? bw_db_open(&db, &path, 1, &err) :
		     cli_open_layers(c, path, &db, &err)) == BW_OK) {
			count = bw_db_count(db, BW_KIND_COUNT);
			bw_db_close(db);
		}
		json_object_set_new(r, "entities", json_integer((json_int_t)count));
		if (!c->json) {
			out_text(stdout, path ? path : "corpus",
			         strlen(path ? path : "corpus"));
			printf(": ok, %zu entities\n", count);
		}
		json_decref(rep.problems);
	} else {
		/* the check itself failed (memory, arguments, a compiled file
		 * among layers) */
		if (!nproblems)
			on_problem(&err, &rep);
		json_object_set(r, "error", json_array_get(rep.problems, 0));
		json_object_set_new(r, "problems", rep.problems);
	}
	json_array_append_new(results, r);
	return st == BW_OK ? EXIT_ANSWER : EXIT_USAGE;
}

int cmd_validate(const cli *c)
{
	json_t *results = json_array();
	int st = EXIT_ANSWER;

	if (!c->nargs)
		st = check(c, NULL, results);
	for (size_t i = 0; i < c->nargs; i++)
		if (check(c, c->args[i], results) != EXIT_ANSWER)
			st = EXIT_USAGE;
	if (c->json)
		return out_json(json_pack("{s:b, s:o}", "valid", st == EXIT_ANSWER,
		                          "results", results), st);
	json_decref(results);
	return st;
}
