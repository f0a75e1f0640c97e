/*
 * check_threads.c: eight threads read one database at once: lookups by
 * name, iteration, facts, back-references, plans and restriction queries,
 * and the search calls the header promises are safe to run concurrently
 * (bw_search with typos, synonyms, filters and snippets; bw_suggest;
 * bw_muscles_for_symptom_text; bw_techniques_for_muscle).  Every thread
 * must see the same answers as a single thread does: counts for the
 * model, and a digest of every hit (id, score, match, fields, label, fact,
 * snippet) for the searches and of every list of the plans.  The
 * suite is also built with ThreadSanitizer (scripts/check), which reports
 * any data race.  The only state the library changes while answering is a
 * compiled file's record of what it has checked, and the registry of such
 * files (lib/model/open.c): the threads also read a compiled database
 * fresh from its open, so that they race to check the same records, while
 * another thread opens and closes compiled databases.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "digest.h"

#define NTHREADS 8
#define ROUNDS 300
#define SEARCH_EVERY 3 /* rounds per round of searches (valgrind's time) */

typedef struct answer {
	size_t entities;      /* entities seen by iteration */
	size_t facts;         /* facts read across all entities */
	size_t excluded;      /* excluded techniques over the plans */
	size_t restricted;    /* reasons in restriction queries */
	uint64_t plans;       /* digest of every plan's lists */
	uint64_t searches;    /* digest of every search call's hits */
	size_t hits;          /* hits over the search calls */
	int errors;
} answer;

static bw_db *shared;

/* Queries that take each path of the query stage: exact, prefix, typo
 * (with a stemmer of the query's own), synonyms, phrases, filters,
 * exclusions, paging. */
static const char *const queries[] = {
	"psoas", "psoas strech", "hip hiker", "\"hip extension\" -minor",
	"kind:technique region:hip", "lower back pain", "abdominl relese",
	"TES", "so-as", "deep hip flex"
};
static const char *const prefixes[] = { "ps", "ili", "endo", "tabel" };
static const char *const symptoms[] = {
	"my lower back hurts when I get up from a chair",
	"pain in the groin and front of the thigh", "asdfgh"
};

/* One search call's answer, *r once the call has returned st, into the
 * digest; a failed call counts as an error. */
static void digest_search(answer *a, bw_status st, bw_results **r)
{
	if (st != BW_OK) {
		a->errors++;
		return;
	}
	a->hits += bw_results_count(*r);
	dg_u64(&a->searches, dg_results(*r));
	bw_results_free(*r);
	*r = NULL;
}

static void search_work(answer *a)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	const bw_entity *m = NULL;
	bw_results *r = NULL;
	o.limit = 5;
	o.snippet_words = 8;
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		o.offset = i % 2;
		digest_search(a, bw_search(&r, shared, queries[i], &o, NULL), &r);
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		digest_search(a, bw_suggest(&r, shared, prefixes[i], NULL, NULL), &r);
	for (size_t i = 0; i < sizeof(symptoms) / sizeof(symptoms[0]); i++)
		digest_search(a, bw_muscles_for_symptom_text(&r, shared, symptoms[i],
		                                             NULL, NULL), &r);
	if (bw_db_get(&m, shared, "psoas-major", NULL) != BW_OK)
		a->errors++;
	digest_search(a, bw_techniques_for_muscle(&r, shared, m, NULL, NULL), &r);
}

