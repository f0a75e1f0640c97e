/*
 * check_plan.c: the technique planner on the test corpus and test layers:
 * each severity, attribute rules and named-technique rules, several
 * conditions at once, ordering, a technique added in a layer caught by an
 * existing rule, the inverse query, and unknown names.
 */
#include <string.h>

#include "testutil.h"

#define db tu_db

static bw_plan *plan(const char *muscle, const char *const *conds, size_t n)
{
	bw_plan *p = NULL;
	bw_error err;
	bw_status st = bw_plan_new(&p, db, muscle, conds, n, &err);
	ck_assert_msg(st == BW_OK, "plan failed: %s", err.message);
	return p;
}

static const char *tech(const bw_plan *p, bw_plan_list l, size_t i)
{
	return bw_entity_id(bw_plan_technique(p, l, i));
}

START_TEST(test_no_conditions)
{
	bw_plan *p = plan("hip hiker", NULL, 0);
	ck_assert_str_eq(bw_entity_id(bw_plan_muscle(p)), "psoas-major");
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 2);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 0);
	ck_assert_str_eq(tech(p, BW_PLAN_ALLOWED, 0), "abdominal-release");
	ck_assert_str_eq(tech(p, BW_PLAN_ALLOWED, 1), "table-edge-stretch");
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_ALLOWED, 0), 0);
	bw_plan_free(p);
}
END_TEST

/* local: excludes only what touches the named area */
START_TEST(test_local_rule)
{
	const char *c[] = { "endometriosis" };
	bw_plan *p = plan("psoas-major", c, 1);
	const bw_entity *cond;
	const bw_rule *r;
	int match = 99;
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 1);
	ck_assert_str_eq(tech(p, BW_PLAN_ALLOWED, 0), "table-edge-stretch");
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	ck_assert_str_eq(tech(p, BW_PLAN_EXCLUDED, 0), "abdominal-release");
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 1);
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "endometriosis");
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_LOCAL);
	ck_assert_str_eq(bw_rule_area(r), "abdominal");
	ck_assert_int_eq(match, -1);
	ck_assert_str_eq(bw_rule_adjustment(r), "Stretch the psoas through the leg instead.");
	ck_assert_str_eq(bw_entity_id(bw_rule_source(r)), "forum");
	bw_plan_free(p);
}
END_TEST

/* caution allows with the caution; absolute excludes; every reason kept */
START_TEST(test_caution_and_absolute)
{
	const char *c[] = { "Anterior Pelvic Tilt" };
	bw_plan *p = plan("psoas-major", c, 1);
	const bw_entity *cond;
	int match;
	char buf[128];
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 1);
	ck_assert_str_eq(tech(p, BW_PLAN_ALLOWED, 0), "table-edge-stretch");
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_ALLOWED, 0), 1);
	const bw_rule *r = bw_plan_reason(p, BW_PLAN_ALLOWED, 0, 0, &cond, &match);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_CAUTION);
	ck_assert_int_eq(match, 0);
	bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	ck_assert_str_eq(buf, "lever=long movement=hip-extension");
	/* abdominal release: the absolute rule first, then the named caution */
	ck_assert_str_eq(tech(p, BW_PLAN_EXCLUDED, 0), "abdominal-release");
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 2);
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, &cond, &match);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_ABSOLUTE);
	bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	ck_assert_str_eq(buf, "contact=abdominal pressure>=moderate");
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 1, &cond, &match);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_CAUTION);
	ck_assert_int_eq(match, 1);
	bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	ck_assert_str_eq(buf, "technique abdominal-release");
	bw_plan_free(p);
}
END_TEST

START_TEST(test_several_conditions)
{
	const char *c[] = { "endo", "anterior-pelvic-tilt", "Endometriosis" };
	bw_plan *p = plan("psoas major", c, 3);
	ck_assert_uint_eq(bw_plan_condition_count(p), 2); /* duplicate dropped */
	ck_assert_str_eq(bw_entity_id(bw_plan_condition(p, 0)), "endometriosis");
	ck_assert_ptr_null(bw_plan_condition(p, 2));
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	/* absolute (tilt), local (endometriosis), then the caution */
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 3);
	ck_assert_int_eq(bw_rule_severity(bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 2,
	                                                 NULL, NULL)),
	                 BW_SEVERITY_CAUTION);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 1);
	bw_plan_free(p);
}
END_TEST

