/*
 * check_intake.c: intake cases played against the bundled corpus.
 *
 * tests/data/intake/ *.txt hold clients as a practitioner meets them:
 * their conditions and medications (by any name), and a muscle to work or
 * none (a whole session), with the answers the pathology guidance expects
 * and the guidance each follows.  Blocks are separated by blank lines;
 * lines are "key: value"; '#' starts a comment line.  Keys:
 *
 *   case, guidance       what the case is and which guidance it follows
 *   conditions           names separated by ';'
 *   muscle               plan for this muscle (else only the screen)
 *   excluded / allowed / cautioned
 *                        technique ids: excluded; allowed with no caution;
 *                        allowed with at least one caution
 *   clearance, refer     yes or no: the screen demands clearance / refers
 *   sites-off, sites-limited
 *                        site ids the screen puts off / under a ceiling
 *   positions-avoid, positions-prefer
 *                        positions the screen puts off / prefers
 *
 * Every case must name its guidance, and every technique or site it names
 * must exist, so a case cannot pass by naming nothing.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAXV 2048

typedef struct intake {
	char title[256], guidance[512], conditions[MAXV], muscle[128];
	char excluded[MAXV], allowed[MAXV], cautioned[MAXV];
	char clearance[8], refer[8];
	char sites_off[MAXV], sites_limited[MAXV];
	char positions_avoid[MAXV], positions_prefer[MAXV];
	unsigned long line;
} intake;

static bw_db *db;

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
	             s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Copy a value into the field the key names; 0 for an unknown key. */
static int set_key(intake *c, const char *key, const char *value)
{
	static const struct { const char *key; size_t off, size; } keys[] = {
#define K(k, f) { k, offsetof(intake, f), sizeof(((intake *)0)->f) }
		K("case", title), K("guidance", guidance),
		K("conditions", conditions), K("muscle", muscle),
		K("excluded", excluded), K("allowed", allowed),
		K("cautioned", cautioned), K("clearance", clearance),
		K("refer", refer), K("sites-off", sites_off),
		K("sites-limited", sites_limited),
		K("positions-avoid", positions_avoid),
		K("positions-prefer", positions_prefer),
#undef K
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (strcmp(keys[i].key, key) == 0) {
			char *dst = (char *)c + keys[i].off;
			ck_assert_msg(strlen(value) < keys[i].size,
			              "line %lu: %s too long", c->line, key);
			strcpy(dst, value);
			return 1;
		}
	return 0;
}

/* The plan list and caution count of technique id in p; -1 if absent. */
static int where(const bw_plan *p, const char *id, size_t *cautions)
{
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++)
		for (size_t i = 0; i < bw_plan_count(p, (bw_plan_list)l); i++)
			if (strcmp(bw_entity_id(bw_plan_technique(p, (bw_plan_list)l, i)),
			           id) == 0) {
				*cautions = bw_plan_reason_count(p, (bw_plan_list)l, i);
				return l;
			}
	return -1;
}

static void expect_techniques(const intake *c, const bw_plan *p,
                              const char *list, const char *want)
{
	char buf[MAXV];
	strcpy(buf, list);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		size_t cautions = 0;
		int l = where(p, t, &cautions);
		const bw_entity *e;
		ck_assert_msg(bw_db_get(&e, db, t, NULL) == BW_OK,
		              "%s: no technique '%s'", c->title, t);
		ck_assert_msg(l >= 0, "%s: %s does not target %s", c->title, t,
		              c->muscle);
		if (strcmp(want, "excluded") == 0)
			ck_assert_msg(l == BW_PLAN_EXCLUDED, "%s: %s is allowed (%s)",
			              c->title, t, c->guidance);
		else if (strcmp(want, "allowed") == 0)
			ck_assert_msg(l == BW_PLAN_ALLOWED && cautions == 0,
			              "%s: %s is not allowed without caution",
			              c->title, t);
		else
			ck_assert_msg(l == BW_PLAN_ALLOWED && cautions > 0,
			              "%s: %s is not allowed with a caution",
			              c->title, t);
	}
}

/* Whether the screen has a line of action a about site id / position. */
static int has_line(const bw_screen *s, bw_screen_action a, const char *site,
                    const char *position)
{
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		const bw_entity *st = bw_screen_line_site(s, i);
		const char *pos = bw_screen_line_position(s, i);
		if (bw_screen_line_action(s, i) != a)
			continue;
		if (site && st && strcmp(bw_entity_id(st), site) == 0)
			return 1;
		if (position && pos && strcmp(pos, position) == 0)
			return 1;
	}
	return 0;
}

