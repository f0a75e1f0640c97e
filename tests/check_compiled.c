/*
 * check_compiled.c: compiled databases (bw_db_compile, bw_db_open of a
 * compiled file, bw_db_open_cached).
 *
 * Round trip: the bundled corpus read from XML and two test corpora with
 * layers are compiled to a file and opened again, and the two databases
 * must answer alike: a dump of everything the public getters say (every
 * entity, fact, back reference and rule) and the answers of searches,
 * suggestions, questions, plans, screens, maps, look-ups and level lists
 * are compared as text.  The bundled corpus compiled into the library
 * dumps the same as its XML too.
 *
 * Hostile files: a compiled file truncated at many lengths, with header
 * fields changed, with bits flipped all over it (and flipped in the header
 * and table with the header's checksum made right again, so the checks of
 * the sections are what must catch them), zeros or garbage behind a good
 * header: each is refused with BW_ECORPUS and a message saying why, or
 * opens, and then a fixed set of queries must run on it (the sanitizer and
 * valgrind runs make a read outside the file fail).  The open checks only
 * the header, the section table and the image's table of contents; the
 * rest is checked as calls read it, so damage the queries meet must come
 * back as BW_ECORPUS, and bw_validate's whole check must find it too.
 *
 * Layering and the cache: a compiled file cannot be one layer of several;
 * the cache compiles on first use, maps afterwards, follows a change of
 * the XML, replaces a damaged file and never fails an open that the XML
 * would not fail.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "model/model.h"

/* A check for the hot loops: Check records every assertion that passes
 * (a write to its log file each), which made the loops below slow, under
 * valgrind most of all; this records only a failure. */
#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* ===== Text dumps ===== */

typedef struct text {
	char *p;
	size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	int k;
	va_start(ap, fmt);
	k = vsnprintf(t->p ? t->p + t->n : NULL, t->p ? t->cap - t->n : 0, fmt,
	              ap);
	va_end(ap);
	REQUIRE(k >= 0, "vsnprintf failed");
	if (!t->p || t->n + (size_t)k >= t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		while (cap <= t->n + (size_t)k)
			cap *= 2;
		t->p = realloc(t->p, cap);
		REQUIRE(t->p != NULL, "out of memory");
		t->cap = cap;
		va_start(ap, fmt);
		vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
		va_end(ap);
	}
	t->n += (size_t)k;
}

/* NULL printed apart from "", so a getter that loses a value shows. */
static const char *S(const char *s)
{
	return s ? s : "<null>";
}

static const char *ID(const bw_entity *e)
{
	return e ? bw_entity_id(e) : "<none>";
}

/* Fail with the first line where two dumps part. */
static void same(const char *a, const char *b, const char *what)
{
	size_t line = 1;
	const char *la = a, *lb = b;
	if (strcmp(a, b) == 0)
		return;
	for (size_t i = 0; a[i] == b[i]; i++)
		if (a[i] == '\n') {
			line++;
			la = a + i + 1;
			lb = b + i + 1;
		}
	ck_abort_msg("%s: the dumps part at line %zu:\n  first:  %.300s\n"
	             "  second: %.300s", what, line, la, lb);
}

static const char *const entity_attrs[] = {
	"kind", "depth", "modality", "lever", "category", "type", "within"
};
static const char *const match_attrs[] = {
	"modality", "position", "contact", "pressure", "min-pressure", "lever",
	"method", "movement"
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void dump_fact(text *t, const bw_fact *f)
{
	if (!f) {
		put(t, "<no fact>");
		return;
	}
	put(t, "[%s] \"%s\" q=%s src=%s tgt=%s ev=%d corr=%s corrsrc=%s "
	    "levels=%llx line=%lu shared=%d", S(bw_field_name(bw_fact_field(f))),
	    S(bw_fact_text(f)), S(bw_fact_qualifier(f)), ID(bw_fact_source(f)),
	    ID(bw_fact_target(f)), (int)bw_fact_evidence(f),
	    S(bw_fact_correction(f)), ID(bw_fact_correction_source(f)),
	    (unsigned long long)bw_fact_levels(f), bw_fact_line(f),
	    bw_fact_code_shared(f));
}

static void rule_ref(text *t, const bw_rule *r)
{
	if (r)
		put(t, "%s@%lu", ID(bw_rule_condition(r)), bw_rule_line(r));
	else
		put(t, "<no rule>");
}

static void dump_rule(text *t, const bw_db *db, const bw_rule *r)
{
	char buf[512];
	put(t, "  rule ");
	rule_ref(t, r);
	put(t, " sev=%s site=%s src=%s ev=%d\n   reason=%s\n   adjust=%s\n",
	    S(bw_severity_name(bw_rule_severity(r))), ID(bw_rule_site(r)),
	    ID(bw_rule_source(r)), (int)bw_rule_evidence(r),
	    S(bw_rule_reason(r)), S(bw_rule_adjustment(r)));
	for (size_t i = 0; i < bw_rule_instead_count(r); i++)
		put(t, "   instead %s\n", ID(bw_rule_instead(r, i)));
	for (size_t i = 0; i < bw_rule_prefer_count(r); i++)
		put(t, "   prefer %s\n", S(bw_rule_prefer(r, i)));
	for (size_t i = 0; i < bw_rule_match_count(r); i++) {
		size_t n = bw_rule_match_format(buf, sizeof(buf), r, i);
		put(t, "   match %zu tech=%s fmt=%s (%zu)", i,
		    ID(bw_rule_match_technique(r, i)), buf, n);
		for (size_t a = 0; a < NELEM(match_attrs); a++)
			put(t, " %s=%s", match_attrs[a],
			    S(bw_rule_match_attr(r, i, match_attrs[a])));
		put(t, "\n");
	}
	put(t, "   applies:");
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_TECHNIQUE); i++) {
		const bw_entity *tech = bw_db_entity_at(db, BW_KIND_TECHNIQUE, i);
		if (bw_rule_applies(r, tech))
			put(t, " %s", ID(tech));
	}
	put(t, "\n");
}

static void dump_entity(text *t, const bw_db *db, const bw_entity *e)
{
	put(t, "entity %s kind=%s name=%s\n summary=%s\n at %s:%lu\n", ID(e),
	    S(bw_kind_name(bw_entity_kind(e))), S(bw_entity_name(e)),
	    S(bw_entity_summary(e)), S(bw_entity_file(e)), bw_entity_line(e));
	for (size_t a = 0; a < NELEM(entity_attrs); a++)
		if (bw_entity_attr(e, entity_attrs[a]))
			put(t, " attr %s=%s\n", entity_attrs[a],
			    bw_entity_attr(e, entity_attrs[a]));
	for (size_t i = 0; i < bw_entity_region_count(e); i++)
		put(t, " region %s\n", S(bw_entity_region(e, i)));
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		size_t n = bw_entity_fact_count(e, (bw_field)f);
		for (size_t i = 0; i < n; i++) {
			put(t, " fact %zu ", i);
			dump_fact(t, bw_entity_fact(e, (bw_field)f, i));
			put(t, "\n");
		}
		n = bw_entity_backref_count(e, (bw_field)f);
		for (size_t i = 0; i < n; i++) {
			const bw_entity *from = NULL;
			const bw_fact *bf = bw_entity_backref(e, (bw_field)f, i, &from);
			put(t, " backref %s %zu from %s ", S(bw_field_name((bw_field)f)),
			    i, ID(from));
			dump_fact(t, bf);
			put(t, "\n");
		}
	}
	if (bw_entity_kind(e) == BW_KIND_SITE)
		put(t, " within %s\n", ID(bw_site_within(e)));
	for (size_t i = 0; i < bw_entity_rule_count(e); i++)
		dump_rule(t, db, bw_entity_rule(e, i));
}

/* Everything the getters say about every entity, in iteration order.
 * strict: the iterator, bw_db_entity_at and bw_db_get must agree (a
 * damaged file that opened need not, but must not crash). */
static char *dump_db_as(const bw_db *db, int strict)
{
	text t = { NULL, 0, 0 };
	bw_iter *it = NULL;
	const bw_entity *e;
	size_t i = 0;
	bw_status st;
	put(&t, "digest %s\n", S(bw_db_digest(db)));
	for (int k = 0; k <= BW_KIND_COUNT; k++)
		put(&t, "count %d %zu\n", k, bw_db_count(db, (bw_kind)k));
	ck_assert_int_eq(bw_iter_new(&it, db, BW_KIND_COUNT, NULL), BW_OK);
	while ((st = bw_iter_next(&e, it, NULL)) == BW_OK) {
		const bw_entity *got = NULL;
		/* the random-access and by-id paths reach the same entity */
		const bw_entity *at = bw_db_entity_at(db, BW_KIND_COUNT, i++);
		bw_status gst = bw_db_get(&got, db, bw_entity_id(e), NULL);
		REQUIRE(!strict || (at == e && gst == BW_OK && got == e),
		        "entity %zu (%s): at %p, get %d %p", i - 1, ID(e),
		        (const void *)at, (int)gst, (const void *)got);
		dump_entity(&t, db, e);
	}
	bw_iter_free(it);
	if (strict) {
		ck_assert_int_eq(st, BW_ITEROVER);
		ck_assert_uint_eq(i, bw_db_count(db, BW_KIND_COUNT));
	}
	return t.p;
}

static char *dump_db(const bw_db *db)
{
	return dump_db_as(db, 1);
}

/* ===== Query dumps ===== */

static void dump_err(text *t, bw_status st, const bw_error *err)
{
	put(t, " status %d", (int)st);
	if (st != BW_OK)
		put(t, " err %d %lu:%lu %s", (int)err->code, err->line, err->column,
		    err->message);
	put(t, "\n");
}

static void dump_results(text *t, const bw_results *r)
{
	char snip[1024];
	if (!r)
		return;
	put(t, " hits %zu of %zu corr=%s\n", bw_results_count(r),
	    bw_results_total(r), S(bw_results_correction(r)));
	for (size_t i = 0; i < bw_results_count(r); i++) {
		put(t, "  %s %.17g m=%d label=%s dropped=%s\n   fact ",
		    ID(bw_results_entity(r, i)), bw_results_score(r, i),
		    (int)bw_results_match(r, i), S(bw_results_label(r, i)),
		    S(bw_results_dropped(r, i)));
		dump_fact(t, bw_results_fact(r, i));
		put(t, "\n");
		/* fields and snippet are worked out per hit from the text, slowly
		 * (under valgrind most of all): the first hit's show whether the
		 * two databases analyse text alike */
		if (i == 0) {
			size_t n = bw_results_snippet(snip, sizeof(snip), r, i);
			put(t, "   f=%llx snippet (%zu) %s\n",
			    (unsigned long long)bw_results_fields(r, i), n, snip);
		}
	}
}

