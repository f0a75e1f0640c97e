/*
 * compiled_fuzzer.c: opening a compiled database (bw_db_compile) from
 * untrusted bytes, and querying what opens.  The input is a compiled file;
 * it is copied to an 8-byte aligned buffer, as a mapped file is, and opened
 * as untrusted, the way bw_db_open opens a file.  A failure must say why.
 * A database that opens must answer everything without reading outside
 * its bytes: every entity of every kind with every fact, back-reference
 * and rule read through the public getters (every string to its end),
 * searches, suggestions, questions, a plan, a screen, the restrictions of
 * a technique, body maps and the lookups, all freed again.
 *
 * The header carries a checksum of itself and the section table, the
 * library version and the file's length, so nearly every mutation of the
 * table would stop at the header.  When the bytes as given are refused, a
 * second open therefore sees them with those three fields made right for
 * the input, which lets the fuzzer move sections, change their counts and
 * resize the file, and keeps the seeds useful across version bumps.  The
 * layout written here is compiled.c's file_head; should that change, the
 * second open only stops helping (fuzz/make-compiled-seeds.sh remakes the
 * seeds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "invariants.h"
#include "api/db.h"
#include "bodywork_version.h"

/* compiled.c's file_head: where its fields lie, and its size */
enum {
	HEAD_NSECTIONS = 20, HEAD_FILE_SIZE = 24, HEAD_LIBRARY = 32,
	HEAD_LIBRARY_LEN = 24, HEAD_CHECK = 88, HEAD_SIZE = 112,
	SECTION_SIZE = 24, MAX_SECTIONS = 4096
};

/* Loops over pairs (rules by techniques) stop here, so an input of many
 * small records cannot make one run slow. */
#define PAIRS 16

static volatile size_t sink; /* what is read goes here, so it is read */

static void str(const char *s)
{
	if (s)
		sink += strlen(s);
}

/* What an snprintf-like call wrote into buf: the length it returned, cut
 * to the buffer and NUL-terminated there. */
#define WROTE(buf, len) \
	INVARIANT(strlen(buf) == \
	          ((len) < sizeof(buf) ? (len) : sizeof(buf) - 1))

static void ent(const bw_entity *e)
{
	if (!e)
		return;
	INVARIANT((unsigned)bw_entity_kind(e) < BW_KIND_COUNT);
	str(bw_entity_id(e));
	str(bw_entity_name(e));
}

