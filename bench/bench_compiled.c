/*
 * bench_compiled.c: what a compiled database (bw_db_compile) saves and
 * costs, against opening the XML it came from and against reopening a
 * SQLite FTS5 database of the same entities.  For one corpus folder, in
 * this order:
 *
 *   compile  open the XML once, bw_db_compile it to a file in a fresh
 *            temporary folder and write the FTS5 table of the same
 *            entities (bench_search.c, as bench_query builds it) to a file
 *            beside it; the files' sizes against the XML's;
 *   memory   K child processes each open the compiled file and run every
 *            query of the set once, then wait until all K have; only then,
 *            all K alive, each reads /proc/self/smaps_rollup and reports
 *            what changed since before its open.  Then the same with K
 *            processes each opening the XML;
 *   open     the median time of an open and the close that ends it: N
 *            bw_db_open of the folder, many bw_db_open of the compiled
 *            file (its checks of the whole file included: that is what
 *            bw_db_open does), and many SQLite reopens: sqlite3_open_v2
 *            read-only, sqlite3_prepare_v2 of the search statement (which
 *            reads the schema: the connection is then ready to answer),
 *            sqlite3_finalize, sqlite3_close;
 *   first    within each of those opens, between open and close, the
 *            latency of one fixed query (the set's first one-word query)
 *            as the first call, against the same query once warm;
 *   queries  the p50 and p99 of every class of the query set on the
 *            compiled database and on the XML-opened one, each query timed
 *            as bench_query times it, on both in turn; two passes, per
 *            statistic the better;
 *   bundled  (--bundled) the median open and close of bw_db_open_default
 *            and bw_db_open_bundled(NULL, 0), which use the bundled corpus
 *            compiled into the library, and of both again with
 *            BODYWORK_BUNDLED_XML=1, which parse its XML.
 *
 * The page cache is warm throughout (the files were just written).  It
 * measures, never asserts; one JSON object goes to standard output.
 *
 *   bench_compiled [--bundled] [--procs K] FOLDER QUERIES.json
 *                  [REPEATS [XML_OPENS]]
 *
 * REPEATS (default 5) is bench_query's: timed batches per query.
 * XML_OPENS (default 5) is N above; the compiled file and SQLite are
 * reopened until a second has passed (at least 10, at most 1000 times).
 */
#define _GNU_SOURCE /* mkdtemp, setenv, malloc_trim */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_search.h"
#include "bench_util.h"

/* ----- small helpers ----- */

static long file_bytes(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		die(path, strerror(errno));
	return (long)sb.st_size;
}

/* The bytes of the folder's *.xml files: what bw_db_open reads of it. */
static long xml_bytes(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	long total = 0;
	if (!d)
		die(dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char path[4096];
		if (n < 5 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		total += file_bytes(path);
	}
	closedir(d);
	return total;
}

/* Write path's pages back, so that the page cache holds them clean, as it
 * would a file written long ago: pages just written count as dirty in
 * smaps, and mapped by several processes as Shared_Dirty. */
static void sync_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0)
		die(path, strerror(errno));
	close(fd);
}

static bw_db *open_one(const char *path)
{
	bw_db *db;
	bw_error err;
	if (bw_db_open(&db, &path, 1, &err) != BW_OK)
		die(err.file[0] ? err.file : path, err.message);
	return db;
}

/* Every query of every class once; the hits. */
static long run_all(const bw_db *db, json_t *queries)
{
	const char *cls;
	json_t *qs;
	long hits = 0;
	json_object_foreach(queries, cls, qs)
		for (size_t i = 0; i < json_array_size(qs); i++)
			hits += bw_run(db, cls, json_array_get(qs, i));
	return hits;
}

/* ----- memory: K processes using one database ----- */

enum { RSS, PSS, SHARED_CLEAN, SHARED_DIRTY, PRIVATE_CLEAN, PRIVATE_DIRTY,
       NMEM };
static const char *const mem_field[NMEM] = {
	"Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
	"Private_Dirty"
};

/* The process's totals from /proc/self/smaps_rollup, in bytes. */
static int smaps(long m[NMEM])
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	int found = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		for (int i = 0; i < NMEM; i++)
			if (!strcmp(line, mem_field[i])) {
				m[i] = strtol(colon + 1, NULL, 10) * 1024;
				found++;
			}
	}
	fclose(f);
	return found == NMEM ? 0 : -1;
}