static void dump_plan(text *t, const bw_plan *p)
{
	if (!p)
		return;
	put(t, " plan muscle=%s\n", ID(bw_plan_muscle(p)));
	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		put(t, "  condition %s\n", ID(bw_plan_condition(p, i)));
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		bw_plan_list list = (bw_plan_list)l;
		for (size_t i = 0; i < bw_plan_count(p, list); i++) {
			put(t, "  list %d %s\n", l, ID(bw_plan_technique(p, list, i)));
			for (size_t k = 0; k < bw_plan_reason_count(p, list, i); k++) {
				const bw_entity *c = NULL;
				int m = -2;
				const bw_rule *r = bw_plan_reason(p, list, i, k, &c, &m);
				put(t, "   reason ");
				rule_ref(t, r);
				put(t, " cond=%s match=%d\n", ID(c), m);
			}
			for (size_t k = 0; k < bw_plan_instead_count(p, list, i); k++)
				put(t, "   instead %s\n", ID(bw_plan_instead(p, list, i, k)));
		}
	}
}

static void dump_screen(text *t, const bw_screen *s)
{
	if (!s)
		return;
	put(t, " screen clearance=%d refer=%d\n", bw_screen_needs_clearance(s),
	    bw_screen_refer(s));
	for (size_t i = 0; i < bw_screen_condition_count(s); i++)
		put(t, "  condition %s\n", ID(bw_screen_condition(s, i)));
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		int m = -2;
		const bw_rule *r = bw_screen_line_rule(s, i, &m);
		put(t, "  line %s cond=%s site=%s pos=%s pressure=%s rule=",
		    S(bw_screen_action_name(bw_screen_line_action(s, i))),
		    ID(bw_screen_line_condition(s, i)),
		    ID(bw_screen_line_site(s, i)),
		    S(bw_screen_line_position(s, i)),
		    S(bw_screen_line_pressure(s, i)));
		rule_ref(t, r);
		put(t, " match=%d fact=", m);
		dump_fact(t, bw_screen_line_fact(s, i));
		put(t, "\n");
	}
}

static void do_search(text *t, const bw_db *db, const char *q,
                      const bw_search_options *o)
{
	bw_results *r = NULL;
	bw_error err;
	bw_status st = bw_search(&r, db, q, o, &err);
	put(t, "search '%s' limit=%zu kinds=%x flags=%x", q, o ? o->limit : 0,
	    o ? o->kinds : 0, o ? o->flags : 0);
	dump_err(t, st, &err);
	dump_results(t, r);
	bw_results_free(r);
}

static void do_suggest(text *t, const bw_db *db, const char *q)
{
	bw_results *r = NULL;
	bw_error err;
	bw_status st = bw_suggest(&r, db, q, NULL, &err);
	put(t, "suggest '%s'", q);
	dump_err(t, st, &err);
	dump_results(t, r);
	bw_results_free(r);
}

static void do_ask(text *t, const bw_db *db, const char *q)
{
	bw_answer *a = NULL;
	bw_error err;
	bw_status st = bw_ask(&a, db, q, NULL, &err);
	put(t, "ask '%s'", q);
	dump_err(t, st, &err);
	if (a) {
		put(t, " kind=%s reading=%s\n",
		    S(bw_ask_kind_name(bw_answer_kind(a))),
		    S(bw_answer_reading(a)));
		for (size_t i = 0; i < bw_answer_entity_count(a); i++)
			put(t, "  names %s by '%s' m=%d\n", ID(bw_answer_entity(a, i)),
			    S(bw_answer_entity_words(a, i)),
			    (int)bw_answer_entity_match(a, i));
		dump_results(t, bw_answer_results(a));
		dump_plan(t, bw_answer_plan(a));
		dump_screen(t, bw_answer_screen(a));
	}
	bw_answer_free(a);
}

static void do_plan(text *t, const bw_db *db, const char *muscle,
                    const char *const *conds, size_t n)
{
	bw_plan *p = NULL;
	bw_error err;
	bw_status st = bw_plan_new(&p, db, muscle, conds, n, &err);
	put(t, "plan %s with %zu:", muscle, n);
	for (size_t i = 0; i < n; i++)
		put(t, " %s", conds[i]);
	dump_err(t, st, &err);
	dump_plan(t, p);
	bw_plan_free(p);
}

static void do_screen(text *t, const bw_db *db, const char *const *conds,
                      size_t n)
{
	bw_screen *s = NULL;
	bw_error err;
	bw_status st = bw_screen_new(&s, db, conds, n, &err);
	put(t, "screen %zu:", n);
	for (size_t i = 0; i < n; i++)
		put(t, " %s", conds[i]);
	dump_err(t, st, &err);
	dump_screen(t, s);
	bw_screen_free(s);
}

static void do_restrictions(text *t, const bw_db *db, const char *tech)
{
	bw_plan *p = NULL;
	bw_error err;
	bw_status st = bw_plan_restrictions(&p, db, tech, &err);
	put(t, "restrictions %s", tech);
	dump_err(t, st, &err);
	dump_plan(t, p);
	bw_plan_free(p);
}

static void do_map(text *t, const bw_db *db, int symptom, const char *name)
{
	char *svg = NULL;
	size_t len = 0;
	bw_error err;
	bw_status st = symptom ? bw_map_symptom(&svg, &len, db, name, &err) :
	               bw_map_muscle(&svg, &len, db, name, &err);
	put(t, "map %s %s", symptom ? "symptom" : "muscle", name);
	dump_err(t, st, &err);
	if (svg)
		put(t, " svg %zu\n%s\n", len, svg);
	bw_map_free(svg);
}

static void do_lookup(text *t, const bw_db *db, const char *name)
{
	const bw_entity *e = NULL;
	const bw_fact *code = NULL;
	bw_error err;
	bw_status st = bw_db_lookup(&e, db, name, &err);
	put(t, "lookup '%s' -> %s", name, ID(e));
	dump_err(t, st, &err);
	e = NULL;
	st = bw_db_lookup_code(&e, &code, db, name, &err);
	put(t, "code '%s' -> %s %s", name, ID(e), S(bw_fact_text(code)));
	dump_err(t, st, &err);
}

static int level_cb(const bw_entity *e, void *data)
{
	put(data, " %s", ID(e));
	return 0;
}

static const char *const more_queries[] = {
	/* prefixes, typos, phrases, exclusions and filters */
	"psoa", "glut", "hip flex", "hip flexor ", "trapezuis", "piriformus",
	"psaos major", "sternocleidomastiod", "lower bak pain", "\"low back\"",
	"psoas -stretch", "kind:technique hip", "kind:muscle region:hip",
	"region:lumbar", "depth:deep", "modality:swedish", "lever:long",
	"evidence:disputed", "target:psoas-major", "target:iliacus",
	"causes:low-back-pain", "contact:abdomen", "pressure:light",
	"method:gliding", "position:supine", "-kind:muscle psoas",
	"kind:condition blood", "source-kind:book", "belly", "tummy massage",
	"blood thinners", "the of and", "",
	/* malformed: the errors must agree too */
	"kind:herb", "\"unclosed", "target:nothing-like-it", "bad \xc3 utf8",
	"depth:", "regoin:hip",
};

static const char *const questions[] = {
	"which muscles cause groin pain", "QL stretch",
	"is deep tissue safe on warfarin", "psoas major contraindications",
	"rotator cuff", "muscles supplied by the femoral nerve",
	"which muscles attach at L3", "muscles at T12-L2",
	"it hurts across my low back when I get up from a chair",
	"techniques for piriformis", "hamstrings with pregnancy",
	"pregnancy", "what restricts deep tissue massage", "psoas",
	"low back pain", "iliacus stretch with blood clot",
	"is the zz iliacus hook safe with anticoagulants", "hip flexors",
	"blood thinners", "endometriosis",
};

static const char *const symptom_texts[] = {
	"it hurts across my low back when I get up from a chair",
	"pain in the front of my thigh", "headache behind the eye",
	"my jaw clicks", "",
};

/* Every query above, and the look-ups, plans, screens, maps and level
 * lists of every entity that has them, as text.  light keeps a fixed
 * share of it, for a second comparison of a database already compared
 * in full (the suite runs under valgrind too). */
