/*
 * check_threads.c: eight threads read one database at once: lookups by
 * name, iteration, facts, back-references, plans and restriction queries.
 * Every thread must see the same answers as a single thread does.  The
 * suite is also built with ThreadSanitizer (scripts/check), which reports
 * any data race; the library keeps no shared mutable state to race on.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define NTHREADS 8
#define ROUNDS 300

typedef struct answer {
	size_t entities;      /* entities seen by iteration */
	size_t facts;         /* facts read across all entities */
	size_t excluded;      /* excluded techniques over the plans */
	size_t restricted;    /* reasons in restriction queries */
	int errors;
} answer;

static bw_db *shared;

static void work(answer *a)
{
	const char *names[] = { "hip hiker", "Psoas Major", "LBP", "endo", "TES" };
	const char *conds[] = { "endometriosis", "anterior pelvic tilt" };
	memset(a, 0, sizeof(*a));
	for (int r = 0; r < ROUNDS; r++) {
		bw_iter *it;
		const bw_entity *e;
		bw_plan *p;
		bw_error err;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			a->errors += bw_db_lookup(&e, shared, names[i], &err) != BW_OK;
		if (bw_iter_new(&it, shared, BW_KIND_COUNT) != BW_OK) {
			a->errors++;
			continue;
		}
		while (bw_iter_next(&e, it) == BW_OK) {
			a->entities++;
			for (int f = 0; f < BW_FIELD_COUNT; f++)
				a->facts += bw_entity_fact_count(e, (bw_field)f);
		}
		bw_iter_free(it);
		if (bw_plan_new(&p, shared, "psoas-major", conds, 2, &err) == BW_OK) {
			a->excluded += bw_plan_count(p, BW_PLAN_EXCLUDED);
			bw_plan_free(p);
		} else {
			a->errors++;
		}
		if (bw_plan_restrictions(&p, shared, "abdominal-release", &err) == BW_OK) {
			a->restricted += bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0);
			bw_plan_free(p);
		} else {
			a->errors++;
		}
	}
}

static void *thread_main(void *arg)
{
	work(arg);
	return NULL;
}

START_TEST(test_eight_readers)
{
	const char *p[] = { "valid" };
	pthread_t th[NTHREADS];
	answer want, got[NTHREADS];
	shared = tu_open(p, 1);
	work(&want);
	ck_assert_int_eq(want.errors, 0);
	ck_assert_uint_eq(want.entities, 18u * ROUNDS);
	for (int i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &got[i]), 0);
	for (int i = 0; i < NTHREADS; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert_int_eq(got[i].errors, 0);
		ck_assert_uint_eq(got[i].entities, want.entities);
		ck_assert_uint_eq(got[i].facts, want.facts);
		ck_assert_uint_eq(got[i].excluded, want.excluded);
		ck_assert_uint_eq(got[i].restricted, want.restricted);
	}
	bw_db_close(shared);
}
END_TEST

/* Two threads opening databases at once share no parser state. */
static void *open_main(void *arg)
{
	const char *p[] = { "valid" };
	int *ok = arg;
	for (int i = 0; i < 20; i++) {
		bw_db *db;
		bw_error err;
		char path[4096];
		const char *paths[1] = { path };
		snprintf(path, sizeof(path), "%s/%s", BW_TEST_DATA, p[0]);
		if (bw_db_open(&db, paths, 1, &err) == BW_OK) {
			*ok += bw_db_count(db, BW_KIND_COUNT) == 18;
			bw_db_close(db);
		}
	}
	return NULL;
}

START_TEST(test_concurrent_opens)
{
	pthread_t th[4];
	int ok[4] = { 0, 0, 0, 0 };
	bw_db *warm;
	const char *p[] = { "valid" };
	warm = tu_open(p, 1); /* libxml2 initialised from one thread first */
	bw_db_close(warm);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, open_main, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(ok[i], 20);
	}
}
END_TEST

static Suite *threads_suite(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("threads");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_eight_readers);
	tcase_add_test(tc, test_concurrent_opens);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(threads_suite());
}
