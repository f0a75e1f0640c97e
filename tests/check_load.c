/*
 * check_load.c: the load stage.  A good corpus loads whole; every case
 * under tests/data/invalid/ fails with the status, line, column and message
 * its expected-error file names (one line: "CODE LINE:COLUMN substring");
 * paths that are missing, empty, devices or loops are refused; layers
 * replace, add and hide; and every failure leaves nothing allocated (the
 * suite runs under valgrind in CI).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static bw_status status_from_name(const char *name)
{
	static const struct { const char *name; bw_status code; } t[] = {
		{ "BW_EIO", BW_EIO }, { "BW_EPARSE", BW_EPARSE },
		{ "BW_ESCHEMA", BW_ESCHEMA }, { "BW_ECORPUS", BW_ECORPUS },
		{ "BW_EINVAL", BW_EINVAL },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].code;
	ck_abort_msg("unknown status %s", name);
	return BW_OK;
}

START_TEST(test_valid_corpus_loads)
{
	const char *p[] = { "valid" };
	bw_db *db = tu_open(p, 1);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_SOURCE), 2);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_MUSCLE), 2);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_TECHNIQUE), 2);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_CONDITION), 4);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_SYMPTOM), 1);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_SITE), 7);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_COUNT), 18);
	bw_db_close(db);
}
END_TEST

/* Every folder under data/invalid is one case. */
START_TEST(test_invalid_cases)
{
	DIR *dir = opendir(tu_data("invalid"));
	struct dirent *de;
	int cases = 0;
	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir)) != NULL) {
		char path[4096], want_code[32], want_msg[256], input[4096];
		unsigned long line, col;
		const char *paths[1];
		bw_db *db = (bw_db *)1;
		bw_error err;
		FILE *f;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/invalid/%s/expected-error",
		         BW_TEST_DATA, de->d_name);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "no expected-error in %s", de->d_name);
		ck_assert_int_eq(fscanf(f, "%31s %lu:%lu %255[^\n]", want_code,
		                        &line, &col, want_msg), 4);
		fclose(f);
		snprintf(input, sizeof(input), "%s/invalid/%s/input.xml",
		         BW_TEST_DATA, de->d_name);
		paths[0] = input;
		memset(&err, 0, sizeof(err));
		ck_assert_int_eq(bw_db_open(&db, paths, 1, &err),
		                 status_from_name(want_code));
		ck_assert_ptr_null(db);
		ck_assert_msg(err.code == status_from_name(want_code), "%s: code",
		              de->d_name);
		ck_assert_msg(err.line == line && err.column == col,
		              "%s: expected %lu:%lu, got %lu:%lu (%s)", de->d_name,
		              line, col, err.line, err.column, err.message);
		ck_assert_msg(strstr(err.message, want_msg) != NULL,
		              "%s: message '%s' lacks '%s'", de->d_name,
		              err.message, want_msg);
		ck_assert_str_eq(err.file, input);
		cases++;
	}
	closedir(dir);
	ck_assert_int_ge(cases, 20);
}
END_TEST

START_TEST(test_missing_path)
{
	const char *p[] = { "no/such/file.xml" };
	bw_error err = tu_open_fail(p, 1, BW_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "No such file"));
	ck_assert_ptr_nonnull(strstr(err.file, "no/such/file.xml"));
}
END_TEST

START_TEST(test_empty_folder)
{
	char dir[] = "/tmp/bw-empty-XXXXXX";
	const char *paths[1];
	bw_db *db;
	bw_error err;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths[0] = dir;
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "no .xml"));
	ck_assert_str_eq(err.file, dir);
	rmdir(dir);
}
END_TEST

START_TEST(test_device_and_loop_refused)
{
	const char *dev[] = { "/dev/zero" };
	char loop[256];
	const char *paths[1];
	bw_db *db;
	bw_error err;
	ck_assert_int_eq(bw_db_open(&db, dev, 1, &err), BW_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "not a regular file"));
	snprintf(loop, sizeof(loop), "/tmp/bw-loop-%ld.xml", (long)getpid());
	unlink(loop);
	ck_assert_int_eq(symlink(loop, loop), 0);
	paths[0] = loop;
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "symbolic links"));
	unlink(loop);
}
END_TEST