static char *dump_queries(const bw_db *db, int light)
{
	text t = { NULL, 0, 0 };
	bw_search_options o;
	size_t nm = bw_db_count(db, BW_KIND_MUSCLE);
	size_t nc = bw_db_count(db, BW_KIND_CONDITION);
	size_t nt = bw_db_count(db, BW_KIND_TECHNIQUE);
	size_t step = light ? 8 : 1;
	const char **conds = calloc(nc + 1, sizeof(*conds));
	const char **targeted = calloc(nm + 1, sizeof(*targeted));
	size_t ntargeted = 0;
	ck_assert_ptr_nonnull(conds);
	ck_assert_ptr_nonnull(targeted);
	for (size_t i = 0; i < nc; i++)
		conds[i] = bw_entity_id(bw_db_entity_at(db, BW_KIND_CONDITION, i));
	for (size_t i = 0; i < nm; i++) {
		const bw_entity *m = bw_db_entity_at(db, BW_KIND_MUSCLE, i);
		if (bw_entity_backref_count(m, BW_FIELD_TARGET))
			targeted[ntargeted++] = bw_entity_id(m);
	}
	if (!ntargeted && nm)
		targeted[ntargeted++] = bw_entity_id(bw_db_entity_at(db, BW_KIND_MUSCLE, 0));

	/* searches: the judged queries, then the others, with some options */
	if (!light) {
		FILE *f = fopen(tu_data("relevance/queries.txt"), "r");
		char line[2048];
		size_t nq = 0;
		ck_assert_ptr_nonnull(f);
		while (fgets(line, sizeof(line), f)) {
			char *a = strchr(line, '|'), *b = a ? strchr(a + 1, '|') : NULL;
			if (line[0] == '#' || !b)
				continue;
			*b = '\0';
			while (*++a == ' ')
				;
			for (char *e = b - 1; e > a && *e == ' '; e--)
				*e = '\0';
			do_search(&t, db, a, NULL);
			nq++;
		}
		fclose(f);
		ck_assert_uint_gt(nq, 200);
	}
	for (size_t i = 0; i < NELEM(more_queries); i += light ? 4 : 1) {
		do_search(&t, db, more_queries[i], NULL);
		if (light)
			continue;
		/* and with one of the options, in turn */
		bw_search_options_init(&o);
		switch (i % 4) {
		case 0:
			o.limit = 60;
			o.offset = 2;
			break;
		case 1:
			o.kinds = 1u << BW_KIND_TECHNIQUE | 1u << BW_KIND_CONDITION;
			break;
		case 2:
			o.flags = BW_SEARCH_NO_PREFIX | BW_SEARCH_NO_SYNONYMS;
			break;
		default:
			o.flags = BW_SEARCH_NO_TYPOS;
			break;
		}
		do_search(&t, db, more_queries[i], &o);
	}

	/* every entity: its name searched and suggested, its names and codes
	 * looked up */
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT); i += step) {
		const bw_entity *e = bw_db_entity_at(db, BW_KIND_COUNT, i);
		char prefix[8];
		if (i % 10 == 0 && bw_entity_name(e)) {
			do_search(&t, db, bw_entity_name(e), NULL);
			snprintf(prefix, sizeof(prefix), "%.*s", 2 + (int)(i % 3),
			         bw_entity_name(e));
			do_suggest(&t, db, prefix);
		}
		do_lookup(&t, db, bw_entity_id(e));
		if (bw_entity_name(e))
			do_lookup(&t, db, bw_entity_name(e));
		for (size_t k = 0; k < bw_entity_fact_count(e, BW_FIELD_ALIAS); k++)
			do_lookup(&t, db, bw_fact_text(bw_entity_fact(e, BW_FIELD_ALIAS, k)));
		for (size_t k = 0; k < bw_entity_fact_count(e, BW_FIELD_CODE); k++) {
			const bw_fact *c = bw_entity_fact(e, BW_FIELD_CODE, k);
			char both[256];
			do_lookup(&t, db, bw_fact_text(c));
			snprintf(both, sizeof(both), "%s:%s", S(bw_fact_qualifier(c)),
			         S(bw_fact_text(c)));
			do_lookup(&t, db, both);
		}
	}
	do_lookup(&t, db, "anterior-pelvic-tilt"); /* hidden in a test layer */
	do_lookup(&t, db, "nothing-like-it");
	do_lookup(&t, db, "I80.29");
	do_lookup(&t, db, "B01AA03");
	do_lookup(&t, db, "Z79.01");
	do_lookup(&t, db, "D62");
	do_suggest(&t, db, "ps");
	do_suggest(&t, db, "hip");
	do_suggest(&t, db, "blood th");
	do_suggest(&t, db, "piriformus");

	for (size_t i = 0; i < NELEM(questions); i += light ? 5 : 1)
		do_ask(&t, db, questions[i]);
	for (size_t i = 0; i < NELEM(symptom_texts); i += step) {
		bw_results *r = NULL;
		bw_error err;
		bw_status st = bw_muscles_for_symptom_text(&r, db, symptom_texts[i],
		                                           NULL, &err);
		put(&t, "symptom text '%s'", symptom_texts[i]);
		dump_err(&t, st, &err);
		dump_results(&t, r);
		bw_results_free(r);
	}
	for (int k = BW_KIND_MUSCLE; k <= BW_KIND_GROUP; k += BW_KIND_GROUP - 1)
		for (size_t i = 0; i < bw_db_count(db, (bw_kind)k); i += step) {
			const bw_entity *m = bw_db_entity_at(db, (bw_kind)k, i);
			bw_results *r = NULL;
			bw_error err;
			bw_status st = bw_techniques_for_muscle(&r, db, m, NULL, &err);
			put(&t, "techniques for %s", ID(m));
			dump_err(&t, st, &err);
			dump_results(&t, r);
			bw_results_free(r);
		}

	/* plans: every condition with a targeted muscle, round robin; every
	 * targeted muscle with no condition; conditions seven at a time;
	 * every group; a screen for every condition and for all at once */
	for (size_t i = 0; i < nc && ntargeted; i += light ? 3 : 1) {
		do_plan(&t, db, targeted[i % ntargeted], &conds[i], 1);
		do_screen(&t, db, &conds[i], 1);
	}
	for (size_t i = 0; i < ntargeted; i += step)
		do_plan(&t, db, targeted[i], NULL, 0);
	for (size_t i = 0; i < nc && ntargeted; i += 7)
		do_plan(&t, db, targeted[(i * 3) % ntargeted], &conds[i],
		        nc - i < 7 ? nc - i : 7);
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_GROUP); i += step)
		do_plan(&t, db, bw_entity_id(bw_db_entity_at(db, BW_KIND_GROUP, i)),
		        conds, nc < 3 ? nc : 3);
	do_screen(&t, db, conds, nc);
	do_screen(&t, db, NULL, 0);
	do_plan(&t, db, "nothing-like-it", NULL, 0);
	for (size_t i = 0; i < nt; i += light ? 2 : 1)
		do_restrictions(&t, db, bw_entity_id(bw_db_entity_at(db, BW_KIND_TECHNIQUE, i)));

	/* maps: the first muscles and symptoms with zones, and a screen */
	for (int k = BW_KIND_MUSCLE, want = 0; k <= BW_KIND_SYMPTOM;
	     k += BW_KIND_SYMPTOM - BW_KIND_MUSCLE, want = 0)
		for (size_t i = 0; i < bw_db_count(db, (bw_kind)k) &&
		     want < (light ? 1 : 3); i++) {
			const bw_entity *e = bw_db_entity_at(db, (bw_kind)k, i);
			if (!bw_entity_fact_count(e, BW_FIELD_ZONE) && i > 0)
				continue;
			do_map(&t, db, k == BW_KIND_SYMPTOM, bw_entity_id(e));
			want++;
		}
	{
		char *svg = NULL;
		size_t len = 0;
		bw_error err;
		bw_status st = bw_map_screen(&svg, &len, db, conds,
		                             nc < 4 ? nc : 4, &err);
		put(&t, "map screen");
		dump_err(&t, st, &err);
		if (svg)
			put(&t, " svg %zu\n%s\n", len, svg);
		bw_map_free(svg);
	}

	/* muscles at each level, by each field, and at all levels at once */
	for (int f = 0; f < 4; f++) {
		static const bw_field fields[] = { BW_FIELD_ORIGIN,
			BW_FIELD_INSERTION, BW_FIELD_INNERVATION, BW_FIELD_COUNT };
		for (int l = 0; l <= 34; l += light ? 5 : 1) {
			uint64_t set = l < 34 ? (uint64_t)1 << l :
			               ((uint64_t)1 << 34) - 1;
			bw_error err;
			bw_status st;
			put(&t, "levels %d field %d:", l, (int)fields[f]);
			st = bw_db_muscles_at_levels(db, set, fields[f], level_cb, &t,
			                             &err);
			dump_err(&t, st, &err);
		}
	}
	free(conds);
	free(targeted);
	return t.p;
}

/* ===== Opening and compiling ===== */

static char tmpdir[256];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/bw-compiled-XXXXXX",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		char sub[1024];
		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
				rm_tree(sub);
			}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* A checked fixture, so a test that fails leaves no folder behind. */
static void tmpdir_clear(void)
{
	tmpdir[0] = '\0';
}

static void tmpdir_remove(void)
{
	if (tmpdir[0])
		rm_tree(tmpdir);
	tmpdir[0] = '\0';
}

