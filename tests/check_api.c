/*
 * check_api.c: the public API on the test corpus: versions, names of enums,
 * lookup by id, name and alias (case, diacritics, separators, priorities),
 * iteration order, every kind of fact, rules and their matching, and NULL
 * or out-of-range arguments everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define db tu_db

static const bw_entity *get(const char *id)
{
	const bw_entity *e = NULL;
	ck_assert_int_eq(bw_db_get(&e, db, id, NULL), BW_OK);
	return e;
}

START_TEST(test_version)
{
	char want[32];
	snprintf(want, sizeof(want), "%d.%d.%d", BW_VERSION_MAJOR,
	         BW_VERSION_MINOR, BW_VERSION_PATCH);
	ck_assert_str_eq(bw_version(), want);
	ck_assert_str_eq(bw_version(), BW_VERSION_STRING);
	ck_assert_int_eq(bw_version_number(), BW_VERSION_NUMBER);
	ck_assert_int_eq(BW_VERSION_NUMBER,
	                 BW_VERSION_CHECK(BW_VERSION_MAJOR, BW_VERSION_MINOR,
	                                  BW_VERSION_PATCH));
	ck_assert(BW_VERSION_NUMBER >= BW_VERSION_CHECK(0, 1, 0));
}
END_TEST

START_TEST(test_enum_names)
{
	bw_kind k;
	bw_field f;
	for (int i = 0; i < BW_KIND_COUNT; i++) {
		ck_assert_int_eq(bw_kind_parse(&k, bw_kind_name((bw_kind)i), NULL), BW_OK);
		ck_assert_int_eq(k, i);
	}
	for (int i = 0; i < BW_FIELD_COUNT; i++) {
		ck_assert_int_eq(bw_field_parse(&f, bw_field_name((bw_field)i), NULL), BW_OK);
		ck_assert_int_eq(f, i);
	}
	ck_assert_str_eq(bw_field_name(BW_FIELD_SHORTENED_BY), "shortened-by");
	ck_assert_str_eq(bw_evidence_name(BW_EVIDENCE_DISPUTED), "disputed");
	ck_assert_str_eq(bw_severity_name(BW_SEVERITY_LOCAL), "local");
	ck_assert_ptr_null(bw_kind_name(BW_KIND_COUNT));
	ck_assert_ptr_null(bw_field_name(BW_FIELD_COUNT));
	ck_assert_ptr_null(bw_evidence_name((bw_evidence)-1));
	ck_assert_ptr_null(bw_severity_name(BW_SEVERITY_COUNT));
	ck_assert_int_eq(bw_kind_parse(&k, "herb", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_kind_parse(&k, NULL, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_field_parse(NULL, "origin", NULL), BW_EINVAL);
	ck_assert_str_eq(bw_strerror(BW_ECORPUS), "corpus is inconsistent");
	ck_assert_str_eq(bw_strerror(12345), "unknown error");
}
END_TEST

static const char *lookup_id(const char *name)
{
	const bw_entity *e;
	bw_error err;
	bw_status st = bw_db_lookup(&e, db, name, &err);
	return st == BW_OK ? bw_entity_id(e) : NULL;
}

START_TEST(test_lookup)
{
	ck_assert_str_eq(lookup_id("psoas-major"), "psoas-major");
	ck_assert_str_eq(lookup_id("Psoas major"), "psoas-major");
	ck_assert_str_eq(lookup_id("PSOAS MAJOR"), "psoas-major");
	ck_assert_str_eq(lookup_id("psoás   major"), "psoas-major");
	ck_assert_str_eq(lookup_id("  Psoas_Major "), "psoas-major");
	ck_assert_str_eq(lookup_id("so-as"), "psoas-major");
	ck_assert_str_eq(lookup_id("SO AS"), "psoas-major");
	ck_assert_str_eq(lookup_id("Hip Hiker"), "psoas-major");
	ck_assert_str_eq(lookup_id("musculus psoas major"), "psoas-major");
	ck_assert_str_eq(lookup_id("lbp"), "low-back-pain");
	ck_assert_str_eq(lookup_id("Endo"), "endometriosis");
	ck_assert_str_eq(lookup_id("test anatomy"), "anatomy-text");
	ck_assert_ptr_null(lookup_id("psoas"));
	ck_assert_ptr_null(lookup_id(""));
}
END_TEST

START_TEST(test_lookup_errors)
{
	const bw_entity *e = (const bw_entity *)1;
	bw_error err;
	ck_assert_int_eq(bw_db_lookup(&e, db, "nothing-like-it", &err), BW_ENOTFOUND);
	ck_assert_ptr_null(e);
	ck_assert_ptr_nonnull(strstr(err.message, "nothing-like-it"));
	ck_assert_int_eq(bw_db_lookup(&e, db, "bad\xc3", &err), BW_EUTF8);
	ck_assert_int_eq(err.code, BW_EUTF8);
	ck_assert_int_eq(bw_db_lookup(&e, NULL, "x", &err), BW_EINVAL);
	ck_assert_int_eq(bw_db_lookup(&e, db, NULL, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_lookup(NULL, db, "x", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_get(&e, db, "Psoas major", NULL), BW_ENOTFOUND);
	ck_assert_int_eq(bw_db_get(&e, db, NULL, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_get(NULL, db, "x", NULL), BW_EINVAL);
}
END_TEST

START_TEST(test_iteration_order)
{
	bw_iter *it;
	const bw_entity *e;
	const char *want[] = { "anatomy-text", "forum", "iliacus", "psoas-major",
	                       "abdominal-release", "table-edge-stretch",
	                       "anterior-pelvic-tilt", "blood-clot",
	                       "endometriosis", "pulsing-mass",
	                       "low-back-pain", "abdomen", "femoral-triangle",
	                       "knee", "leg", "lower-abdomen", "pelvic-rim",
	                       "thigh" };
	size_t n = 0;
	ck_assert_int_eq(bw_iter_new(&it, db, BW_KIND_COUNT, NULL), BW_OK);
	while (bw_iter_next(&e, it, NULL) == BW_OK) {
		ck_assert_str_eq(bw_entity_id(e), want[n]);
		ck_assert_ptr_eq(bw_db_entity_at(db, BW_KIND_COUNT, n), e);
		n++;
	}
	ck_assert_ptr_null(e);
	ck_assert_int_eq(bw_iter_next(&e, it, NULL), BW_ITEROVER);
	ck_assert_uint_eq(n, 18);
	bw_iter_free(it);
	ck_assert_int_eq(bw_iter_new(&it, db, BW_KIND_TECHNIQUE, NULL), BW_OK);
	ck_assert_int_eq(bw_iter_next(&e, it, NULL), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "abdominal-release");
	ck_assert_int_eq(bw_iter_next(&e, it, NULL), BW_OK);
	ck_assert_int_eq(bw_iter_next(&e, it, NULL), BW_ITEROVER);
	bw_iter_free(it);
	ck_assert_int_eq(bw_iter_new(&it, db, (bw_kind)99, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_iter_new(&it, NULL, BW_KIND_MUSCLE, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_iter_next(&e, NULL, NULL), BW_EINVAL);
	ck_assert_ptr_null(bw_db_entity_at(db, BW_KIND_MUSCLE, 2));
	ck_assert_ptr_null(bw_db_entity_at(db, (bw_kind)99, 0));
	ck_assert_uint_eq(bw_db_count(db, (bw_kind)99), 0);
	bw_iter_free(NULL);
}
END_TEST

START_TEST(test_muscle_facts)
{
	const bw_entity *m = get("psoas-major");
	const bw_fact *f;
	char levels[32];
	ck_assert_int_eq(bw_entity_kind(m), BW_KIND_MUSCLE);
	ck_assert_str_eq(bw_entity_name(m), "Psoas major");
	ck_assert_str_eq(bw_entity_summary(m),
	                 "The deep hip flexor joining the lumbar spine to the femur.");
	ck_assert_str_eq(bw_entity_attr(m, "depth"), "deep");
	ck_assert_ptr_null(bw_entity_attr(m, "modality"));
	ck_assert_uint_eq(bw_entity_region_count(m), 2);
	ck_assert_str_eq(bw_entity_region(m, 1), "hip");
	ck_assert_ptr_null(bw_entity_region(m, 2));
	ck_assert_uint_eq(bw_entity_line(m), 19);
	ck_assert_uint_eq(bw_entity_fact_count(m, BW_FIELD_ALIAS), 3);
	ck_assert_str_eq(bw_fact_qualifier(bw_entity_fact(m, BW_FIELD_ALIAS, 1)),
	                 "nickname");
	/* two origins, each with its own source and levels; text collapsed */
	ck_assert_uint_eq(bw_entity_fact_count(m, BW_FIELD_ORIGIN), 2);
	f = bw_entity_fact(m, BW_FIELD_ORIGIN, 0);
	ck_assert_str_eq(bw_fact_text(f), "Sides of the vertebral bodies T12 to "
	                 "L4 and the discs between them.");
	bw_levels_format(levels, sizeof(levels), bw_fact_levels(f));
	ck_assert_str_eq(levels, "T12-L4");
	ck_assert_str_eq(bw_entity_id(bw_fact_source(f)), "anatomy-text");
	ck_assert_int_eq(bw_fact_evidence(f), BW_EVIDENCE_ESTABLISHED);
	ck_assert_uint_eq(bw_fact_line(f), 25);
	f = bw_entity_fact(m, BW_FIELD_ORIGIN, 1);
	bw_levels_format(levels, sizeof(levels), bw_fact_levels(f));
	ck_assert_str_eq(levels, "T12-L5");
	ck_assert_str_eq(bw_entity_id(bw_fact_source(f)), "forum");
	/* the disputed action keeps its correction beside it */
	f = bw_entity_fact(m, BW_FIELD_ACTION, 1);
	ck_assert_int_eq(bw_fact_evidence(f), BW_EVIDENCE_DISPUTED);
	ck_assert_str_eq(bw_fact_text(f), "Extends the hip.");
	ck_assert_ptr_nonnull(strstr(bw_fact_correction(f), "flexes the hip"));
	ck_assert_str_eq(bw_entity_id(bw_fact_correction_source(f)), "anatomy-text");
	ck_assert_ptr_null(bw_fact_correction(bw_entity_fact(m, BW_FIELD_ACTION, 0)));
	/* relations */
	f = bw_entity_fact(m, BW_FIELD_RELATED, 0);
	ck_assert_str_eq(bw_fact_qualifier(f), "blends-with");
	ck_assert_str_eq(bw_entity_id(bw_fact_target(f)), "iliacus");
	f = bw_entity_fact(m, BW_FIELD_CAUSES, 0);
	ck_assert_str_eq(bw_entity_id(bw_fact_target(f)), "low-back-pain");
	for (int fld = BW_FIELD_BLOOD_SUPPLY; fld <= BW_FIELD_ASSOCIATION; fld++)
		ck_assert_msg(bw_entity_fact_count(m, (bw_field)fld) == 1,
		              "field %s", bw_field_name((bw_field)fld));
	ck_assert_int_eq(bw_fact_evidence(bw_entity_fact(m, BW_FIELD_ASSOCIATION, 0)),
	                 BW_EVIDENCE_TRADITION);
	ck_assert_uint_eq(bw_entity_fact_count(m, BW_FIELD_STEP), 0);
	ck_assert_ptr_null(bw_entity_fact(m, BW_FIELD_ORIGIN, 2));
	ck_assert_ptr_null(bw_entity_fact(m, BW_FIELD_COUNT, 0));
}
END_TEST