START_TEST(test_unknown_names)
{
	const char *typo[] = { "endometriosys" };
	const char *wrong_kind[] = { "iliacus" };
	bw_plan *p = (bw_plan *)1;
	bw_error err;
	ck_assert_int_eq(bw_plan_new(&p, db, "psoas-major", typo, 1, &err), BW_ENOTFOUND);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown condition 'endometriosys'"));
	ck_assert_ptr_nonnull(strstr(err.message, "closest known: Endometriosis (endometriosis)"));
	ck_assert_int_eq(bw_plan_new(&p, db, "psoas-major", wrong_kind, 1, &err), BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown condition 'iliacus'"));
	ck_assert_int_eq(bw_plan_new(&p, db, "psaos majr", NULL, 0, &err), BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "closest known: Psoas major (psoas-major), Iliacus"));
	ck_assert_int_eq(bw_plan_new(&p, db, "endometriosis", NULL, 0, &err), BW_ENOTFOUND);
	ck_assert_int_eq(bw_plan_new(&p, db, "bad\xff", NULL, 0, &err), BW_EUTF8);
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "no such stretch", &err), BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown technique"));
}
END_TEST

START_TEST(test_bad_arguments)
{
	const char *c[] = { NULL };
	bw_plan *p;
	ck_assert_int_eq(bw_plan_new(NULL, db, "psoas-major", NULL, 0, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_new(&p, NULL, "psoas-major", NULL, 0, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_new(&p, db, NULL, NULL, 0, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_new(&p, db, "psoas-major", NULL, 1, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_new(&p, db, "psoas-major", c, 1, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_restrictions(NULL, db, "x", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_plan_restrictions(&p, db, NULL, NULL), BW_EINVAL);
	ck_assert_uint_eq(bw_plan_count(NULL, BW_PLAN_ALLOWED), 0);
	ck_assert_ptr_null(bw_plan_technique(NULL, BW_PLAN_ALLOWED, 0));
	ck_assert_uint_eq(bw_plan_reason_count(NULL, BW_PLAN_ALLOWED, 0), 0);
	ck_assert_ptr_null(bw_plan_reason(NULL, BW_PLAN_ALLOWED, 0, 0, NULL, NULL));
	ck_assert_ptr_null(bw_plan_muscle(NULL));
	ck_assert_uint_eq(bw_plan_condition_count(NULL), 0);
	ck_assert_uint_eq(bw_rule_match_format(NULL, 0, NULL, 0), 0);
	bw_plan_free(NULL);
}
END_TEST

START_TEST(test_restrictions)
{
	bw_plan *p;
	bw_error err;
	const bw_entity *cond;
	int match;
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "abdominal-release", &err), BW_OK);
	ck_assert_ptr_null(bw_plan_muscle(p));
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 0);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 3);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "anterior-pelvic-tilt");
	ck_assert_int_eq(match, 0);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 1, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "endometriosis");
	ck_assert_int_eq(match, -1);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 2, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "anterior-pelvic-tilt");
	ck_assert_int_eq(match, 1);
	bw_plan_free(p);
	/* the stretch is only cautioned */
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "TES", &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 1);
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_ALLOWED, 0), 1);
	bw_plan_free(p);
}
END_TEST

/* A technique added in a clinic layer is caught by the existing rule. */
START_TEST(test_layer_technique_caught)
{
	const char *paths[] = { "valid", "layers/clinic" };
	const char *c[] = { "endometriosis" };
	bw_db *layered = tu_open(paths, 2);
	bw_plan *p;
	bw_error err;
	ck_assert_int_eq(bw_plan_new(&p, layered, "psoas-major", c, 1, &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 2);
	ck_assert_str_eq(tech(p, BW_PLAN_EXCLUDED, 1), "clinic-belly-glide");
	bw_plan_free(p);
	ck_assert_int_eq(bw_plan_restrictions(&p, layered, "clinic belly glide", &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	bw_plan_free(p);
	bw_db_close(layered);
}
END_TEST

/* primary targets before secondary, then fewer cautions, then name */
START_TEST(test_allowed_order)
{
	const char *paths[] = { "valid", "layers/plan" };
	const char *c[] = { "anterior-pelvic-tilt" };
	bw_db *layered = tu_open(paths, 2);
	bw_plan *p;
	bw_error err;
	ck_assert_int_eq(bw_plan_new(&p, layered, "iliacus", c, 1, &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 3);
	/* the hook has no caution; the lunge's long-lever hip extension does */
	ck_assert_str_eq(bw_entity_id(bw_plan_technique(p, BW_PLAN_ALLOWED, 0)), "zz-iliacus-hook");
	ck_assert_str_eq(bw_entity_id(bw_plan_technique(p, BW_PLAN_ALLOWED, 1)), "aa-iliacus-lunge");
	ck_assert_str_eq(bw_entity_id(bw_plan_technique(p, BW_PLAN_ALLOWED, 2)), "table-edge-stretch");
	bw_plan_free(p);
	bw_db_close(layered);
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	tcase_add_checked_fixture(tc, tu_setup_valid, tu_teardown_valid);
	tcase_add_test(tc, test_no_conditions);
	tcase_add_test(tc, test_local_rule);
	tcase_add_test(tc, test_caution_and_absolute);
	tcase_add_test(tc, test_several_conditions);
	tcase_add_test(tc, test_unknown_names);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_restrictions);
	tcase_add_test(tc, test_layer_technique_caught);
	tcase_add_test(tc, test_allowed_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(plan_suite());
}
