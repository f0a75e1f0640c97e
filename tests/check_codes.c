/*
 * check_codes.c: codes other systems use (ICD-10, ATC, FMA, UBERON,
 * TA98).  A layer over tests/data/valid/base.xml gives entities codes;
 * bw_db_lookup_code finds them as given, written otherwise (case, dots,
 * spaces), more specific than held, and inside an ICD-10 range, and says
 * which code matched; bw_db_lookup, the planner and the screen take codes
 * as names, and search reads one as the entity it names, while the codes'
 * text stays out of the search index; a code of the wrong form, or a range
 * running backwards or across letters, is refused with its place.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char codes_layer[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <condition id=\"clot-in-leg\">\n"
	"    <name>Clot in a leg vein</name>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\">I80.2</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">A clot.</summary>\n"
	"    <rule severity=\"clearance\" source=\"anatomy-text\" evidence=\"established\">\n"
	"      <reason>A clot can move.</reason>\n"
	"    </rule>\n"
	"  </condition>\n"
	"  <condition id=\"sugar-disease\">\n"
	"    <name>Sugar disease</name>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\">E10-E14</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">Diabetes.</summary>\n"
	"    <rule severity=\"caution\" source=\"anatomy-text\" evidence=\"established\">\n"
	"      <reason>Blood sugar can fall.</reason>\n"
	"    </rule>\n"
	"  </condition>\n"
	"  <condition id=\"thinning-pills\" category=\"medication\">\n"
	"    <name>Thinning pills</name>\n"
	"    <code system=\"atc\" source=\"anatomy-text\" evidence=\"established\">B01AA</code>\n"
	"    <code system=\"atc\" source=\"anatomy-text\" evidence=\"practice\" shared=\"yes\">B01AF</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">Blood thinners.</summary>\n"
	"    <rule severity=\"contraindicated\" source=\"anatomy-text\" evidence=\"established\">\n"
	"      <match min-pressure=\"deep\"/>\n"
	"      <reason>Bruising.</reason>\n"
	"    </rule>\n"
	"  </condition>\n"
	"  <site id=\"loin\" type=\"region\">\n"
	"    <name>Loin</name>\n"
	"    <code system=\"fma\" source=\"anatomy-text\" evidence=\"established\">FMA:22310</code>\n"
	"    <code system=\"uberon\" source=\"anatomy-text\" evidence=\"established\">UBERON:0001298</code>\n"
	"    <code system=\"ta98\" source=\"anatomy-text\" evidence=\"established\">A04.7.02.004</code>\n"
	"    <code system=\"local\" source=\"anatomy-text\" evidence=\"practice\">clinic:LOIN-1</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">The side of the back.</summary>\n"
	"  </site>\n"
	"</corpus>\n";

static bw_db *db;

static void setup(void)
{
	const char *paths[2];
	bw_error err;
	char *base = strdup(tu_data("valid/base.xml"));
	paths[0] = base;
	paths[1] = tu_write_temp("codes-layer.xml", codes_layer,
	                         sizeof(codes_layer) - 1);
	ck_assert_msg(bw_db_open(&db, paths, 2, &err) == BW_OK, "%s:%lu:%lu: %s",
	              err.file, err.line, err.column, err.message);
	free(base);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

/* The id found for text and the code that matched, "id code". */
static const char *found(const char *text)
{
	static char buf[128];
	const bw_entity *e = NULL;
	const bw_fact *f = NULL;
	bw_error err;
	if (bw_db_lookup_code(&e, &f, db, text, &err) != BW_OK) {
		ck_assert_int_eq(err.code, BW_ENOTFOUND);
		ck_assert_ptr_null(e);
		ck_assert_ptr_null(f);
		return "-";
	}
	ck_assert_int_eq(bw_fact_field(f), BW_FIELD_CODE);
	snprintf(buf, sizeof buf, "%s %s", bw_entity_id(e), bw_fact_text(f));
	return buf;
}

