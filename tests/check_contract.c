/*
 * check_contract.c: the promises bodywork.h makes once for the whole API.
 * Lookup: an id, then a name or alias after folding; an id a layer hid
 * ends the search, naming the hide.  Errors: every fallible call fills a
 * bw_error.  Options: a struct of zeros is the defaults.  Validation:
 * every problem of every file, each with its place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* ----- lookup ----- */

static const char hide_layer[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <hide id=\"muscle-swimming\"/>\n"
	"</corpus>\n";

static bw_db *open_hidden(char *path, size_t size)
{
	const char *p = tu_write_temp("contract-hide.xml", hide_layer,
	                              sizeof(hide_layer) - 1);
	bw_db *db = NULL;
	bw_error err;
	snprintf(path, size, "%s", p);
	ck_assert_msg(bw_db_open_bundled(&db, &p, 1, &err) == BW_OK, "%s",
	              err.message);
	return db;
}

START_TEST(test_lookup_order_and_folding)
{
	bw_db *db = NULL;
	const bw_entity *e = NULL;
	bw_error err;
	ck_assert_int_eq(bw_db_open_bundled(&db, NULL, 0, &err), BW_OK);
	/* an exact id first: the technique, not the source of the same name */
	ck_assert_int_eq(bw_db_lookup(&e, db, "muscle-swimming", &err), BW_OK);
	ck_assert_int_eq(bw_entity_kind(e), BW_KIND_TECHNIQUE);
	/* folded: case, hyphens and spaces, diacritics */
	ck_assert_int_eq(bw_db_lookup(&e, db, "PSOAS-major", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "psoas-major");
	ck_assert_int_eq(bw_db_lookup(&e, db, "psoás  major", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "psoas-major");
	/* an id folded is still an id: it wins over the same name */
	ck_assert_int_eq(bw_db_lookup(&e, db, "Muscle Swimming", &err), BW_OK);
	ck_assert_int_eq(bw_entity_kind(e), BW_KIND_TECHNIQUE);
	/* no typo tolerance */
	ck_assert_int_eq(bw_db_lookup(&e, db, "psoas majr", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(err.code, BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "psoas majr"));
	/* bw_db_get takes the id exactly */
	ck_assert_int_eq(bw_db_get(&e, db, "Psoas-Major", &err), BW_ENOTFOUND);
	ck_assert_int_eq(err.code, BW_ENOTFOUND);
	ck_assert_int_eq(bw_db_get(&e, db, "psoas-major", &err), BW_OK);
	bw_db_close(db);
}
END_TEST

START_TEST(test_hidden_id_is_not_found)
{
	char path[4096];
	bw_db *db = open_hidden(path, sizeof(path));
	const bw_entity *e = (const bw_entity *)1;
	bw_plan *plan = (bw_plan *)1;
	bw_error err;
	/* the hidden id does not fall through to the source named the same */
	ck_assert_int_eq(bw_db_lookup(&e, db, "muscle-swimming", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(err.code, BW_ENOTFOUND);
	ck_assert_msg(strstr(err.message, "hidden by") &&
	              strstr(err.message, path) &&
	              strstr(err.message, ":3:3"),
	              "message names the hide: %s", err.message);
	ck_assert_int_eq(bw_db_get(&e, db, "muscle-swimming", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "hidden by"));
	/* the planner resolves names by the same rule */
	ck_assert_int_eq(bw_plan_restrictions(&plan, db, "muscle-swimming",
	                                      &err), BW_ENOTFOUND);
	ck_assert_ptr_null(plan);
	/* a name is not an id: the source keeps its title */
	ck_assert_int_eq(bw_db_lookup(&e, db, "Muscle Swimming", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "muscle-swimming-method");
	unlink(path);
	bw_db_close(db);
}
END_TEST

/* ----- every fallible call fills err ----- */

static void expect_einval(bw_status st, const bw_error *err)
{
	ck_assert_int_eq(st, BW_EINVAL);
	ck_assert_int_eq(err->code, BW_EINVAL);
	ck_assert_msg(err->message[0] != '\0', "no message");
}

static int count_muscle(const bw_entity *e, void *data)
{
	(void)e;
	++*(size_t *)data;
	return 0;
}

START_TEST(test_fallible_calls_fill_err)
{
	bw_error err;
	bw_kind kind;
	bw_field field;
	uint64_t levels;
	bw_iter *it = NULL;
	const bw_entity *e;
	size_t n = 0;

	memset(&err, 0, sizeof(err));
	expect_einval(bw_kind_parse(&kind, "muscles", &err), &err);
	ck_assert_ptr_nonnull(strstr(err.message, "muscles"));
	memset(&err, 0, sizeof(err));
	expect_einval(bw_field_parse(&field, "shortened", &err), &err);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_levels_parse(&levels, "L5-L1", &err), &err);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_iter_new(&it, NULL, BW_KIND_MUSCLE, &err), &err);
	ck_assert_ptr_null(it);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_iter_next(&e, NULL, &err), &err);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_set_allocator(malloc, NULL, NULL, &err), &err);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_db_muscles_at_levels(tu_db, 0, BW_FIELD_COUNT,
	                                      count_muscle, &n, &err), &err);
	memset(&err, 0, sizeof(err));
	expect_einval(bw_db_muscles_at_levels(tu_db, 1, BW_FIELD_SUMMARY,
	                                      count_muscle, &n, &err), &err);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(bw_db_get(&e, tu_db, "no-such-id", &err),
	                 BW_ENOTFOUND);
	ck_assert_int_eq(err.code, BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "no-such-id"));
	/* and NULL is always allowed for err */
	ck_assert_int_eq(bw_kind_parse(&kind, "muscle", NULL), BW_OK);
	ck_assert_int_eq(kind, BW_KIND_MUSCLE);
	ck_assert_int_eq(bw_iter_new(&it, tu_db, BW_KIND_MUSCLE, NULL), BW_OK);
	while (bw_iter_next(&e, it, NULL) == BW_OK)
		n++;
	ck_assert_uint_eq(n, bw_db_count(tu_db, BW_KIND_MUSCLE));
	ck_assert_int_eq(bw_iter_next(&e, it, &err), BW_ITEROVER);
	bw_iter_free(it);
	ck_assert_str_eq(bw_strerror(BW_ENOTFOUND), "not found");
	ck_assert_str_eq(bw_strerror((bw_status)42), "unknown error");
}
END_TEST

/* ----- options: zero is the default ----- */

static void same_hits(const bw_results *a, const bw_results *b)
{
	ck_assert_uint_eq(bw_results_count(a), bw_results_count(b));
	ck_assert_uint_eq(bw_results_total(a), bw_results_total(b));
	for (size_t i = 0; i < bw_results_count(a); i++)
		ck_assert_ptr_eq(bw_results_entity(a, i), bw_results_entity(b, i));
}

START_TEST(test_zeroed_options_are_the_defaults)
{
	static const bw_search_options init = BW_SEARCH_OPTIONS_INIT;
	bw_search_options zero, filled;
	bw_results *a = NULL, *b = NULL, *c = NULL;
	bw_db *db = NULL;
	bw_error err;

	memset(&filled, 0xff, sizeof(filled));
	bw_search_options_init(&filled);
	ck_assert_uint_eq(filled.version, init.version);
	ck_assert_uint_eq(filled.limit, init.limit);
	ck_assert_uint_eq(filled.offset, init.offset);
	ck_assert_uint_eq(filled.kinds, init.kinds);
	ck_assert_uint_eq(filled.typo_threshold, init.typo_threshold);
	ck_assert_uint_eq(filled.flags, init.flags);
	ck_assert_ptr_null(filled.mark_open);
	ck_assert_ptr_null(filled.mark_close);
	ck_assert_uint_eq(filled.snippet_words, init.snippet_words);
	bw_search_options_init(NULL); /* ignored */

	ck_assert_int_eq(bw_db_open_bundled(&db, NULL, 0, &err), BW_OK);
	memset(&zero, 0, sizeof(zero));
	/* limit 0 is the default 10, not an error */
	ck_assert_int_eq(bw_search(&a, db, "stretch", &zero, &err), BW_OK);
	ck_assert_int_eq(bw_search(&b, db, "stretch", NULL, &err), BW_OK);
	ck_assert_uint_eq(bw_results_count(a), 10);
	same_hits(a, b);
	bw_results_free(a);
	bw_results_free(b);
	/* typo correction is on with zeros, as with the defaults */
	ck_assert_int_eq(bw_search(&a, db, "psoas strech", &zero, &err), BW_OK);
	ck_assert_int_eq(bw_search(&b, db, "psoas strech", &filled, &err),
	                 BW_OK);
	ck_assert_ptr_nonnull(bw_results_correction(a));
	ck_assert_str_eq(bw_results_correction(a), bw_results_correction(b));
	same_hits(a, b);
	/* and off only when asked */
	zero.flags = BW_SEARCH_NO_TYPOS;
	ck_assert_int_eq(bw_search(&c, db, "psoas strech", &zero, &err), BW_OK);
	ck_assert_ptr_null(bw_results_correction(c));
	bw_results_free(a);
	bw_results_free(b);
	bw_results_free(c);
	/* suggestions and relation queries read zeros the same way */
	zero.flags = 0;
	ck_assert_int_eq(bw_suggest(&a, db, "psoa", &zero, &err), BW_OK);
	ck_assert_uint_gt(bw_results_count(a), 0);
	bw_results_free(a);
	/* over the top is still an error */
	zero.limit = 1001;
	ck_assert_int_eq(bw_search(&a, db, "x", &zero, &err), BW_EINVAL);
	ck_assert_int_eq(err.code, BW_EINVAL);
	bw_db_close(db);
}
END_TEST

/* ----- validate: every problem, with its place ----- */

static const char three_problems[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <source id=\"clinic-notes\" kind=\"website\"><title>Notes</title>"
	"</source>\n"
	"  <technique id=\"t-one\" modality=\"swedish\" lever=\"short\">\n"
	"    <name>One</name>\n"
	"    <summary source=\"clinic-notes\" evidence=\"practice\">A glide."
	"</summary>\n"
	"    <target muscle=\"psoas-major\"/>\n"
	"    <pressure>crushing</pressure>\n"
	"  </technique>\n"
	"  <technique id=\"t-two\" modality=\"swedish\" lever=\"short\">\n"
	"    <name>Two</name>\n"
	"    <summary source=\"clinic-notes\" evidence=\"practice\">A glide."
	"</summary>\n"
	"    <bogus/>\n"
	"  </technique>\n"
	"  <technique id=\"T Three\" modality=\"swedish\" lever=\"short\">\n"
	"    <name>Three</name>\n"
	"  </technique>\n"
	"</corpus>\n";

/* Two dangling references in one file, one in another. */
static const char refs_a[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <symptom id=\"clinic-ache\">\n"
	"    <name>Clinic ache</name>\n"
	"    <summary source=\"nobody\" evidence=\"practice\">An ache.</summary>\n"
	"    <clue source=\"nobody-else\" evidence=\"practice\">Worse at night."
	"</clue>\n"
	"  </symptom>\n"
	"</corpus>\n";
static const char refs_b[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <hide id=\"no-such-entity\"/>\n"
	"</corpus>\n";

typedef struct seen {
	size_t n;
	unsigned long line[16], column[16];
	char file[16][1024];
	bw_status code[16];
	size_t stop_after;             /* 0: never stop */
} seen;

static int collect(const bw_error *p, void *data)
{
	seen *s = data;
	if (s->n < 16) {
		s->line[s->n] = p->line;
		s->column[s->n] = p->column;
		s->code[s->n] = p->code;
		snprintf(s->file[s->n], sizeof(s->file[0]), "%s", p->file);
		ck_assert_msg(p->message[0] != '\0', "a problem without a message");
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

START_TEST(test_validate_reports_every_problem)
{
	char path[4096];
	const char *paths[1];
	seen s;
	size_t n = 99;
	bw_error err;
	snprintf(path, sizeof(path), "%s",
	         tu_write_temp("contract-three.xml", three_problems,
	                       sizeof(three_problems) - 1));
	paths[0] = path;
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(bw_validate(&n, paths, 1, BW_VALIDATE_BUNDLED, 0,
	                             collect, &s, &err), BW_ESCHEMA);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.line[0], 8);
	ck_assert_uint_eq(s.column[0], 5);
	ck_assert_uint_eq(s.line[1], 13);
	ck_assert_uint_eq(s.column[1], 5);
	ck_assert_uint_eq(s.line[2], 15);
	ck_assert_uint_eq(s.column[2], 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(s.file[i], path);
		ck_assert_int_eq(s.code[i], BW_ESCHEMA);
	}
	/* err holds the first, as bw_db_open would report it */
	ck_assert_int_eq(err.code, BW_ESCHEMA);
	ck_assert_uint_eq(err.line, 8);
	ck_assert_str_eq(err.file, path);

	/* a limit, and a callback that stops */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(bw_validate(&n, paths, 1, BW_VALIDATE_BUNDLED, 2,
	                             collect, &s, NULL), BW_ESCHEMA);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(s.n, 2);
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	ck_assert_int_eq(bw_validate(&n, paths, 1, BW_VALIDATE_BUNDLED, 0,
	                             collect, &s, NULL), BW_ESCHEMA);
	ck_assert_uint_eq(n, 1);
	/* no callback: counted all the same */
	ck_assert_int_eq(bw_validate(&n, paths, 1, BW_VALIDATE_BUNDLED, 0,
	                             NULL, NULL, NULL), BW_ESCHEMA);
	ck_assert_uint_eq(n, 3);
	unlink(path);
}
END_TEST

START_TEST(test_validate_checks_references_of_every_file)
{
	char a[4096], b[4096];
	const char *paths[2] = { a, b };
	seen s;
	size_t n = 0;
	bw_error err;
	snprintf(a, sizeof(a), "%s",
	         tu_write_temp("contract-refs-a.xml", refs_a, sizeof(refs_a) - 1));
	snprintf(b, sizeof(b), "%s",
	         tu_write_temp("contract-refs-b.xml", refs_b, sizeof(refs_b) - 1));
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(bw_validate(&n, paths, 2, BW_VALIDATE_BUNDLED, 0,
	                             collect, &s, &err), BW_ECORPUS);
	ck_assert_uint_eq(n, 3);
	/* the hide of layer b, then the two references of a (found once all
	 * layers are read) */
	ck_assert_str_eq(s.file[0], b);
	ck_assert_uint_eq(s.line[0], 3);
	ck_assert_str_eq(s.file[1], a);
	ck_assert_uint_eq(s.line[1], 5);
	ck_assert_str_eq(s.file[2], a);
	ck_assert_uint_eq(s.line[2], 6);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(s.code[i], BW_ECORPUS);
	/* a clean layer: no problem, BW_OK */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(bw_validate(&n, NULL, 0, BW_VALIDATE_BUNDLED, 0,
	                             collect, &s, &err), BW_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(s.n, 0);
	/* a missing file is a problem too, and the next file is still read */
	paths[0] = "/nonexistent/contract.xml";
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(bw_validate(&n, paths, 2, BW_VALIDATE_BUNDLED, 0,
	                             collect, &s, &err), BW_EIO);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(s.code[0], BW_EIO);
	ck_assert_int_eq(s.code[1], BW_ECORPUS);
	/* arguments */
	ck_assert_int_eq(bw_validate(NULL, paths, 2, 0, 0, NULL, NULL, &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bw_validate(&n, NULL, 0, 0, 0, NULL, NULL, &err),
	                 BW_EINVAL);
	unlink(a);
	unlink(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("lookup");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_lookup_order_and_folding);
	tcase_add_test(tc, test_hidden_id_is_not_found);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, tu_setup_valid, tu_teardown_valid);
	tcase_add_test(tc, test_fallible_calls_fill_err);
	suite_add_tcase(s, tc);
	tc = tcase_create("options");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_zeroed_options_are_the_defaults);
	suite_add_tcase(s, tc);
	tc = tcase_create("validate");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_validate_reports_every_problem);
	tcase_add_test(tc, test_validate_checks_references_of_every_file);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