static void expect_lines(const intake *c, const bw_screen *s, const char *list,
                         bw_screen_action a, int sites)
{
	char buf[MAXV];
	strcpy(buf, list);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		const bw_entity *e;
		if (sites)
			ck_assert_msg(bw_db_get(&e, db, t, NULL) == BW_OK &&
			              bw_entity_kind(e) == BW_KIND_SITE,
			              "%s: no site '%s'", c->title, t);
		ck_assert_msg(has_line(s, a, sites ? t : NULL, sites ? NULL : t),
		              "%s: the screen has no %s line for %s (%s)", c->title,
		              bw_screen_action_name(a), t, c->guidance);
	}
}

static void expect_flag(const intake *c, const char *want, int got,
                        const char *what)
{
	if (!*want)
		return;
	ck_assert_msg(strcmp(want, "yes") == 0 || strcmp(want, "no") == 0,
	              "%s: %s must be yes or no", c->title, what);
	ck_assert_msg(got == (strcmp(want, "yes") == 0), "%s: %s should be %s",
	              c->title, what, want);
}

static void run_case(const intake *c)
{
	const char *names[32];
	char buf[MAXV];
	size_t n = 0;
	bw_screen *s;
	bw_error err;
	ck_assert_msg(*c->title && *c->guidance && *c->conditions,
	              "line %lu: a case needs case, guidance and conditions",
	              c->line);
	strcpy(buf, c->conditions);
	for (char *t = strtok(buf, ";"); t && n < 32; t = strtok(NULL, ";")) {
		trim(t);
		if (*t)
			names[n++] = t;
	}
	ck_assert_msg(bw_screen_new(&s, db, names, n, &err) == BW_OK, "%s: %s",
	              c->title, err.message);
	expect_flag(c, c->clearance, bw_screen_needs_clearance(s), "clearance");
	expect_flag(c, c->refer, bw_screen_refer(s), "refer");
	expect_lines(c, s, c->sites_off, BW_SCREEN_AVOID, 1);
	expect_lines(c, s, c->sites_limited, BW_SCREEN_LIMIT, 1);
	expect_lines(c, s, c->positions_avoid, BW_SCREEN_AVOID, 0);
	expect_lines(c, s, c->positions_prefer, BW_SCREEN_PREFER, 0);
	bw_screen_free(s);
	if (*c->muscle) {
		bw_plan *p;
		ck_assert_msg(bw_plan_new(&p, db, c->muscle, names, n, &err) == BW_OK,
		              "%s: %s", c->title, err.message);
		expect_techniques(c, p, c->excluded, "excluded");
		expect_techniques(c, p, c->allowed, "allowed");
		expect_techniques(c, p, c->cautioned, "cautioned");
		bw_plan_free(p);
	} else {
		ck_assert_msg(!*c->excluded && !*c->allowed && !*c->cautioned,
		              "%s: technique lists need a muscle", c->title);
	}
}

/* Play every case of one file; returns how many. */
static size_t run_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	intake c;
	unsigned long lineno = 0;
	size_t ncases = 0;
	int open = 0;
	ck_assert_msg(f != NULL, "cannot read %s", path);
	memset(&c, 0, sizeof(c));
	for (;;) {
		char *got = fgets(line, sizeof(line), f), *colon;
		lineno++;
		if (got)
			trim(line);
		if (!got || !*line) {
			if (open) {
				run_case(&c);
				ncases++;
			}
			open = 0;
			memset(&c, 0, sizeof(c));
			if (!got)
				break;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (!open)
			c.line = lineno;
		open = 1;
		colon = strchr(line, ':');
		ck_assert_msg(colon != NULL, "%s:%lu: no key", path, lineno);
		*colon = '\0';
		trim(line);
		trim(colon + 1);
		ck_assert_msg(set_key(&c, line, colon + 1), "%s:%lu: unknown key "
		              "'%s'", path, lineno, line);
	}
	fclose(f);
	return ncases;
}

START_TEST(test_intake_cases)
{
	char dir[4096], path[8192];
	DIR *d;
	const struct dirent *de;
	size_t ncases = 0;
	bw_error err;
	snprintf(dir, sizeof(dir), "%s", tu_data("intake"));
	ck_assert_int_eq(bw_db_open_bundled(&db, NULL, 0, &err), BW_OK);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ncases += run_file(path);
	}
	closedir(d);
	bw_db_close(db);
	ck_assert_uint_ge(ncases, 40);
}
END_TEST

static Suite *intake_suite(void)
{
	Suite *s = suite_create("intake");
	TCase *tc = tcase_create("intake");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_intake_cases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(intake_suite());
}