START_TEST(test_lookup_code)
{
	/* as held, and written otherwise */
	ck_assert_str_eq(found("I80.2"), "clot-in-leg I80.2");
	ck_assert_str_eq(found("i80.2"), "clot-in-leg I80.2");
	ck_assert_str_eq(found("I802"), "clot-in-leg I80.2");
	ck_assert_str_eq(found(" I80.2 "), "clot-in-leg I80.2");
	ck_assert_str_eq(found("I80 2"), "-");         /* a code is one word */
	/* more specific than the corpus holds */
	ck_assert_str_eq(found("I80.29"), "clot-in-leg I80.2");
	ck_assert_str_eq(found("B01AA03"), "thinning-pills B01AA");
	ck_assert_str_eq(found("b01af01"), "thinning-pills B01AF");
	/* inside a range of categories, at either end and between */
	ck_assert_str_eq(found("E11.9"), "sugar-disease E10-E14");
	ck_assert_str_eq(found("E10"), "sugar-disease E10-E14");
	ck_assert_str_eq(found("E14.65"), "sugar-disease E10-E14");
	/* anatomy ids are whole: no prefix matching */
	ck_assert_str_eq(found("FMA:22310"), "loin FMA:22310");
	ck_assert_str_eq(found("fma:22310"), "loin FMA:22310");
	ck_assert_str_eq(found("FMA:2231"), "-");
	ck_assert_str_eq(found("UBERON:0001298"), "loin UBERON:0001298");
	ck_assert_str_eq(found("A04.7.02.004"), "loin A04.7.02.004");
	/* a system named first */
	ck_assert_str_eq(found("atc:B01AA03"), "thinning-pills B01AA");
	ck_assert_str_eq(found("ATC:b01af"), "thinning-pills B01AF");
	ck_assert_str_eq(found("icd10:I80.29"), "clot-in-leg I80.2");
	ck_assert_str_eq(found("ICD-10:E12"), "sugar-disease E10-E14");
	ck_assert_str_eq(found("icd:B01AA"), "-");     /* not an ICD-10 code held */
	ck_assert_str_eq(found("atc:I80.2"), "-");
	ck_assert_str_eq(found("ta:A04.7.02.004"), "loin A04.7.02.004");
	/* a local code, case aside */
	ck_assert_str_eq(found("CLINIC:loin-1"), "loin clinic:LOIN-1");
	/* nothing covers these */
	ck_assert_str_eq(found("I80"), "-");       /* broader than held */
	ck_assert_str_eq(found("I81.0"), "-");
	ck_assert_str_eq(found("E15"), "-");
	ck_assert_str_eq(found("B01"), "-");
	ck_assert_str_eq(found(""), "-");
	ck_assert_str_eq(found("..."), "-");
	{
		const bw_entity *e;
		bw_error err;
		ck_assert_int_eq(bw_db_lookup_code(&e, NULL, db, "I80.2", &err),
		                 BW_OK);
		ck_assert_int_eq(bw_db_lookup_code(NULL, NULL, db, "I80.2", &err),
		                 BW_EINVAL);
		ck_assert_int_eq(bw_db_lookup_code(&e, NULL, NULL, "I80.2", &err),
		                 BW_EINVAL);
		ck_assert_int_eq(bw_db_lookup_code(&e, NULL, db, NULL, &err),
		                 BW_EINVAL);
	}
}
END_TEST