/* An error on a line past 65,535 keeps its true line number. */
START_TEST(test_late_line_error)
{
	size_t cap = 2u << 20, n = 0;
	char *buf = malloc(cap);
	const char *paths[1];
	bw_db *db;
	bw_error err;
	n += (size_t)sprintf(buf + n, "<?xml version=\"1.0\"?>\n<corpus version=\"1\">\n");
	for (int i = 0; i < 70000; i++)
		n += (size_t)sprintf(buf + n, "<!-- %d -->\n", i);
	n += (size_t)sprintf(buf + n, "  <herb/>\n</corpus>\n");
	paths[0] = tu_write_temp("late.xml", buf, n);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_ESCHEMA);
	ck_assert_uint_eq(err.line, 70003);
	ck_assert_uint_eq(err.column, 3);
	unlink(paths[0]);
	free(buf);
}
END_TEST

START_TEST(test_bom_accepted)
{
	const char text[] = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<corpus version=\"1\"><source id=\"s\" kind=\"book\"><title>T</title>"
		"</source></corpus>\n";
	const char *paths[1];
	bw_db *db;
	bw_error err;
	paths[0] = tu_write_temp("bom.xml", text, sizeof(text) - 1);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_OK);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_SOURCE), 1);
	bw_db_close(db);
	unlink(paths[0]);
}
END_TEST

/* A gzip file is never decompressed: it is not XML. */
START_TEST(test_gzip_not_decompressed)
{
	const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x01\x00\x00\xff\xff";
	const char *paths[1];
	bw_db *db;
	bw_error err;
	paths[0] = tu_write_temp("bomb.xml", gz, sizeof(gz) - 1);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EPARSE);
	ck_assert_uint_eq(err.line, 1);
	unlink(paths[0]);
}
END_TEST

/* Values the schema accepts with white space around them are read as the
 * schema reads them (tokens), never stored out of range. */
START_TEST(test_spaced_vocabulary)
{
	const char *p[] = { "valid-spaced" };
	bw_db *db = tu_open(p, 1);
	const bw_entity *c;
	const bw_rule *r;
	ck_assert_int_eq(bw_db_get(&c, db, "c"), BW_OK);
	ck_assert_str_eq(bw_entity_attr(c, "category"), "medication");
	r = bw_entity_rule(c, 0);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_LOCAL);
	ck_assert_int_eq(bw_rule_evidence(r), BW_EVIDENCE_PRACTICE);
	ck_assert_str_eq(bw_entity_id(bw_rule_site(r)), "abdomen");
	ck_assert_str_eq(bw_rule_match_attr(r, 0, "min-pressure"), "deep");
	ck_assert_str_eq(bw_rule_prefer(r, 0), "side-lying");
	ck_assert_int_eq(bw_fact_evidence(bw_entity_fact(c, BW_FIELD_SUMMARY, 0)),
	                 BW_EVIDENCE_ESTABLISHED);
	ck_assert_int_eq(bw_db_get(&c, db, "abdomen"), BW_OK);
	ck_assert_str_eq(bw_entity_attr(c, "type"), "region");
	bw_db_close(db);
}
END_TEST

START_TEST(test_layers_replace_add_hide)
{
	const char *p[] = { "valid", "layers/clinic" };
	bw_db *db = tu_open(p, 2);
	const bw_entity *e;
	/* replaced by the clinic's entry */
	ck_assert_int_eq(bw_db_get(&e, db, "iliacus"), BW_OK);
	ck_assert_str_eq(bw_entity_name(e), "Iliacus (clinic)");
	ck_assert_ptr_nonnull(strstr(bw_entity_file(e), "10-replace.xml"));
	/* added, and its source comes from the same layer */
	ck_assert_int_eq(bw_db_get(&e, db, "clinic-belly-glide"), BW_OK);
	ck_assert_str_eq(bw_entity_id(bw_fact_source(
		bw_entity_fact(e, BW_FIELD_SUMMARY, 0))), "clinic-notes");
	/* hidden */
	ck_assert_int_eq(bw_db_get(&e, db, "anterior-pelvic-tilt"), BW_ENOTFOUND);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_CONDITION), 3);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_TECHNIQUE), 3);
	/* the base layer's psoas still points at the replacing iliacus */
	ck_assert_int_eq(bw_db_get(&e, db, "psoas-major"), BW_OK);
	ck_assert_str_eq(bw_entity_name(bw_fact_target(
		bw_entity_fact(e, BW_FIELD_RELATED, 0))), "Iliacus (clinic)");
	bw_db_close(db);
}
END_TEST