typedef struct {
	long delta[NMEM]; /* after open and queries, less before the open */
	int ok;
} mem_report;

/* Block until the other end of fd is closed by every process holding it. */
static void wait_eof(int fd)
{
	char c;
	for (;;) {
		ssize_t r = read(fd, &c, 1);
		if (r == 0 || (r < 0 && errno != EINTR))
			return;
	}
}

/* A child: open path, run every query, say so on ready, wait for go to
 * close, report the change in its memory, then wait for done to close, so
 * that it keeps its pages mapped until every child has read its own. */
static void child(const char *path, json_t *queries, int ready, int go,
                  int report, int done)
{
	long before[NMEM], after[NMEM];
	mem_report r;
	bw_db *db;
	bw_error err;
	memset(&r, 0, sizeof(r));
	if (smaps(before) == 0 && bw_db_open(&db, &path, 1, &err) == BW_OK) {
		run_all(db, queries);
		if (write(ready, "x", 1) == 1) {
			wait_eof(go);
			if (smaps(after) == 0) {
				for (int i = 0; i < NMEM; i++)
					r.delta[i] = after[i] - before[i];
				r.ok = 1;
			}
			if (write(report, &r, sizeof(r)) == (ssize_t)sizeof(r))
				wait_eof(done);
		}
		bw_db_close(db);
	}
	_exit(r.ok ? 0 : 1);
}

/* K children using path at once; their reports as JSON, with the largest
 * private growth (Private_Clean + Private_Dirty) against per_bytes. */
static json_t *memory(const char *path, json_t *queries, int k,
                      long per_bytes)
{
	int ready[2], go[2], report[2], done[2], got = 0;
	pid_t *pids = calloc((size_t)k, sizeof(*pids));
	json_t *out = json_object(), *procs = json_array();
	long max_private = 0, sum_pss = 0;
	char c;

	if (!pids || pipe(ready) || pipe(go) || pipe(report) || pipe(done))
		die("pipe", strerror(errno));
	fflush(NULL);
	for (int i = 0; i < k; i++) {
		if ((pids[i] = fork()) < 0)
			die("fork", strerror(errno));
		if (pids[i] == 0) {
			close(ready[0]);
			close(go[1]);
			close(report[0]);
			close(done[1]);
			child(path, queries, ready[1], go[0], report[1], done[0]);
		}
	}
	close(ready[1]);
	close(go[0]);
	close(report[1]);
	close(done[0]);
	/* the barrier: every child has opened and queried */
	for (int i = 0; i < k; i++)
		if (read(ready[0], &c, 1) != 1)
			die("memory", "a child process failed to open or query");
	close(go[1]);
	for (int i = 0; i < k; i++) {
		mem_report r;
		json_t *p = json_object();
		long priv;
		if (read(report[0], &r, sizeof(r)) != (ssize_t)sizeof(r) || !r.ok)
			die("memory", "a child process failed to read its memory");
		for (int j = 0; j < NMEM; j++)
			json_object_set_new(p, mem_field[j], json_integer(r.delta[j]));
		priv = r.delta[PRIVATE_CLEAN] + r.delta[PRIVATE_DIRTY];
		if (priv > max_private)
			max_private = priv;
		sum_pss += r.delta[PSS];
		json_array_append_new(procs, p);
		got++;
	}
	close(done[1]);
	for (int i = 0; i < k; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			die("memory", "a child process did not exit cleanly");
	}
	close(ready[0]);
	close(report[0]);
	free(pids);
	json_object_set_new(out, "processes", json_integer(got));
	json_object_set_new(out, "per_process", procs);
	json_object_set_new(out, "max_private_bytes", json_integer(max_private));
	json_object_set_new(out, "max_private_ratio",
	                    json_real((double)max_private / (double)per_bytes));
	json_object_set_new(out, "total_pss_bytes", json_integer(sum_pss));
	return out;
}

/* ----- opens ----- */

/* Reopens until a second has passed: at least 10, at most 1000. */
#define MIN_OPENS 10
#define MAX_OPENS 1000
#define OPEN_BUDGET_S 1.0

typedef struct {
	double open_s, close_s, first_s; /* medians */
	int runs;
	int hits;                        /* of the first query */
} open_stats;

