/*
 * check_budget.c: a budget for every input.  The worst shapes of issue 19's
 * attack run (many attributes on one element, many sibling aliases, many
 * newlines, many tiny elements, deep but allowed nesting) are opened at three
 * sizes, n, 4n and 16n, and the peak memory of each open, libxml2's tree
 * included, must grow at most linearly: above the cost of opening a minimal
 * file, peak(16n) / peak(n) <= 16 * 1.5.  Shapes over a cap must be refused
 * at every size.  Ratios only, never absolute sizes, and never times: speed
 * is measured by bench/budget.sh and reported in docs/performance.md.
 * Running out of memory anywhere in a parse is BW_ENOMEM, never malformed
 * XML.  Small enough for a few seconds under valgrind and ASan.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* A growing buffer for generated files. */
typedef struct gen {
	char *p;
	size_t n, cap;
} gen;

static void put(gen *g, const char *s, size_t len)
{
	if (g->n + len + 1 > g->cap) {
		g->cap = (g->n + len + 1) * 2;
		g->p = realloc(g->p, g->cap);
		ck_assert_ptr_nonnull(g->p);
	}
	memcpy(g->p + g->n, s, len);
	g->n += len;
}

static void puts_(gen *g, const char *s)
{
	put(g, s, strlen(s));
}

static void putf(gen *g, const char *fmt, size_t i)
{
	char tmp[256];
	int k = snprintf(tmp, sizeof(tmp), fmt, i);
	put(g, tmp, (size_t)k);
}

static void repeat(gen *g, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		puts_(g, s);
}

#define HEAD "<corpus version=\"1\">\n<source id=\"s\" kind=\"book\">" \
             "<title>T</title></source>\n"
#define TAIL "</corpus>\n"
#define ALIAS "<alias type=\"synonym\" source=\"s\" evidence=\"established\">a%zu</alias>"

/* One site with aliases aliases. */
static void site(gen *g, size_t i, size_t aliases)
{
	putf(g, "<site id=\"x%zu\" type=\"region\"><name>X</name>", i);
	for (size_t k = 0; k < aliases; k++)
		putf(g, ALIAS, k);
	puts_(g, "<summary source=\"s\" evidence=\"established\">S</summary>"
	      "</site>\n");
}

static void shape_attrs(gen *g, size_t n)       /* one element, n attributes */
{
	puts_(g, "<corpus version=\"1\"><source id=\"s\"");
	for (size_t k = 0; k < n; k++)
		putf(g, " a%zu=\"\"", k);
	puts_(g, " kind=\"book\"><title>T</title></source>" TAIL);
}

static void shape_attrs_at_cap(gen *g, size_t n) /* n elements of 32 each */
{
	puts_(g, HEAD);
	for (size_t i = 0; i < n; i++) {
		puts_(g, "<b");
		for (size_t k = 0; k < 32; k++)
			putf(g, " a%zu=\"\"", k);
		puts_(g, "/>");
	}
	puts_(g, TAIL);
}

static void shape_aliases(gen *g, size_t n)     /* one entity, n aliases */
{
	puts_(g, HEAD);
	site(g, 0, n);
	puts_(g, TAIL);
}

static void shape_alias_entities(gen *g, size_t n) /* n entities of 1000 */
{
	puts_(g, HEAD);
	for (size_t i = 0; i < n; i++)
		site(g, i, 1000);
	puts_(g, TAIL);
}

static void shape_lf(gen *g, size_t n)
{
	puts_(g, HEAD);
	repeat(g, "\n", n);
	puts_(g, TAIL);
}

static void shape_cr(gen *g, size_t n)
{
	puts_(g, HEAD);
	repeat(g, "\r", n);
	puts_(g, TAIL);
}

static void shape_tiny(gen *g, size_t n)
{
	puts_(g, HEAD);
	repeat(g, "<a/>", n);
	puts_(g, TAIL);
}

