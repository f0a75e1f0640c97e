/*
 * check_ask.c: bw_ask, questions in plain words.  Exact expectations on
 * the test corpus (data/valid, with a small layer adding a group), then
 * the behaviour the bundled corpus must show for everyday questions, the
 * errors, and out-of-memory at every allocation of one question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static bw_db *db;

static const char group_layer[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <group id=\"flexors\">\n"
	"    <name>Hip flexor pair</name>\n"
	"    <alias type=\"nickname\" source=\"forum\" evidence=\"practice\">"
	"the flexors</alias>\n"
	"    <summary source=\"forum\" evidence=\"practice\">Psoas and iliacus."
	"</summary>\n"
	"    <member muscle=\"psoas-major\" source=\"anatomy-text\" "
	"evidence=\"established\"/>\n"
	"    <member muscle=\"iliacus\" source=\"anatomy-text\" "
	"evidence=\"established\"/>\n"
	"  </group>\n"
	"</corpus>\n";

static void setup(void)
{
	const char *layer = tu_write_temp("ask-group.xml", group_layer,
	                                  sizeof group_layer - 1);
	const char *paths[2] = { NULL, layer };
	bw_error err;
	char valid[1024];
	snprintf(valid, sizeof valid, "%s", tu_data("valid"));
	paths[0] = valid;
	ck_assert_msg(bw_db_open(&db, paths, 2, &err) == BW_OK, "%s:%lu: %s",
	              err.file, err.line, err.message);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

static bw_answer *ask_with(const bw_db *d, const char *q,
                           const bw_search_options *o)
{
	bw_answer *a = NULL;
	bw_error err;
	bw_status st = bw_ask(&a, d, q, o, &err);
	ck_assert_msg(st == BW_OK, "ask '%s': %d %s", q, st, err.message);
	ck_assert_ptr_nonnull(a);
	return a;
}

static bw_answer *ask(const char *q)
{
	return ask_with(db, q, NULL);
}

/* The ids of the answer's results, joined by spaces (static). */
static const char *result_ids(const bw_answer *a)
{
	static char buf[4096];
	const bw_results *r = bw_answer_results(a);
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; r && i < bw_results_count(r); i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? " " : "",
		                      bw_entity_id(bw_results_entity(r, i)));
	return buf;
}

/* Whether the results hold the entity with this id. */
static int has(const bw_answer *a, const char *id)
{
	const bw_results *r = bw_answer_results(a);
	for (size_t i = 0; r && i < bw_results_count(r); i++)
		if (strcmp(bw_entity_id(bw_results_entity(r, i)), id) == 0)
			return 1;
	return 0;
}

#define CHECK_READING(a, kind, text)                                        \
	do {                                                                \
		ck_assert_int_eq(bw_answer_kind(a), kind);                  \
		ck_assert_str_eq(bw_answer_reading(a), text);               \
	} while (0)

/* ----- the test corpus ----- */

START_TEST(causes_of_named_symptom)
{
	bw_answer *a = ask("Which muscles cause low back pain?");
	CHECK_READING(a, BW_ASK_CAUSES, "muscles that cause: Low back pain");
	ck_assert_str_eq(result_ids(a), "iliacus psoas-major");
	ck_assert_uint_eq(bw_answer_entity_count(a), 1);
	ck_assert_str_eq(bw_entity_id(bw_answer_entity(a, 0)), "low-back-pain");
	ck_assert_str_eq(bw_answer_entity_words(a, 0), "low back pain");
	ck_assert_int_eq(bw_answer_entity_match(a, 0), BW_MATCH_EXACT);
	ck_assert_ptr_eq(bw_fact_target(bw_results_fact(bw_answer_results(a), 0)),
	                 bw_answer_entity(a, 0));
	ck_assert_ptr_null(bw_answer_plan(a));
	ck_assert_ptr_null(bw_answer_screen(a));
	bw_answer_free(a);

	a = ask("LBP"); /* a symptom alone asks for its causes */
	CHECK_READING(a, BW_ASK_CAUSES, "muscles that cause: Low back pain");
	bw_answer_free(a);
}
END_TEST

