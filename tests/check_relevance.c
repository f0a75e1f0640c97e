/*
 * check_relevance.c: how well bw_search ranks on the bundled corpus, judged.
 *
 * tests/data/relevance/queries.txt holds queries of every class a
 * practitioner or client types (names, lay names, misspellings, symptoms in
 * a client's words, techniques, conditions and medications, sources, group
 * words), each with graded answers: 2 the right answer, 1 an acceptable
 * one.  Each query is searched once and scored against the best its
 * judgments allow:
 *
 *   P@1 = grade of the first hit / the highest grade judged
 *   P@5 = grades of the first five hits summed / the five highest judged
 *
 * The means per class and in all are printed, with the queries whose first
 * hit is not a right answer, and the test fails when either mean falls
 * under the floors the data file sets (floors that only rise).  A judged id
 * the corpus lacks fails too, so a renamed entity cannot quietly turn a
 * judgment into a miss.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_JUDGED 16
#define MAX_CLASSES 16
#define TOP 5

typedef struct judged {
	char id[80];
	int grade;
} judged;

typedef struct klass {
	char name[32];
	double p1, p5;
	size_t n;
} klass;

static bw_db *db;

/* White space trimmed from both ends of s, in place. */
static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	                 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* The grade judged for id, 0 when it is not judged. */
static int grade_of(const judged *j, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(j[i].id, id) == 0)
			return j[i].grade;
	return 0;
}

/* "id=grade id=grade ..." into j; returns how many. */
static size_t parse_judgments(char *s, judged *j, const char *query)
{
	size_t n = 0;
	for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
		char *eq = strchr(tok, '=');
		const bw_entity *e = NULL;
		ck_assert_msg(eq && (eq[1] == '1' || eq[1] == '2') && !eq[2],
		              "'%s': judgment '%s' is not id=1 or id=2", query, tok);
		ck_assert_msg(n < MAX_JUDGED, "'%s': over %d judgments", query,
		              MAX_JUDGED);
		*eq = '\0';
		ck_assert_msg(strlen(tok) < sizeof(j[n].id), "'%s': long id", query);
		ck_assert_msg(bw_db_get(&e, db, tok, NULL) == BW_OK,
		              "'%s': judged id '%s' is not in the corpus", query, tok);
		strcpy(j[n].id, tok);
		j[n].grade = eq[1] - '0';
		n++;
	}
	ck_assert_msg(n > 0, "'%s' has no judgments", query);
	return n;
}

/* The best sum of grades TOP places can hold. */
static double ideal(const judged *j, size_t n)
{
	int twos = 0, ones = 0;
	for (size_t i = 0; i < n; i++) {
		twos += j[i].grade == 2;
		ones += j[i].grade == 1;
	}
	if (twos >= TOP)
		return 2.0 * TOP;
	return 2.0 * twos + (ones < TOP - twos ? ones : TOP - twos);
}

static klass *class_of(klass *k, size_t *nk, const char *name)
{
	for (size_t i = 0; i < *nk; i++)
		if (strcmp(k[i].name, name) == 0)
			return &k[i];
	ck_assert_uint_lt(*nk, MAX_CLASSES);
	ck_assert_uint_lt(strlen(name), sizeof(k[0].name));
	memset(&k[*nk], 0, sizeof(k[0]));
	strcpy(k[*nk].name, name);
	return &k[(*nk)++];
}

START_TEST(test_relevance)
{
	FILE *f = fopen(tu_data("relevance/queries.txt"), "r");
	char line[2048];
	klass classes[MAX_CLASSES], all;
	size_t nclasses = 0, misses = 0;
	double floor1 = -1, floor5 = -1;
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	o.limit = TOP;
	memset(&all, 0, sizeof(all));
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line), *bar1, *bar2, *cls, *query;
		judged j[MAX_JUDGED];
		size_t nj;
		bw_results *r = NULL;
		bw_error err;
		double p1 = 0, p5 = 0;
		int best = 0;
		klass *k;
		if (!*s || *s == '#')
			continue;
		if (strncmp(s, "floor ", 6) == 0) {
			char which[8];
			double v;
			ck_assert_msg(sscanf(s + 6, "%7s %lf", which, &v) == 2,
			              "bad floor line '%s'", s);
			if (strcmp(which, "p1") == 0)
				floor1 = v;
			else if (strcmp(which, "p5") == 0)
				floor5 = v;
			else
				ck_abort_msg("unknown floor '%s'", which);
			continue;
		}
		bar1 = strchr(s, '|');
		bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
		ck_assert_msg(bar2 != NULL, "not 'class | query | judgments': %s", s);
		*bar1 = *bar2 = '\0';
		cls = trim(s);
		query = trim(bar1 + 1);
		nj = parse_judgments(bar2 + 1, j, query);
		for (size_t i = 0; i < nj; i++)
			best = j[i].grade > best ? j[i].grade : best;
		if (bw_search(&r, db, query, &o, &err) == BW_OK) {
			for (size_t i = 0; i < bw_results_count(r); i++) {
				int g = grade_of(j, nj, bw_entity_id(bw_results_entity(r, i)));
				if (i == 0)
					p1 = (double)g / best;
				p5 += g;
			}
			p5 /= ideal(j, nj);
		} else {
			printf("  error  %-10s %-36s %s\n", cls, query, err.message);
		}
		if (p1 < 1) {
			misses++;
			printf("  miss   %-10s %-36s first: %s\n", cls, query,
			       r && bw_results_count(r) ?
			       bw_entity_id(bw_results_entity(r, 0)) : "(none)");
		}
		bw_results_free(r);
		k = class_of(classes, &nclasses, cls);
		k->p1 += p1;
		k->p5 += p5;
		k->n++;
		all.p1 += p1;
		all.p5 += p5;
		all.n++;
	}
	fclose(f);
	ck_assert_msg(floor1 >= 0 && floor5 >= 0, "the data file sets no floors");
	ck_assert_uint_ge(all.n, 150);
	printf("relevance on the bundled corpus (%zu queries, %zu misses at 1)\n",
	       all.n, misses);
	printf("  %-10s %5s %6s %6s\n", "class", "n", "P@1", "P@5");
	for (size_t i = 0; i < nclasses; i++)
		printf("  %-10s %5zu %6.3f %6.3f\n", classes[i].name, classes[i].n,
		       classes[i].p1 / classes[i].n, classes[i].p5 / classes[i].n);
	printf("  %-10s %5zu %6.3f %6.3f   (floors %.3f %.3f)\n", "all", all.n,
	       all.p1 / all.n, all.p5 / all.n, floor1, floor5);
	fflush(stdout);
	ck_assert_msg(all.p1 / all.n >= floor1, "P@1 %.3f is under its floor %.3f",
	              all.p1 / all.n, floor1);
	ck_assert_msg(all.p5 / all.n >= floor5, "P@5 %.3f is under its floor %.3f",
	              all.p5 / all.n, floor5);
}
END_TEST

static void setup(void)
{
	bw_error err;
	bw_status st = bw_db_open_bundled(&db, NULL, 0, &err);
	ck_assert_msg(st == BW_OK, "the bundled corpus does not open: %s",
	              err.message);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

int main(void)
{
	Suite *s = suite_create("relevance");
	TCase *tc = tcase_create("bundled");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_relevance);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
