/*
 * check_alloc.c: out of memory.  The library's allocator is replaced by one
 * that counts live blocks and fails the n-th allocation; opening a corpus
 * is repeated for n = 1, 2, ... until an open succeeds without a failure.
 * The same holds for lookups and plans on the opened database.
 * Every failed open must return BW_ENOMEM with *out NULL and leave no block
 * of the library's allocated (libxml2 keeps its own allocator).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void check_all_failures(const char *const *paths, size_t n,
                               const char *lookup)
{
	long rounds = 0;
	tu_alloc_install();
	for (long k = 0;; k++) {
		bw_db *db = (bw_db *)1;
		bw_error err;
		bw_status st;
		tu_alloc_arm(k);
		st = bw_db_open(&db, paths, n, &err);
		if (st == BW_OK) {
			const bw_entity *e;
			const char *conds[] = { "endometriosis", "endo" };
			bw_plan *p = NULL;
			bw_status ls = bw_db_lookup(&e, db, lookup, &err);
			ck_assert(ls == BW_OK || (ls == BW_ENOMEM && tu_alloc_failed()));
			ls = bw_plan_new(&p, db, lookup, conds, 2, &err);
			ck_assert_msg(ls == BW_OK || (ls == BW_ENOMEM && tu_alloc_failed()),
			              "plan: %d %s", ls, err.message);
			bw_plan_free(p);
			ls = bw_plan_restrictions(&p, db, "abdominal-release", &err);
			ck_assert(ls == BW_OK || (ls == BW_ENOMEM && tu_alloc_failed()));
			bw_plan_free(p);
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