START_TEST(techniques_for_muscle)
{
	bw_answer *a = ask("how to stretch the so-as");
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Psoas major");
	ck_assert_str_eq(result_ids(a), "abdominal-release table-edge-stretch");
	ck_assert_str_eq(bw_answer_entity_words(a, 0), "so-as");
	bw_answer_free(a);

	a = ask("iliacus release");
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Iliacus");
	ck_assert_str_eq(result_ids(a), "table-edge-stretch");
	bw_answer_free(a);
}
END_TEST

START_TEST(techniques_for_group)
{
	bw_answer *a = ask("techniques for the flexors");
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Hip flexor pair");
	/* primary targets first, each once */
	ck_assert_str_eq(result_ids(a), "abdominal-release table-edge-stretch");
	ck_assert_uint_eq(bw_results_total(bw_answer_results(a)), 2);
	bw_answer_free(a);
}
END_TEST

START_TEST(members_of_group)
{
	bw_answer *a = ask("what is in the hip flexor pair?");
	CHECK_READING(a, BW_ASK_MEMBERS, "members of: Hip flexor pair");
	ck_assert_str_eq(result_ids(a), "psoas-major iliacus");
	ck_assert_int_eq(bw_fact_field(bw_results_fact(bw_answer_results(a), 0)),
	                 BW_FIELD_MEMBER);
	bw_answer_free(a);
}
END_TEST

START_TEST(plan_with_condition)
{
	bw_answer *a = ask("can I massage the psoas major with endo?");
	const bw_plan *p = bw_answer_plan(a);
	CHECK_READING(a, BW_ASK_PLAN, "plan: Psoas major with Endometriosis");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(bw_answer_results(a));
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	ck_assert_str_eq(bw_entity_id(bw_plan_technique(p, BW_PLAN_EXCLUDED, 0)),
	                 "abdominal-release");
	ck_assert_uint_eq(bw_answer_entity_count(a), 2);
	bw_answer_free(a);

	a = ask("is the so-as safe with endometriosis and anterior pelvic tilt");
	CHECK_READING(a, BW_ASK_PLAN, "plan: Psoas major with Endometriosis, "
	              "Anterior pelvic tilt");
	ck_assert_uint_eq(bw_plan_condition_count(bw_answer_plan(a)), 2);
	bw_answer_free(a);

	a = ask("psoas major contraindications");
	CHECK_READING(a, BW_ASK_PLAN, "plan: Psoas major");
	ck_assert_uint_eq(bw_plan_condition_count(bw_answer_plan(a)), 0);
	bw_answer_free(a);
}
END_TEST

START_TEST(restrictions_and_screen)
{
	bw_answer *a = ask("table-edge stretch contraindications");
	CHECK_READING(a, BW_ASK_RESTRICTIONS,
	              "conditions restricting: Table-edge stretch");
	ck_assert_ptr_nonnull(bw_answer_plan(a));
	ck_assert_ptr_null(bw_plan_muscle(bw_answer_plan(a)));
	bw_answer_free(a);

	a = ask("is deep pressure safe with a blood clot in the leg");
	CHECK_READING(a, BW_ASK_SCREEN, "screen: Blood clot in the leg");
	ck_assert_ptr_nonnull(bw_answer_screen(a));
	ck_assert_int_eq(bw_screen_needs_clearance(bw_answer_screen(a)), 1);
	ck_assert_ptr_null(bw_answer_plan(a));
	bw_answer_free(a);
}
END_TEST