static json_t *open_json(const open_stats *s)
{
	return json_pack("{s:f, s:f, s:f, s:i, s:i}", "open_s", s->open_s,
	                 "close_s", s->close_s, "first_query_us",
	                 s->first_s * 1e6, "runs", s->runs, "first_hits",
	                 s->hits);
}

/* One way of getting a database ready: open it, run the first query
 * (returning its hits; none when first is NULL), close it. */
typedef struct opener {
	void *(*open)(void *arg);
	int (*first)(void *handle, void *arg);
	void (*close)(void *handle);
	void *arg;
} opener;

/* Open, first query and close, runs times (or, with runs 0, until the
 * budget is spent), each timed. */
static void time_opens(open_stats *s, int runs, const opener *op)
{
	double *o = calloc(MAX_OPENS, sizeof(*o)), *c = calloc(MAX_OPENS, sizeof(*c));
	double *f = calloc(MAX_OPENS, sizeof(*f)), start = now();
	int n = 0;
	if (!o || !c || !f)
		die("out of memory", NULL);
	while (runs ? n < runs : n < MAX_OPENS &&
	       (n < MIN_OPENS || now() - start < OPEN_BUDGET_S)) {
		double t0 = now(), t1, t2;
		void *h = op->open(op->arg);
		t1 = now();
		s->hits = op->first ? op->first(h, op->arg) : 0;
		t2 = now();
		op->close(h);
		c[n] = now() - t2;
		o[n] = t1 - t0 + c[n];
		f[n++] = t2 - t1;
	}
	s->open_s = quantile(o, (size_t)n, 0.5);
	s->close_s = quantile(c, (size_t)n, 0.5);
	s->first_s = quantile(f, (size_t)n, 0.5);
	s->runs = n;
	free(o);
	free(c);
	free(f);
}

/* bw_db_open of a path, and the query set's first query. */
typedef struct {
	const char *path, *cls;
	json_t *q;
} bw_open_arg;

static void *bw_open(void *arg)
{
	return open_one(((bw_open_arg *)arg)->path);
}

static int bw_first(void *db, void *arg)
{
	bw_open_arg *a = arg;
	return bw_run(db, a->cls, a->q);
}

static void bw_close(void *db)
{
	bw_db_close(db);
}

/* A read-only SQLite connection with the search statement prepared
 * (which reads the schema), and the same query as MATCH text. */
typedef struct {
	const char *file, *match;
	sqlite3 *sql;
	sqlite3_stmt *st;
} fts_open_arg;

