/*
 * check_rules_image.c: the planner's rule index as a compiled database
 * carries it.  The index of the bundled corpus is listed as sections,
 * copied the way a file would hold them, and read back in place: the
 * lists come back the same key by key, and every technique's restrictions
 * and every muscle's plan are the same with the read-back index as with
 * the built one.  Then each way a file can be wrong (a section missing or
 * of the wrong element size, a rule number or ordinal out of range, key
 * starts out of order or past the end, a key blob without its final NUL,
 * an offset past the blob, keys out of order) is BW_ECORPUS naming the
 * file, and flipping bytes anywhere is either refused or gives an index
 * that reads nothing outside its sections (the sanitizer build says so).
 * Failing allocations while building or reading leak nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "api/db.h"
#include "plan/plan.h"

#define FILE_NAME "corpus.bwdb"

static bw_db *db;

static void setup(void)
{
	bw_error err;
	ck_assert_msg(bw_db_open_bundled(&db, NULL, 0, &err) == BW_OK,
	              "open failed: %s", err.message);
	ck_assert_ptr_nonnull(db->rules);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

/* ===== A compiled file's sections, copied ===== */

/* The sections of an index as a file holds them: each one's bytes in a
 * block of exactly its size (so reading past one is a sanitizer error),
 * listed in s. */
typedef struct image {
	bwi_sections s;
	void *copy[16];               /* by position in the original list */
	size_t ncopy;
} image;

static void image_of(image *im, const bwi_rule_index *ix)
{
	bwi_sections orig;
	memset(&orig, 0, sizeof(orig));
	memset(im, 0, sizeof(*im));
	ck_assert_int_eq(bwi_rule_index_sections(ix, &orig), BW_OK);
	ck_assert_uint_le(orig.n, sizeof(im->copy) / sizeof(im->copy[0]));
	for (size_t i = 0; i < orig.n; i++) {
		size_t bytes = orig.v[i].count * orig.v[i].elem;
		void *c = malloc(bytes ? bytes : 1);
		ck_assert_ptr_nonnull(c);
		ck_assert_ptr_nonnull(orig.v[i].data);
		memcpy(c, orig.v[i].data, bytes);
		im->copy[im->ncopy++] = c;
		ck_assert_int_eq(bwi_sections_add(&im->s, orig.v[i].id, c,
		                                  orig.v[i].elem, orig.v[i].count),
		                 BW_OK);
	}
	bwi_sections_free(&orig);
}

static void image_free(image *im)
{
	for (size_t i = 0; i < im->ncopy; i++)
		free(im->copy[i]);
	bwi_sections_free(&im->s);
}

/* The listed section id: its entry in the list. */
static bwi_section *entry(image *im, uint32_t id)
{
	for (size_t i = 0; i < im->s.n; i++)
		if (im->s.v[i].id == id)
			return &im->s.v[i];
	ck_abort_msg("no section 0x%x", (unsigned)id);
	return NULL;
}

/* The copy of section id, to corrupt; its element count in *n. */
static uint32_t *words(image *im, uint32_t id, size_t *n)
{
	bwi_section *e = entry(im, id);
	ck_assert_uint_eq(e->elem, 4);
	*n = e->count;
	for (size_t i = 0; i < im->ncopy; i++)
		if (im->copy[i] == e->data)
			return im->copy[i];
	ck_abort_msg("section 0x%x is not a copy", (unsigned)id);
	return NULL;
}

static char *bytes(image *im, size_t *n)
{
	bwi_section *e = entry(im, BWI_SEC_RULE_KEYS);
	ck_assert_uint_eq(e->elem, 1);
	*n = e->count;
	for (size_t i = 0; i < im->ncopy; i++)
		if (im->copy[i] == e->data)
			return im->copy[i];
	ck_abort_msg("the key blob is not a copy");
	return NULL;
}

/* Read im back, which must work. */
static bwi_rule_index *read_back(const image *im)
{
	bwi_rule_index *ix = NULL;
	bw_error err;
	bw_status st = bwi_rule_index_from_sections(&ix, &im->s, &db->model,
	                                            FILE_NAME, &err);
	ck_assert_msg(st == BW_OK, "read back failed: %s", err.message);
	ck_assert_ptr_nonnull(ix);
	return ix;
}