START_TEST(test_code_facts)
{
	const bw_entity *e;
	const bw_fact *f;
	ck_assert_int_eq(bw_db_get(&e, db, "thinning-pills", NULL), BW_OK);
	ck_assert_uint_eq(bw_entity_fact_count(e, BW_FIELD_CODE), 2);
	f = bw_entity_fact(e, BW_FIELD_CODE, 0);
	ck_assert_str_eq(bw_fact_text(f), "B01AA");
	ck_assert_str_eq(bw_fact_qualifier(f), "atc");
	ck_assert_int_eq(bw_fact_evidence(f), BW_EVIDENCE_ESTABLISHED);
	ck_assert_int_eq(bw_fact_code_shared(f), 0);
	f = bw_entity_fact(e, BW_FIELD_CODE, 1);
	ck_assert_int_eq(bw_fact_evidence(f), BW_EVIDENCE_PRACTICE);
	ck_assert_int_eq(bw_fact_code_shared(f), 1);
	ck_assert_int_eq(bw_fact_code_shared(NULL), 0);
	ck_assert_int_eq(bw_fact_code_shared(bw_entity_fact(e, BW_FIELD_SUMMARY,
	                                                    0)), 0);
	ck_assert_str_eq(bw_field_name(BW_FIELD_CODE), "code");
}
END_TEST

/* bw_db_lookup, and so the planner and the screen, take codes as names;
 * search does not index them. */
