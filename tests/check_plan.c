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
	ck_assert_str_eq(bw_entity_id(bw_rule_site(r)), "abdomen");
	/* the technique contacts the lower abdomen, within the abdomen */
	ck_assert_str_eq(bw_entity_id(bw_fact_target(bw_entity_fact(
	                 bw_plan_technique(p, BW_PLAN_EXCLUDED, 0),
	                 BW_FIELD_CONTACT, 0))), "lower-abdomen");
	ck_assert_int_eq(match, -1);
	ck_assert_str_eq(bw_rule_adjustment(r), "Stretch the psoas through the leg instead.");
	ck_assert_str_eq(bw_entity_id(bw_rule_source(r)), "forum");
	bw_plan_free(p);
}
END_TEST

/* caution allows with the caution; contraindicated excludes; every reason
 * kept */
START_TEST(test_caution_and_contraindicated)
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
	/* abdominal release: the contraindication first, then the caution */
	ck_assert_str_eq(tech(p, BW_PLAN_EXCLUDED, 0), "abdominal-release");
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 2);
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, &cond, &match);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_CONTRAINDICATED);
	bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	ck_assert_str_eq(buf, "contact=abdomen pressure>=moderate");
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
	/* contraindicated (tilt), local (endometriosis), then the caution */
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
	const bw_rule *r;
	bw_plan *p;
	bw_error err;
	const bw_entity *cond;
	int match;
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "abdominal-release", &err), BW_OK);
	ck_assert_ptr_null(bw_plan_muscle(p));
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 0);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	/* strongest first; within a strength, condition order, then rule */
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 6);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "pulsing-mass");
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 1, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "blood-clot");
	ck_assert_int_eq(match, -1);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 2, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "anterior-pelvic-tilt");
	ck_assert_int_eq(match, 0);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 3, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "blood-clot");
	ck_assert_int_eq(match, 0);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 4, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "endometriosis");
	ck_assert_int_eq(match, -1);
	bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 5, &cond, &match);
	ck_assert_str_eq(bw_entity_id(cond), "anterior-pelvic-tilt");
	ck_assert_int_eq(match, 1);
	bw_plan_free(p);
	/* the stretch on the thigh and knee: the clot's rule at the whole
	 * leg reaches it through the site hierarchy */
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "TES", &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 1);
	ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 4);
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 2, &cond, &match);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_LOCAL);
	ck_assert_str_eq(bw_entity_id(bw_rule_site(r)), "leg");
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

/* A rule's instead list is offered only where the client's conditions
 * allow it: the tilt's caution names the abdominal release, which the
 * tilt's own contraindication excludes, so the plan offers nothing; the
 * endometriosis rule names the stretch, which is allowed. */