/* A layer that hides what another layer still references fails whole. */
START_TEST(test_layer_dangling_after_hide)
{
	const char text[] = "<corpus version=\"1\"><hide id=\"iliacus\"/></corpus>";
	const char *paths[2];
	bw_db *db = (bw_db *)1;
	bw_error err;
	char base[4096];
	snprintf(base, sizeof(base), "%s", tu_data("valid"));
	paths[0] = base;
	paths[1] = tu_write_temp("hide.xml", text, sizeof(text) - 1);
	ck_assert_int_eq(bw_db_open(&db, paths, 2, &err), BW_ECORPUS);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err.message, "no muscle with id 'iliacus'"));
	ck_assert_ptr_nonnull(strstr(err.file, "base.xml"));
	unlink(paths[1]);
}
END_TEST

/* The same id in two files of one folder is a duplicate, not a layer. */
START_TEST(test_duplicate_across_files_in_layer)
{
	char dir[] = "/tmp/bw-dup-XXXXXX", a[512], b[512];
	const char text[] = "<corpus version=\"1\"><source id=\"s\" kind=\"book\">"
	                    "<title>T</title></source></corpus>";
	const char *paths[1];
	bw_db *db;
	bw_error err;
	FILE *f;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.xml", dir);
	snprintf(b, sizeof(b), "%s/b.xml", dir);
	f = fopen(a, "w"); fputs(text, f); fclose(f);
	f = fopen(b, "w"); fputs(text, f); fclose(f);
	paths[0] = dir;
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_ECORPUS);
	ck_assert_str_eq(err.file, b);
	ck_assert_ptr_nonnull(strstr(err.message, a));
	unlink(a); unlink(b); rmdir(dir);
}
END_TEST

START_TEST(test_bad_arguments)
{
	const char *paths[] = { NULL };
	bw_db *db = (bw_db *)1;
	bw_error err;
	ck_assert_int_eq(bw_db_open(NULL, paths, 1, &err), BW_EINVAL);
	ck_assert_int_eq(bw_db_open(&db, NULL, 1, &err), BW_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(bw_db_open(&db, paths, 0, &err), BW_EINVAL);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_open_default(NULL, NULL), BW_EINVAL);
	bw_db_close(NULL);
}
END_TEST

START_TEST(test_env_corpus)
{
	char both[8192];
	bw_db *db;
	bw_error err;
	snprintf(both, sizeof(both), "%s:", tu_data("valid"));
	setenv("BODYWORK_CORPUS", both, 1);
	ck_assert_int_eq(bw_db_open_default(&db, &err), BW_OK);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_COUNT), 18);
	bw_db_close(db);
	setenv("BODYWORK_CORPUS", "/no/such/corpus", 1);
	ck_assert_int_eq(bw_db_open_default(&db, &err), BW_EIO);
	ck_assert_str_eq(err.file, "/no/such/corpus");
	setenv("BODYWORK_CORPUS", ":::", 1);
	ck_assert_int_eq(bw_db_open_default(&db, &err), BW_EINVAL);
	unsetenv("BODYWORK_CORPUS");
}
END_TEST

/* Nesting 10,000 deep is refused by the parser's depth limit, quickly. */
START_TEST(test_deep_nesting)
{
	size_t n = 0, depth = 10000;
	char *buf = malloc(depth * 8 + 64);
	const char *paths[1];
	bw_db *db;
	bw_error err;
	n += (size_t)sprintf(buf + n, "<corpus version=\"1\">");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(buf + n, "<a>");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(buf + n, "</a>");
	n += (size_t)sprintf(buf + n, "</corpus>");
	paths[0] = tu_write_temp("deep.xml", buf, n);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "depth"));
	ck_assert_uint_eq(err.line, 1);
	unlink(paths[0]);
	free(buf);
}
END_TEST