START_TEST(test_technique_facts)
{
	const bw_entity *t = get("table-edge-stretch");
	const bw_fact *f;
	ck_assert_str_eq(bw_entity_attr(t, "modality"), "pnf");
	ck_assert_str_eq(bw_entity_attr(t, "lever"), "long");
	ck_assert_uint_eq(bw_entity_fact_count(t, BW_FIELD_TARGET), 2);
	f = bw_entity_fact(t, BW_FIELD_TARGET, 1);
	ck_assert_str_eq(bw_entity_id(bw_fact_target(f)), "iliacus");
	ck_assert_str_eq(bw_fact_qualifier(f), "secondary");
	ck_assert_str_eq(bw_fact_qualifier(bw_entity_fact(t, BW_FIELD_TARGET, 0)),
	                 "primary");
	ck_assert_uint_eq(bw_entity_fact_count(t, BW_FIELD_CONTACT), 2);
	ck_assert_str_eq(bw_fact_text(bw_entity_fact(t, BW_FIELD_CONTACT, 1)), "knee");
	/* attributes rest on the steps' source */
	f = bw_entity_fact(t, BW_FIELD_PRESSURE, 0);
	ck_assert_str_eq(bw_fact_text(f), "light");
	ck_assert_str_eq(bw_entity_id(bw_fact_source(f)), "forum");
	ck_assert_int_eq(bw_fact_evidence(f), BW_EVIDENCE_PRACTICE);
	ck_assert_uint_eq(bw_entity_fact_count(t, BW_FIELD_STEP), 3);
	ck_assert_str_eq(bw_fact_text(bw_entity_fact(t, BW_FIELD_STEP, 2)),
	                 "Contract, relax, take up slack.");
	for (int fld = BW_FIELD_PREPARATION; fld <= BW_FIELD_BENEFIT; fld++)
		ck_assert_uint_ge(bw_entity_fact_count(t, (bw_field)fld), 1);
}
END_TEST