/* Read im back, which must be refused with a message holding says. */
static void refused(const image *im, const char *says)
{
	bwi_rule_index *ix = (bwi_rule_index *)1;
	bw_error err;
	bw_status st;
	memset(&err, 0, sizeof(err));
	st = bwi_rule_index_from_sections(&ix, &im->s, &db->model, FILE_NAME,
	                                  &err);
	ck_assert_msg(st == BW_ECORPUS, "expected BW_ECORPUS for '%s', got %d",
	              says, st);
	ck_assert_ptr_null(ix);
	ck_assert_int_eq(err.code, BW_ECORPUS);
	ck_assert_str_eq(err.file, FILE_NAME);
	ck_assert_msg(strstr(err.message, "not a usable compiled database"),
	              "message: %s", err.message);
	ck_assert_msg(strstr(err.message, says), "'%s' not in: %s", says,
	              err.message);
}

/* ===== The same index after the trip ===== */

START_TEST(test_lists_survive)
{
	const bwi_rule_index *a = db->rules;
	bwi_rule_index *b;
	image im;
	/* the bundled corpus exercises every part of the index */
	ck_assert_uint_gt(a->keys.n, 10);
	ck_assert_uint_gt(a->nrules, a->keys.n);
	ck_assert_uint_gt(a->nbaseline, 0);
	image_of(&im, a);
	ck_assert_uint_eq(im.s.n, 6);
	for (size_t i = 0; i < im.s.n; i++)
		ck_assert_msg(im.s.v[i].id >= 0x300 && im.s.v[i].id <= 0x3ff,
		              "section id 0x%x", (unsigned)im.s.v[i].id);
	b = read_back(&im);
	/* in place: the arrays are the sections' own bytes */
	ck_assert_ptr_eq(b->rules, entry(&im, BWI_SEC_RULE_LIST)->data);
	ck_assert_ptr_eq(b->keys.blob, entry(&im, BWI_SEC_RULE_KEYS)->data);
	ck_assert_uint_eq(b->keys.n, a->keys.n);
	ck_assert_uint_eq(b->nrules, a->nrules);
	for (size_t k = 0; k < a->keys.n; k++) {
		const char *key = bwi_strset_at(&a->keys, k);
		ck_assert_str_eq(bwi_strset_at(&b->keys, k), key);
		ck_assert_uint_eq(bwi_strset_find(&b->keys, key, strlen(key)), k);
		ck_assert_uint_eq(b->key_start[k], a->key_start[k]);
		for (uint32_t i = a->key_start[k]; i < a->key_start[k + 1]; i++) {
			ck_assert_uint_eq(b->rules[i], a->rules[i]);
			/* a rule is filed once under a key where two matches of it
			 * name the same value */
			if (i > a->key_start[k])
				ck_assert_uint_ne(a->rules[i], a->rules[i - 1]);
		}
		if (k)
			ck_assert_int_lt(strcmp(bwi_strset_at(&a->keys, k - 1), key), 0);
	}
	ck_assert_uint_eq(b->key_start[b->keys.n], a->key_start[a->keys.n]);
	ck_assert_uint_eq(b->nalways, a->nalways);
	for (size_t i = 0; i < a->nalways; i++)
		ck_assert_uint_eq(b->always[i], a->always[i]);
	ck_assert_uint_eq(b->nbaseline, a->nbaseline);
	for (size_t i = 0; i < a->nbaseline; i++) {
		const bw_entity *c = bwi_model_at(&db->model, a->baseline[i]);
		ck_assert_uint_eq(b->baseline[i], a->baseline[i]);
		ck_assert_int_eq(bw_entity_kind(c), BW_KIND_CONDITION);
		ck_assert_str_eq(bw_entity_attr(c, "category"), "baseline");
	}
	bwi_rule_index_free(b);
	image_free(&im);
}
END_TEST

