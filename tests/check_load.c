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
	ck_assert_int_eq(bw_db_get(&c, db, "c", NULL), BW_OK);
	ck_assert_str_eq(bw_entity_attr(c, "category"), "medication");
	r = bw_entity_rule(c, 0);
	ck_assert_int_eq(bw_rule_severity(r), BW_SEVERITY_LOCAL);
	ck_assert_int_eq(bw_rule_evidence(r), BW_EVIDENCE_PRACTICE);
	ck_assert_str_eq(bw_entity_id(bw_rule_site(r)), "abdomen");
	ck_assert_str_eq(bw_rule_match_attr(r, 0, "min-pressure"), "deep");
	ck_assert_str_eq(bw_rule_prefer(r, 0), "side-lying");
	ck_assert_int_eq(bw_fact_evidence(bw_entity_fact(c, BW_FIELD_SUMMARY, 0)),
	                 BW_EVIDENCE_ESTABLISHED);
	ck_assert_int_eq(bw_db_get(&c, db, "abdomen", NULL), BW_OK);
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
	ck_assert_int_eq(bw_db_get(&e, db, "iliacus", NULL), BW_OK);
	ck_assert_str_eq(bw_entity_name(e), "Iliacus (clinic)");
	ck_assert_ptr_nonnull(strstr(bw_entity_file(e), "10-replace.xml"));
	/* added, and its source comes from the same layer */
	ck_assert_int_eq(bw_db_get(&e, db, "clinic-belly-glide", NULL), BW_OK);
	ck_assert_str_eq(bw_entity_id(bw_fact_source(
		bw_entity_fact(e, BW_FIELD_SUMMARY, 0))), "clinic-notes");
	/* hidden */
	ck_assert_int_eq(bw_db_get(&e, db, "anterior-pelvic-tilt", NULL), BW_ENOTFOUND);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_CONDITION), 3);
	ck_assert_uint_eq(bw_db_count(db, BW_KIND_TECHNIQUE), 3);
	/* the base layer's psoas still points at the replacing iliacus */
	ck_assert_int_eq(bw_db_get(&e, db, "psoas-major", NULL), BW_OK);
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
		ck_assert_int_eq(bw_db_get(&e, db, "s", NULL), BW_OK);
		ck_assert_str_eq(bw_entity_name(e), "Sixteen");
		bw_db_close(db);
		paths[0] = tu_write_temp("u16.xml", buf, to_utf16(buf, bad, be));
		ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), BW_ESCHEMA);
		ck_assert_uint_eq(err.line, 3);
		unlink(paths[0]);
	}
}
END_TEST

/* Issue 19: open text written to a temporary file; expect code at
 * line:column with msg in the message. */
static void expect_open(const char *text, size_t len, bw_status code,
                        unsigned long line, unsigned long column,
                        const char *msg)
{
	const char *paths[1];
	bw_db *db = (bw_db *)1;
	bw_error err;
	memset(&err, 0, sizeof(err));
	paths[0] = tu_write_temp("hostile.xml", text, len);
	ck_assert_int_eq(bw_db_open(&db, paths, 1, &err), code);
	if (code == BW_OK) {
		bw_db_close(db);
	} else {
		ck_assert_ptr_null(db);
		ck_assert_msg(err.line == line && err.column == column,
		              "expected %lu:%lu, got %lu:%lu (%s)", line, column,
		              err.line, err.column, err.message);
		ck_assert_msg(strstr(err.message, msg) != NULL,
		              "'%s' lacks '%s'", err.message, msg);
	}
	unlink(paths[0]);
}

/* Issue 19.1: 30,000 attributes on one element took libxml2 13.6 s; any
 * start tag over 32 is refused before libxml2 reads it. */
START_TEST(test_attribute_cap)
{
	size_t cap = 400000, n = 0;
	char *buf = malloc(cap);
	n += (size_t)sprintf(buf + n, "<corpus version=\"1\">\n  <source id=\"s\"");
	for (int i = 0; i < 30000; i++)
		n += (size_t)sprintf(buf + n, " a%d=\"\"", i);
	n += (size_t)sprintf(buf + n, " kind=\"book\"><title>T</title></source>"
	                     "</corpus>\n");
	expect_open(buf, n, BW_ESCHEMA, 2, 3,
	            "<source> has 30002 attributes, over the limit of 32");
	/* 32 are within the cap: the schema has the last word */
	n = (size_t)sprintf(buf, "<corpus version=\"1\">\n  <source id=\"s\"");
	for (int i = 0; i < 30; i++)
		n += (size_t)sprintf(buf + n, " a%d='>'", i);
	n += (size_t)sprintf(buf + n, " kind=\"book\"><title>T</title></source>"
	                     "</corpus>\n");
	expect_open(buf, n, BW_ESCHEMA, 2, 3, "does not match the schema");
	free(buf);
}
END_TEST