/* tmpdir "/" name, in one of a few static buffers. */
static const char *tmp_path(const char *name)
{
	static char buf[4][1024];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

static bw_db *open_paths(const char *const *paths, size_t n)
{
	bw_db *db = NULL;
	bw_error err;
	bw_status st = bw_db_open(&db, paths, n, &err);
	ck_assert_msg(st == BW_OK, "open %s failed: %s:%lu: %s", paths[0],
	              err.file, err.line, err.message);
	return db;
}

static bw_db *open_file(const char *path)
{
	return open_paths(&path, 1);
}

static void compile_to(const bw_db *db, const char *path)
{
	bw_error err;
	bw_status st = bw_db_compile(db, path, &err);
	ck_assert_msg(st == BW_OK, "compile to %s failed: %s", path, err.message);
}


static int is_hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* The environment variable, set or unset, for one call's sake. */
static char *env_save(const char *name)
{
	const char *v = getenv(name);
	return v ? strdup(v) : NULL;
}

static void env_restore(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

/* ===== Round trip: the bundled corpus ===== */

static bw_db *bundled_xml, *bundled_file, *bundled_image;

/* The bundled corpus three ways: read from its XML (as
 * BODYWORK_BUNDLED_XML asks), compiled from that to a file and mapped, and
 * the image compiled into the library (the variable unset). */
static void bundled_setup(void)
{
	bw_error err;
	char *saved;
	bw_status st;
	make_tmpdir();
	saved = env_save("BODYWORK_BUNDLED_XML");
	setenv("BODYWORK_BUNDLED_XML", "1", 1);
	st = bw_db_open_bundled(&bundled_xml, NULL, 0, &err);
	unsetenv("BODYWORK_BUNDLED_XML");
	ck_assert_msg(st == BW_OK, "bundled XML: %s", err.message);
	st = bw_db_open_bundled(&bundled_image, NULL, 0, &err);
	env_restore("BODYWORK_BUNDLED_XML", saved);
	ck_assert_msg(st == BW_OK, "bundled image: %s", err.message);
	compile_to(bundled_xml, tmp_path("bundled.bwdb"));
	bundled_file = open_file(tmp_path("bundled.bwdb"));
}

static void bundled_teardown(void)
{
	bw_db_close(bundled_xml);
	bw_db_close(bundled_file);
	bw_db_close(bundled_image);
	bundled_xml = bundled_file = bundled_image = NULL;
	rm_tree(tmpdir);
}

START_TEST(test_bundled_flags_and_digest)
{
	bw_db *db = NULL;
	bw_error err;
	char *saved;
	ck_assert_int_eq(bw_db_is_compiled(bundled_xml), 0);
	ck_assert_int_eq(bw_db_is_compiled(bundled_file), 1);
	ck_assert_int_eq(bw_db_is_compiled(bundled_image), 1);
	ck_assert_int_eq(bw_db_is_compiled(NULL), 0);
	ck_assert_ptr_null(bw_db_digest(NULL));
	ck_assert(is_hex64(bw_db_digest(bundled_xml)));
	ck_assert_str_eq(bw_db_digest(bundled_file), bw_db_digest(bundled_xml));
	ck_assert_str_eq(bw_db_digest(bundled_image), bw_db_digest(bundled_xml));
	/* (bundled_xml was opened with the variable set: it was read from
	 * the XML, as is_compiled says above.)  An empty value does not count
	 * as set */
	saved = env_save("BODYWORK_BUNDLED_XML");
	setenv("BODYWORK_BUNDLED_XML", "", 1);
	ck_assert_int_eq(bw_db_open_bundled(&db, NULL, 0, &err), BW_OK);
	env_restore("BODYWORK_BUNDLED_XML", saved);
	ck_assert_int_eq(bw_db_is_compiled(db), 1);
	bw_db_close(db);
}
END_TEST

START_TEST(test_bundled_dump_same)
{
	char *a = dump_db(bundled_xml), *b = dump_db(bundled_file),
	     *c = dump_db(bundled_image);
	/* the dump holds what it should, so an empty one cannot pass */
	ck_assert_uint_gt(strlen(a), 1000000);
	ck_assert_ptr_nonnull(strstr(a, "entity psoas-major kind=muscle"));
	ck_assert_ptr_nonnull(strstr(a, "backref causes"));
	ck_assert_ptr_nonnull(strstr(a, "   match 0 tech="));
	ck_assert_ptr_nonnull(strstr(a, "bundled:"));
	same(a, b, "bundled XML and its compiled file");
	same(a, c, "bundled XML and the compiled-in image");
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_bundled_queries_same)
{
	char *a = dump_queries(bundled_xml, 0), *b = dump_queries(bundled_file, 0);
	ck_assert_ptr_nonnull(strstr(a, "search 'psoas major' limit=0 kinds=0 "
	                                "flags=0 status 0\n hits "));
	ck_assert_ptr_nonnull(strstr(a, "kind=causes"));
	ck_assert_ptr_nonnull(strstr(a, "list 1 "));  /* something excluded */
	ck_assert_ptr_nonnull(strstr(a, "<svg"));
	same(a, b, "bundled XML and its compiled file, queries");
	free(a);
	free(b);
}
END_TEST

START_TEST(test_bundled_image_queries_same)
{
	char *a = dump_queries(bundled_xml, 1), *b = dump_queries(bundled_image, 1);
	same(a, b, "bundled XML and the compiled-in image, queries");
	free(a);
	free(b);
}
END_TEST

/* ===== Round trip: test corpora with layers ===== */

static const char *const layered[] = {
	"valid", "layers/clinic", "layers/plan/more.xml", "map/layer.xml",
	"compiled/extra.xml"
};
static const char *const baseline[] = { "valid", "layers/baseline" };

static const char **data_paths(const char *const *rels, size_t n)
{
	static char buf[8][1024];
	static const char *p[8];
	ck_assert_uint_le(n, 8);
	for (size_t i = 0; i < n; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%s", tu_data(rels[i]));
		p[i] = buf[i];
	}
	return p;
}

static void round_trip(const char *const *rels, size_t n)
{
	const char **paths = data_paths(rels, n);
	bw_db *x = open_paths(paths, n), *c;
	char *a, *b;
	make_tmpdir();
	compile_to(x, tmp_path("t.bwdb"));
	c = open_file(tmp_path("t.bwdb"));
	ck_assert_int_eq(bw_db_is_compiled(x), 0);
	ck_assert_int_eq(bw_db_is_compiled(c), 1);
	ck_assert(is_hex64(bw_db_digest(x)));
	ck_assert_str_eq(bw_db_digest(c), bw_db_digest(x));
	a = dump_db(x);
	b = dump_db(c);
	ck_assert_ptr_nonnull(strstr(a, "entity psoas-major kind=muscle"));
	same(a, b, rels[n - 1]);
	free(a);
	free(b);
	a = dump_queries(x, 0);
	b = dump_queries(c, 0);
	same(a, b, rels[n - 1]);
	free(a);
	free(b);
	/* compiling the compiled database gives the same bytes */
	compile_to(c, tmp_path("again.bwdb"));
	{
		size_t l1, l2;
		unsigned char *f1 = tu_slurp(tmp_path("t.bwdb"), &l1);
		unsigned char *f2 = tu_slurp(tmp_path("again.bwdb"), &l2);
		ck_assert_uint_eq(l1, l2);
		ck_assert(memcmp(f1, f2, l1) == 0);
		free(f1);
		free(f2);
	}
	bw_db_close(x);
	bw_db_close(c);
	rm_tree(tmpdir);
}

START_TEST(test_layered_round_trip)
{
	round_trip(layered, NELEM(layered));
}
END_TEST

START_TEST(test_baseline_round_trip)
{
	round_trip(baseline, NELEM(baseline));
}
END_TEST

/* The dumps see a difference between two corpora, so an equality above
 * means something. */
START_TEST(test_dumps_tell_corpora_apart)
{
	const char **p = data_paths(layered, 2);
	bw_db *one = open_paths(p, 1), *two = open_paths(p, 2);
	char *a = dump_db(one), *b = dump_db(two), *qa, *qb;
	ck_assert_str_ne(a, b);
	ck_assert_str_ne(bw_db_digest(one), bw_db_digest(two));
	qa = dump_queries(one, 1);
	qb = dump_queries(two, 1);
	ck_assert_str_ne(qa, qb);
	free(a);
	free(b);
	free(qa);
	free(qb);
	bw_db_close(one);
	bw_db_close(two);
}
END_TEST

/* ===== Hostile files ===== */

/* The header of a compiled file, as lib/api/compiled.c lays it out. */
enum {
	H_MAGIC = 0, H_FORMAT = 8, H_ORDER = 12, H_WORD = 16, H_NSECT = 20,
	H_SIZE = 24, H_LIBRARY = 32, H_DIGEST = 56, H_CHECK = 88,
	H_RESERVED = 96, H_END = 112,
	T_ID = 0, T_ELEM = 4, T_OFFSET = 8, T_COUNT = 16, T_END = 24
};

static unsigned char *good;    /* the layered corpus compiled */
static size_t good_len;
static const char *hostile;    /* where each variant is written */
static int hostile_fd = -1;
/* Files opened; refused, by the open or by bw_validate's whole check; of
 * those opened, the ones whose damage the queries met. */
static size_t accepted, refused, caught;

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static void wr32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void wr64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* Make the checksum of header and table right again, when the table the
 * header claims fits in buf. */
static void fix_check(unsigned char *buf, size_t len)
{
	uint64_t n = rd32(buf + H_NSECT), h;
	if (len < H_END || n > (len - H_END) / T_END)
		return;
	h = fnv(0xcbf29ce484222325ull, buf, H_CHECK);
	h = fnv(h, buf + H_END, (size_t)n * T_END);
	wr64(buf + H_CHECK, h);
}

/* The fixed queries a file that opens must survive: every getter over
 * every entity, and some of each kind of query. */
static void exercise(const bw_db *db)
{
	static const char *const searches[] = {
		"psoas", "iliacsu stretch", "pressure:light target:psoas-major"
	};
	text t = { NULL, 0, 0 };
	size_t nc = bw_db_count(db, BW_KIND_CONDITION);
	const char **conds = calloc(nc + 1, sizeof(*conds));
	const bw_entity *m = NULL, *zm = NULL;
	REQUIRE(conds != NULL, "out of memory");
	free(dump_db_as(db, 0));
	for (size_t i = 0; i < NELEM(searches); i++)
		do_search(&t, db, searches[i], NULL);
	do_suggest(&t, db, "ps");
	do_ask(&t, db, "which muscles cause low back pain");
	for (size_t i = 0; i < nc; i++)
		conds[i] = bw_entity_id(bw_db_entity_at(db, BW_KIND_CONDITION, i));
	for (size_t i = 0; i < bw_db_count(db, BW_KIND_COUNT); i++) {
		const bw_entity *e = bw_db_entity_at(db, BW_KIND_COUNT, i);
		bw_kind k = bw_entity_kind(e);
		if (k == BW_KIND_MUSCLE && !m)
			m = e;
		if (k == BW_KIND_MUSCLE && !zm && bw_entity_fact_count(e, BW_FIELD_ZONE))
			zm = e;
		if (k == BW_KIND_TECHNIQUE)
			do_restrictions(&t, db, bw_entity_id(e));
		if (bw_entity_id(e))
			do_lookup(&t, db, bw_entity_id(e));
		if (i % 3 == 0 && bw_entity_name(e))
			do_lookup(&t, db, bw_entity_name(e));
	}
	if (m)
		do_plan(&t, db, bw_entity_id(m), conds, nc);
	do_screen(&t, db, conds, nc);
	if (zm)
		do_map(&t, db, 0, bw_entity_id(zm));
	put(&t, "levels:");
	bw_db_muscles_at_levels(db, ((uint64_t)1 << 34) - 1, BW_FIELD_COUNT,
	                        level_cb, &t, NULL);
	free(conds);
	free(t.p);
}

/* Open path: it is refused with a message that holds want (when not
 * NULL), or it opens and survives the queries.  Then the whole check of
 * bw_validate must refuse it if the queries met damage, and must refuse
 * it with a message when the open did.  Returns 1 when it opened. */
static int try_open(const char *path, const char *want, const char *what)
{
	bw_db *db = (bw_db *)1;
	bw_error err, verr;
	bw_status st, whole;
	size_t nproblems = 0;
	int damaged;
	unsigned char head[8] = { 0 };
	int fd = open(path, O_RDONLY), recognised;
	ssize_t got = fd >= 0 ? read(fd, head, 8) : -1;
	if (fd >= 0)
		close(fd);
	recognised = got == 8 && memcmp(head, "BWDB\r\n\032\n", 8) == 0;
	memset(&err, 0, sizeof(err));
	st = bw_db_open(&db, &path, 1, &err);
	whole = bw_validate(&nproblems, &path, 1, 0, 0, NULL, NULL, &verr);
	if (st == BW_OK) {
		REQUIRE(want == NULL, "%s: opened, but should be refused for "
		        "'%s'", what, want);
		REQUIRE(bw_db_is_compiled(db) == 1, "%s: not compiled", what);
		exercise(db);
		damaged = bw_db_intact(db, NULL) == BW_ECORPUS;
		bw_db_close(db);
		accepted++;
		/* a check made as the file is read finds nothing the whole
		 * check does not */
		REQUIRE(!damaged || whole == BW_ECORPUS, "%s: the queries "
		        "met damage the whole check did not find", what);
		caught += (size_t)damaged;
		refused += whole != BW_OK;
		return 1;
	}
	REQUIRE(whole == st && nproblems == 1, "%s: bw_validate gave %d with %zu "
	        "problems where the open gave %d", what, (int)whole, nproblems,
	        (int)st);
	refused++;
	REQUIRE(db == NULL, "%s: refused, but *out is set", what);
	REQUIRE(err.code == st, "%s: err.code %d, status %d", what,
	        (int)err.code, (int)st);
	REQUIRE(err.message[0] != '\0', "%s: no message", what);
	/* a file without the magic bytes is not taken for a compiled one:
	 * it is read as XML, which it is not */
	REQUIRE(st == (recognised ? BW_ECORPUS : BW_EPARSE), "%s: status %d: %s",
	        what, (int)st, err.message);
	REQUIRE(!want || strstr(err.message, want) != NULL,
	        "%s: message lacks '%s': %s", what, want, err.message);
	return 0;
}

/* Write buf[0..len) as the hostile file and try it. */
static int try_bytes(const unsigned char *buf, size_t len, const char *want,
                     const char *what)
{
	tu_spill(hostile, buf, len);
	return try_open(hostile, want, what);
}

/* Patch the hostile file (a copy of the good one) in place, with the
 * checksum made right again when fix, try it, and put the bytes back.
 * work is a copy of good to compute the checksum over. */
static unsigned char *work;

static void put_bytes(size_t off, const void *bytes, size_t n)
{
	REQUIRE(pwrite(hostile_fd, bytes, n, (off_t)off) == (ssize_t)n,
	        "pwrite: %s", strerror(errno));
}

static int try_patch(size_t off, const unsigned char *bytes, size_t n,
                     int fix, const char *want, const char *what)
{
	int r;
	put_bytes(off, bytes, n);
	if (fix) {
		memcpy(work + off, bytes, n);
		fix_check(work, good_len);
		put_bytes(H_CHECK, work + H_CHECK, 8);
	}
	r = try_open(hostile, want, what);
	put_bytes(off, good + off, n);
	if (fix) {
		memcpy(work + off, good + off, n);
		memcpy(work + H_CHECK, good + H_CHECK, 8);
		put_bytes(H_CHECK, good + H_CHECK, 8);
	}
	return r;
}

static void hostile_setup(void)
{
	const char **paths = data_paths(layered, NELEM(layered));
	bw_db *db = open_paths(paths, NELEM(layered));
	make_tmpdir();
	compile_to(db, tmp_path("good.bwdb"));
	bw_db_close(db);
	good = tu_slurp(tmp_path("good.bwdb"), &good_len);
	work = malloc(good_len);
	ck_assert_ptr_nonnull(work);
	memcpy(work, good, good_len);
	hostile = strdup(tmp_path("hostile.bwdb"));
	tu_spill(hostile, good, good_len);
	hostile_fd = open(hostile, O_RDWR);
	ck_assert_int_ge(hostile_fd, 0);
}

static void hostile_teardown(void)
{
	close(hostile_fd);
	hostile_fd = -1;
	free(good);
	free(work);
	free((void *)hostile);
	good = NULL;
	hostile = NULL;
	rm_tree(tmpdir);
}

START_TEST(test_good_file_opens)
{
	unsigned char *copy = malloc(good_len);
	uint32_t n = rd32(good + H_NSECT);
	ck_assert_ptr_nonnull(copy);
	/* what this suite assumes about the header still holds */
	ck_assert_uint_gt(good_len, 4096);
	ck_assert(memcmp(good, "BWDB\r\n\032\n", 8) == 0);
	ck_assert_uint_eq(rd64(good + H_SIZE), good_len);
	ck_assert_str_eq((const char *)good + H_LIBRARY, bw_version());
	ck_assert_uint_gt(n, 3);
	ck_assert_uint_lt(H_END + (size_t)n * T_END, good_len);
	memcpy(copy, good, good_len);
	fix_check(copy, good_len);
	ck_assert_msg(memcmp(copy, good, good_len) == 0,
	              "the test's checksum is not the library's");
	free(copy);
	accepted = refused = caught = 0;
	ck_assert_int_eq(try_open(hostile, NULL, "the good file"), 1);
	ck_assert_uint_eq(refused, 0);
	ck_assert_uint_eq(caught, 0);
}
END_TEST

START_TEST(test_truncated)
{
	size_t lens[4096 + 300 + 1], n = 0;
	for (size_t l = 0; l <= 4096 && l < good_len; l++)
		lens[n++] = l;
	for (size_t k = 1; k <= 300; k++) {
		size_t l = 4096 + (good_len - 4096) * k / 301;
		if (l > lens[n - 1] && l < good_len)
			lens[n++] = l;
	}
	/* longest first, so one file truncated step by step serves them all */
	tu_spill(hostile, good, good_len);
	for (size_t i = n; i-- > 0;) {
		char what[64];
		const char *want = lens[i] < 8 ? NULL : lens[i] < H_END ?
		                   "header" : "truncated";
		snprintf(what, sizeof(what), "truncated to %zu", lens[i]);
		ck_assert_int_eq(truncate(hostile, (off_t)lens[i]), 0);
		ck_assert_int_eq(try_open(hostile, want, what), 0);
	}
	/* one byte more is not right either */
	{
		unsigned char *longer = calloc(1, good_len + 8);
		ck_assert_ptr_nonnull(longer);
		memcpy(longer, good, good_len);
		ck_assert_int_eq(try_bytes(longer, good_len + 1, "longer", "+1"), 0);
		ck_assert_int_eq(try_bytes(longer, good_len + 8, "longer", "+8"), 0);
		free(longer);
	}
	tu_spill(hostile, good, good_len);
}
END_TEST

START_TEST(test_header_fields)
{
	unsigned char b[32];
	uint32_t n = rd32(good + H_NSECT);
	/* the magic: not taken for a compiled file at all */
	memcpy(b, "BWDC", 4);
	try_patch(H_MAGIC, b, 4, 0, NULL, "magic");
	/* the format version */
	wr32(b, 3);
	try_patch(H_FORMAT, b, 4, 0, "format 3", "format");
	try_patch(H_FORMAT, b, 4, 1, "format 3", "format, check fixed");
	wr32(b, 0);
	try_patch(H_FORMAT, b, 4, 0, "compile it again", "format 0");
	/* the byte order field as the other byte order writes it */
	for (int i = 0; i < 4; i++)
		b[i] = good[H_ORDER + 3 - i];
	try_patch(H_ORDER, b, 4, 0, "byte order", "byte order");
	try_patch(H_ORDER, b, 4, 1, "byte order", "byte order, check fixed");
	/* the word size */
	wr32(b, rd32(good + H_WORD) == 8 ? 4 : 8);
	try_patch(H_WORD, b, 4, 0, "word size", "word size");
	try_patch(H_WORD, b, 4, 1, "word size", "word size, check fixed");
	/* the library's version: another, and one without its NUL */
	memset(b, 0, sizeof(b));
	memcpy(b, "99.0.0", 6);
	try_patch(H_LIBRARY, b, 24, 0, "written by libbodywork 99.0.0",
	          "library version");
	try_patch(H_LIBRARY, b, 24, 1, "written by libbodywork 99.0.0",
	          "library version, check fixed");
	memset(b, '9', 24);
	try_patch(H_LIBRARY, b, 24, 0, "written by libbodywork", "no NUL");
	/* the file's size */
	wr64(b, good_len + 8);
	try_patch(H_SIZE, b, 8, 0, "truncated", "size larger");
	wr64(b, good_len - 8);
	try_patch(H_SIZE, b, 8, 0, "longer than its header says", "size smaller");
	wr64(b, UINT64_MAX);
	try_patch(H_SIZE, b, 8, 1, "truncated", "size huge");
	/* the number of sections */
	wr32(b, UINT32_MAX);
	try_patch(H_NSECT, b, 4, 0, "section table", "nsections huge");
	wr32(b, 4097);
	try_patch(H_NSECT, b, 4, 0, "section table", "nsections 4097");
	wr32(b, (uint32_t)(good_len / T_END));
	try_patch(H_NSECT, b, 4, 0, "section table", "nsections past the end");
	wr32(b, n + 1);
	try_patch(H_NSECT, b, 4, 0, "damaged", "nsections + 1");
	try_patch(H_NSECT, b, 4, 1, NULL, "nsections + 1, check fixed");
	wr32(b, n - 1);
	try_patch(H_NSECT, b, 4, 0, "damaged", "nsections - 1");
	try_patch(H_NSECT, b, 4, 1, NULL, "nsections - 1, check fixed");
	wr32(b, 0);
	try_patch(H_NSECT, b, 4, 1, "no model", "no sections, check fixed");
	/* the digest and the checksum are covered by the checksum */
	b[0] = good[H_DIGEST] ^ 1;
	try_patch(H_DIGEST, b, 1, 0, "damaged", "digest");
	b[0] = good[H_CHECK] ^ 0x80;
	try_patch(H_CHECK, b, 1, 0, "damaged", "checksum");
	/* every entry of the section table, in each of its fields */
	for (uint32_t i = 0; i < n; i++) {
		size_t at = H_END + (size_t)i * T_END;
		uint64_t off = rd64(good + at + T_OFFSET);
		uint64_t cnt = rd64(good + at + T_COUNT);
		uint32_t el = rd32(good + at + T_ELEM);
		char what[96];
		snprintf(what, sizeof(what), "section %u offset past the end", i);
		wr64(b, good_len + 8);
		try_patch(at + T_OFFSET, b, 8, 0, "damaged", what);
		try_patch(at + T_OFFSET, b, 8, 1, "outside the file", what);
		wr64(b, UINT64_MAX - 7);
		try_patch(at + T_OFFSET, b, 8, 1, "outside the file", what);
		snprintf(what, sizeof(what), "section %u misaligned", i);
		wr64(b, off + 4);
		try_patch(at + T_OFFSET, b, 8, 1, "outside the file", what);
		snprintf(what, sizeof(what), "section %u inside the table", i);
		wr64(b, 8);
		try_patch(at + T_OFFSET, b, 8, 1, "outside the file", what);
		snprintf(what, sizeof(what), "section %u elem 3", i);
		wr32(b, 3);
		try_patch(at + T_ELEM, b, 4, 1, "outside the file", what);
		wr32(b, 0);
		try_patch(at + T_ELEM, b, 4, 1, "outside the file", what);
		snprintf(what, sizeof(what), "section %u elem other", i);
		wr32(b, el == 1 ? 2 : el / 2);
		try_patch(at + T_ELEM, b, 4, 1, NULL, what);
		snprintf(what, sizeof(what), "section %u count huge", i);
		wr64(b, UINT64_MAX / el);
		try_patch(at + T_COUNT, b, 8, 1, "outside the file", what);
		wr64(b, (good_len - off) / el + 1);
		try_patch(at + T_COUNT, b, 8, 1, "outside the file", what);
		snprintf(what, sizeof(what), "section %u count other", i);
		wr64(b, cnt ? cnt - 1 : 1);
		try_patch(at + T_COUNT, b, 8, 1, NULL, what);
		wr64(b, 0);
		try_patch(at + T_COUNT, b, 8, 1, NULL, what);
		snprintf(what, sizeof(what), "section %u id other", i);
		wr32(b, rd32(good + at + T_ID) ^ 1);
		try_patch(at + T_ID, b, 4, 1, NULL, what);
		/* an id of another section: one of them twice, one missing */
		memcpy(b, good + H_END + (size_t)((i + 1) % n) * T_END + T_ID, 4);
		try_patch(at + T_ID, b, 4, 1, NULL, what);
	}
	/* reserved bytes must be zero, so a later format can use them */
	b[0] = 0xff;
	ck_assert_int_eq(try_patch(H_RESERVED, b, 1, 0, "reserved", "reserved"),
	                 0);
}
END_TEST

/* A deterministic spread of positions: a step through the file with a
 * small varying offset, so every region, header and table included, is
 * hit. */
static uint32_t rng = 2463534242u;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

START_TEST(test_bit_flips)
{
	const size_t flips = 1200;
	size_t head_end = H_END + (size_t)rd32(good + H_NSECT) * T_END;
	accepted = refused = caught = 0;
	for (size_t k = 0; k < flips; k++) {
		size_t off = good_len * k / flips + next_rand() % (good_len / flips + 1);
		unsigned char b;
		char what[64];
		int opened;
		if (off >= good_len)
			off = good_len - 1;
		b = good[off] ^ (unsigned char)(1u << (next_rand() % 8));
		snprintf(what, sizeof(what), "byte %zu flipped to %02x", off, b);
		opened = try_patch(off, &b, 1, 0, NULL, what);
		/* every byte the checksum covers is covered */
		if (off < head_end && (off < H_RESERVED || off >= H_END))
			ck_assert_msg(!opened, "%s: opened", what);
	}
	ck_assert_uint_gt(refused, flips / 20);
	/* and the queries met some of the damage the open did not check */
	ck_assert_uint_gt(caught, 0);
}
END_TEST

START_TEST(test_header_flips_checked)
{
	/* bits of the header and the table flipped with the checksum made
	 * right again: now the sections' own checks must catch what is
	 * wrong */
	size_t head_end = H_END + (size_t)rd32(good + H_NSECT) * T_END;
	accepted = refused = caught = 0;
	for (size_t off = H_FORMAT; off < head_end; off++) {
		if ((off >= H_CHECK && off < H_END) ||
		    (off > H_DIGEST && off < H_DIGEST + 32))
			continue; /* the checksum itself and the reserved bytes;
			           * the digest only says which XML, so one byte
			           * of it stands for all */
		/* every bit of the header; in the table, one bit of one byte of
		 * each field of each entry, moving from entry to entry */
		for (int bit = 0; bit < 8; bit++) {
			unsigned char b = good[off] ^ (unsigned char)(1u << bit);
			char what[64];
			size_t entry = (off - H_END) / T_END, at = (off - H_END) % T_END;
			if (off >= H_END &&
			    ((at != T_ID + entry % 4 && at != T_ELEM &&
			      at != T_OFFSET + entry % 8 && at != T_COUNT + entry % 8) ||
			     (size_t)bit != (entry + at) % 8))
				continue;
			snprintf(what, sizeof(what), "byte %zu bit %d, check fixed", off,
			         bit);
			try_patch(off, &b, 1, 1, NULL, what);
		}
	}
	ck_assert_uint_gt(refused, 0);
}
END_TEST

START_TEST(test_section_bytes)
{
	/* a good header and table over zeros, over 0xff and over garbage */
	size_t head_end = H_END + (size_t)rd32(good + H_NSECT) * T_END;
	unsigned char *buf = malloc(good_len);
	ck_assert_ptr_nonnull(buf);
	for (int fill = 0; fill < 3; fill++) {
		memcpy(buf, good, head_end);
		for (size_t i = head_end; i < good_len; i++)
			buf[i] = fill == 0 ? 0 : fill == 1 ? 0xff :
			         (unsigned char)next_rand();
		try_bytes(buf, good_len, NULL, fill == 0 ? "zero sections" :
		          fill == 1 ? "0xff sections" : "garbage sections");
	}
	/* each section alone zeroed */
	for (uint32_t i = 0; i < rd32(good + H_NSECT); i++) {
		size_t at = H_END + (size_t)i * T_END;
		size_t off = (size_t)rd64(good + at + T_OFFSET);
		size_t bytes = (size_t)(rd64(good + at + T_COUNT) *
		                        rd32(good + at + T_ELEM));
		char what[64];
		memcpy(buf, good, good_len);
		memset(buf + off, 0, bytes);
		snprintf(what, sizeof(what), "section %u zeroed", i);
		try_bytes(buf, good_len, NULL, what);
		memset(buf + off, 0xff, bytes);
		snprintf(what, sizeof(what), "section %u 0xff", i);
		try_bytes(buf, good_len, NULL, what);
	}
	/* the magic followed by zeros, and by garbage; zeros; nothing */
	memset(buf, 0, good_len);
	memcpy(buf, good, 8);
	ck_assert_int_eq(try_bytes(buf, 4096, "byte order", "magic, zeros"), 0);
	for (size_t i = 8; i < 4096; i++)
		buf[i] = (unsigned char)next_rand();
	ck_assert_int_eq(try_bytes(buf, 4096, NULL, "magic, garbage"), 0);
	memset(buf, 0, 4096);
	ck_assert_int_eq(try_bytes(buf, 4096, NULL, "zeros"), 0);
	ck_assert_int_eq(try_bytes(buf, 0, NULL, "empty"), 0);
	free(buf);
	tu_spill(hostile, good, good_len);
}
END_TEST

/* Where section id starts in the good file, its count into *n; 0 when
 * absent. */
static size_t section_at(uint32_t id, size_t *n)
{
	for (uint32_t i = 0; i < rd32(good + H_NSECT); i++) {
		const unsigned char *e = good + H_END + (size_t)i * T_END;
		if (rd32(e + T_ID) == id) {
			*n = (size_t)rd64(e + T_COUNT);
			return (size_t)rd64(e + T_OFFSET);
		}
	}
	return 0;
}

/* Open the hostile file as it is now; it must open. */
static bw_db *open_hostile(void)
{
	bw_db *db = NULL;
	bw_error err;
	ck_assert_msg(bw_db_open(&db, &hostile, 1, &err) == BW_OK, "%s",
	              err.message);
	return db;
}

START_TEST(test_damage_found_as_read)
{
	/* the first entity's name made to point far outside the file: the
	 * open checks no entity, the first call to reach it finds it */
	size_t n, img = section_at(0x100, &n);
	const bwi_image_toc *toc = (const bwi_image_toc *)(good + img);
	size_t at = img + toc->off[BWI_R_ENTITIES] + offsetof(bw_entity, name);
	const unsigned char far[4] = { 0xff, 0xff, 0xff, 0x3f };
	const bw_entity *e = (const bw_entity *)1, *first;
	bw_error err;
	bw_iter *it;
	bw_status st;
	size_t got = 0;
	bw_db *db;
	ck_assert_uint_gt(img, 0);
	ck_assert_uint_gt(toc->n[BWI_R_ENTITIES], 1);
	put_bytes(at, far, 4);
	db = open_hostile();
	/* a getter gets an empty stand-in of the same kind */
	first = bw_db_entity_at(db, BW_KIND_COUNT, 0);
	ck_assert_ptr_nonnull(first);
	ck_assert_str_eq(bw_entity_name(first), "");
	ck_assert_str_eq(bw_entity_id(first), "");
	ck_assert_uint_eq(bw_entity_fact_count(first, BW_FIELD_ALIAS), 0);
	/* which the program can ask about */
	ck_assert_int_eq(bw_db_intact(db, &err), BW_ECORPUS);
	ck_assert_ptr_nonnull(strstr(err.message, "outside the strings"));
	ck_assert_int_eq(bw_db_intact(NULL, &err), BW_EINVAL);
	/* and every call from now on says what is wrong */
	ck_assert_int_eq(bw_db_get(&e, db, "nothing-has-this-id", &err),
	                 BW_ECORPUS);
	ck_assert_ptr_null(e);
	ck_assert_ptr_nonnull(strstr(err.message, "outside the strings"));
	ck_assert_str_eq(err.file, hostile);
	ck_assert_int_eq(bw_iter_new(&it, db, BW_KIND_COUNT, &err), BW_OK);
	while ((st = bw_iter_next(&e, it, &err)) == BW_OK)
		got++;
	bw_iter_free(it);
	ck_assert_int_eq(st, BW_ECORPUS);
	ck_assert_uint_eq(got, 0);
	bw_db_close(db);
	/* the whole check finds it at once */
	{
		size_t np = 0;
		ck_assert_int_eq(bw_validate(&np, &hostile, 1, 0, 0, NULL, NULL,
		                             &err), BW_ECORPUS);
		ck_assert_ptr_nonnull(strstr(err.message, "outside the strings"));
	}
	put_bytes(at, good + at, 4);
}
END_TEST

/* Patch n bytes of the good file at off (inside the image): the file must
 * open, the getters over every entity must meet the damage and report it
 * with want in the message, and bw_validate must refuse it saying the
 * same.  The bytes are put back. */
static void try_record(size_t off, const void *bytes, size_t n,
                       const char *want, const char *what)
{
	bw_error err;
	size_t np = 0;
	bw_db *db;
	put_bytes(off, bytes, n);
	db = open_hostile();
	free(dump_db_as(db, 0));
	ck_assert_msg(bw_db_intact(db, &err) == BW_ECORPUS, "%s: not found", what);
	ck_assert_msg(strstr(err.message, want) != NULL, "%s: %s", what,
	              err.message);
	bw_db_close(db);
	ck_assert_int_eq(bw_validate(&np, &hostile, 1, 0, 0, NULL, NULL, &err),
	                 BW_ECORPUS);
	ck_assert_msg(strstr(err.message, want) != NULL, "%s: whole: %s", what,
	              err.message);
	put_bytes(off, good + off, n);
}

START_TEST(test_record_members_checked)
{
	/* the members that are indexes or counts rather than offsets: a
	 * fact's qualifier (an index into a table of the schema's values)
	 * and an entity's list counts (its regions and back-references lie
	 * one after another from one offset), and an attribute's slot */
	size_t n, img = section_at(0x100, &n);
	const bwi_image_toc *toc = (const bwi_image_toc *)(good + img);
	const bw_fact *facts = (const bw_fact *)(good + img + toc->off[BWI_R_FACTS]);
	const bw_entity *ents =
		(const bw_entity *)(good + img + toc->off[BWI_R_ENTITIES]);
	size_t alias = SIZE_MAX, zone = SIZE_MAX, targeted = SIZE_MAX;
	size_t plain = SIZE_MAX, at;
	unsigned char b;
	uint32_t v;
	bwi_rel rel;
	ck_assert_uint_gt(img, 0);
	for (size_t i = 0; i < toc->n[BWI_R_FACTS]; i++) {
		if (facts[i].field == BW_FIELD_ALIAS && alias == SIZE_MAX)
			alias = i;
		if (facts[i].field == BW_FIELD_ZONE && zone == SIZE_MAX)
			zone = i;
	}
	for (size_t i = 0; i < toc->n[BWI_R_ENTITIES]; i++) {
		if (ents[i].nback[BWI_BACK_TARGET] && targeted == SIZE_MAX)
			targeted = i;
		if (ents[i].kind == BW_KIND_MUSCLE && plain == SIZE_MAX)
			plain = i;
	}
	ck_assert_uint_ne(alias, SIZE_MAX);
	ck_assert_uint_ne(zone, SIZE_MAX);
	ck_assert_uint_ne(targeted, SIZE_MAX);
	ck_assert_uint_ne(plain, SIZE_MAX);
	ck_assert_uint_ne(facts[alias].qualifier, BWI_QUAL_NONE);

	/* a qualifier past the table, one of another field's, none where
	 * the field needs one */
	at = img + toc->off[BWI_R_FACTS] + alias * sizeof(bw_fact) +
	     offsetof(bw_fact, qualifier);
	b = BWI_NQUALIFIERS;
	try_record(at, &b, 1, "a fact is out of range", "qualifier past the table");
	b = 0xff;
	try_record(at, &b, 1, "a fact is out of range", "qualifier 255");
	b = BWI_QUAL_ZONE;
	try_record(at, &b, 1, "a fact is out of range", "a zone's qualifier");
	at = img + toc->off[BWI_R_FACTS] + zone * sizeof(bw_fact) +
	     offsetof(bw_fact, qualifier);
	b = BWI_QUAL_NONE;
	try_record(at, &b, 1, "a fact is out of range", "a zone without extent");

	/* back-references whose count runs past the reference lists */
	at = img + toc->off[BWI_R_ENTITIES] + targeted * sizeof(bw_entity) +
	     offsetof(bw_entity, nback) + BWI_BACK_ZONE * sizeof(uint32_t);
	v = toc->n[BWI_R_RELS];
	try_record(at, &v, 4, "lists lie outside the reference lists",
	           "back-references past the lists");
	v = UINT32_MAX;
	try_record(at, &v, 4, "lists lie outside the reference lists",
	           "back-references counted 2^32-1");
	{
		/* one past the end of the lists, from where this entity's start */
		const bw_entity *e = &ents[targeted];
		size_t field = img + toc->off[BWI_R_ENTITIES] +
		               targeted * sizeof(bw_entity) + offsetof(bw_entity, lists);
		size_t start = (field + (size_t)(int64_t)e->lists - img -
		                toc->off[BWI_R_RELS]) / sizeof(bwi_rel);
		size_t others = e->nregions;
		for (int k = 0; k < BWI_BACK_ZONE; k++)
			others += e->nback[k];
		ck_assert_uint_le(start + others + e->nback[BWI_BACK_ZONE],
		                  toc->n[BWI_R_RELS]);
		v = (uint32_t)(toc->n[BWI_R_RELS] - start - others + 1);
		try_record(at, &v, 4, "lists lie outside the reference lists",
		           "back-references one past the lists");
	}
	/* the last target moved to the next slot: the slots' starts are
	 * worked out from the counts, and each fact is checked for its slot */
	{
		uint32_t cnt[2] = { ents[targeted].nback[BWI_BACK_TARGET] - 1,
		                    ents[targeted].nback[BWI_BACK_RELATED] + 1 };
		ck_assert_int_eq(BWI_BACK_RELATED, BWI_BACK_TARGET + 1);
		at = img + toc->off[BWI_R_ENTITIES] + targeted * sizeof(bw_entity) +
		     offsetof(bw_entity, nback) + BWI_BACK_TARGET * sizeof(uint32_t);
		try_record(at, cnt, sizeof(cnt), "does not refer here",
		           "a target counted as a relation");
	}

	/* a value in an attribute slot the kind has no name for (muscles
	 * have one attribute), naming a good string */
	ck_assert_ptr_null(bwi_entity_attr_names[BW_KIND_MUSCLE][2]);
	at = img + toc->off[BWI_R_ENTITIES] + plain * sizeof(bw_entity) +
	     offsetof(bw_entity, attr_value) + 2 * sizeof(bwi_rel);
	rel = (bwi_rel)((int64_t)(img + toc->off[BWI_R_STRINGS]) - (int64_t)at);
	try_record(at, &rel, 4, "its kind's attributes", "an unnamed attribute");
}
END_TEST

START_TEST(test_index_damage_found_as_read)
{
	/* every key, whole (0x20a, 4 bytes) or an offset from its block's
	 * first ordinal (0x227, 2 bytes), zeroed: no list of two or more
	 * ascends */
	static const uint32_t id[2] = { 0x20a, 0x227 };
	static const size_t width[2] = { 4, 2 };
	size_t n[2], at[2];
	unsigned char *zero;
	bw_results *r = (bw_results *)1;
	bw_error err;
	bw_db *db;
	for (int k = 0; k < 2; k++)
		at[k] = section_at(id[k], &n[k]);
	ck_assert_uint_gt(n[0] + n[1], 0);
	zero = calloc(n[0] + n[1] + 1, 4);
	ck_assert_ptr_nonnull(zero);
	for (int k = 0; k < 2; k++)
		put_bytes(at[k], zero, n[k] * width[k]);
	db = open_hostile();
	ck_assert_int_eq(bw_db_intact(db, &err), BW_OK);
	ck_assert_int_eq(bw_search(&r, db, "psoas", NULL, &err), BW_ECORPUS);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err.message, "search index"));
	bw_db_close(db);
	for (int k = 0; k < 2; k++)
		put_bytes(at[k], good + at[k], n[k] * width[k]);
	free(zero);
}
END_TEST