START_TEST(test_instead_never_excluded)
{
	const char *tilt[] = { "anterior-pelvic-tilt" };
	const char *endo[] = { "endometriosis" };
	const char *both[] = { "endometriosis", "anterior-pelvic-tilt" };
	const bw_rule *r;
	bw_plan *p = plan("psoas-major", tilt, 1);
	/* the stretch is cautioned by the rule that names the release */
	ck_assert_str_eq(tech(p, BW_PLAN_ALLOWED, 0), "table-edge-stretch");
	r = bw_plan_reason(p, BW_PLAN_ALLOWED, 0, 0, NULL, NULL);
	ck_assert_uint_eq(bw_rule_instead_count(r), 1);
	ck_assert_str_eq(bw_entity_id(bw_rule_instead(r, 0)), "abdominal-release");
	ck_assert_uint_eq(bw_plan_instead_count(p, BW_PLAN_ALLOWED, 0), 0);
	ck_assert_ptr_null(bw_plan_instead(p, BW_PLAN_ALLOWED, 0, 0));
	bw_plan_free(p);
	p = plan("psoas-major", endo, 1);
	ck_assert_uint_eq(bw_plan_instead_count(p, BW_PLAN_EXCLUDED, 0), 1);
	ck_assert_str_eq(bw_entity_id(bw_plan_instead(p, BW_PLAN_EXCLUDED, 0, 0)),
	                 "table-edge-stretch");
	r = bw_plan_reason(p, BW_PLAN_EXCLUDED, 0, 0, NULL, NULL);
	ck_assert_uint_eq(bw_rule_prefer_count(r), 1);
	ck_assert_str_eq(bw_rule_prefer(r, 0), "side-lying");
	ck_assert_ptr_null(bw_rule_prefer(r, 1));
	ck_assert_ptr_eq(bw_rule_condition(r), bw_plan_condition(p, 0));
	bw_plan_free(p);
	/* with both, the stretch is still allowed (a caution), so offered */
	p = plan("psoas-major", both, 2);
	ck_assert_uint_eq(bw_plan_instead_count(p, BW_PLAN_EXCLUDED, 0), 1);
	bw_plan_free(p);
	/* the inverse query offers against the rule's own condition */
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "abdominal-release", NULL), BW_OK);
	ck_assert_uint_eq(bw_plan_instead_count(p, BW_PLAN_EXCLUDED, 0), 1);
	ck_assert_str_eq(bw_entity_id(bw_plan_instead(p, BW_PLAN_EXCLUDED, 0, 0)),
	                 "table-edge-stretch");
	bw_plan_free(p);
	ck_assert_uint_eq(bw_plan_instead_count(NULL, BW_PLAN_ALLOWED, 0), 0);
	ck_assert_uint_eq(bw_rule_instead_count(NULL), 0);
	ck_assert_ptr_null(bw_rule_instead(NULL, 0));
	ck_assert_uint_eq(bw_rule_prefer_count(NULL), 0);
	ck_assert_ptr_null(bw_rule_condition(NULL));
}
END_TEST

/* Clearance before contraindicated before local; a red flag first of all;
 * every severity but caution excludes. */
START_TEST(test_severity_order)
{
	const char *c[] = { "anterior-pelvic-tilt", "blood-clot", "pulsing-mass" };
	bw_plan *p = plan("psoas-major", c, 3);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_ALLOWED), 0);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 2);
	for (size_t i = 0; i < 2; i++) {
		size_t n = bw_plan_reason_count(p, BW_PLAN_EXCLUDED, i);
		ck_assert_int_eq(bw_rule_severity(bw_plan_reason(p, BW_PLAN_EXCLUDED,
		                                                 i, 0, NULL, NULL)),
		                 BW_SEVERITY_RED_FLAG);
		ck_assert_int_eq(bw_rule_severity(bw_plan_reason(p, BW_PLAN_EXCLUDED,
		                                                 i, 1, NULL, NULL)),
		                 BW_SEVERITY_CLEARANCE);
		for (size_t k = 1; k < n; k++) {
			bw_severity a = bw_rule_severity(bw_plan_reason(
			                p, BW_PLAN_EXCLUDED, i, k - 1, NULL, NULL));
			bw_severity b = bw_rule_severity(bw_plan_reason(
			                p, BW_PLAN_EXCLUDED, i, k, NULL, NULL));
			/* caution last; never a weaker exclusion before a stronger */
			ck_assert(!(a == BW_SEVERITY_CAUTION && b != BW_SEVERITY_CAUTION));
			ck_assert(!(a == BW_SEVERITY_LOCAL &&
			            b == BW_SEVERITY_CONTRAINDICATED));
		}
	}
	bw_plan_free(p);
	ck_assert_int_eq(bw_severity_excludes(BW_SEVERITY_CAUTION), 0);
	ck_assert_int_eq(bw_severity_excludes(BW_SEVERITY_LOCAL), 1);
	ck_assert_int_eq(bw_severity_excludes(BW_SEVERITY_RED_FLAG), 1);
	ck_assert_int_eq(bw_severity_excludes(BW_SEVERITY_COUNT), 0);
	ck_assert_str_eq(bw_severity_label(BW_SEVERITY_RED_FLAG), "stop and refer");
	ck_assert_str_eq(bw_severity_label(BW_SEVERITY_CLEARANCE),
	                 "medical clearance needed");
	ck_assert_str_eq(bw_severity_name(BW_SEVERITY_CONTRAINDICATED),
	                 "contraindicated");
	ck_assert_ptr_null(bw_severity_label(BW_SEVERITY_COUNT));
}
END_TEST