/* Plans a and b say the same, reason by reason. */
static void same_plan(const bw_plan *a, const bw_plan *b, const char *what)
{
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		ck_assert_msg(bw_plan_count(a, l) == bw_plan_count(b, l),
		              "%s: list %d differs", what, l);
		for (size_t i = 0; i < bw_plan_count(a, l); i++) {
			ck_assert_ptr_eq(bw_plan_technique(a, l, i),
			                 bw_plan_technique(b, l, i));
			ck_assert_msg(bw_plan_reason_count(a, l, i) ==
			              bw_plan_reason_count(b, l, i),
			              "%s: reasons differ", what);
			for (size_t k = 0; k < bw_plan_reason_count(a, l, i); k++) {
				int ma, mb;
				ck_assert_ptr_eq(bw_plan_reason(a, l, i, k, NULL, &ma),
				                 bw_plan_reason(b, l, i, k, NULL, &mb));
				ck_assert_int_eq(ma, mb);
			}
			ck_assert_uint_eq(bw_plan_instead_count(a, l, i),
			                  bw_plan_instead_count(b, l, i));
			for (size_t k = 0; k < bw_plan_instead_count(a, l, i); k++)
				ck_assert_ptr_eq(bw_plan_instead(a, l, i, k),
				                 bw_plan_instead(b, l, i, k));
		}
	}
}

/* The entities of a kind, in id order. */
static const bw_entity **all_of(bw_kind kind, size_t *n)
{
	const bw_entity **v = calloc(bw_db_count(db, kind) + 1, sizeof(*v));
	bw_iter *it;
	const bw_entity *e;
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(bw_iter_new(&it, db, kind, NULL), BW_OK);
	*n = 0;
	while (bw_iter_next(&e, it, NULL) == BW_OK && e)
		v[(*n)++] = e;
	bw_iter_free(it);
	ck_assert_uint_eq(*n, bw_db_count(db, kind));
	return v;
}

/* Each plan for rules a (db's own) and b (read back) alike. */
static void same_plans(bwi_rule_index *a, bwi_rule_index *b)
{
	size_t nt, nm, nc, restricted = 0;
	const bw_entity **t = all_of(BW_KIND_TECHNIQUE, &nt);
	const bw_entity **m = all_of(BW_KIND_MUSCLE, &nm);
	const bw_entity **c = all_of(BW_KIND_CONDITION, &nc);
	const char *conds[3];
	ck_assert_uint_gt(nt, 0);
	ck_assert_uint_ge(nc, 3);
	for (size_t i = 0; i < 3; i++)
		conds[i] = bw_entity_id(c[(i * nc) / 3]);
	for (size_t i = 0; i < nt; i++) {
		bw_plan *pa = NULL, *pb = NULL;
		db->rules = a;
		ck_assert_int_eq(bw_plan_restrictions(&pa, db, bw_entity_id(t[i]),
		                                      NULL), BW_OK);
		db->rules = b;
		ck_assert_int_eq(bw_plan_restrictions(&pb, db, bw_entity_id(t[i]),
		                                      NULL), BW_OK);
		db->rules = a;
		same_plan(pa, pb, bw_entity_id(t[i]));
		restricted += bw_plan_reason_count(pa, BW_PLAN_EXCLUDED, 0) +
		              bw_plan_reason_count(pa, BW_PLAN_ALLOWED, 0) > 0;
		bw_plan_free(pa);
		bw_plan_free(pb);
	}
	/* the comparison means something only if rules were found */
	ck_assert_uint_gt(restricted, nt / 4);
	/* forward plans read the baseline conditions from the index */
	for (size_t i = 0; i < nm; i++)
		for (size_t n = 0; n <= 3; n += 3) {
			bw_plan *pa = NULL, *pb = NULL;
			db->rules = a;
			ck_assert_int_eq(bw_plan_new(&pa, db, bw_entity_id(m[i]), conds,
			                             n, NULL), BW_OK);
			db->rules = b;
			ck_assert_int_eq(bw_plan_new(&pb, db, bw_entity_id(m[i]), conds,
			                             n, NULL), BW_OK);
			db->rules = a;
			same_plan(pa, pb, bw_entity_id(m[i]));
			bw_plan_free(pa);
			bw_plan_free(pb);
		}
	free(t);
	free(m);
	free(c);
}