START_TEST(test_many_open_at_once)
{
	/* more databases than the lazy checker keeps track of: the later
	 * ones are checked whole at open, and all answer alike */
	enum { N = 80 };
	bw_db *dbs[N];
	char *first = NULL;
	for (int i = 0; i < N; i++)
		dbs[i] = open_hostile();
	/* the first, checked as read, and the last, checked whole */
	first = dump_db(dbs[0]);
	{
		char *last = dump_db(dbs[N - 1]);
		same(first, last, "a database opened among many");
		free(last);
	}
	for (int i = 0; i < N; i++)
		bw_db_close(dbs[i]);
	free(first);
}
END_TEST

START_TEST(test_not_a_file)
{
	bw_db *db = (bw_db *)1;
	bw_error err;
	const char *dir = tmp_path("a-folder.bwdb");
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	/* a folder is a folder of XML, whatever its name: here an empty one */
	ck_assert_int_ne(bw_db_open(&db, &dir, 1, &err), BW_OK);
	ck_assert_ptr_null(db);
	ck_assert(err.message[0] != '\0');
	rmdir(dir);
}
END_TEST

/* In a forked child: die of SIGALRM in 10 s.  (Check's own handler of
 * SIGALRM kills the whole process group, the suite with it.) */
static void child_alarm(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGALRM, &sa, NULL);
	alarm(10);
}