static void work(answer *a)
{
	const char *names[] = { "hip hiker", "Psoas Major", "LBP", "endo", "TES" };
	const char *conds[] = { "endometriosis", "anterior pelvic tilt" };
	memset(a, 0, sizeof(*a));
	for (int r = 0; r < ROUNDS; r++) {
		if (r % SEARCH_EVERY == 0)
			search_work(a);
		bw_iter *it;
		const bw_entity *e;
		bw_plan *p;
		bw_error err;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			a->errors += bw_db_lookup(&e, shared, names[i], &err) != BW_OK;
		if (bw_iter_new(&it, shared, BW_KIND_COUNT, NULL) != BW_OK) {
			a->errors++;
			continue;
		}
		while (bw_iter_next(&e, it, NULL) == BW_OK) {
			a->entities++;
			for (int f = 0; f < BW_FIELD_COUNT; f++)
				a->facts += bw_entity_fact_count(e, (bw_field)f);
		}
		bw_iter_free(it);
		if (bw_plan_new(&p, shared, "psoas-major", conds, 2, &err) == BW_OK) {
			a->excluded += bw_plan_count(p, BW_PLAN_EXCLUDED);
			dg_u64(&a->plans, dg_plan(p));
			bw_plan_free(p);
		} else {
			a->errors++;
		}
		if (bw_plan_restrictions(&p, shared, "abdominal-release", &err) == BW_OK) {
			a->restricted += bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0);
			dg_u64(&a->plans, dg_plan(p));
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

/* Join the readers: each must have seen what one thread alone saw. */
static void join_all(pthread_t *th, const answer *got, const answer *want)
{
	for (int i = 0; i < NTHREADS; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert_int_eq(got[i].errors, 0);
		ck_assert_uint_eq(got[i].entities, want->entities);
		ck_assert_uint_eq(got[i].facts, want->facts);
		ck_assert_uint_eq(got[i].excluded, want->excluded);
		ck_assert_uint_eq(got[i].restricted, want->restricted);
		ck_assert_uint_eq(got[i].hits, want->hits);
		ck_assert_msg(got[i].plans == want->plans,
		              "thread %d planned differently", i);
		ck_assert_msg(got[i].searches == want->searches,
		              "thread %d searched differently", i);
	}
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
	ck_assert_uint_gt(want.excluded, 0);
	ck_assert_uint_gt(want.hits, 20u * (ROUNDS / SEARCH_EVERY));
	for (int i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &got[i]), 0);
	join_all(th, got, &want);
	bw_db_close(shared);
}
END_TEST

/* Opens and closes the compiled file at arg until told to stop. */
static atomic_int churn_stop;
static int churn_opens;

static void *churn_main(void *arg)
{
	const char *path = arg;
	while (!atomic_load(&churn_stop)) {
		bw_db *db;
		if (bw_db_open(&db, &path, 1, NULL) == BW_OK) {
			churn_opens += bw_db_count(db, BW_KIND_COUNT) == 18;
			bw_db_close(db);
		}
	}
	return NULL;
}

START_TEST(test_eight_readers_compiled)
{
	const char *p[] = { "valid" };
	char path[] = "/tmp/bw-threads-XXXXXX";
	const char *paths[1] = { path };
	pthread_t th[NTHREADS], churn;
	answer want, got[NTHREADS];
	bw_db *xml = tu_open(p, 1);
	bw_error err;
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(bw_db_compile(xml, path, &err), BW_OK);
	shared = xml;
	work(&want);
	bw_db_close(xml);
	ck_assert_int_eq(want.errors, 0);
	/* nothing of it checked yet when the threads start */
	ck_assert_int_eq(bw_db_open(&shared, paths, 1, &err), BW_OK);
	ck_assert_int_eq(bw_db_is_compiled(shared), 1);
	churn_stop = 0;
	churn_opens = 0;
	ck_assert_int_eq(pthread_create(&churn, NULL, churn_main, path), 0);
	for (int i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &got[i]), 0);
	join_all(th, got, &want);
	atomic_store(&churn_stop, 1);
	ck_assert_int_eq(pthread_join(churn, NULL), 0);
	ck_assert_int_gt(churn_opens, 0);
	bw_db_close(shared);
	unlink(path);
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
	tcase_add_test(tc, test_eight_readers_compiled);
	tcase_add_test(tc, test_concurrent_opens);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(threads_suite());
}