START_TEST(test_source_fields)
{
	const bw_entity *s = get("anatomy-text");
	ck_assert_str_eq(bw_entity_name(s), "Test Anatomy");
	ck_assert_str_eq(bw_entity_attr(s, "kind"), "textbook");
	ck_assert_str_eq(bw_entity_summary(s), "A reference textbook used by the tests.");
	ck_assert_uint_eq(bw_entity_fact_count(s, BW_FIELD_AUTHOR), 2);
	ck_assert_str_eq(bw_fact_text(bw_entity_fact(s, BW_FIELD_YEAR, 0)), "2020");
	ck_assert_str_eq(bw_fact_text(bw_entity_fact(s, BW_FIELD_ISBN, 0)),
	                 "978-0-00-000000-2");
	ck_assert_ptr_null(bw_fact_source(bw_entity_fact(s, BW_FIELD_TITLE, 0)));
	ck_assert_ptr_null(bw_entity_summary(get("forum")));
}
END_TEST

START_TEST(test_rules)
{
	const bw_entity *endo = get("endometriosis"), *apt = get("anterior-pelvic-tilt");
	const bw_entity *stretch = get("table-edge-stretch"), *belly = get("abdominal-release");
	const bw_rule *r;
	ck_assert_uint_eq(bw_entity_rule_count(endo), 1);
	r = bw_entity_rule(endo, 0);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_LOCAL);
	ck_assert_str_eq(bw_entity_id(bw_rule_site(r)), "abdomen");
	ck_assert_str_eq(bw_rule_reason(r), "Pressure on the abdomen can cause severe pain.");
	ck_assert_str_eq(bw_rule_adjustment(r), "Stretch the psoas through the leg instead.");
	ck_assert_str_eq(bw_entity_id(bw_rule_source(r)), "forum");
	ck_assert_int_eq(bw_rule_evidence(r), BW_EVIDENCE_PRACTICE);
	ck_assert_uint_eq(bw_rule_match_count(r), 0);
	/* local: applies only where the technique makes contact at the area */
	ck_assert_int_eq(bw_rule_applies(r, belly), 1);
	ck_assert_int_eq(bw_rule_applies(r, stretch), 0);
	ck_assert_int_eq(bw_rule_applies(r, endo), 0);

	r = bw_entity_rule(apt, 0);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_CAUTION);
	ck_assert_ptr_null(bw_rule_site(r));
	ck_assert_ptr_null(bw_rule_adjustment(r));
	ck_assert_uint_eq(bw_rule_match_count(r), 2);
	ck_assert_str_eq(bw_rule_match_attr(r, 0, "lever"), "long");
	ck_assert_str_eq(bw_rule_match_attr(r, 0, "movement"), "hip-extension");
	ck_assert_ptr_null(bw_rule_match_attr(r, 0, "contact"));
	ck_assert_ptr_null(bw_rule_match_attr(r, 0, "nonsense"));
	ck_assert_ptr_null(bw_rule_match_technique(r, 0));
	ck_assert_ptr_eq(bw_rule_match_technique(r, 1), belly);
	ck_assert_int_eq(bw_rule_applies(r, stretch), 1); /* by attributes */
	ck_assert_int_eq(bw_rule_applies(r, belly), 1);   /* by name */
	/* min-pressure: deep abdominal work matches, light leg work does not */
	r = bw_entity_rule(apt, 1);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_CONTRAINDICATED);
	ck_assert_int_eq(bw_rule_applies(r, belly), 1);
	ck_assert_int_eq(bw_rule_applies(r, stretch), 0);
	ck_assert_ptr_null(bw_entity_rule(apt, 2));
	ck_assert_uint_eq(bw_entity_rule_count(stretch), 0);
}
END_TEST

