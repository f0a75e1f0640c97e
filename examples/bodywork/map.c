/*
 * map.c: bodywork map muscle|symptom NAME, bodywork map screen --condition
 * C...: a body map as SVG (bw_map_muscle, bw_map_symptom, bw_map_screen),
 * written to standard output or to the file --output names.  With --json,
 * {"kind", "svg"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Write svg to path, or to standard output when path is NULL. */
static int write_svg(const char *path, const char *svg, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	int ok;
	if (!f)
		return out_fail(EXIT_USAGE, "cannot write '%s'", path);
	ok = fwrite(svg, 1, len, f) == len;
	if (path)
		ok &= fclose(f) == 0;
	return ok ? EXIT_ANSWER : out_fail(EXIT_USAGE, "cannot write '%s'",
	                                   path ? path : "standard output");
}

int cmd_map(const cli *c)
{
	const char *what = c->args[0], *output = cli_value(c, "output");
	const char **conditions = NULL;
	size_t n = 0, len = 0;
	char *svg = NULL;
	bw_db *db = NULL;
	bw_error err;
	bw_status x;
	int st;

	if (strcmp(what, "screen") == 0) {
		if (c->nargs != 1)
			return out_fail(EXIT_USAGE, "map screen takes no name; give "
			                "--condition C; try 'bodywork map --help'");
		if (!(conditions = cli_values_alloc(c, "condition", &n)))
			return out_status(BW_ENOMEM, NULL);
		if (!n) {
			free(conditions);
			return out_fail(EXIT_USAGE, "map screen needs at least one "
			                "--condition; try 'bodywork map --help'");
		}
	} else if (strcmp(what, "muscle") != 0 && strcmp(what, "symptom") != 0) {
		return out_fail(EXIT_USAGE, "map draws a muscle, a symptom or a "
		                "screen, not '%s'; try 'bodywork map --help'", what);
	} else if (c->nargs != 2) {
		return out_fail(EXIT_USAGE, "map %s needs one name; try "
		                "'bodywork map --help'", what);
	}
	if ((st = cli_open(c, &db)) != EXIT_ANSWER) {
		free(conditions);
		return st;
	}
	if (conditions)
		x = bw_map_screen(&svg, &len, db, conditions, n, &err);
	else if (strcmp(what, "muscle") == 0)
		x = bw_map_muscle(&svg, &len, db, c->args[1], &err);
	else
		x = bw_map_symptom(&svg, &len, db, c->args[1], &err);
	if (x != BW_OK)
		st = x == BW_ENOTFOUND ? (out_status(x, &err), EXIT_USAGE)
		                       : out_status(x, &err);
	else if (c->json)
		st = out_json(json_pack("{s:s, s:s}", "kind", what, "svg", svg),
		              EXIT_ANSWER);
	else
		st = write_svg(output, svg, len);
	bw_map_free(svg);
	st = cli_close(db, st);
	free(conditions);
	return st;
}