static size_t find_line(const bw_screen *s, bw_screen_action a,
                        const char *site, const char *position)
{
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		const bw_entity *st = bw_screen_line_site(s, i);
		const char *pos = bw_screen_line_position(s, i);
		if (bw_screen_line_action(s, i) != a)
			continue;
		if ((site == NULL) != (st == NULL) ||
		    (site && strcmp(site, bw_entity_id(st)) != 0))
			continue;
		if ((position == NULL) != (pos == NULL) ||
		    (position && strcmp(position, pos) != 0))
			continue;
		return i;
	}
	return (size_t)-1;
}

/* A session screened with no muscle named: each rule becomes a line that
 * says what it means, strongest first. */
START_TEST(test_screen)
{
	const char *c[] = { "blood-clot", "endometriosis", "anterior-pelvic-tilt" };
	bw_screen *s;
	bw_error err;
	size_t i;
	int match;
	ck_assert_int_eq(bw_screen_new(&s, db, c, 3, &err), BW_OK);
	ck_assert_uint_eq(bw_screen_condition_count(s), 3);
	ck_assert_int_eq(bw_screen_needs_clearance(s), 1);
	ck_assert_int_eq(bw_screen_refer(s), 0);
	/* ordered by action */
	for (i = 1; i < bw_screen_count(s); i++)
		ck_assert_int_le(bw_screen_line_action(s, i - 1),
		                 bw_screen_line_action(s, i));
	ck_assert_int_eq(bw_screen_line_action(s, 0), BW_SCREEN_CLEARANCE);
	ck_assert_str_eq(bw_entity_id(bw_screen_line_condition(s, 0)), "blood-clot");
	/* the leg and the abdomen are off */
	ck_assert_uint_ne(find_line(s, BW_SCREEN_AVOID, "leg", NULL), (size_t)-1);
	i = find_line(s, BW_SCREEN_AVOID, "abdomen", NULL);
	ck_assert_uint_ne(i, (size_t)-1);
	ck_assert_str_eq(bw_entity_id(bw_screen_line_condition(s, i)), "endometriosis");
	ck_assert_int_eq(bw_rule_severity(bw_screen_line_rule(s, i, &match)),
	                 BW_SEVERITY_LOCAL);
	ck_assert_int_eq(match, -1);
	/* deep pressure everywhere: a ceiling of moderate with no site */
	i = find_line(s, BW_SCREEN_LIMIT, NULL, NULL);
	ck_assert_uint_ne(i, (size_t)-1);
	ck_assert_str_eq(bw_screen_line_pressure(s, i), "moderate");
	/* the tilt: moderate pressure at the abdomen is out, so light only */
	i = find_line(s, BW_SCREEN_LIMIT, "abdomen", NULL);
	ck_assert_uint_ne(i, (size_t)-1);
	ck_assert_str_eq(bw_screen_line_pressure(s, i), "light");
	/* prone with care; side-lying preferred */
	ck_assert_uint_ne(find_line(s, BW_SCREEN_CAUTION, NULL, "prone"), (size_t)-1);
	ck_assert_uint_ne(find_line(s, BW_SCREEN_PREFER, NULL, "side-lying"), (size_t)-1);
	/* the red flag to ask about, from a fact */
	i = find_line(s, BW_SCREEN_ASK, NULL, NULL);
	ck_assert_uint_ne(i, (size_t)-1);
	ck_assert_ptr_null(bw_screen_line_rule(s, i, &match));
	ck_assert_int_eq(match, -1);
	ck_assert_str_eq(bw_fact_text(bw_screen_line_fact(s, i)),
	                 "New calf pain, swelling or warmth.");
	ck_assert_ptr_null(bw_screen_line_pressure(s, i));
	bw_screen_free(s);
	/* a sign that is a red flag: refer */
	c[0] = "pulsing mass in the belly";
	ck_assert_int_eq(bw_screen_new(&s, db, c, 1, &err), BW_OK);
	ck_assert_int_eq(bw_screen_refer(s), 1);
	ck_assert_int_eq(bw_screen_needs_clearance(s), 0);
	ck_assert_uint_eq(bw_screen_count(s), 1);
	ck_assert_int_eq(bw_screen_line_action(s, 0), BW_SCREEN_REFER);
	ck_assert_str_eq(bw_entity_attr(bw_screen_condition(s, 0), "category"), "sign");
	bw_screen_free(s);
	/* no conditions: an empty screen */
	ck_assert_int_eq(bw_screen_new(&s, db, NULL, 0, &err), BW_OK);
	ck_assert_uint_eq(bw_screen_count(s), 0);
	ck_assert_int_eq(bw_screen_line_action(s, 0), BW_SCREEN_ACTION_COUNT);
	bw_screen_free(s);
}
END_TEST