static uint64_t fnv(uint64_t h, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Make buf's file size, library version and check right for its size;
 * whether that changed anything (0 also when no whole table fits). */
static int fix_head(unsigned char *buf, size_t size)
{
	unsigned char before[HEAD_SIZE];
	uint32_t n;
	uint64_t v;
	if (size < HEAD_SIZE)
		return 0;
	memcpy(before, buf, HEAD_SIZE);
	memcpy(&n, buf + HEAD_NSECTIONS, 4);
	if (n > MAX_SECTIONS || (size_t)n * SECTION_SIZE > size - HEAD_SIZE)
		return 0;
	v = size;
	memcpy(buf + HEAD_FILE_SIZE, &v, 8);
	memset(buf + HEAD_LIBRARY, 0, HEAD_LIBRARY_LEN);
	memcpy(buf + HEAD_LIBRARY, BW_VERSION_STRING,
	       strlen(BW_VERSION_STRING) < HEAD_LIBRARY_LEN ?
	       strlen(BW_VERSION_STRING) : HEAD_LIBRARY_LEN - 1);
	v = fnv(0xcbf29ce484222325ull, buf, HEAD_CHECK);
	v = fnv(v, buf + HEAD_SIZE, (size_t)n * SECTION_SIZE);
	memcpy(buf + HEAD_CHECK, &v, 8);
	return memcmp(before, buf, HEAD_SIZE) != 0;
}

/* ===== Reading everything ===== */

static void fact(const bw_fact *f, bw_field field)
{
	char buf[96];
	size_t len;
	INVARIANT(f && bw_fact_field(f) == field);
	str(bw_fact_text(f));
	str(bw_fact_qualifier(f));
	str(bw_fact_correction(f));
	ent(bw_fact_source(f));
	ent(bw_fact_correction_source(f));
	ent(bw_fact_target(f));
	INVARIANT((unsigned)bw_fact_evidence(f) < BW_EVIDENCE_COUNT);
	len = bw_levels_format(buf, sizeof(buf), bw_fact_levels(f));
	WROTE(buf, len);
	sink += bw_fact_line(f) + (size_t)bw_fact_code_shared(f);
}

static void rule(const bw_db *db, const bw_rule *r, const bw_entity *c)
{
	static const char *const attrs[] = {
		"modality", "position", "contact", "pressure", "min-pressure",
		"lever", "method", "movement"
	};
	char buf[128];
	size_t n = bw_db_count(db, BW_KIND_TECHNIQUE);
	INVARIANT(r && bw_rule_condition(r) == c);
	INVARIANT((unsigned)bw_rule_severity(r) < BW_SEVERITY_COUNT);
	INVARIANT((unsigned)bw_rule_evidence(r) < BW_EVIDENCE_COUNT);
	str(bw_severity_label(bw_rule_severity(r)));
	ent(bw_rule_site(r));
	str(bw_rule_reason(r));
	str(bw_rule_adjustment(r));
	ent(bw_rule_source(r));
	sink += bw_rule_line(r);
	for (size_t i = 0; i < bw_rule_instead_count(r); i++)
		ent(bw_rule_instead(r, i));
	for (size_t i = 0; i < bw_rule_prefer_count(r); i++)
		str(bw_rule_prefer(r, i));
	for (size_t i = 0; i < bw_rule_match_count(r); i++) {
		size_t len = bw_rule_match_format(buf, sizeof(buf), r, i);
		WROTE(buf, len);
		ent(bw_rule_match_technique(r, i));
		for (size_t a = 0; a < sizeof(attrs) / sizeof(attrs[0]); a++)
			str(bw_rule_match_attr(r, i, attrs[a]));
	}
	for (size_t i = 0; i < n && i < PAIRS; i++) {
		const bw_entity *t = bw_db_entity_at(db, BW_KIND_TECHNIQUE, i);
		sink += (size_t)bw_rule_applies(r, t);
	}
}

static void entity(const bw_db *db, const bw_entity *e)
{
	static const char *const attrs[] = {
		"kind", "depth", "modality", "lever", "category", "type",
		"within"
	};
	const bw_entity *x = NULL;
	ent(e);
	str(bw_entity_summary(e));
	str(bw_entity_file(e));
	sink += bw_entity_line(e);
	for (size_t a = 0; a < sizeof(attrs) / sizeof(attrs[0]); a++)
		str(bw_entity_attr(e, attrs[a]));
	for (size_t i = 0; i < bw_entity_region_count(e); i++)
		str(bw_entity_region(e, i));
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		size_t n = bw_entity_fact_count(e, (bw_field)f);
		for (size_t i = 0; i < n; i++)
			fact(bw_entity_fact(e, (bw_field)f, i), (bw_field)f);
		INVARIANT(!bw_entity_fact(e, (bw_field)f, n));
		n = bw_entity_backref_count(e, (bw_field)f);
		for (size_t i = 0; i < n; i++) {
			const bw_entity *from = NULL;
			const bw_fact *b;
			b = bw_entity_backref(e, (bw_field)f, i, &from);
			INVARIANT(b && bw_fact_target(b) == e);
			ent(from);
		}
	}
	for (size_t i = 0; i < bw_entity_rule_count(e); i++)
		rule(db, bw_entity_rule(e, i), e);
	ent(bw_site_within(e));
	sink += (size_t)bw_sites_overlap(e, bw_site_within(e));
	/* by id and by name, whatever the tables behind them hold */
	(void)bw_db_get(&x, db, bw_entity_id(e), NULL);
	(void)bw_db_lookup(&x, db, bw_entity_name(e), NULL);
}

static void entities(const bw_db *db)
{
	bw_iter *it;
	const bw_entity *e;
	bw_status st;
	size_t n = 0;
	for (int k = 0; k < BW_KIND_COUNT; k++) {
		size_t count = bw_db_count(db, (bw_kind)k);
		for (size_t i = 0; i < count; i++) {
			e = bw_db_entity_at(db, (bw_kind)k, i);
			INVARIANT(e && bw_entity_kind(e) == (bw_kind)k);
			entity(db, e);
		}
		INVARIANT(!bw_db_entity_at(db, (bw_kind)k, count));
	}
	if (bw_iter_new(&it, db, BW_KIND_COUNT, NULL) != BW_OK)
		return;
	while ((st = bw_iter_next(&e, it, NULL)) == BW_OK)
		n++;
	/* damage the reads above met ends an iteration early */
	INVARIANT(st == BW_ECORPUS ||
	          (st == BW_ITEROVER && n == bw_db_count(db, BW_KIND_COUNT)));
	bw_iter_free(it);
}

