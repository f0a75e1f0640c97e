/*
 * check_alloc.c: out of memory.  The library's allocator is replaced by one
 * that counts live blocks and fails the n-th allocation; opening a corpus
 * is repeated for n = 1, 2, ... until an open succeeds without a failure.
 * The same holds for lookups and plans on the opened database.
 * Every failed open must return BW_ENOMEM with *out NULL and leave no block
 * of the library's allocated (libxml2 keeps its own allocator).  Success
 * is not enough: a database opened in a round must hold what a clean open
 * holds (a digest of every entity, fact, rule and back-reference), and a
 * lookup or plan that met the failure must, retried, answer as a clean run
 * does; so must one that succeeded despite it.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "digest.h"

static const char *const conds[] = { "endometriosis", "endo" };

/* What the calls on an opened database answer, as digests. */
typedef struct answers {
	uint64_t db, lookup, plan, restrictions;
} answers;

/* The calls on db into *a; returns the first status other than BW_OK. */
static bw_status ask(answers *a, const bw_db *db, const char *lookup)
{
	const bw_entity *e = NULL;
	bw_plan *p = NULL;
	bw_status st;
	memset(a, 0, sizeof(*a));
	a->db = dg_db(db);
	if ((st = bw_db_lookup(&e, db, lookup, NULL)) != BW_OK)
		return st;
	dg_ref(&a->lookup, e);
	if ((st = bw_plan_new(&p, db, lookup, conds, 2, NULL)) != BW_OK)
		return st;
	a->plan = dg_plan(p);
	bw_plan_free(p);
	if ((st = bw_plan_restrictions(&p, db, "abdominal-release", NULL)))
		return st;
	a->restrictions = dg_plan(p);
	bw_plan_free(p);
	return BW_OK;
}

static void same_answers(const answers *got, const answers *want, long k)
{
	ck_assert_msg(got->db == want->db, "round %ld: the database differs", k);
	ck_assert_msg(got->lookup == want->lookup, "round %ld: lookup differs", k);
	ck_assert_msg(got->plan == want->plan, "round %ld: plan differs", k);
	ck_assert_msg(got->restrictions == want->restrictions,
	              "round %ld: restrictions differ", k);
}

static void check_all_failures(const char *const *paths, size_t n,
                               const char *lookup)
{
	long rounds = 0;
	answers want, got;
	bw_db *clean = NULL;
	ck_assert_int_eq(bw_db_open(&clean, paths, n, NULL), BW_OK);
	ck_assert_int_eq(ask(&want, clean, lookup), BW_OK);
	bw_db_close(clean);
	tu_alloc_install();
	for (long k = 0;; k++) {
		bw_db *db = (bw_db *)1;
		bw_error err;
		bw_status st;
		tu_alloc_arm(k);
		st = bw_db_open(&db, paths, n, &err);
		if (st == BW_OK) {
			bw_status ls = ask(&got, db, lookup);
			ck_assert_msg(ls == BW_OK || (ls == BW_ENOMEM && tu_alloc_failed()),
			              "round %ld: %d", k, ls);
			if (ls != BW_OK) { /* the failure hit a query: retry it */
				tu_alloc_disarm();
				ls = ask(&got, db, lookup);
				ck_assert_int_eq(ls, BW_OK);
			}
			same_answers(&got, &want, k);
			bw_db_close(db);
			ck_assert_int_eq(tu_alloc_live(), 0);
			if (!tu_alloc_failed())
				break;
			continue;
		}
		ck_assert_msg(st == BW_ENOMEM, "round %ld: %d %s", k, st, err.message);
		ck_assert_int_eq(err.code, BW_ENOMEM);
		ck_assert_ptr_null(db);
		ck_assert_msg(tu_alloc_live() == 0, "round %ld leaked %ld blocks", k,
		              tu_alloc_live());
		rounds++;
	}
	tu_alloc_restore();
	ck_assert_int_gt(rounds, 50); /* the loop did reach deep paths */
}

START_TEST(test_open_out_of_memory)
{
	char a[4096], b[4096];
	const char *paths[2] = { a, b };
	strcpy(a, tu_data("valid"));
	strcpy(b, tu_data("layers/clinic"));
	check_all_failures(paths, 2, "Psoas Major");
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("alloc");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_open_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(alloc_suite());
}