static void shape_deep(gen *g, size_t n)        /* n chains 200 deep */
{
	puts_(g, HEAD);
	for (size_t i = 0; i < n; i++) {
		repeat(g, "<a>", 200);
		repeat(g, "</a>", 200);
	}
	puts_(g, TAIL);
}

typedef struct shape {
	const char *name;
	void (*make)(gen *g, size_t n);
	size_t n;
	bw_status want;               /* at every size */
	const char *message;          /* a substring of the error */
} shape;

static const shape shapes[] = {
	{ "attributes on one element", shape_attrs, 1000, BW_ESCHEMA,
	  "limit of 32 per element" },
	{ "32 attributes on many elements", shape_attrs_at_cap, 100, BW_ESCHEMA,
	  "does not match the schema" },
	{ "aliases of one entity", shape_aliases, 200, BW_OK, NULL },
	{ "aliases over the cap", shape_aliases, 5000, BW_ESCHEMA,
	  "limit of 4096 per element" },
	{ "entities of 1000 aliases", shape_alias_entities, 1, BW_OK, NULL },
	{ "LF newlines", shape_lf, 1u << 16, BW_OK, NULL },
	{ "CR newlines", shape_cr, 1u << 16, BW_OK, NULL },
	{ "tiny elements", shape_tiny, 4000, BW_ESCHEMA, "<a>" },
	{ "nesting 200 deep", shape_deep, 10, BW_ESCHEMA, "<a>" },
};

/* Open the file that make(n) writes; return the peak bytes of the open. */
static long peak_of(const shape *s, size_t n, size_t *bytes)
{
	gen g = { NULL, 0, 0 };
	const char *paths[1];
	bw_db *db = NULL;
	bw_error err;
	bw_status st;
	long peak;
	s->make(&g, n);
	paths[0] = tu_write_temp("budget.xml", g.p, g.n);
	*bytes = g.n;
	free(g.p);
	memset(&err, 0, sizeof(err));
	tu_alloc_peak_reset();
	st = bw_db_open(&db, paths, 1, &err);
	peak = tu_alloc_peak();
	ck_assert_msg(st == s->want, "%s at %zu: expected %d, got %d (%lu:%lu %s)",
	              s->name, n, s->want, st, err.line, err.column, err.message);
	if (s->message)
		ck_assert_msg(strstr(err.message, s->message) != NULL,
		              "%s: '%s' lacks '%s'", s->name, err.message,
		              s->message);
	if (st != BW_OK)
		ck_assert_uint_gt(err.line, 0);
	bw_db_close(db);
	unlink(paths[0]);
	return peak;
}

static long base_peak(void)
{
	static const shape minimal = { "minimal", shape_lf, 0, BW_OK, NULL };
	size_t bytes;
	return peak_of(&minimal, 0, &bytes);
}

START_TEST(test_memory_linear)
{
	const shape *s = &shapes[_i];
	long base = base_peak(), peak[3];
	size_t bytes[3], mult[3] = { 1, 4, 16 };
	for (int k = 0; k < 3; k++)
		peak[k] = peak_of(s, s->n * mult[k], &bytes[k]);
	printf("%-32s base %ld peak %9ld %9ld %9ld bytes; per file byte "
	       "%.1f %.1f %.1f; ratios %.2f %.2f\n", s->name, base, peak[0], peak[1],
	       peak[2], (double)peak[0] / (double)bytes[0],
	       (double)peak[1] / (double)bytes[1],
	       (double)peak[2] / (double)bytes[2],
	       (double)peak[1] / (double)peak[0],
	       (double)peak[2] / (double)peak[0]);
	ck_assert_int_gt(peak[0], 0);
	ck_assert_msg((double)peak[1] <= 4 * 1.5 * (double)peak[0],
	              "%s: peak(4n)/peak(n) = %.2f", s->name,
	              (double)peak[1] / (double)peak[0]);
	ck_assert_msg((double)peak[2] <= 16 * 1.5 * (double)peak[0],
	              "%s: peak(16n)/peak(n) = %.2f", s->name,
	              (double)peak[2] / (double)peak[0]);
}
END_TEST