/* ===== Queries ===== */

static void results(const bw_results *r, const bw_search_options *o)
{
	size_t n = bw_results_count(r), total = bw_results_total(r), left;
	const bw_fact *f;
	char buf[64];
	left = total > o->offset ? total - o->offset : 0;
	INVARIANT(n <= o->limit);
	INVARIANT(n == (left < o->limit ? left : o->limit));
	str(bw_results_correction(r));
	for (size_t i = 0; i < n; i++) {
		size_t len;
		ent(bw_results_entity(r, i));
		INVARIANT(bw_results_entity(r, i) != NULL);
		/* a score is whatever float the file held: compared, never
		 * converted */
		sink += (bw_results_score(r, i) > 0) + bw_results_match(r, i) +
		        (size_t)bw_results_fields(r, i);
		str(bw_results_dropped(r, i));
		str(bw_results_label(r, i));
		f = bw_results_fact(r, i);
		if (f)
			fact(f, bw_fact_field(f));
		len = bw_results_snippet(buf, sizeof(buf), r, i);
		WROTE(buf, len);
	}
}

static void plan(const bw_plan *p)
{
	ent(bw_plan_muscle(p));
	for (size_t i = 0; i < bw_plan_condition_count(p); i++)
		ent(bw_plan_condition(p, i));
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		bw_plan_list list = (bw_plan_list)l;
		for (size_t i = 0; i < bw_plan_count(p, list); i++) {
			size_t n = bw_plan_reason_count(p, list, i);
			ent(bw_plan_technique(p, list, i));
			for (size_t k = 0; k < n; k++) {
				const bw_entity *c = NULL;
				int m = -2;
				const bw_rule *r;
				r = bw_plan_reason(p, list, i, k, &c, &m);
				INVARIANT(r && c && bw_rule_condition(r) == c);
				INVARIANT(m >= -1 && (m < 0 || (size_t)m <
				                      bw_rule_match_count(r)));
				str(bw_rule_reason(r));
			}
			n = bw_plan_instead_count(p, list, i);
			for (size_t k = 0; k < n; k++)
				ent(bw_plan_instead(p, list, i, k));
		}
	}
}

static void screen(const bw_screen *s)
{
	for (size_t i = 0; i < bw_screen_condition_count(s); i++)
		ent(bw_screen_condition(s, i));
	sink += (size_t)bw_screen_needs_clearance(s) +
	        (size_t)bw_screen_refer(s);
	for (size_t i = 0; i < bw_screen_count(s); i++) {
		int match = -2;
		INVARIANT((unsigned)bw_screen_line_action(s, i) <
		          BW_SCREEN_ACTION_COUNT);
		ent(bw_screen_line_condition(s, i));
		ent(bw_screen_line_site(s, i));
		str(bw_screen_line_position(s, i));
		str(bw_screen_line_pressure(s, i));
		if (bw_screen_line_rule(s, i, &match))
			str(bw_rule_reason(bw_screen_line_rule(s, i, NULL)));
		if (bw_screen_line_fact(s, i))
			str(bw_fact_text(bw_screen_line_fact(s, i)));
	}
}

static void search(const bw_db *db, const char *q, const bw_search_options *o)
{
	bw_search_options d = BW_SEARCH_OPTIONS_INIT;
	bw_results *r;
	bw_error err;
	if (!o)
		o = &d;
	if (bw_search(&r, db, q, o, &err) == BW_OK) {
		results(r, o);
		bw_results_free(r);
	}
	if (bw_suggest(&r, db, q, o, &err) == BW_OK) {
		bw_search_options s = *o;
		s.offset = 0; /* suggestions ignore it */
		results(r, &s);
		bw_results_free(r);
	}
}

