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
 * Both contenders and the timing rule are in bench_search.c, which
 * bench_compiled shares.
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

#include "bench_search.h"
#include "bench_util.h"

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

	bench_prog = "bench_query";
	if (argc < 3 || reps < 1) {
		fprintf(stderr, "usage: %s FOLDER QUERIES.json [REPEATS]\n", argv[0]);
		return 2;
	}
	if (!(queries = json_load_file(argv[2], 0, &jerr)))
		die(argv[2], jerr.text);
	paths[0] = argv[1];
	if (bw_db_open(&db, paths, 1, &err) != BW_OK)
		die(err.file, err.message);
	sql = fts_build(db, NULL, &fts_build_s);
	if (sqlite3_prepare_v2(sql, FTS_SELECT, -1, &st_all, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sql, FTS_SELECT_KIND, -1, &st_kind, NULL) != SQLITE_OK)
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
			int kf = 0, hits;
			char *m = json_is_string(q) ? fts_query(cls, json_string_value(q), &kf)
			                            : NULL;
			bw_call_arg ba = {db, cls, q};
			fts_call_arg fa = {kf ? st_kind : st_all, m};
			lat[i] = bench_latency(bw_call, &ba, reps, t, &hits);
			s_bw.hits += hits;
			if (!m) {
				fts_ok = 0;
				continue;
			}
			flat[i] = bench_latency(fts_call, &fa, reps, t, &hits);
			s_fts.hits += hits;
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