START_TEST(nerve_and_levels)
{
	bw_answer *a = ask("which muscles does the femoral nerve supply?");
	CHECK_READING(a, BW_ASK_NERVE, "muscles supplied by: femoral nerve");
	ck_assert_str_eq(result_ids(a), "iliacus");
	ck_assert_int_eq(bw_fact_field(bw_results_fact(bw_answer_results(a), 0)),
	                 BW_FIELD_INNERVATION);
	bw_answer_free(a);

	a = ask("muscles at L4");
	CHECK_READING(a, BW_ASK_LEVELS, "muscles at: L4");
	ck_assert_str_eq(result_ids(a), "psoas-major");
	bw_answer_free(a);

	a = ask("muscles innervated at l2");
	CHECK_READING(a, BW_ASK_LEVELS, "muscles innervated at: L2");
	ck_assert_str_eq(result_ids(a), "iliacus psoas-major");
	bw_answer_free(a);

	a = ask("what originates at T12-L1");
	CHECK_READING(a, BW_ASK_LEVELS, "muscles originating at: T12-L1");
	ck_assert_str_eq(result_ids(a), "psoas-major");
	bw_answer_free(a);
}
END_TEST

START_TEST(typos)
{
	bw_answer *a = ask("stretches for the iliacsu");
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Iliacus");
	ck_assert_str_eq(bw_answer_entity_words(a, 0), "iliacsu");
	ck_assert_int_eq(bw_answer_entity_match(a, 0), BW_MATCH_TYPO1);
	bw_answer_free(a);

	a = ask("what causes low back pian"); /* a run of three, one edit */
	CHECK_READING(a, BW_ASK_CAUSES, "muscles that cause: Low back pain");
	ck_assert_int_eq(bw_answer_entity_match(a, 0), BW_MATCH_TYPO1);
	bw_answer_free(a);
}
END_TEST

START_TEST(fallback_search)
{
	bw_answer *a = ask("zzyzx quux");
	CHECK_READING(a, BW_ASK_SEARCH, "search: zzyzx quux");
	ck_assert_ptr_nonnull(bw_answer_results(a));
	ck_assert_uint_eq(bw_results_total(bw_answer_results(a)), 0);
	ck_assert_uint_eq(bw_answer_entity_count(a), 0);
	bw_answer_free(a);

	/* query syntax in a question is just words */
	a = ask("what is \"lumbar: -spine");
	CHECK_READING(a, BW_ASK_SEARCH, "search: lumbar spine");
	ck_assert(has(a, "psoas-major"));
	bw_answer_free(a);

	a = ask("psoas");
	CHECK_READING(a, BW_ASK_SEARCH, "search: psoas");
	ck_assert_str_eq(bw_entity_id(bw_results_entity(bw_answer_results(a), 0)),
	                 "psoas-major");
	bw_answer_free(a);

	a = ask("what causes it");
	CHECK_READING(a, BW_ASK_SEARCH, "search: causes");
	bw_answer_free(a);

	a = ask("");
	CHECK_READING(a, BW_ASK_SEARCH, "search: ");
	ck_assert_uint_eq(bw_results_count(bw_answer_results(a)), 0);
	bw_answer_free(a);
}
END_TEST

START_TEST(options_page)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_answer *a;
	o.limit = 1;
	o.offset = 1;
	a = ask_with(db, "muscles that cause low back pain", &o);
	ck_assert_str_eq(result_ids(a), "psoas-major");
	ck_assert_uint_eq(bw_results_total(bw_answer_results(a)), 2);
	bw_answer_free(a);
	o.offset = 5;
	a = ask_with(db, "muscles that cause low back pain", &o);
	ck_assert_str_eq(result_ids(a), "");
	bw_answer_free(a);
}
END_TEST