START_TEST(test_null_getters)
{
	ck_assert_int_eq(bw_entity_kind(NULL), BW_KIND_COUNT);
	ck_assert_ptr_null(bw_entity_id(NULL));
	ck_assert_ptr_null(bw_entity_name(NULL));
	ck_assert_ptr_null(bw_entity_summary(NULL));
	ck_assert_ptr_null(bw_entity_file(NULL));
	ck_assert_uint_eq(bw_entity_line(NULL), 0);
	ck_assert_ptr_null(bw_entity_attr(NULL, "depth"));
	ck_assert_ptr_null(bw_entity_attr(get("psoas-major"), NULL));
	ck_assert_uint_eq(bw_entity_region_count(NULL), 0);
	ck_assert_ptr_null(bw_entity_region(NULL, 0));
	ck_assert_uint_eq(bw_entity_fact_count(NULL, BW_FIELD_ORIGIN), 0);
	ck_assert_ptr_null(bw_entity_fact(NULL, BW_FIELD_ORIGIN, 0));
	ck_assert_int_eq(bw_fact_field(NULL), BW_FIELD_COUNT);
	ck_assert_ptr_null(bw_fact_text(NULL));
	ck_assert_ptr_null(bw_fact_source(NULL));
	ck_assert_int_eq(bw_fact_evidence(NULL), BW_EVIDENCE_COUNT);
	ck_assert_ptr_null(bw_fact_correction(NULL));
	ck_assert_ptr_null(bw_fact_correction_source(NULL));
	ck_assert_ptr_null(bw_fact_target(NULL));
	ck_assert_ptr_null(bw_fact_qualifier(NULL));
	ck_assert_uint_eq(bw_fact_levels(NULL), 0);
	ck_assert_uint_eq(bw_fact_line(NULL), 0);
	ck_assert_uint_eq(bw_entity_backref_count(NULL, BW_FIELD_CAUSES), 0);
	ck_assert_ptr_null(bw_entity_backref(NULL, BW_FIELD_CAUSES, 0, NULL));
	ck_assert_uint_eq(bw_entity_rule_count(NULL), 0);
	ck_assert_ptr_null(bw_entity_rule(NULL, 0));
	ck_assert_int_eq(bw_rule_severity(NULL), BW_SEVERITY_COUNT);
	ck_assert_ptr_null(bw_rule_site(NULL));
	ck_assert_ptr_null(bw_rule_reason(NULL));
	ck_assert_ptr_null(bw_rule_adjustment(NULL));
	ck_assert_ptr_null(bw_rule_source(NULL));
	ck_assert_int_eq(bw_rule_evidence(NULL), BW_EVIDENCE_COUNT);
	ck_assert_uint_eq(bw_rule_line(NULL), 0);
	ck_assert_uint_eq(bw_rule_match_count(NULL), 0);
	ck_assert_ptr_null(bw_rule_match_technique(NULL, 0));
	ck_assert_ptr_null(bw_rule_match_attr(NULL, 0, "lever"));
	ck_assert_int_eq(bw_rule_applies(NULL, NULL), 0);
	ck_assert_uint_eq(bw_db_count(NULL, BW_KIND_MUSCLE), 0);
	ck_assert_ptr_null(bw_db_entity_at(NULL, BW_KIND_MUSCLE, 0));
	ck_assert_int_eq(bw_set_allocator(NULL, NULL, free, NULL), BW_EINVAL);
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");
	tcase_add_checked_fixture(tc, tu_setup_valid, tu_teardown_valid);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_enum_names);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_lookup_errors);
	tcase_add_test(tc, test_iteration_order);
	tcase_add_test(tc, test_muscle_facts);
	tcase_add_test(tc, test_technique_facts);
	tcase_add_test(tc, test_source_fields);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_null_getters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(api_suite());
}
