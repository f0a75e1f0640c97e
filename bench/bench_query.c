/*
 * bench_query.c: query latency of libbodywork against SQLite FTS5 on the
 * same entities and the same queries.
 *
 *   bench_query FOLDER QUERIES.json [REPEATS]
 *
 * FOLDER is opened with bw_db_open.  The FTS5 contender is an in-memory
 * table built from the same entities: one row per entity, one column per
 * text group the library's own index uses (name, aliases, summary, tags,
 * body: the texts come from the same walk, bwi_entity_texts), tokenizer
 * "porter unicode61 remove_diacritics 2", a prefix index for 2 and 3
 * characters, and bm25() with the library's field weights (10, 8, 3, 2, 1).
 *
 * Each query of each class (gen.py's query set) is run once to warm up and
 * then in REPEATS timed batches (of more than one call when a call is
 * quick, see batch_size); its latency is the median of the batches' time
 * per call, and a class
 * reports the 50th and 99th percentiles of its queries' latencies.  Both
 * contenders return the ten best entities: bw_search (or bw_suggest for
 * prefixes) reading each hit's entity, and an FTS5 MATCH ordered by bm25
 * with LIMIT 10 stepping through its rowids.  Classes FTS5 cannot express
 * (typos, the planner) are reported for libbodywork alone; the class
 * three_words_no_typo searches three_words' queries with typo_threshold
 * 0.  (bench_load times the index build.)  One JSON object goes to
 * standard output.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include <bodywork.h>

#include "bench_util.h"

#include "index/index.h" /* the entities' texts, as the index sees them */

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_query: %s: %s\n", what, detail ? detail : "");
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

static sqlite3 *fts_build(const bw_db *db, double *seconds)
{
	sqlite3 *sql;
	sqlite3_stmt *ins;
	double t0 = now();
	buf groups[BWI_NGROUPS];
	char *msg = NULL;

	if (sqlite3_open(":memory:", &sql) != SQLITE_OK)
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

/* The FTS5 form of one of gen.py's queries, or NULL when the class has
 * none.  Every word is quoted (FTS5 barewords may not hold a hyphen or an
 * apostrophe), so "a b c" becomes "a" "b" "c": all words, as in bw_search;
 * a phrase stays one quoted phrase; a prefix is searched in the name and
 * alias columns, as bw_suggest does. */
static char *fts_query(const char *cls, const char *q, int *kind_filter)
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

static int fts_run(sqlite3_stmt *st, const char *match)
{
	int n = 0;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += sqlite3_column_int64(st, 0) >= 0;
	sqlite3_reset(st);
	return n;
}

/* ----- libbodywork ----- */

static int bw_run(const bw_db *db, const char *cls, json_t *q)
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

/* ----- the run ----- */

/* Calls per timed batch: enough that a batch takes about 20 us, so the
 * clock's own cost (tens of nanoseconds) does not swamp sub-microsecond
 * calls; one for slower calls.  bench_python.py uses the same rule. */
static int batch_size(double warm)
{
	double b = 20e-6 / (warm > 1e-9 ? warm : 1e-9);
	return b < 1 ? 1 : b > 100 ? 100 : (int)b;
}

typedef struct {
	double p50, p99, hits;
} stats;

static json_t *stats_json(const stats *s)
{
	return json_pack("{s:f, s:f, s:f}", "p50_us", s->p50 * 1e6, "p99_us",
	                 s->p99 * 1e6, "mean_hits", s->hits);
}

int main(int argc, char **argv)
{
	int reps = argc > 3 ? atoi(argv[3]) : 5;
	json_error_t jerr;
	json_t *queries, *out, *classes, *qs;
	const char *paths[1], *cls;
	bw_db *db;
	bw_error err;
	sqlite3 *sql;
	sqlite3_stmt *st_all, *st_kind;
	double fts_build_s, *t, *lat;

	if (argc < 3 || reps < 1) {
		fprintf(stderr, "usage: %s FOLDER QUERIES.json [REPEATS]\n", argv[0]);
		return 2;
	}
	if (!(queries = json_load_file(argv[2], 0, &jerr)))
		die(argv[2], jerr.text);
	paths[0] = argv[1];
	if (bw_db_open(&db, paths, 1, &err) != BW_OK)
		die(err.file, err.message);
	sql = fts_build(db, &fts_build_s);
	if (sqlite3_prepare_v2(sql, "SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY"
	                       " bm25(f, 10.0, 8.0, 3.0, 2.0, 1.0) LIMIT 10", -1,
	                       &st_all, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sql, "SELECT rowid FROM f WHERE f MATCH ?1 AND"
	                       " kind = 'technique' ORDER BY"
	                       " bm25(f, 10.0, 8.0, 3.0, 2.0, 1.0) LIMIT 10", -1,
	                       &st_kind, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(sql));

	t = calloc((size_t)reps, sizeof(*t));
	out = json_object();
	classes = json_object();
	json_object_set_new(out, "entities",
	                    json_integer((json_int_t)bw_db_count(db, BW_KIND_COUNT)));
	json_object_set_new(out, "fts5_build_s", json_real(fts_build_s));
	json_object_set_new(out, "repeats", json_integer(reps));
	json_object_foreach(queries, cls, qs) {
		size_t n = json_array_size(qs);
		stats s_bw = {0}, s_fts = {0};
		int fts_ok = 1;
		json_t *c = json_object();
		lat = calloc(n, sizeof(*lat));
		double *flat = calloc(n, sizeof(*flat));
		for (size_t i = 0; i < n; i++) {
			json_t *q = json_array_get(qs, i);
			int kf = 0, batch;
			char *m = json_is_string(q) ? fts_query(cls, json_string_value(q), &kf)
			                            : NULL;
			double t0 = now();
			s_bw.hits += bw_run(db, cls, q); /* warm-up */
			batch = batch_size(now() - t0);
			for (int k = 0; k < reps; k++) {
				t0 = now();
				for (int b = 0; b < batch; b++)
					bw_run(db, cls, q);
				t[k] = (now() - t0) / batch;
			}
			lat[i] = quantile(t, (size_t)reps, 0.5);
			if (!m) {
				fts_ok = 0;
				continue;
			}
			t0 = now();
			s_fts.hits += fts_run(kf ? st_kind : st_all, m);
			batch = batch_size(now() - t0);
			for (int k = 0; k < reps; k++) {
				t0 = now();
				for (int b = 0; b < batch; b++)
					fts_run(kf ? st_kind : st_all, m);
				t[k] = (now() - t0) / batch;
			}
			flat[i] = quantile(t, (size_t)reps, 0.5);
			free(m);
		}
		s_bw.p50 = quantile(lat, n, 0.5);
		s_bw.p99 = quantile(lat, n, 0.99);
		s_bw.hits /= (double)n;
		json_object_set_new(c, "bodywork", stats_json(&s_bw));
		if (fts_ok) {
			s_fts.p50 = quantile(flat, n, 0.5);
			s_fts.p99 = quantile(flat, n, 0.99);
			s_fts.hits /= (double)n;
			json_object_set_new(c, "fts5", stats_json(&s_fts));
		} else {
			json_object_set_new(c, "fts5", json_null());
		}
		json_object_set_new(c, "queries", json_integer((json_int_t)n));
		json_object_set_new(classes, cls, c);
		free(lat);
		free(flat);
	}
	json_object_set_new(out, "classes", classes);
	json_dumpf(out, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(out);
	json_decref(queries);
	sqlite3_finalize(st_all);
	sqlite3_finalize(st_kind);
	sqlite3_close(sql);
	bw_db_close(db);
	free(t);
	return 0;
}