static void ask(const bw_db *db, const char *q)
{
	bw_answer *a;
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	if (bw_ask(&a, db, q, NULL, NULL) != BW_OK)
		return;
	INVARIANT((unsigned)bw_answer_kind(a) < BW_ASK_KIND_COUNT);
	str(bw_answer_reading(a));
	for (size_t i = 0; i < bw_answer_entity_count(a); i++) {
		ent(bw_answer_entity(a, i));
		str(bw_answer_entity_words(a, i));
		sink += bw_answer_entity_match(a, i);
	}
	if (bw_answer_results(a))
		results(bw_answer_results(a), &o);
	if (bw_answer_plan(a))
		plan(bw_answer_plan(a));
	if (bw_answer_screen(a))
		screen(bw_answer_screen(a));
	bw_answer_free(a);
}

/* A body map that was made: NUL-terminated at the length it says. */
static void map(bw_status st, char *svg, size_t len)
{
	if (st != BW_OK)
		return;
	INVARIANT(svg && strlen(svg) == len);
	bw_map_free(svg);
}

static int count_muscle(const bw_entity *e, void *data)
{
	INVARIANT(bw_entity_kind(e) == BW_KIND_MUSCLE);
	return ++*(size_t *)data >= 8; /* stop early now and then */
}

/* The id of entity i of kind, or a name no entity has. */
static const char *id_of(const bw_db *db, bw_kind kind, size_t i)
{
	const bw_entity *e = bw_db_entity_at(db, kind, i);
	return e ? bw_entity_id(e) : "no-such-entity";
}

static const char *name_of(const bw_db *db, bw_kind kind, size_t i)
{
	const bw_entity *e = bw_db_entity_at(db, kind, i);
	return e ? bw_entity_name(e) : "nothing";
}

