/*
 * check_status.c: a failure keeps its own status on the way up.  A cap of
 * the search index reached while building it is BW_ECORPUS with a message
 * naming the cap, wherever in the build it is hit (a word's text, the
 * entity walk's callback, an entity's positions, the entity count), never
 * BW_ENOMEM; a failed allocation during the same build is BW_ENOMEM, and
 * nothing leaks either way.  Also the array-growing helper that replaced
 * the casts to void **: it keeps the elements, and a failure leaves the
 * pointer and capacity as they were.
 */
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "api/db.h"
#include "index/index.h"

static bw_db *db;

static void setup(void)
{
	static const char *const paths[] = { "valid/base.xml" };
	db = tu_open(paths, 1);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

/* Each cap, lowered far enough for the test corpus to reach it, and the
 * words its message must hold. */
typedef struct lowered {
	const char *name;
	size_t which;              /* offsetof a field of bwi_index_caps */
	size_t value;
	const char *says;
} lowered;

static const lowered caps_low[] = {
	{ "docs", offsetof(bwi_index_caps, docs), 2, "more than 2 entities" },
	{ "words", offsetof(bwi_index_caps, words), 20,
	  "more than 20 distinct words" },
	{ "word_bytes", offsetof(bwi_index_caps, word_bytes), 100,
	  "more than 100 bytes of distinct words" },
	{ "positions", offsetof(bwi_index_caps, positions), 3,
	  "more than 3 word positions" },
};

static bwi_index_caps caps_with(const lowered *l)
{
	bwi_index_caps c = bwi_index_caps_max;
	memcpy((char *)&c + l->which, &l->value, sizeof(size_t));
	return c;
}

START_TEST(test_index_within_max_caps)
{
	bwi_index *ix = (bwi_index *)1;
	bw_error err;
	ck_assert_int_eq(bwi_index_build_within(&ix, &db->model,
	                                        &bwi_index_caps_max, &err), BW_OK);
	ck_assert_ptr_nonnull(ix);
	/* the same index the open built */
	ck_assert_uint_eq(ix->ndocs, db->index->ndocs);
	ck_assert_uint_eq(ix->words.n, db->index->words.n);
	ck_assert_uint_eq(ix->terms.n, db->index->terms.n);
	ck_assert_uint_eq(ix->npost, db->index->npost);
	ck_assert_uint_eq(ix->npos, db->index->npos);
	bwi_index_free(ix);
}
END_TEST

START_TEST(test_index_cap_is_ecorpus)
{
	const lowered *l = &caps_low[_i];
	bwi_index_caps caps = caps_with(l);
	bwi_index *ix = (bwi_index *)1;
	bw_error err;
	bw_status st;
	memset(&err, 0, sizeof(err));
	st = bwi_index_build_within(&ix, &db->model, &caps, &err);
	ck_assert_msg(st == BW_ECORPUS, "cap %s: status %d (%s), not BW_ECORPUS",
	              l->name, st, bw_strerror(st));
	ck_assert_ptr_null(ix);
	ck_assert_int_eq(err.code, BW_ECORPUS);
	ck_assert_msg(strstr(err.message, "too large for the search index") &&
	              strstr(err.message, l->says),
	              "cap %s: message '%s'", l->name, err.message);
	/* a NULL err is allowed and gives the same status */
	ck_assert_int_eq(bwi_index_build_within(&ix, &db->model, &caps, NULL),
	                 BW_ECORPUS);
}
END_TEST

/* Failing each allocation in turn before the cap is reached: every round
 * is BW_ENOMEM (an allocation failed) or BW_ECORPUS (the cap), with the
 * error to match, and leaves no block behind. */
START_TEST(test_index_cap_with_failing_allocations)
{
	const lowered *l = &caps_low[_i];
	bwi_index_caps caps = caps_with(l);
	long k;
	tu_alloc_install();
	for (k = 0;; k++) {
		bwi_index *ix = (bwi_index *)1;
		bw_error err;
		bw_status st;
		memset(&err, 0, sizeof(err));
		tu_alloc_arm(k);
		st = bwi_index_build_within(&ix, &db->model, &caps, &err);
		ck_assert_ptr_null(ix);
		ck_assert_msg(tu_alloc_live() == 0, "cap %s, round %ld: %ld blocks "
		              "left", l->name, k, tu_alloc_live());
		ck_assert_int_eq(err.code, st);
		if (tu_alloc_failed()) {
			ck_assert_msg(st == BW_ENOMEM || st == BW_ECORPUS,
			              "cap %s, round %ld: %d", l->name, k, st);
			continue;
		}
		ck_assert_msg(st == BW_ECORPUS, "cap %s, round %ld: %d", l->name,
		              k, st);
		ck_assert_ptr_nonnull(strstr(err.message, l->says));
		break;
	}
	tu_alloc_restore();
	ck_assert_msg(k > 0, "cap %s was reached before any allocation",
	              l->name);
}
END_TEST

/* A failed allocation with no cap in the way is BW_ENOMEM. */
START_TEST(test_index_enomem_is_enomem)
{
	bwi_index *ix = (bwi_index *)1;
	bw_error err;
	tu_alloc_install();
	tu_alloc_arm(3);
	ck_assert_int_eq(bwi_index_build_within(&ix, &db->model,
	                                        &bwi_index_caps_max, &err),
	                 BW_ENOMEM);
	ck_assert_int_eq(err.code, BW_ENOMEM);
	ck_assert_ptr_null(ix);
	ck_assert_int_eq(tu_alloc_live(), 0);
	tu_alloc_restore();
}
END_TEST

typedef struct pair {
	uint16_t a;
	double b;
} pair;

START_TEST(test_grow_keeps_elements)
{
	uint16_t *small = NULL;
	pair *big = NULL;
	size_t scap = 0, bcap = 0;
	for (size_t i = 0; i < 1000; i++) {
		ck_assert_int_eq(bwi_grow(&small, &scap, i + 1, sizeof(*small)),
		                 BW_OK);
		ck_assert_uint_ge(scap, i + 1);
		small[i] = (uint16_t)(i * 7);
		ck_assert_int_eq(bwi_grow(&big, &bcap, i + 1, sizeof(*big)), BW_OK);
		big[i] = (pair){ (uint16_t)i, (double)i / 4 };
	}
	for (size_t i = 0; i < 1000; i++) {
		ck_assert_uint_eq(small[i], (uint16_t)(i * 7));
		ck_assert_uint_eq(big[i].a, i);
		ck_assert(big[i].b == (double)i / 4);
	}
	/* already big enough: nothing moves */
	{
		uint16_t *was = small;
		size_t cap = scap;
		ck_assert_int_eq(bwi_grow(&small, &scap, 10, sizeof(*small)), BW_OK);
		ck_assert_ptr_eq(small, was);
		ck_assert_uint_eq(scap, cap);
	}
	bwi_free(small);
	bwi_free(big);
}
END_TEST

START_TEST(test_grow_failure_leaves_array)
{
	uint32_t *v = NULL, *was;
	size_t cap = 0, had;
	ck_assert_int_eq(bwi_grow(&v, &cap, 8, sizeof(*v)), BW_OK);
	for (uint32_t i = 0; i < 8; i++)
		v[i] = i + 100;
	was = v;
	had = cap;
	/* the allocation fails */
	tu_alloc_install();
	tu_alloc_arm(0);
	ck_assert_int_eq(bwi_grow(&v, &cap, 9, sizeof(*v)), BW_ENOMEM);
	ck_assert(tu_alloc_failed());
	tu_alloc_restore();
	ck_assert_ptr_eq(v, was);
	ck_assert_uint_eq(cap, had);
	/* the size overflows: refused before any allocation */
	ck_assert_int_eq(bwi_grow(&v, &cap, SIZE_MAX / 2, sizeof(*v)),
	                 BW_ENOMEM);
	ck_assert_ptr_eq(v, was);
	ck_assert_uint_eq(cap, had);
	for (uint32_t i = 0; i < 8; i++)
		ck_assert_uint_eq(v[i], i + 100);
	bwi_free(v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("index caps");
	int n = (int)(sizeof(caps_low) / sizeof(caps_low[0]));
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_index_within_max_caps);
	tcase_add_loop_test(tc, test_index_cap_is_ecorpus, 0, n);
	tcase_add_loop_test(tc, test_index_cap_with_failing_allocations, 0, n);
	tcase_add_test(tc, test_index_enomem_is_enomem);
	suite_add_tcase(s, tc);
	tc = tcase_create("grow");
	tcase_add_test(tc, test_grow_keeps_elements);
	tcase_add_test(tc, test_grow_failure_leaves_array);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