/* Issue 19.1: RelaxNG validation is quadratic in the siblings of one
 * element; more than 4096 children of an entity are refused while parsing,
 * at the first one over, and 4096 load. */
static size_t aliases(char *buf, int n)
{
	size_t len = (size_t)sprintf(buf, "<corpus version=\"1\">\n<source id=\"s\" "
		"kind=\"book\"><title>T</title></source>\n<site id=\"x\" "
		"type=\"region\"><name>X</name>\n");
	for (int i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "<alias type=\"synonym\" "
		                       "source=\"s\" evidence=\"established\">"
		                       "a%d</alias>\n", i);
	len += (size_t)sprintf(buf + len, "<summary source=\"s\" "
	                       "evidence=\"established\">S</summary>"
	                       "</site></corpus>\n");
	return len;
}

START_TEST(test_children_cap)
{
	char *buf = malloc(90u * 5000u + 512u);
	/* <name>, 4094 aliases and <summary>: 4096 children */
	expect_open(buf, aliases(buf, 4094), BW_OK, 0, 0, NULL);
	/* alias i is child i + 2 on line i + 4: child 4097 is on line 4099 */
	expect_open(buf, aliases(buf, 5000), BW_ESCHEMA, 4099, 1,
	            "<site> has at least 4097 child elements, over the limit "
	            "of 4096");
	free(buf);
}
END_TEST

/* Issue 19.4: a second corpus hidden after a NUL that follows the root was
 * ignored; a NUL anywhere is refused where it is. */
START_TEST(test_nul_after_root)
{
	const char text[] = "<corpus version=\"1\"><source id=\"s\" kind=\"book\">"
		"<title>T</title></source></corpus>\n\0\n<corpus version=\"1\">"
		"<herb/></corpus>\n";
	expect_open(text, sizeof(text) - 1, BW_EPARSE, 2, 1, "NUL byte");
	/* in UTF-16, a NUL character (two zero bytes), counted in units */
	{
		const char u[] = "\xFF\xFE<\0c\0/\0>\0\n\0 \0\0\0";
		expect_open(u, sizeof(u) - 1, BW_EPARSE, 2, 2, "NUL byte");
	}
}
END_TEST

/* Issue 19.5: CR-only line ends put every error on line 1; CR, LF and CRLF
 * each end one line, for schema errors and parse errors alike. */
START_TEST(test_line_endings)
{
	const char *ends[] = { "\r", "\r\n", "\n" };
	char buf[512];
	for (int i = 0; i < 3; i++) {
		const char *e = ends[i];
		int n = snprintf(buf, sizeof(buf), "<?xml version=\"1.0\"?>%s"
		                 "<corpus version=\"1\">%s%s  <herb/>%s</corpus>%s",
		                 e, e, e, e, e);
		expect_open(buf, (size_t)n, BW_ESCHEMA, 4, 3, "<herb>");
		n = snprintf(buf, sizeof(buf), "<corpus version=\"1\">%s%s"
		             "  <source id=\"s\" kind=\"book\"%s  <title>T</title>"
		             "</source></corpus>%s", e, e, e, e);
		expect_open(buf, (size_t)n, BW_EPARSE, 4, 3, "malformed XML");
	}
}
END_TEST

/* Issue 19.2: 100 MB of newlines held 982 MB in an 8-byte-per-line table;
 * there is no per-line table now (check_budget measures the memory), and
 * an error after many lines still has its line. */
START_TEST(test_many_newlines)
{
	size_t lines = 1u << 20;
	char *buf = malloc(lines + 128);
	size_t n = (size_t)sprintf(buf, "<corpus version=\"1\">");
	memset(buf + n, '\r', lines);
	n += lines;
	n += (size_t)sprintf(buf + n, "<herb/></corpus>");
	expect_open(buf, n, BW_ESCHEMA, lines + 1, 1, "<herb>");
	free(buf);
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
	tcase_add_test(tc, test_attribute_cap);
	tcase_add_test(tc, test_children_cap);
	tcase_add_test(tc, test_nul_after_root);
	tcase_add_test(tc, test_line_endings);
	tcase_add_test(tc, test_many_newlines);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(load_suite());
}