/* A FIFO or a device is refused without being read, compiled file or
 * not: the opens run in a child with an alarm, so a wait on a FIFO fails
 * the test rather than hanging the suite. */
START_TEST(test_special_files)
{
	const char *fifo = tmp_path("a.fifo"), *zero = "/dev/zero";
	const char *two[2];
	pid_t pid;
	int status = 0;
	two[0] = tu_data("valid");
	two[1] = fifo;
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		bw_db *db = NULL;
		bw_error err;
		child_alarm();
		if (bw_db_open(&db, &fifo, 1, &err) != BW_EIO ||
		    bw_db_open(&db, two, 2, &err) != BW_EIO ||
		    bw_db_open(&db, &zero, 1, &err) != BW_EIO ||
		    bw_db_open_cached(&db, &fifo, 1, tmp_path("cache"), &err) ==
		    BW_OK)
			_exit(2);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	              "a FIFO or device: %s %d",
	              WIFSIGNALED(status) ? "killed by signal" : "exit",
	              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	unlink(fifo);
}
END_TEST

/* ===== Layering ===== */

START_TEST(test_compiled_is_no_layer)
{
	const char **paths = data_paths(layered, 1);
	const char *two[2];
	bw_db *db = open_paths(paths, 1);
	bw_error err;
	make_tmpdir();
	compile_to(db, tmp_path("v.bwdb"));
	bw_db_close(db);
	two[0] = tmp_path("v.bwdb");
	two[1] = paths[0];
	db = (bw_db *)1;
	ck_assert_int_eq(bw_db_open(&db, two, 2, &err), BW_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err.message, "layer"));
	ck_assert_str_eq(err.file, two[0]);
	two[1] = two[0];
	two[0] = paths[0];
	db = (bw_db *)1;
	ck_assert_int_eq(bw_db_open(&db, two, 2, &err), BW_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_str_eq(err.file, two[1]);
	/* above the bundled corpus, it would be a layer too */
	db = (bw_db *)1;
	ck_assert_int_eq(bw_db_open_bundled(&db, &two[1], 1, &err), BW_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert(err.message[0] != '\0');
	/* alone it opens */
	db = open_file(two[1]);
	ck_assert_int_eq(bw_db_is_compiled(db), 1);
	bw_db_close(db);
	/* and compiling to a place that cannot be written is BW_EIO */
	db = open_paths(paths, 1);
	ck_assert_int_eq(bw_db_compile(db, tmp_path("no/such/dir/x.bwdb"), &err),
	                 BW_EIO);
	ck_assert(err.message[0] != '\0');
	ck_assert_int_eq(bw_db_compile(db, NULL, &err), BW_EINVAL);
	ck_assert_int_eq(bw_db_compile(db, "", &err), BW_EINVAL);
	ck_assert_int_eq(bw_db_compile(NULL, tmp_path("x.bwdb"), &err), BW_EINVAL);
	bw_db_close(db);
	rm_tree(tmpdir);
}
END_TEST

/* ===== The cache ===== */

/* The *.bwdb files of the cache folder: how many, and in name the one
 * not named skip (when there is one such). */
static int cache_files(const char *dir, const char *skip, char name[1024])
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		/* no temporary file is left behind */
		ck_assert_msg(strstr(de->d_name, ".tmp") == NULL, "left: %s",
		              de->d_name);
		if (l <= 5 || strcmp(de->d_name + l - 5, ".bwdb") != 0)
			continue;
		n++;
		if (name && (!skip || strcmp(strrchr(skip, '/') + 1,
		                             de->d_name) != 0))
			snprintf(name, 1024, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	return n;
}

static bw_db *open_cached(const char *xml, const char *cache, int compiled)
{
	bw_db *db = NULL;
	bw_error err;
	bw_status st = bw_db_open_cached(&db, &xml, 1, cache, &err);
	ck_assert_msg(st == BW_OK, "open cached failed: %s", err.message);
	ck_assert_int_eq(bw_db_is_compiled(db), compiled);
	ck_assert(is_hex64(bw_db_digest(db)));
	return db;
}

static off_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : -1;
}