START_TEST(test_screen_errors)
{
	const char *typo[] = { "blod clot" };
	bw_screen *s = (bw_screen *)1;
	bw_error err;
	ck_assert_int_eq(bw_screen_new(&s, db, typo, 1, &err), BW_ENOTFOUND);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(err.message, "closest known: Blood clot in the leg"));
	ck_assert_int_eq(bw_screen_new(NULL, db, typo, 1, &err), BW_EINVAL);
	ck_assert_int_eq(bw_screen_new(&s, NULL, typo, 1, &err), BW_EINVAL);
	ck_assert_int_eq(bw_screen_new(&s, db, NULL, 1, &err), BW_EINVAL);
	ck_assert_uint_eq(bw_screen_count(NULL), 0);
	ck_assert_uint_eq(bw_screen_condition_count(NULL), 0);
	ck_assert_ptr_null(bw_screen_condition(NULL, 0));
	ck_assert_int_eq(bw_screen_needs_clearance(NULL), 0);
	ck_assert_int_eq(bw_screen_refer(NULL), 0);
	ck_assert_ptr_null(bw_screen_line_site(NULL, 0));
	ck_assert_ptr_null(bw_screen_line_position(NULL, 0));
	ck_assert_ptr_null(bw_screen_line_condition(NULL, 0));
	ck_assert_ptr_null(bw_screen_line_fact(NULL, 0));
	ck_assert_ptr_null(bw_screen_line_rule(NULL, 0, NULL));
	ck_assert_str_eq(bw_screen_action_name(BW_SCREEN_LIMIT), "limit");
	ck_assert_ptr_null(bw_screen_action_name(BW_SCREEN_ACTION_COUNT));
	bw_screen_free(NULL);
}
END_TEST

/* Sites nest: a rule at the thigh reaches the femoral triangle within it,
 * and a rule at the femoral triangle reaches work on the whole thigh. */
