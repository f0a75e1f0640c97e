/*
 * compile.c: "bodywork compile -o FILE [PATH...]".  Opens a corpus and
 * writes its compiled form with bw_db_compile, so that later commands given
 * FILE as --corpus map it instead of parsing the XML.  The PATHs are read
 * as --corpus paths are, after any given; without PATH (and without
 * --corpus or --layer) the corpus is the one every other command would
 * open: BODYWORK_CORPUS when it is set, else the bundled corpus.  One line
 * reports the file written, so a script can keep its digest.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The command line with the PATHs moved behind the --corpus paths: the
 * corpus compile opens is then what cli_open_layers opens for it. */
static int with_paths(const cli *c, cli *out, const char ***corpus)
{
	*out = *c;
	if (!c->nargs)
		return 0;
	if (!(*corpus = calloc(c->ncorpus + c->nargs, sizeof(**corpus))))
		return -1;
	memcpy(*corpus, c->corpus, c->ncorpus * sizeof(**corpus));
	memcpy(*corpus + c->ncorpus, c->args, c->nargs * sizeof(**corpus));
	out->corpus = *corpus;
	out->ncorpus = c->ncorpus + c->nargs;
	return 0;
}

int cmd_compile(const cli *c)
{
	const char *file = cli_value(c, "output");
	const char **corpus = NULL;
	const char *digest;
	struct stat sb;
	size_t count;
	bw_db *db;
	bw_error err;
	bw_status x;
	cli sel;
	int st;

	if (!file || !*file)
		return out_fail(EXIT_USAGE, "compile needs the file to write: "
		                "-o FILE; try 'bodywork compile --help'");
	if (with_paths(c, &sel, &corpus) != 0)
		return out_status(BW_ENOMEM, NULL);
	st = cli_open(&sel, &db);
	free(corpus);
	if (st != EXIT_ANSWER)
		return st;
	if ((x = bw_db_compile(db, file, &err)) != BW_OK) {
		bw_db_close(db);
		return out_status(x, &err);
	}
	count = bw_db_count(db, BW_KIND_COUNT);
	digest = bw_db_digest(db);
	/* the size of what was written, read back: the file is the answer */
	if (stat(file, &sb) != 0) {
		bw_db_close(db);
		return out_fail(EXIT_USAGE, "cannot read back '%s' after writing it",
		                file);
	}
	if (c->json) {
		st = out_json(json_pack("{s:o, s:I, s:I, s:s}", "file", j_str(file),
		                        "size", (json_int_t)sb.st_size,
		                        "entities", (json_int_t)count,
		                        "digest", digest), EXIT_ANSWER);
	} else {
		out_text(stdout, file, strlen(file));
		printf(": %lld bytes, %zu entities, sha256 %s\n",
		       (long long)sb.st_size, count, digest);
		st = EXIT_ANSWER;
	}
	st = cli_close(db, st);
	return st;
}