START_TEST(errors)
{
	bw_answer *a = (bw_answer *)1;
	bw_error err;
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	char *big;

	ck_assert_int_eq(bw_ask(&a, NULL, "x", NULL, &err), BW_EINVAL);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(bw_ask(&a, db, NULL, NULL, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_ask(NULL, db, "x", NULL, NULL), BW_EINVAL);
	o.limit = 1001;
	ck_assert_int_eq(bw_ask(&a, db, "x", &o, &err), BW_EINVAL);
	ck_assert_int_eq(bw_ask(&a, db, "psoas \xff", NULL, &err), BW_EUTF8);
	ck_assert_uint_eq(err.column, 7);
	big = malloc(9000);
	memset(big, 'a', 8999);
	big[8999] = '\0';
	ck_assert_int_eq(bw_ask(&a, db, big, NULL, &err), BW_EQUERY);
	ck_assert_uint_eq(err.column, 8193);
	for (size_t i = 0; i < 65; i++)
		memcpy(big + 2 * i, "a ", 2);
	big[130] = '\0';
	ck_assert_int_eq(bw_ask(&a, db, big, NULL, &err), BW_EQUERY);
	ck_assert_uint_eq(err.column, 129);
	ck_assert_ptr_null(a);
	free(big);

	bw_answer_free(NULL);
	ck_assert_int_eq(bw_answer_kind(NULL), BW_ASK_KIND_COUNT);
	ck_assert_ptr_null(bw_answer_reading(NULL));
	ck_assert_uint_eq(bw_answer_entity_count(NULL), 0);
	ck_assert_ptr_null(bw_answer_entity(NULL, 0));
	ck_assert_ptr_null(bw_answer_entity_words(NULL, 0));
	ck_assert_int_eq(bw_answer_entity_match(NULL, 0), BW_MATCH_EXACT);
	ck_assert_ptr_null(bw_answer_results(NULL));
	ck_assert_ptr_null(bw_answer_plan(NULL));
	ck_assert_ptr_null(bw_answer_screen(NULL));
	ck_assert_str_eq(bw_ask_kind_name(BW_ASK_CAUSES), "causes");
	ck_assert_ptr_null(bw_ask_kind_name(BW_ASK_KIND_COUNT));
	a = ask("psoas release");
	ck_assert_ptr_null(bw_answer_entity(a, 1));
	ck_assert_ptr_null(bw_answer_entity_words(a, 1));
	bw_answer_free(a);
}
END_TEST

/* Every allocation of each kind of question fails in turn: an error and
 * nothing held, never a crash or a leak. */
START_TEST(out_of_memory)
{
	static const char *const qs[] = {
		"which muscles cause low back pain", "techniques for the flexors",
		"what is in the flexors", "can I massage the psoas with endo",
		"can I massage the psoas major with endo",
		"is deep pressure safe with a blood clot in the leg",
		"femoral nerve muscles", "muscles at L4", "stretches for iliacsu",
		"what causes aching in the hip", "zzyzx quux",
		"table-edge stretch contraindications"};
	tu_alloc_install();
	for (size_t q = 0; q < sizeof qs / sizeof *qs; q++) {
		for (long k = 0;; k++) {
			bw_answer *a = NULL;
			bw_status st;
			long live;
			tu_alloc_arm(k);
			live = tu_alloc_live();
			st = bw_ask(&a, db, qs[q], NULL, NULL);
			tu_alloc_disarm();
			if (!tu_alloc_failed()) {
				ck_assert_int_eq(st, BW_OK);
				bw_answer_free(a);
				break;
			}
			ck_assert_msg(st == BW_ENOMEM, "'%s' failing allocation %ld: %d",
			              qs[q], k, st);
			ck_assert_ptr_null(a);
			ck_assert_int_eq(tu_alloc_live(), live);
		}
	}
	tu_alloc_restore();
}
END_TEST

/* ----- the bundled corpus ----- */

static bw_db *bundled;

static void setup_bundled(void)
{
	bw_error err;
	ck_assert_msg(bw_db_open_bundled(&bundled, NULL, 0, &err) == BW_OK, "%s",
	              err.message);
}

static void teardown_bundled(void)
{
	bw_db_close(bundled);
	bundled = NULL;
}

START_TEST(bundled_groin_pain)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_answer *a;
	o.limit = 30;
	a = ask_with(bundled, "groin pain when running", &o);
	CHECK_READING(a, BW_ASK_CAUSES, "muscles that cause: Groin pain");
	ck_assert(has(a, "adductor-longus"));
	ck_assert(has(a, "adductor-brevis"));
	ck_assert(has(a, "psoas-major"));
	bw_answer_free(a);
}
END_TEST