START_TEST(test_cache)
{
	size_t len;
	unsigned char *xml = tu_slurp(tu_data("valid/base.xml"), &len), *p;
	char cache[512], cfile[1024], other[1024], first[65];
	off_t clen;
	bw_db *a, *b;
	char *da, *dump;
	make_tmpdir();
	snprintf(cache, sizeof(cache), "%s", tmp_path("cache"));
	tu_spill(tmp_path("base.xml"), xml, len);
	/* the first open parses and compiles into a folder it makes */
	a = open_cached(tmp_path("base.xml"), cache, 0);
	snprintf(first, sizeof(first), "%s", bw_db_digest(a));
	ck_assert_int_eq(cache_files(cache, NULL, cfile), 1);
	clen = file_size(cfile);
	ck_assert_int_gt(clen, 0);
	/* the second maps it, and answers the same */
	b = open_cached(tmp_path("base.xml"), cache, 1);
	ck_assert_str_eq(bw_db_digest(b), first);
	da = dump_db(a);
	dump = dump_db(b);
	same(da, dump, "cache: parsed and mapped");
	free(dump);
	bw_db_close(b);
	/* a change of one byte is another corpus: a second file */
	p = (unsigned char *)strstr((char *)xml, "<summary");
	ck_assert_ptr_nonnull(p);
	p = (unsigned char *)strchr((char *)p, '>') + 1;
	*p = *p == 'X' ? 'Y' : 'X';
	tu_spill(tmp_path("base.xml"), xml, len);
	b = open_cached(tmp_path("base.xml"), cache, 0);
	ck_assert_str_ne(bw_db_digest(b), first);
	ck_assert_int_eq(cache_files(cache, cfile, other), 2);
	bw_db_close(b);
	b = open_cached(tmp_path("base.xml"), cache, 1);
	bw_db_close(b);
	/* back to the first text: its file is still there and used */
	free(xml);
	xml = tu_slurp(tu_data("valid/base.xml"), &len);
	tu_spill(tmp_path("base.xml"), xml, len);
	b = open_cached(tmp_path("base.xml"), cache, 1);
	ck_assert_str_eq(bw_db_digest(b), first);
	bw_db_close(b);
	/* a damaged cache file: the XML is read and the file replaced */
	ck_assert_int_eq(truncate(cfile, clen / 2), 0);
	b = open_cached(tmp_path("base.xml"), cache, 0);
	dump = dump_db(b);
	same(da, dump, "cache: after a truncated cache file");
	free(dump);
	bw_db_close(b);
	ck_assert_int_eq(file_size(cfile), clen);
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 1));
	/* an empty cache file, and one with a bit flipped in its header */
	ck_assert_int_eq(truncate(cfile, 0), 0);
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 0));
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 1));
	{
		int fd = open(cfile, O_RDWR);
		unsigned char c = 0;
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(pread(fd, &c, 1, 20), 1);
		c ^= 4;
		ck_assert_int_eq(pwrite(fd, &c, 1, 20), 1);
		close(fd);
	}
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 0));
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 1));
	/* another corpus's file under this one's name is not used */
	{
		size_t olen;
		unsigned char *o = tu_slurp(other, &olen);
		tu_spill(cfile, o, olen);
		free(o);
	}
	b = open_cached(tmp_path("base.xml"), cache, 0);
	ck_assert_str_eq(bw_db_digest(b), first);
	dump = dump_db(b);
	same(da, dump, "cache: another corpus's file under the name");
	free(dump);
	bw_db_close(b);
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 1));
	/* the same corpus in another place has a file of its own, whose
	 * entities name their own file */
	ck_assert_int_eq(mkdir(tmp_path("elsewhere"), 0700), 0);
	tu_spill(tmp_path("elsewhere/base.xml"), xml, len);
	b = open_cached(tmp_path("elsewhere/base.xml"), cache, 0);
	ck_assert_str_eq(bw_db_digest(b), first);
	bw_db_close(b);
	ck_assert_int_eq(cache_files(cache, NULL, NULL), 3);
	b = open_cached(tmp_path("elsewhere/base.xml"), cache, 1);
	ck_assert_ptr_nonnull(strstr(bw_entity_file(bw_db_entity_at(b,
	                             BW_KIND_MUSCLE, 0)), "elsewhere/base.xml"));
	bw_db_close(b);
	/* a folder where the cache file should be: still opens */
	ck_assert_int_eq(unlink(cfile), 0);
	ck_assert_int_eq(mkdir(cfile, 0700), 0);
	bw_db_close(open_cached(tmp_path("base.xml"), cache, 0));
	ck_assert_int_eq(rmdir(cfile), 0);
	/* a cache folder that cannot be made: still opens, from the XML */
	tu_spill(tmp_path("plain"), "x", 1);
	bw_db_close(open_cached(tmp_path("base.xml"), tmp_path("plain/cache"), 0));
	bw_db_close(open_cached(tmp_path("base.xml"), tmp_path("plain/cache"), 0));
	/* a compiled file is no corpus for the cache */
	compile_to(a, tmp_path("c.bwdb"));
	{
		const char *c = tmp_path("c.bwdb");
		bw_error err;
		b = (bw_db *)1;
		ck_assert_int_eq(bw_db_open_cached(&b, &c, 1, cache, &err),
		                 BW_EINVAL);
		ck_assert_ptr_null(b);
		ck_assert(err.message[0] != '\0');
	}
	/* what the XML would fail, the cache fails the same way */
	{
		const char *bad = tmp_path("bad.xml");
		bw_error err, e2;
		tu_spill(bad, "<corpus version=\"1\"><muscle", 27);
		b = (bw_db *)1;
		ck_assert_int_eq(bw_db_open_cached(&b, &bad, 1, cache, &err),
		                 BW_EPARSE);
		ck_assert_ptr_null(b);
		ck_assert_int_eq(bw_db_open(&b, &bad, 1, &e2), BW_EPARSE);
		ck_assert_str_eq(err.message, e2.message);
		ck_assert_int_eq(bw_db_open_cached(&b, NULL, 0, cache, &err),
		                 BW_EINVAL);
		ck_assert_int_eq(bw_db_open_cached(&b, &bad, 1, NULL, &err),
		                 BW_EINVAL);
		ck_assert_int_eq(bw_db_open_cached(&b, &bad, 1, "", &err),
		                 BW_EINVAL);
		ck_assert_int_eq(bw_db_open_cached(NULL, &bad, 1, cache, &err),
		                 BW_EINVAL);
	}
	free(da);
	free(xml);
	bw_db_close(a);
	rm_tree(tmpdir);
}
END_TEST

