/*
 * bench_search.h: the two search contenders bench_query and bench_compiled
 * both run, so that they build the same FTS5 table, send the same queries
 * and time a call by the same rule: libbodywork (bw_run) and SQLite FTS5
 * over the same entities (fts_build, fts_query, fts_run).
 */
#ifndef BENCH_SEARCH_H
#define BENCH_SEARCH_H

#include <jansson.h>
#include <sqlite3.h>

#include <bodywork.h>

/* Prefixes die's messages; each program sets it to its own name. */
extern const char *bench_prog;

/* Print "PROG: what: detail" and exit 1: a benchmark that cannot do what
 * it was asked has nothing to report. */
void die(const char *what, const char *detail);

/* The statement the FTS5 contender answers a query with, and the same
 * filtered to techniques: the ten best by bm25() with the library's field
 * weights (name, alias, summary, tags, body: 10, 8, 3, 2, 1). */
#define FTS_SELECT "SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY" \
                   " bm25(f, 10.0, 8.0, 3.0, 2.0, 1.0) LIMIT 10"
#define FTS_SELECT_KIND "SELECT rowid FROM f WHERE f MATCH ?1 AND" \
                        " kind = 'technique' ORDER BY" \
                        " bm25(f, 10.0, 8.0, 3.0, 2.0, 1.0) LIMIT 10"

/* An FTS5 table f of db's entities, one row per entity (rowid: its place
 * in bw_db_entity_at's order), one column per text group of the library's
 * index filled from the same walk (bwi_entity_texts), and the kind, built
 * in one transaction and optimized.  file NULL builds it in memory;
 * otherwise in that file, which must not exist yet.  *seconds receives the
 * time taken. */
sqlite3 *fts_build(const bw_db *db, const char *file, double *seconds);

/* The FTS5 MATCH text for one of gen.py's queries of class cls (malloc'd),
 * or NULL when the class has none (typos, the planner); *kind_filter is
 * set when the query must go to FTS_SELECT_KIND. */
char *fts_query(const char *cls, const char *q, int *kind_filter);

/* Run a prepared FTS_SELECT(_KIND) for match; the rows it returned. */
int fts_run(sqlite3_stmt *st, const char *match);

/* Run one of gen.py's queries of class cls on db as a user would (bw_search,
 * bw_suggest for prefixes, the planner for plans), reading every hit; the
 * hits. */
int bw_run(const bw_db *db, const char *cls, json_t *q);

/* One call being timed: returns its hits. */
typedef int (*bench_call)(void *arg);

/* The latency of call(arg) in seconds: one call to warm up (its hits go to
 * *hits when hits is not NULL), then reps timed batches of calls (of more
 * than one call when a call takes under 20 us, so that the clock's own
 * cost does not count), and the median batch's time per call.  scratch
 * holds reps doubles. */
double bench_latency(bench_call call, void *arg, int reps, double *scratch,
                     int *hits);

/* Arguments of bw_call and fts_call, for bench_latency. */
typedef struct {
	const bw_db *db;
	const char *cls;
	json_t *q;
} bw_call_arg;

typedef struct {
	sqlite3_stmt *st;
	const char *match;
} fts_call_arg;

int bw_call(void *arg);  /* bw_run on a bw_call_arg */
int fts_call(void *arg); /* fts_run on a fts_call_arg */

#endif /* BENCH_SEARCH_H */