static void queries(const bw_db *db)
{
	static const char *const fixed[] = {
		"psoas", "hip flex", "psaos major", "\"low back\"",
		"kind:muscle hip -iliacus", "region:hip", "evidence:disputed",
		"kind:technique pressure:deep", "-kind:source", "it hurts",
	};
	static const char *const codes[] = {
		"I80.2", "icd10:M54.5", "atc:B01AA03", "E11.9", "fma:18060"
	};
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	const char *muscle = id_of(db, BW_KIND_MUSCLE, 0);
	const char *technique = id_of(db, BW_KIND_TECHNIQUE, 0);
	const char *conditions[3];
	const bw_entity *e, *m = bw_db_entity_at(db, BW_KIND_MUSCLE, 0);
	const bw_fact *code;
	bw_results *r;
	bw_plan *p;
	bw_screen *s;
	bw_status st;
	char q[512], *svg;
	size_t len, nc = bw_db_count(db, BW_KIND_CONDITION), n;
	for (size_t i = 0; i < 3; i++)
		conditions[i] = id_of(db, BW_KIND_CONDITION, i);
	if (nc > 3)
		nc = 3;
	str(bw_db_digest(db));
	INVARIANT(bw_db_is_compiled(db) == 1);

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		search(db, fixed[i], NULL);
	o.limit = 3;
	o.offset = 1;
	o.snippet_words = 4;
	o.mark_open = "<b>";
	o.mark_close = "</b>";
	search(db, name_of(db, BW_KIND_MUSCLE, 0), &o);
	snprintf(q, sizeof(q), "target:%s", muscle);
	search(db, q, NULL);
	snprintf(q, sizeof(q), "causes:%s", id_of(db, BW_KIND_SYMPTOM, 0));
	search(db, q, NULL);
	snprintf(q, sizeof(q), "contact:%s kind:technique",
	         id_of(db, BW_KIND_SITE, 0));
	search(db, q, NULL);

	if (bw_muscles_for_symptom_text(&r, db, name_of(db, BW_KIND_SYMPTOM, 0),
	                                NULL, NULL) == BW_OK) {
		bw_search_options d = BW_SEARCH_OPTIONS_INIT;
		results(r, &d);
		bw_results_free(r);
	}
	if (m && bw_techniques_for_muscle(&r, db, m, &o, NULL) == BW_OK) {
		results(r, &o);
		bw_results_free(r);
	}

	snprintf(q, sizeof(q), "which muscles cause %s",
	         name_of(db, BW_KIND_SYMPTOM, 0));
	ask(db, q);
	snprintf(q, sizeof(q), "%s stretch", name_of(db, BW_KIND_MUSCLE, 0));
	ask(db, q);
	snprintf(q, sizeof(q), "is %s safe with %s",
	         name_of(db, BW_KIND_TECHNIQUE, 0),
	         name_of(db, BW_KIND_CONDITION, 0));
	ask(db, q);

	if (bw_plan_new(&p, db, muscle, conditions, nc, NULL) == BW_OK) {
		plan(p);
		bw_plan_free(p);
	}
	if (bw_db_count(db, BW_KIND_GROUP) &&
	    bw_plan_new(&p, db, id_of(db, BW_KIND_GROUP, 0), conditions, nc,
	                NULL) == BW_OK) {
		plan(p);
		bw_plan_free(p);
	}
	if (bw_plan_restrictions(&p, db, technique, NULL) == BW_OK) {
		plan(p);
		bw_plan_free(p);
	}
	if (bw_screen_new(&s, db, conditions, nc, NULL) == BW_OK) {
		screen(s);
		bw_screen_free(s);
	}

	st = bw_map_muscle(&svg, &len, db, muscle, NULL);
	map(st, svg, len);
	st = bw_map_symptom(&svg, &len, db, id_of(db, BW_KIND_SYMPTOM, 0),
	                    NULL);
	map(st, svg, len);
	st = bw_map_screen(&svg, &len, db, conditions, nc, NULL);
	map(st, svg, len);

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		code = NULL;
		if (bw_db_lookup_code(&e, &code, db, codes[i], NULL) == BW_OK) {
			ent(e);
			if (code)
				str(bw_fact_text(code));
		}
		(void)bw_db_lookup(&e, db, codes[i], NULL);
	}
	if (m && bw_entity_fact_count(m, BW_FIELD_CODE) &&
	    bw_db_lookup_code(&e, &code, db,
	                      bw_fact_text(bw_entity_fact(m, BW_FIELD_CODE, 0)),
	                      NULL) == BW_OK)
		ent(e);
	(void)bw_db_lookup(&e, db, "Psoas Major", NULL);

	n = 0;
	/* every level of any field, then T12-L5 of each */
	(void)bw_db_muscles_at_levels(db, ((uint64_t)1 << 34) - 1,
	                              BW_FIELD_COUNT, count_muscle, &n, NULL);
	for (int f = BW_FIELD_ORIGIN; f <= BW_FIELD_INNERVATION; f++) {
		n = 0;
		(void)bw_db_muscles_at_levels(db, (uint64_t)0x3f << 19,
		                              (bw_field)f, count_muscle, &n,
		                              NULL);
	}
}

/* ===== The target ===== */

/* Open buf[0..size) as a compiled file, checked as it is read, and query
 * it; then check it whole, which must refuse what the open refused and
 * whatever damage the queries met.  Whether it opened. */
static int open_and_query(const unsigned char *buf, size_t size)
{
	bw_db *db = (bw_db *)&db; /* must be cleared whatever happens */
	bw_error err;
	bw_status lazy, whole;
	int damaged = 0;
	memset(&err, 0, sizeof(err));
	lazy = bwi_db_from_compiled(&db, buf, size, BWI_CHECK_LAZY, "fuzz.bwdb",
	                            &err);
	if (lazy) {
		if (db != NULL || err.message[0] == '\0')
			__builtin_trap(); /* every failure says why */
	} else {
		INVARIANT(db != NULL);
		entities(db);
		queries(db);
		damaged = bw_db_intact(db, NULL) == BW_ECORPUS;
		bw_db_close(db);
	}
	whole = bwi_db_from_compiled(&db, buf, size, BWI_CHECK_WHOLE,
	                             "fuzz.bwdb", &err);
	bw_db_close(db);
	INVARIANT(!lazy || whole == lazy);
	INVARIANT(lazy || !damaged || whole == BW_ECORPUS);
	return !lazy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 8-aligned, as a mapping is, never of size 0, and zeroed past the
	 * input (as a mapping's last page is) */
	uint64_t *words = calloc(size / 8 + 1, 8);
	unsigned char *buf = (unsigned char *)words;
	if (!words)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (!open_and_query(buf, size) && fix_head(buf, size))
		open_and_query(buf, size);
	free(words);
	return 0;
}