START_TEST(test_site_hierarchy)
{
	const bw_entity *leg, *thigh, *tri, *knee, *abd;
	ck_assert_int_eq(bw_db_get(&leg, db, "leg", NULL), BW_OK);
	ck_assert_int_eq(bw_db_get(&thigh, db, "thigh", NULL), BW_OK);
	ck_assert_int_eq(bw_db_get(&tri, db, "femoral-triangle", NULL), BW_OK);
	ck_assert_int_eq(bw_db_get(&knee, db, "knee", NULL), BW_OK);
	ck_assert_int_eq(bw_db_get(&abd, db, "abdomen", NULL), BW_OK);
	ck_assert_ptr_eq(bw_site_within(tri), thigh);
	ck_assert_ptr_eq(bw_site_within(thigh), leg);
	ck_assert_ptr_null(bw_site_within(leg));
	ck_assert_ptr_null(bw_site_within(NULL));
	ck_assert_int_eq(bw_sites_overlap(tri, leg), 1);
	ck_assert_int_eq(bw_sites_overlap(leg, tri), 1);
	ck_assert_int_eq(bw_sites_overlap(tri, knee), 0);   /* siblings' kin */
	ck_assert_int_eq(bw_sites_overlap(thigh, abd), 0);
	ck_assert_int_eq(bw_sites_overlap(thigh, NULL), 0);
	ck_assert_int_eq(bw_sites_overlap(thigh, bw_plan_muscle(NULL)), 0);
	/* a site's back-references are the techniques that contact it */
	ck_assert_uint_eq(bw_entity_backref_count(thigh, BW_FIELD_CONTACT), 1);
	ck_assert_uint_eq(bw_entity_backref_count(tri, BW_FIELD_CONTACT), 0);
	ck_assert_str_eq(bw_entity_attr(tri, "type"), "endangerment");
	ck_assert_str_eq(bw_entity_attr(tri, "within"), "thigh");
	ck_assert_uint_eq(bw_entity_fact_count(tri, BW_FIELD_STRUCTURE), 1);
}
END_TEST

/* A baseline applies to every plan, named or not, and only cautions. */
START_TEST(test_baseline)
{
	const char *paths[] = { "valid", "layers/baseline" };
	const char *c[] = { "belly-care" };
	bw_db *layered = tu_open(paths, 2);
	const bw_entity *cond;
	bw_plan *p;
	bw_error err;
	/* no condition named: the deep belly release carries the caution */
	ck_assert_int_eq(bw_plan_new(&p, layered, "psoas-major", NULL, 0, &err), BW_OK);
	ck_assert_uint_eq(bw_plan_count(p, BW_PLAN_EXCLUDED), 0);
	ck_assert_uint_eq(bw_plan_condition_count(p), 0);
	for (size_t i = 0; i < bw_plan_count(p, BW_PLAN_ALLOWED); i++) {
		const char *id = bw_entity_id(bw_plan_technique(p, BW_PLAN_ALLOWED, i));
		size_t n = bw_plan_reason_count(p, BW_PLAN_ALLOWED, i);
		if (strcmp(id, "abdominal-release") == 0) {
			ck_assert_uint_eq(n, 1);
			bw_plan_reason(p, BW_PLAN_ALLOWED, i, 0, &cond, NULL);
			ck_assert_str_eq(bw_entity_id(cond), "belly-care");
		} else {
			ck_assert_uint_eq(n, 0);
		}
	}
	bw_plan_free(p);
	/* named as well: still one reason, not two */
	ck_assert_int_eq(bw_plan_new(&p, layered, "psoas-major", c, 1, &err), BW_OK);
	for (size_t i = 0; i < bw_plan_count(p, BW_PLAN_ALLOWED); i++)
		if (!strcmp(bw_entity_id(bw_plan_technique(p, BW_PLAN_ALLOWED, i)),
		            "abdominal-release"))
			ck_assert_uint_eq(bw_plan_reason_count(p, BW_PLAN_ALLOWED, i), 1);
	bw_plan_free(p);
	/* the inverse query finds it like any rule */
	ck_assert_int_eq(bw_plan_restrictions(&p, layered, "abdominal-release", &err), BW_OK);
	ck_assert_uint_ge(bw_plan_reason_count(p, BW_PLAN_EXCLUDED, 0), 1);
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
	tcase_add_test(tc, test_caution_and_contraindicated);
	tcase_add_test(tc, test_instead_never_excluded);
	tcase_add_test(tc, test_severity_order);
	tcase_add_test(tc, test_screen);
	tcase_add_test(tc, test_screen_errors);
	tcase_add_test(tc, test_site_hierarchy);
	tcase_add_test(tc, test_baseline);
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