/* A 20 MB text node is refused by the 1 MiB limit on one fact's text. */
START_TEST(test_huge_text_node)
{
	size_t big = 20u << 20, n = 0;
	char *buf = malloc(big + 256);
	const char *paths[1];
	bw_db *db;
	bw_error err;
	n += (size_t)sprintf(buf + n, "<corpus version=\"1\"><source id=\"s\" "
	                     "kind=\"book\"><title>");
	memset(buf + n, 'x', big);
	n += big;
	n += (size_t)sprintf(buf + n, "</title></source></corpus>");
	paths[0] = tu_write_temp("huge.xml", buf, n);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_ESCHEMA);
	ck_assert_ptr_nonnull(strstr(err.message, "<title> is 20971520 bytes"));
	ck_assert_uint_eq(err.line, 1);
	ck_assert_uint_eq(err.column, 48);
	unlink(paths[0]);
	free(buf);
}
END_TEST

/* UTF-16 files with either byte-order mark load; positions of later errors
 * fall back to the line (the start-tag scan reads UTF-8 only). */
static size_t to_utf16(char *out, const char *in, int big_endian)
{
	size_t n = 0;
	out[n++] = big_endian ? '\xFE' : '\xFF';
	out[n++] = big_endian ? '\xFF' : '\xFE';
	for (; *in; in++) {
		out[n++] = big_endian ? 0 : *in;
		out[n++] = big_endian ? *in : 0;
	}
	return n;
}

START_TEST(test_utf16_boms)
{
	const char *text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
		"<corpus version=\"1\"><source id=\"s\" kind=\"book\">"
		"<title>Sixteen</title></source></corpus>\n";
	const char *bad = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
		"<corpus version=\"1\">\n<herb/></corpus>\n";
	char buf[1024];
	const char *paths[1];
	bw_db *db;
	bw_error err;
	const bw_entity *e;
	for (int be = 0; be < 2; be++) {
		paths[0] = tu_write_temp("u16.xml", buf, to_utf16(buf, text, be));
		ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_OK);
		ck_assert_int_eq(bw_db_get(&e, db, "s"), BW_OK);
		ck_assert_str_eq(bw_entity_name(e), "Sixteen");
		bw_db_close(db);
		paths[0] = tu_write_temp("u16.xml", buf, to_utf16(buf, bad, be));
		ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_ESCHEMA);
		ck_assert_uint_eq(err.line, 3);
		unlink(paths[0]);
	}
}
END_TEST

/* A layer that fails to load leaves a database already open untouched. */
START_TEST(test_failed_open_leaves_open_db_intact)
{
	const char *good[] = { "valid" };
	const char *bad[] = { "valid", "invalid/dangling-source/input.xml" };
	bw_db *db = tu_open(good, 1), *other = (bw_db *)1;
	const bw_entity *e;
	bw_plan *p;
	bw_error err;
	const char *paths[2];
	char a[4096], b[4096];
	snprintf(a, sizeof(a), "%s", tu_data(bad[0]));
	snprintf(b, sizeof(b), "%s", tu_data(bad[1]));
	paths[0] = a;
	paths[1] = b;
	ck_assert_int_eq(bw_db_open(&other, paths, 2, &err), BW_ECORPUS);
	ck_assert_ptr_null(other);
	ck_assert_int_eq(bw_db_lookup(&e, db, "hip hiker", &err), BW_OK);
	ck_assert_str_eq(bw_entity_id(e), "psoas-major");
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_COUNT), 18);
	ck_assert_int_eq(bw_plan_restrictions(&p, db, "abdominal-release", &err), BW_OK);
	bw_plan_free(p);
	bw_db_close(db);
}
END_TEST

static Suite *load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_valid_corpus_loads);
	tcase_add_test(tc, test_invalid_cases);
	tcase_add_test(tc, test_spaced_vocabulary);
	tcase_add_test(tc, test_missing_path);
	tcase_add_test(tc, test_empty_folder);
	tcase_add_test(tc, test_device_and_loop_refused);
	tcase_add_test(tc, test_late_line_error);
	tcase_add_test(tc, test_bom_accepted);
	tcase_add_test(tc, test_gzip_not_decompressed);
	tcase_add_test(tc, test_layers_replace_add_hide);
	tcase_add_test(tc, test_layer_dangling_after_hide);
	tcase_add_test(tc, test_duplicate_across_files_in_layer);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_env_corpus);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_huge_text_node);
	tcase_add_test(tc, test_utf16_boms);
	tcase_add_test(tc, test_failed_open_leaves_open_db_intact);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(load_suite());
}