START_TEST(test_plans_survive)
{
	bwi_rule_index *a = db->rules, *b;
	image im;
	image_of(&im, a);
	b = read_back(&im);
	same_plans(a, b);
	db->rules = a;
	bwi_rule_index_free(b);
	image_free(&im);
}
END_TEST

/* A freshly built index is the db's: building is deterministic, so a
 * compiled file written from either reads back the same. */
START_TEST(test_build_again_same)
{
	bwi_rule_index *a = db->rules, *b = NULL;
	ck_assert_int_eq(bwi_rule_index_build(&b, &db->model), BW_OK);
	ck_assert_ptr_nonnull(b->own);
	ck_assert_uint_eq(b->keys.n, a->keys.n);
	ck_assert_uint_eq(b->nrules, a->nrules);
	ck_assert_int_eq(memcmp(b->rules, a->rules,
	                        a->nrules * sizeof(*a->rules)), 0);
	ck_assert_int_eq(memcmp(b->key_start, a->key_start,
	                        (a->keys.n + 1) * sizeof(*a->key_start)), 0);
	ck_assert_uint_eq(b->key_bytes, a->key_bytes);
	ck_assert_int_eq(memcmp(b->keys.blob, a->keys.blob, a->key_bytes), 0);
	same_plans(a, b);
	db->rules = a;
	bwi_rule_index_free(b);
}
END_TEST

/* ===== What a file can get wrong ===== */

static const uint32_t ids[] = {
	BWI_SEC_RULE_KEYS, BWI_SEC_RULE_KEY_OFF, BWI_SEC_RULE_KEY_START,
	BWI_SEC_RULE_LIST, BWI_SEC_RULE_ALWAYS, BWI_SEC_RULE_BASELINE,
};
#define NIDS (sizeof(ids) / sizeof(ids[0]))

START_TEST(test_missing_section)
{
	image im;
	image_of(&im, db->rules);
	for (size_t i = 0; i < im.s.n; i++)
		if (im.s.v[i].id == ids[_i]) {
			memmove(&im.s.v[i], &im.s.v[i + 1],
			        (im.s.n - i - 1) * sizeof(im.s.v[0]));
			im.s.n--;
			break;
		}
	ck_assert_uint_eq(im.s.n, NIDS - 1);
	refused(&im, "missing");
	image_free(&im);
}
END_TEST

START_TEST(test_wrong_element_size)
{
	image im;
	image_of(&im, db->rules);
	entry(&im, ids[_i])->elem = ids[_i] == BWI_SEC_RULE_KEYS ? 4 : 1;
	refused(&im, "missing");
	image_free(&im);
}
END_TEST

START_TEST(test_misaligned)
{
	image im;
	bwi_section *e;
	image_of(&im, db->rules);
	e = entry(&im, BWI_SEC_RULE_LIST);
	ck_assert_uint_gt(e->count, 1);
	e->data = (const char *)e->data + 1;
	e->count--;
	refused(&im, "aligned");
	image_free(&im);
}
END_TEST

START_TEST(test_rule_out_of_range)
{
	image im;
	size_t n, nr = bwi_model_nrules(&db->model);
	uint32_t *v;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_LIST, &n);
	ck_assert_uint_gt(n, 0);
	v[n / 2] = (uint32_t)nr;
	refused(&im, "names rule");
	v[n / 2] = UINT32_MAX;
	refused(&im, "names rule");
	v[n / 2] = (uint32_t)nr - 1; /* the last rule is fine */
	bwi_rule_index_free(read_back(&im));
	image_free(&im);
}
END_TEST

START_TEST(test_always_out_of_range)
{
	image im;
	size_t n;
	uint32_t *v;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_ALWAYS, &n);
	if (n == 0) { /* give the list an entry to corrupt */
		static uint32_t one[1];
		entry(&im, BWI_SEC_RULE_ALWAYS)->data = one;
		entry(&im, BWI_SEC_RULE_ALWAYS)->count = 1;
		v = one;
	}
	v[0] = (uint32_t)bwi_model_nrules(&db->model);
	refused(&im, "names rule");
	image_free(&im);
}
END_TEST

