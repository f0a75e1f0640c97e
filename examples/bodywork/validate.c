/*
 * validate.c: "bodywork validate [PATH...]".  Each PATH is opened with the
 * library as one more layer on top of the corpus the common options select
 * (so a clinic's layer may cite the bundled sources), which checks it
 * against the schema and resolves every reference; a failure is printed as
 * file:line:column: message on standard error.  The library stops at the
 * first problem of a failed open, so each PATH reports at most one.
 * Without PATH, the selected corpus itself is checked.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Open one PATH (NULL: the selected corpus alone) and report it. */
static int check(const cli *c, const char *path, json_t *results)
{
	bw_db *db;
	bw_error err;
	bw_status st = cli_open_layers(c, path, &db, &err);
	json_t *r = json_pack("{s:o, s:b}", "path", j_str(path), "valid",
	                      st == BW_OK);

	if (st == BW_OK) {
		size_t n = bw_db_count(db, BW_KIND_COUNT);
		json_object_set_new(r, "entities", json_integer((json_int_t)n));
		if (!c->json) {
			out_text(stdout, path ? path : "corpus",
			         strlen(path ? path : "corpus"));
			printf(": ok, %zu entities\n", n);
		}
		bw_db_close(db);
	} else {
		json_object_set_new(r, "error", json_pack(
			"{s:i, s:s, s:o, s:I, s:I, s:s}",
			"code", (int)st, "kind", bw_strerror(st),
			"file", j_str(err.file[0] ? err.file : NULL),
			"line", (json_int_t)err.line, "column", (json_int_t)err.column,
			"message", err.message[0] ? err.message : bw_strerror(st)));
		out_error(&err);
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