START_TEST(test_codes_as_names)
{
	const bw_entity *e;
	const char *conds[] = {"B01AA03", "I80.29"};
	bw_plan *p = NULL;
	bw_screen *s = NULL;
	bw_results *r = NULL;
	bw_error err;
	ck_assert_int_eq(bw_db_lookup(&e, db, "I80.29", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "clot-in-leg");
	/* a name still comes before a code */
	ck_assert_int_eq(bw_db_lookup(&e, db, "thinning pills", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "thinning-pills");
	ck_assert_int_eq(bw_plan_new(&p, db, "psoas-major", conds, 2, &err),
	                 BW_OK);
	ck_assert_uint_eq(bw_plan_condition_count(p), 2);
	ck_assert_str_eq(bw_entity_id(bw_plan_condition(p, 0)), "thinning-pills");
	ck_assert_str_eq(bw_entity_id(bw_plan_condition(p, 1)), "clot-in-leg");
	bw_plan_free(p);
	ck_assert_int_eq(bw_screen_new(&s, db, conds, 2, &err), BW_OK);
	ck_assert_int_eq(bw_screen_needs_clearance(s), 1);
	bw_screen_free(s);
	/* search reads a code as the entity it names, first */
	ck_assert_int_eq(bw_search(&r, db, "B01AA03", NULL, &err), BW_OK);
	ck_assert_uint_ge(bw_results_count(r), 1);
	ck_assert_str_eq(bw_entity_id(bw_results_entity(r, 0)), "thinning-pills");
	bw_results_free(r);
	/* but the codes' text is not indexed: a system's name finds nothing */
	ck_assert_int_eq(bw_search(&r, db, "uberon", NULL, &err), BW_OK);
	ck_assert_uint_eq(bw_results_total(r), 0);
	bw_results_free(r);
}
END_TEST

/* ICD-10 and ATC share three-character codes: unprefixed, ICD-10's comes
 * first, and a prefix picks the other.  A code two entities hold answers
 * with the one that does not mark it shared. */
static const char shared_layer[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<corpus version=\"1\">\n"
	"  <condition id=\"skin-sores\">\n"
	"    <name>Skin sores</name>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\">L01</code>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\">L02</code>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\" shared=\"yes\">L03</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">Sores.</summary>\n"
	"    <rule severity=\"local\" site=\"abdomen\" source=\"anatomy-text\" evidence=\"established\">\n"
	"      <reason>Contagious.</reason>\n"
	"    </rule>\n"
	"  </condition>\n"
	"  <condition id=\"cancer-drugs\" category=\"medication\">\n"
	"    <name>Cancer drugs</name>\n"
	"    <code system=\"atc\" source=\"anatomy-text\" evidence=\"established\">L01</code>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\" shared=\"yes\">L02</code>\n"
	"    <code system=\"icd10\" source=\"anatomy-text\" evidence=\"established\" shared=\"yes\">L03</code>\n"
	"    <summary source=\"anatomy-text\" evidence=\"established\">Chemotherapy.</summary>\n"
	"    <rule severity=\"caution\" source=\"anatomy-text\" evidence=\"established\">\n"
	"      <reason>Fatigue.</reason>\n"
	"    </rule>\n"
	"  </condition>\n"
	"</corpus>\n";

START_TEST(test_systems_sharing_a_code)
{
	const char *paths[2];
	bw_error err;
	char *base = strdup(tu_data("valid/base.xml"));
	bw_db_close(db);
	paths[0] = base;
	paths[1] = tu_write_temp("codes-shared.xml", shared_layer,
	                         sizeof(shared_layer) - 1);
	ck_assert_msg(bw_db_open(&db, paths, 2, &err) == BW_OK, "%s", err.message);
	free(base);
	ck_assert_str_eq(found("L01"), "skin-sores L01");
	ck_assert_str_eq(found("icd10:L01"), "skin-sores L01");
	ck_assert_str_eq(found("atc:L01"), "cancer-drugs L01");
	/* deeper codes go by shape: ATC's letters, ICD-10's dot */
	ck_assert_str_eq(found("L01XA01"), "cancer-drugs L01");
	ck_assert_str_eq(found("L01.0"), "skin-sores L01");
	/* held by both: the holder not marking it shared answers, though the
	 * other comes first; when both mark it, the first does */
	ck_assert_str_eq(found("L02"), "skin-sores L02");
	ck_assert_str_eq(found("L03"), "cancer-drugs L03");
}
END_TEST

/* A code of the wrong form is refused where it stands. */
static void refused(const char *system, const char *code, const char *why)
{
	char xml[1024];
	const char *paths[2];
	bw_db *bad = NULL;
	bw_error err;
	int n = snprintf(xml, sizeof xml,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<corpus version=\"1\">\n"
	    "  <site id=\"loin\" type=\"region\">\n"
	    "    <name>Loin</name>\n"
	    "    <code system=\"%s\" source=\"anatomy-text\" evidence=\"established\">%s</code>\n"
	    "    <summary source=\"anatomy-text\" evidence=\"established\">Side.</summary>\n"
	    "  </site>\n"
	    "</corpus>\n", system, code);
	char *base = strdup(tu_data("valid/base.xml"));
	paths[0] = base;
	paths[1] = tu_write_temp("codes-bad.xml", xml, (size_t)n);
	ck_assert_int_eq(bw_db_open(&bad, paths, 2, &err), BW_ESCHEMA);
	ck_assert_ptr_null(bad);
	ck_assert_uint_eq(err.line, 5);
	ck_assert_uint_eq(err.column, 5);
	ck_assert_msg(strstr(err.message, why), "%s %s: %s", system, code,
	              err.message);
	free(base);
}

START_TEST(test_bad_codes)
{
	refused("icd10", "I8", "not a code of the icd10 system");
	refused("icd10", "I80.23456", "not a code of the icd10 system");
	refused("icd10", "i80.2", "not a code of the icd10 system");
	refused("icd10", "M19-M15", "run upwards");
	refused("icd10", "M15-N19", "within one letter");
	refused("atc", "B01A1", "not a code of the atc system");
	refused("atc", "B01AA0", "not a code of the atc system");
	refused("fma", "FMA:0123", "not a code of the fma system");
	refused("fma", "FMA:", "not a code of the fma system");
	refused("uberon", "UBERON:123", "not a code of the uberon system");
	refused("ta98", "A04.7.02.04", "not a code of the ta98 system");
	refused("ta98", "B04.7.02.004", "not a code of the ta98 system");
	refused("local", "-17", "not a code of the local system");
	refused("local", "a b", "not a code of the local system");
	refused("local", "0123456789012345678901234567890123",
	        "not a code of the local system");
}
END_TEST

static Suite *codes_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("codes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lookup_code);
	tcase_add_test(tc, test_code_facts);
	tcase_add_test(tc, test_codes_as_names);
	tcase_add_test(tc, test_systems_sharing_a_code);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_test(tc, test_bad_codes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(codes_suite());
}