static void *fts_open(void *arg)
{
	fts_open_arg *a = arg;
	if (sqlite3_open_v2(a->file, &a->sql, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(a->sql, FTS_SELECT, -1, &a->st, NULL) != SQLITE_OK)
		die("sqlite reopen", sqlite3_errmsg(a->sql));
	return a;
}

static int fts_first(void *h, void *arg)
{
	(void)arg;
	return fts_run(((fts_open_arg *)h)->st, ((fts_open_arg *)h)->match);
}

static void fts_close(void *h)
{
	fts_open_arg *a = h;
	sqlite3_finalize(a->st);
	sqlite3_close(a->sql);
}

/* ----- queries: compiled against XML-opened ----- */

typedef struct {
	double p50, p99;
} pct;

/* Every class's p50 and p99 on the compiled database (into c) and on the
 * XML-opened one (into x), one per class in order.  Each query is timed on
 * both, one right after the other, the first of the two alternating from
 * query to query: a change in the machine's speed (a neighbour's job
 * starting) then lands on both alike. */
static void time_classes(pct *c, pct *x, const bw_db *compiled,
                         const bw_db *xml, json_t *queries, int reps)
{
	const char *cls;
	json_t *qs;
	double *t = calloc((size_t)reps, sizeof(*t));
	size_t k = 0;
	json_object_foreach(queries, cls, qs) {
		size_t n = json_array_size(qs);
		double *lc = calloc(n ? n : 1, sizeof(*lc));
		double *lx = calloc(n ? n : 1, sizeof(*lx));
		for (size_t i = 0; i < n; i++) {
			bw_call_arg ac = {compiled, cls, json_array_get(qs, i)};
			bw_call_arg ax = {xml, cls, json_array_get(qs, i)};
			if (i % 2)
				lx[i] = bench_latency(bw_call, &ax, reps, t, NULL);
			lc[i] = bench_latency(bw_call, &ac, reps, t, NULL);
			if (i % 2 == 0)
				lx[i] = bench_latency(bw_call, &ax, reps, t, NULL);
		}
		c[k].p50 = n ? quantile(lc, n, 0.5) : 0;
		c[k].p99 = n ? quantile(lc, n, 0.99) : 0;
		x[k].p50 = n ? quantile(lx, n, 0.5) : 0;
		x[k].p99 = n ? quantile(lx, n, 0.99) : 0;
		k++;
		free(lc);
		free(lx);
	}
	free(t);
}

static void keep_best(pct *best, const pct *v, size_t n, int first)
{
	for (size_t i = 0; i < n; i++) {
		if (first || v[i].p50 < best[i].p50)
			best[i].p50 = v[i].p50;
		if (first || v[i].p99 < best[i].p99)
			best[i].p99 = v[i].p99;
	}
}

static json_t *queries_json(const bw_db *compiled, const bw_db *xml,
                            json_t *queries, int reps)
{
	size_t n = json_object_size(queries), c = 0;
	pct *bc = calloc(n, sizeof(*bc)), *bx = calloc(n, sizeof(*bx));
	pct *vc = calloc(n, sizeof(*vc)), *vx = calloc(n, sizeof(*vx));
	json_t *out = json_object(), *classes = json_object(), *qs;
	double worst50 = 0, worst99 = 0, logsum = 0;
	const char *cls, *w50 = "", *w99 = "";
	/* two passes, per statistic the better: a pass that a neighbour's
	 * job slowed is not the figure */
	for (int pass = 0; pass < 2; pass++) {
		time_classes(vc, vx, compiled, xml, queries, reps);
		keep_best(bc, vc, n, pass == 0);
		keep_best(bx, vx, n, pass == 0);
	}
	json_object_foreach(queries, cls, qs) {
		double r50 = bc[c].p50 / bx[c].p50, r99 = bc[c].p99 / bx[c].p99;
		json_object_set_new(classes, cls, json_pack(
			"{s:{s:f, s:f}, s:{s:f, s:f}}",
			"compiled", "p50_us", bc[c].p50 * 1e6, "p99_us", bc[c].p99 * 1e6,
			"xml", "p50_us", bx[c].p50 * 1e6, "p99_us", bx[c].p99 * 1e6));
		logsum += log(r50);
		if (r50 > worst50) {
			worst50 = r50;
			w50 = cls;
		}
		if (r99 > worst99) {
			worst99 = r99;
			w99 = cls;
		}
		c++;
	}
	json_object_set_new(out, "repeats", json_integer(reps));
	json_object_set_new(out, "classes", classes);
	/* compiled over XML-opened: above 1 is slower */
	json_object_set_new(out, "worst_p50_ratio", json_real(worst50));
	json_object_set_new(out, "worst_p50_class", json_string(w50));
	json_object_set_new(out, "worst_p99_ratio", json_real(worst99));
	json_object_set_new(out, "worst_p99_class", json_string(w99));
	/* one class's ratio moves by a tenth from run to run on a shared
	 * machine; their geometric mean says whether the whole is slower */
	json_object_set_new(out, "geomean_p50_ratio",
	                    json_real(n ? exp(logsum / (double)n) : 1));
	free(bc);
	free(bx);
	free(vc);
	free(vx);
	return out;
}

/* ----- the bundled corpus ----- */

/* A bundled open (by fn), which must give a compiled database or not. */
typedef struct {
	bw_status (*fn)(bw_db **out, bw_error *err);
	int compiled;
} bundled_arg;

static bw_status open_bundled_alone(bw_db **out, bw_error *err)
{
	return bw_db_open_bundled(out, NULL, 0, err);
}

static void *bundled_open(void *arg)
{
	bundled_arg *a = arg;
	bw_db *db;
	bw_error err;
	if (a->fn(&db, &err) != BW_OK)
		die("the bundled corpus", err.message);
	if (bw_db_is_compiled(db) != a->compiled)
		die("the bundled corpus", a->compiled ? "was not used compiled" :
		    "was not read from its XML");
	return db;
}

/* Median open and close by fn, until the budget is spent. */
static double time_opener(bw_status (*fn)(bw_db **, bw_error *), int compiled,
                          int *runs)
{
	bundled_arg a = { fn, compiled };
	opener op = { bundled_open, NULL, bw_close, &a };
	open_stats s;
	time_opens(&s, 0, &op);
	*runs = s.runs;
	return s.open_s;
}

static json_t *bundled_json(void)
{
	double cd, cb, xd, xb;
	int ncd, ncb, nxd, nxb;
	unsetenv("BODYWORK_CORPUS");
	unsetenv("BODYWORK_BUNDLED_XML");
	cd = time_opener(bw_db_open_default, 1, &ncd);
	cb = time_opener(open_bundled_alone, 1, &ncb);
	setenv("BODYWORK_BUNDLED_XML", "1", 1);
	xd = time_opener(bw_db_open_default, 0, &nxd);
	xb = time_opener(open_bundled_alone, 0, &nxb);
	unsetenv("BODYWORK_BUNDLED_XML");
	return json_pack("{s:{s:f, s:i}, s:{s:f, s:i}, s:{s:f, s:i},"
	                 " s:{s:f, s:i}}",
	                 "compiled_default", "open_s", cd, "runs", ncd,
	                 "compiled_bundled", "open_s", cb, "runs", ncb,
	                 "xml_default", "open_s", xd, "runs", nxd,
	                 "xml_bundled", "open_s", xb, "runs", nxb);
}

/* ----- the run ----- */

/* The temporary folder and its two files (hundreds of megabytes at 100k),
 * removed at exit however the run ends, by this process only: a child that
 * dies exits through die() too. */
static char dir[4096], bwdb[4200], fts[4200];
static pid_t owner;

static void remove_files(void)
{
	if (getpid() != owner || !dir[0])
		return;
	remove(bwdb);
	remove(fts);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	int bundled = 0, procs = 4, reps = 5, xml_opens = 5, kf;
	const char *folder, *tmp = getenv("TMPDIR"), *cls = "one_word";
	char *match;
	json_error_t jerr;
	json_t *queries, *first, *out, *mem, *firsts;
	bw_db *db, *xml_db, *comp_db;
	bw_error err;
	sqlite3 *sql;
	double t0, compile_s, fts_build_s, *scratch;
	long xml_size, bwdb_size, fts_size;
	open_stats ox, oc, os;
	int argi = 1;

	bench_prog = "bench_compiled";
	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (!strcmp(argv[argi], "--bundled"))
			bundled = 1;
		else if (!strcmp(argv[argi], "--procs") && argi + 1 < argc)
			procs = atoi(argv[++argi]);
		else
			break;
	}
	if (argc - argi < 2 || procs < 1 ||
	    (argc - argi > 2 && (reps = atoi(argv[argi + 2])) < 1) ||
	    (argc - argi > 3 && (xml_opens = atoi(argv[argi + 3])) < 1)) {
		fprintf(stderr, "usage: %s [--bundled] [--procs K] FOLDER "
		        "QUERIES.json [REPEATS [XML_OPENS]]\n", argv[0]);
		return 2;
	}
	folder = argv[argi];
	if (!(queries = json_load_file(argv[argi + 1], 0, &jerr)))
		die(argv[argi + 1], jerr.text);
	first = json_array_get(json_object_get(queries, cls), 0);
	if (!json_is_string(first))
		die(argv[argi + 1], "has no one_word query to time first");
	match = fts_query(cls, json_string_value(first), &kf);
	scratch = calloc((size_t)reps, sizeof(*scratch));
	snprintf(dir, sizeof(dir), "%s/bench_compiled.XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die(dir, strerror(errno));
	owner = getpid();
	atexit(remove_files);
	snprintf(bwdb, sizeof(bwdb), "%s/db.bwdb", dir);
	snprintf(fts, sizeof(fts), "%s/fts.db", dir);

	/* compile: the compiled file and the FTS5 file, from one open */
	db = open_one(folder);
	t0 = now();
	if (bw_db_compile(db, bwdb, &err) != BW_OK)
		die("bw_db_compile", err.message);
	compile_s = now() - t0;
	sql = fts_build(db, fts, &fts_build_s);
	sqlite3_close(sql);
	sync_file(bwdb);
	sync_file(fts);
	out = json_object();
	json_object_set_new(out, "corpus", json_string(folder));
	json_object_set_new(out, "entities",
	                    json_integer((json_int_t)bw_db_count(db, BW_KIND_COUNT)));
	bw_db_close(db);
	malloc_trim(0); /* the children below start from a small heap */
	xml_size = xml_bytes(folder);
	bwdb_size = file_bytes(bwdb);
	fts_size = file_bytes(fts);
	json_object_set_new(out, "xml_bytes", json_integer(xml_size));
	json_object_set_new(out, "compiled_bytes", json_integer(bwdb_size));
	json_object_set_new(out, "size_ratio",
	                    json_real((double)bwdb_size / (double)xml_size));
	json_object_set_new(out, "compile_s", json_real(compile_s));
	json_object_set_new(out, "fts5_bytes", json_integer(fts_size));
	json_object_set_new(out, "fts5_build_s", json_real(fts_build_s));

	/* memory, before this process holds a database */
	fprintf(stderr, "bench_compiled: memory, %d processes\n", procs);
	mem = json_object();
	json_object_set_new(mem, "compiled", memory(bwdb, queries, procs,
	                                            bwdb_size));
	json_object_set_new(mem, "xml", memory(folder, queries, procs,
	                                       bwdb_size));
	json_object_set_new(out, "memory", mem);

	/* opens, each with its first query */
	fprintf(stderr, "bench_compiled: opens\n");
	{
		bw_open_arg xa = { folder, cls, first }, ca = { bwdb, cls, first };
		fts_open_arg fa = { fts, match, NULL, NULL };
		opener xo = { bw_open, bw_first, bw_close, &xa };
		opener co = { bw_open, bw_first, bw_close, &ca };
		opener fo = { fts_open, fts_first, fts_close, &fa };
		time_opens(&ox, xml_opens, &xo);
		time_opens(&oc, 0, &co);
		time_opens(&os, 0, &fo);
	}
	json_object_set_new(out, "open_xml", open_json(&ox));
	json_object_set_new(out, "open_compiled", open_json(&oc));
	json_object_set_new(out, "sqlite_reopen", open_json(&os));
	json_object_set_new(out, "xml_over_compiled",
	                    json_real(ox.open_s / oc.open_s));
	json_object_set_new(out, "compiled_over_sqlite",
	                    json_real(oc.open_s / os.open_s));

	/* the fixed query once warm, on each, for the first queries above */
	comp_db = open_one(bwdb);
	xml_db = open_one(folder);
	if (!bw_db_is_compiled(comp_db) || bw_db_is_compiled(xml_db))
		die("bw_db_is_compiled", "says otherwise");
	firsts = json_object();
	json_object_set_new(firsts, "query", json_copy(first));
	{
		bw_call_arg ca = {comp_db, cls, first}, xa = {xml_db, cls, first};
		fts_call_arg fa = {NULL, match};
		if (sqlite3_open_v2(fts, &sql, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
		    sqlite3_prepare_v2(sql, FTS_SELECT, -1, &fa.st, NULL) != SQLITE_OK)
			die("sqlite open", sqlite3_errmsg(sql));
		json_object_set_new(firsts, "compiled_warm_us", json_real(
			bench_latency(bw_call, &ca, reps, scratch, NULL) * 1e6));
		json_object_set_new(firsts, "xml_warm_us", json_real(
			bench_latency(bw_call, &xa, reps, scratch, NULL) * 1e6));
		json_object_set_new(firsts, "fts5_warm_us", json_real(
			bench_latency(fts_call, &fa, reps, scratch, NULL) * 1e6));
		sqlite3_finalize(fa.st);
		sqlite3_close(sql);
	}
	json_object_set_new(out, "first_query", firsts);

	fprintf(stderr, "bench_compiled: queries\n");
	json_object_set_new(out, "queries", queries_json(comp_db, xml_db,
	                                                 queries, reps));
	bw_db_close(comp_db);
	bw_db_close(xml_db);
	if (bundled) {
		fprintf(stderr, "bench_compiled: the bundled corpus\n");
		json_object_set_new(out, "bundled", bundled_json());
	}

	json_dumpf(out, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(out);
	json_decref(queries);
	free(match);
	free(scratch);
	return 0;
}