/* One element more than the file cap is refused before libxml2 builds a
 * tree: the scan stops at it, with its position. */
START_TEST(test_elements_cap)
{
	const size_t cap = 1u << 22;
	gen g = { NULL, 0, 0 };
	const char *paths[1];
	bw_db *db = (bw_db *)1;
	bw_error err;
	puts_(&g, "<corpus version=\"1\">\n");
	repeat(&g, "<a/>", cap);
	puts_(&g, TAIL);
	paths[0] = tu_write_temp("elements.xml", g.p, g.n);
	free(g.p);
	tu_alloc_peak_reset();
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EPARSE);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err.message, "limit of 4194304 elements"));
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_eq(err.column, (cap - 1) * 4 + 1);
	/* the file and the tag offsets, never a tree: about 2 bytes a byte */
	ck_assert_int_lt(tu_alloc_peak(), 3 * (long)(cap * 4));
	unlink(paths[0]);
}
END_TEST

/* Every allocation of a file's parse, libxml2's included, failing in turn
 * gives BW_ENOMEM (or, where libxml2 recovers, the same database), never
 * malformed XML.  Only the parse: libxml2 2.9's RelaxNG compiler and
 * validator crash when one of their allocations fails (check_alloc fails
 * the library's own allocations everywhere). */
START_TEST(test_parse_out_of_memory)
{
	const char text[] = HEAD "<site id=\"x\" type=\"region\"><name>X</name>"
		"<summary source=\"s\" evidence=\"established\">S</summary>"
		"</site>\n" TAIL;
	const char *paths[1];
	bw_db *db;
	bw_error err;
	int injected = 0;
	char bad[sizeof(text)];
	long start, end;
	/* a NUL at byte 0 stops the open just before libxml2 parses; a
	 * stray '<' at the end, just after it has parsed the whole text */
	paths[0] = tu_write_temp("oom.xml", "\0", 1);
	tu_alloc_arm(-1);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EPARSE);
	start = tu_alloc_calls();
	memcpy(bad, text, sizeof(text) - 1);
	bad[sizeof(text) - 1] = '<';
	paths[0] = tu_write_temp("oom.xml", bad, sizeof(text));
	tu_alloc_arm(-1);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EPARSE);
	/* less what reporting that error takes, which the good file spends
	 * in the validator instead */
	end = tu_alloc_calls() - 16;
	paths[0] = tu_write_temp("oom.xml", text, sizeof(text) - 1);
	for (long k = start; k < end; k++) {
		bw_status st;
		db = NULL;
		memset(&err, 0, sizeof(err));
		tu_alloc_arm(k);
		st = bw_db_open(&db, paths, 1, &err);
		tu_alloc_disarm();
		if (st == BW_OK) {
			/* a failure libxml2 recovered from: the same database */
			const bw_entity *e;
			ck_assert_int_eq(bw_db_get(&e, db, "x", NULL), BW_OK);
			ck_assert_uint_eq(bw_db_count(db, BW_KIND_COUNT), 2);
			bw_db_close(db);
			continue;
		}
		injected++;
		ck_assert_msg(st == BW_ENOMEM, "allocation %ld: got %d: %s", k,
		              st, err.message);
		ck_assert_ptr_null(db);
	}
	ck_assert_int_gt(injected, 10);
	unlink(paths[0]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("budget");
	TCase *tc = tcase_create("budget");
	if (tu_alloc_xml() != 0)      /* before libxml2's first use */
		return EXIT_FAILURE;
	tcase_add_checked_fixture(tc, tu_alloc_install, tu_alloc_restore);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_memory_linear, 0,
	                    (int)(sizeof(shapes) / sizeof(shapes[0])));
	tcase_add_test(tc, test_elements_cap);
	tcase_add_test(tc, test_parse_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