START_TEST(test_key_start_decreasing)
{
	image im;
	size_t n, k;
	uint32_t *v;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_KEY_START, &n);
	/* a key with a non-empty list, not the first */
	for (k = 1; k + 1 < n && v[k] == v[k + 1]; k++)
		;
	ck_assert_uint_lt(k + 1, n);
	v[k] = v[k + 1] + 1;
	refused(&im, "decrease");
	image_free(&im);
}
END_TEST

START_TEST(test_key_start_past_end)
{
	image im;
	size_t n, nl;
	uint32_t *v;
	image_of(&im, db->rules);
	(void)words(&im, BWI_SEC_RULE_LIST, &nl);
	v = words(&im, BWI_SEC_RULE_KEY_START, &n);
	v[n - 1] = (uint32_t)nl + 1;
	refused(&im, "end at");
	v[n - 1] = UINT32_MAX;
	refused(&im, "end at");
	/* short of the end leaves entries no key owns */
	v[n - 1] = (uint32_t)nl - 1;
	refused(&im, "end at");
	image_free(&im);
}
END_TEST

START_TEST(test_key_start_not_from_zero)
{
	image im;
	size_t n;
	uint32_t *v;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_KEY_START, &n);
	v[0] = 1;
	refused(&im, "not 0");
	image_free(&im);
}
END_TEST

START_TEST(test_key_start_count)
{
	image im;
	image_of(&im, db->rules);
	entry(&im, BWI_SEC_RULE_KEY_START)->count--;
	refused(&im, "key starts for");
	image_free(&im);
}
END_TEST

START_TEST(test_blob_without_nul)
{
	image im;
	size_t n;
	char *blob;
	image_of(&im, db->rules);
	blob = bytes(&im, &n);
	ck_assert_uint_gt(n, 0);
	blob[n - 1] = 'x';
	refused(&im, "NUL");
	image_free(&im);
}
END_TEST

START_TEST(test_offset_past_blob)
{
	image im;
	size_t n, nb;
	uint32_t *v;
	image_of(&im, db->rules);
	(void)bytes(&im, &nb);
	v = words(&im, BWI_SEC_RULE_KEY_OFF, &n);
	v[n - 1] = (uint32_t)nb;
	refused(&im, "past the");
	v[n - 1] = UINT32_MAX;
	refused(&im, "past the");
	image_free(&im);
}
END_TEST

START_TEST(test_keys_out_of_order)
{
	image im;
	size_t n;
	uint32_t *v, t;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_KEY_OFF, &n);
	ck_assert_uint_ge(n, 2);
	t = v[0];
	v[0] = v[1];
	v[1] = t;
	refused(&im, "out of order");
	v[1] = v[0]; /* a key twice */
	refused(&im, "out of order");
	image_free(&im);
}
END_TEST

START_TEST(test_baseline_not_a_condition)
{
	image im;
	size_t n;
	uint32_t *v;
	const bw_entity *muscle = NULL;
	image_of(&im, db->rules);
	v = words(&im, BWI_SEC_RULE_BASELINE, &n);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(bw_db_get(&muscle, db, "psoas-major", NULL), BW_OK);
	v[0] = bwi_entity_ordinal(muscle);
	refused(&im, "not a condition");
	v[0] = (uint32_t)bwi_model_nall(&db->model);
	refused(&im, "baseline names entity");
	image_free(&im);
}
END_TEST

/* Flipping bits anywhere: refused, or an index that plans without reading
 * outside its sections (which the sanitizer build would report). */
