/*
 * bench_search.c: the search contenders of bench_search.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_search.h"
#include "bench_util.h"

#include "index/index.h" /* the entities' texts, as the index sees them */

const char *bench_prog = "bench";

void die(const char *what, const char *detail)
{
	fprintf(stderr, "%s: %s: %s\n", bench_prog, what, detail ? detail : "");
	exit(1);
}

/* ----- growable string ----- */

typedef struct {
	char *s;
	size_t n, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
	if (b->n + n + 2 > b->cap) {
		b->cap = (b->n + n + 2) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die("out of memory", NULL);
	}
	if (b->n)
		b->s[b->n++] = ' ';
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* ----- the FTS5 contender ----- */

static int collect(const bwi_text *t, void *data)
{
	buf *groups = data;
	buf_add(&groups[t->group], t->text, strlen(t->text));
	return 0;
}

sqlite3 *fts_build(const bw_db *db, const char *file, double *seconds)
{
	sqlite3 *sql;
	sqlite3_stmt *ins;
	double t0 = now();
	buf groups[BWI_NGROUPS];
	char *msg = NULL;

	if (sqlite3_open(file ? file : ":memory:", &sql) != SQLITE_OK)
		die("sqlite3_open", sqlite3_errmsg(sql));
	if (sqlite3_exec(sql,
	                 "CREATE VIRTUAL TABLE f USING fts5(name, alias, summary,"
	                 " tags, body, kind UNINDEXED, tokenize='porter unicode61"
	                 " remove_diacritics 2', prefix='2 3');"
	                 "BEGIN;", NULL, NULL, &msg) != SQLITE_OK)
		die("create", msg);
	if (sqlite3_prepare_v2(sql, "INSERT INTO f(rowid, name, alias, summary,"
	                       " tags, body, kind) VALUES (?,?,?,?,?,?,?)", -1,
	                       &ins, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(sql));
	memset(groups, 0, sizeof(groups));
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT); i++) {
		const bw_entity *e = bw_db_entity_at(db, BW_KIND_COUNT, i);
		for (int g = 0; g < BWI_NGROUPS; g++)
			groups[g].n = 0;
		bwi_entity_texts(e, collect, groups);
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i);
		for (int g = 0; g < BWI_NGROUPS; g++)
			sqlite3_bind_text(ins, 2 + g, groups[g].n ? groups[g].s : "",
			                  (int)groups[g].n, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, bw_kind_name(bw_entity_kind(e)), -1,
		                  SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(sql));
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	for (int g = 0; g < BWI_NGROUPS; g++)
		free(groups[g].s);
	if (sqlite3_exec(sql, "COMMIT; INSERT INTO f(f) VALUES('optimize');",
	                 NULL, NULL, &msg) != SQLITE_OK)
		die("commit", msg);
	*seconds = now() - t0;
	return sql;
}

/* Every word is quoted (FTS5 barewords may not hold a hyphen or an
 * apostrophe), so "a b c" becomes "a" "b" "c": all words, as in bw_search;
 * a phrase stays one quoted phrase; a prefix is searched in the name and
 * alias columns, as bw_suggest does. */
char *fts_query(const char *cls, const char *q, int *kind_filter)
{
	buf b = {0};
	const char *p = q;
	*kind_filter = 0;
	if (!strcmp(cls, "typo1") || !strcmp(cls, "typo2") || !strcmp(cls, "plan"))
		return NULL;
	if (!strcmp(cls, "kind_filter")) {
		p = strchr(q, ' ');
		p = p ? p + 1 : q;
		*kind_filter = 1;
	}
	if (!strcmp(cls, "prefix"))
		buf_add(&b, "{name alias} :", 14);
	if (!strcmp(cls, "phrase")) {
		buf_add(&b, p, strlen(p));
		return b.s;
	}
	while (*p) {
		char word[256];
		size_t n = strcspn(p, " ");
		if (n && n < 200) {
			int k = snprintf(word, sizeof(word), "\"%.*s\"%s", (int)n, p,
			                 !strcmp(cls, "prefix") ? "*" : "");
			buf_add(&b, word, (size_t)k);
		}
		p += n;
		p += strspn(p, " ");
	}
	return b.s;
}

int fts_run(sqlite3_stmt *st, const char *match)
{
	int n = 0;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += sqlite3_column_int64(st, 0) >= 0;
	sqlite3_reset(st);
	return n;
}

/* ----- libbodywork ----- */

int bw_run(const bw_db *db, const char *cls, json_t *q)
{
	bw_results *r = NULL;
	bw_error err;
	int n = 0;
	if (!strcmp(cls, "plan")) {
		const char *conds[8];
		size_t nc = 0;
		bw_plan *p;
		json_t *c = json_object_get(q, "conditions");
		for (size_t i = 0; i < json_array_size(c) && nc < 8; i++)
			conds[nc++] = json_string_value(json_array_get(c, i));
		if (bw_plan_new(&p, db, json_string_value(json_object_get(q, "muscle")),
		                conds, nc, &err) != BW_OK)
			die("plan", err.message);
		n = (int)bw_plan_count(p, BW_PLAN_ALLOWED);
		bw_plan_free(p);
		return n;
	}
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	if (!strcmp(cls, "three_words_no_typo"))
		o.flags |= BW_SEARCH_NO_TYPOS;
	if ((!strcmp(cls, "prefix") ? bw_suggest(&r, db, json_string_value(q),
	                                         &o, &err)
	                            : bw_search(&r, db, json_string_value(q),
	                                        &o, &err)) != BW_OK)
		die(json_string_value(q), err.message);
	for (size_t i = 0; i < bw_results_count(r); i++)
		n += bw_results_entity(r, i) != NULL;
	bw_results_free(r);
	return n;
}

/* ----- timing ----- */

int bw_call(void *arg)
{
	const bw_call_arg *a = arg;
	return bw_run(a->db, a->cls, a->q);
}

int fts_call(void *arg)
{
	const fts_call_arg *a = arg;
	return fts_run(a->st, a->match);
}

/* Calls per timed batch: enough that a batch takes about 20 us, so the
 * clock's own cost (tens of nanoseconds) does not swamp sub-microsecond
 * calls; one for slower calls.  bench_python.py uses the same rule. */
static int batch_size(double warm)
{
	double b = 20e-6 / (warm > 1e-9 ? warm : 1e-9);
	return b < 1 ? 1 : b > 100 ? 100 : (int)b;
}

double bench_latency(bench_call call, void *arg, int reps, double *scratch,
                     int *hits)
{
	double t0 = now();
	int h = call(arg), batch = batch_size(now() - t0);
	if (hits)
		*hits = h;
	for (int k = 0; k < reps; k++) {
		t0 = now();
		for (int b = 0; b < batch; b++)
			call(arg);
		scratch[k] = (now() - t0) / batch;
	}
	return quantile(scratch, (size_t)reps, 0.5);
}