START_TEST(bundled_ql_stretch)
{
	bw_answer *a = ask_with(bundled, "QL stretch", NULL);
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Quadratus lumborum");
	ck_assert_str_eq(bw_answer_entity_words(a, 0), "QL");
	ck_assert_uint_gt(bw_results_count(bw_answer_results(a)), 0);
	bw_answer_free(a);
}
END_TEST

START_TEST(bundled_warfarin)
{
	bw_answer *a = ask_with(bundled, "is deep tissue safe on warfarin", NULL);
	CHECK_READING(a, BW_ASK_SCREEN, "screen: Anticoagulant medication");
	ck_assert_uint_gt(bw_screen_count(bw_answer_screen(a)), 0);
	bw_answer_free(a);

	a = ask_with(bundled, "can I massage psoas with warfarin", NULL);
	CHECK_READING(a, BW_ASK_PLAN,
	              "plan: Psoas major with Anticoagulant medication");
	bw_answer_free(a);
}
END_TEST

START_TEST(bundled_rotator_cuff)
{
	bw_answer *a = ask_with(bundled, "what is in the rotator cuff", NULL);
	CHECK_READING(a, BW_ASK_MEMBERS, "members of: Rotator cuff");
	ck_assert_str_eq(result_ids(a),
	                 "supraspinatus infraspinatus teres-minor subscapularis");
	bw_answer_free(a);
}
END_TEST

START_TEST(bundled_psoas_contraindications)
{
	bw_answer *a = ask_with(bundled, "psoas contraindications", NULL);
	CHECK_READING(a, BW_ASK_PLAN, "plan: Psoas major");
	ck_assert_uint_gt(bw_plan_count(bw_answer_plan(a), BW_PLAN_ALLOWED) +
	                  bw_plan_count(bw_answer_plan(a), BW_PLAN_EXCLUDED), 0);
	bw_answer_free(a);
}
END_TEST

START_TEST(bundled_misc)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_answer *a;
	o.limit = 50;
	a = ask_with(bundled, "which muscles does the femoral nerve supply", &o);
	CHECK_READING(a, BW_ASK_NERVE, "muscles supplied by: femoral nerve");
	ck_assert(has(a, "iliacus"));
	ck_assert(has(a, "rectus-femoris"));
	ck_assert(!has(a, "cremaster")); /* genitofemoral is another nerve */
	bw_answer_free(a);

	a = ask_with(bundled, "pirformis stretch", NULL);
	CHECK_READING(a, BW_ASK_TECHNIQUES, "techniques for: Piriformis");
	bw_answer_free(a);

	a = ask_with(bundled, "flibbertigibbet wozzle", NULL);
	ck_assert_int_eq(bw_answer_kind(a), BW_ASK_SEARCH);
	bw_answer_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ask");
	TCase *t = tcase_create("test corpus");
	TCase *b = tcase_create("bundled corpus");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, causes_of_named_symptom);
	tcase_add_test(t, techniques_for_muscle);
	tcase_add_test(t, techniques_for_group);
	tcase_add_test(t, members_of_group);
	tcase_add_test(t, plan_with_condition);
	tcase_add_test(t, restrictions_and_screen);
	tcase_add_test(t, nerve_and_levels);
	tcase_add_test(t, typos);
	tcase_add_test(t, fallback_search);
	tcase_add_test(t, options_page);
	tcase_add_test(t, errors);
	tcase_add_test(t, out_of_memory);
	tcase_set_timeout(t, 120);
	suite_add_tcase(s, t);

	tcase_add_checked_fixture(b, setup_bundled, teardown_bundled);
	tcase_add_test(b, bundled_groin_pain);
	tcase_add_test(b, bundled_ql_stretch);
	tcase_add_test(b, bundled_warfarin);
	tcase_add_test(b, bundled_rotator_cuff);
	tcase_add_test(b, bundled_psoas_contraindications);
	tcase_add_test(b, bundled_misc);
	tcase_set_timeout(b, 120);
	suite_add_tcase(s, b);
	return tu_run(s);
}