START_TEST(test_flipped_bytes)
{
	size_t refusals = 0, kept = 0;
	for (size_t s = 0; s < NIDS; s++) {
		image probe;
		size_t size;
		image_of(&probe, db->rules);
		size = entry(&probe, ids[s])->count * entry(&probe, ids[s])->elem;
		image_free(&probe);
		for (size_t at = 0; at < size; at += size / 40 + 1) {
			static const unsigned char flips[] = { 0x01, 0x80, 0xff };
			for (size_t f = 0; f < sizeof(flips); f++) {
				bwi_rule_index *a = db->rules, *b = NULL;
				bw_error err;
				image im;
				bwi_section *e;
				bw_status st;
				image_of(&im, a);
				e = entry(&im, ids[s]);
				for (size_t i = 0; i < im.ncopy; i++)
					if (im.copy[i] == e->data)
						((unsigned char *)im.copy[i])[at] ^= flips[f];
				st = bwi_rule_index_from_sections(&b, &im.s, &db->model,
				                                  FILE_NAME, &err);
				if (st != BW_OK) {
					ck_assert_int_eq(st, BW_ECORPUS);
					ck_assert_ptr_null(b);
					refusals++;
					image_free(&im);
					continue;
				}
				kept++;
				db->rules = b;
				for (size_t t = 0; t < bw_db_count(db, BW_KIND_TECHNIQUE);
				     t += 7) {
					bw_plan *p = NULL;
					const bw_entity *te = bw_db_entity_at(db,
					                      BW_KIND_TECHNIQUE, t);
					ck_assert_int_eq(bw_plan_restrictions(&p, db,
					                 bw_entity_id(te), NULL), BW_OK);
					bw_plan_free(p);
				}
				db->rules = a;
				bwi_rule_index_free(b);
				image_free(&im);
			}
		}
	}
	/* both outcomes happen: some flips break the checks, some (a rule
	 * number to another rule) leave a well-formed index */
	ck_assert_uint_gt(refusals, 0);
	ck_assert_uint_gt(kept, 0);
}
END_TEST

/* ===== Failing allocations ===== */

START_TEST(test_out_of_memory)
{
	image im;
	image_of(&im, db->rules);
	tu_alloc_install();
	for (long k = 0;; k++) {
		bwi_rule_index *ix = (bwi_rule_index *)1;
		bw_status st;
		tu_alloc_arm(k);
		st = bwi_rule_index_build(&ix, &db->model);
		tu_alloc_disarm();
		if (!tu_alloc_failed()) {
			ck_assert_int_eq(st, BW_OK);
			bwi_rule_index_free(ix);
			ck_assert_int_eq(tu_alloc_live(), 0);
			break;
		}
		ck_assert_msg(st == BW_ENOMEM, "build failing allocation %ld: %d",
		              k, st);
		ck_assert_ptr_null(ix);
		ck_assert_msg(tu_alloc_live() == 0, "build failing allocation %ld "
		              "leaked %ld blocks", k, tu_alloc_live());
	}
	for (long k = 0;; k++) {
		bwi_rule_index *ix = (bwi_rule_index *)1;
		bw_error err;
		bw_status st;
		tu_alloc_arm(k);
		st = bwi_rule_index_from_sections(&ix, &im.s, &db->model, FILE_NAME,
		                                  &err);
		tu_alloc_disarm();
		if (!tu_alloc_failed()) {
			ck_assert_int_eq(st, BW_OK);
			bwi_rule_index_free(ix);
			ck_assert_int_eq(tu_alloc_live(), 0);
			break;
		}
		ck_assert_int_eq(st, BW_ENOMEM);
		ck_assert_int_eq(err.code, BW_ENOMEM);
		ck_assert_ptr_null(ix);
		ck_assert_int_eq(tu_alloc_live(), 0);
	}
	tu_alloc_restore();
	image_free(&im);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules_image");
	TCase *tc = tcase_create("round trip");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_lists_survive);
	tcase_add_test(tc, test_plans_survive);
	tcase_add_test(tc, test_build_again_same);
	suite_add_tcase(s, tc);
	tc = tcase_create("corrupt");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_missing_section, 0, NIDS);
	tcase_add_loop_test(tc, test_wrong_element_size, 0, NIDS);
	tcase_add_test(tc, test_misaligned);
	tcase_add_test(tc, test_rule_out_of_range);
	tcase_add_test(tc, test_always_out_of_range);
	tcase_add_test(tc, test_key_start_decreasing);
	tcase_add_test(tc, test_key_start_past_end);
	tcase_add_test(tc, test_key_start_not_from_zero);
	tcase_add_test(tc, test_key_start_count);
	tcase_add_test(tc, test_blob_without_nul);
	tcase_add_test(tc, test_offset_past_blob);
	tcase_add_test(tc, test_keys_out_of_order);
	tcase_add_test(tc, test_baseline_not_a_condition);
	tcase_add_test(tc, test_flipped_bytes);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