/* The cache over several layers is keyed by all of them. */
START_TEST(test_cache_layers)
{
	const char **paths = data_paths(layered, NELEM(layered));
	bw_db *x = open_paths(paths, NELEM(layered)), *a = NULL;
	bw_error err;
	char *dx, *da;
	make_tmpdir();
	/* the cache folder and the folders above it are made as needed */
	ck_assert_int_eq(bw_db_open_cached(&a, paths, NELEM(layered),
	                                   tmp_path("deep/er/c"), &err), BW_OK);
	ck_assert_int_eq(bw_db_is_compiled(a), 0);
	bw_db_close(a);
	ck_assert_int_eq(cache_files(tmp_path("deep/er/c"), NULL, NULL), 1);
	ck_assert_int_eq(bw_db_open_cached(&a, paths, NELEM(layered),
	                                   tmp_path("c"), &err), BW_OK);
	ck_assert_int_eq(bw_db_is_compiled(a), 0);
	bw_db_close(a);
	ck_assert_int_eq(bw_db_open_cached(&a, paths, NELEM(layered),
	                                   tmp_path("c"), &err), BW_OK);
	ck_assert_int_eq(bw_db_is_compiled(a), 1);
	ck_assert_str_eq(bw_db_digest(a), bw_db_digest(x));
	dx = dump_db(x);
	da = dump_db(a);
	same(dx, da, "cache over layers");
	free(dx);
	free(da);
	bw_db_close(a);
	/* one layer fewer is another corpus */
	ck_assert_int_eq(bw_db_open_cached(&a, paths, NELEM(layered) - 1,
	                                   tmp_path("c"), &err), BW_OK);
	ck_assert_int_eq(bw_db_is_compiled(a), 0);
	ck_assert_str_ne(bw_db_digest(a), bw_db_digest(x));
	ck_assert_int_eq(cache_files(tmp_path("c"), NULL, NULL), 2);
	bw_db_close(a);
	bw_db_close(x);
	rm_tree(tmpdir);
}
END_TEST

/* A FIFO where the cache file should be is not waited for. */
START_TEST(test_cache_fifo)
{
	const char *xml = tu_data("valid/base.xml");
	char cfile[1024];
	bw_db *db = NULL;
	bw_error err;
	pid_t pid;
	int status = 0;
	make_tmpdir();
	ck_assert_int_eq(bw_db_open_cached(&db, &xml, 1, tmp_path("c"), &err),
	                 BW_OK);
	bw_db_close(db);
	ck_assert_int_eq(cache_files(tmp_path("c"), NULL, cfile), 1);
	ck_assert_int_eq(unlink(cfile), 0);
	ck_assert_int_eq(mkfifo(cfile, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		child_alarm();
		if (bw_db_open_cached(&db, &xml, 1, tmp_path("c"), &err) != BW_OK ||
		    bw_db_is_compiled(db) != 0)
			_exit(2);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	              "a FIFO as the cache file: %s %d",
	              WIFSIGNALED(status) ? "killed by signal" : "exit",
	              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	rm_tree(tmpdir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compiled");
	TCase *tc = tcase_create("bundled");
	tcase_add_unchecked_fixture(tc, bundled_setup, bundled_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_bundled_flags_and_digest);
	tcase_add_test(tc, test_bundled_dump_same);
	tcase_add_test(tc, test_bundled_queries_same);
	tcase_add_test(tc, test_bundled_image_queries_same);
	suite_add_tcase(s, tc);
	tc = tcase_create("layers");
	tcase_add_checked_fixture(tc, tmpdir_clear, tmpdir_remove);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_layered_round_trip);
	tcase_add_test(tc, test_baseline_round_trip);
	tcase_add_test(tc, test_dumps_tell_corpora_apart);
	tcase_add_test(tc, test_compiled_is_no_layer);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_unchecked_fixture(tc, hostile_setup, hostile_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_good_file_opens);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_header_fields);
	tcase_add_test(tc, test_bit_flips);
	tcase_add_test(tc, test_header_flips_checked);
	tcase_add_test(tc, test_section_bytes);
	tcase_add_test(tc, test_damage_found_as_read);
	tcase_add_test(tc, test_record_members_checked);
	tcase_add_test(tc, test_index_damage_found_as_read);
	tcase_add_test(tc, test_many_open_at_once);
	tcase_add_test(tc, test_not_a_file);
	tcase_add_test(tc, test_special_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, tmpdir_clear, tmpdir_remove);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cache);
	tcase_add_test(tc, test_cache_layers);
	tcase_add_test(tc, test_cache_fifo);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
