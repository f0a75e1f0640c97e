/*
 * check_model.c: the model stage and the helpers under it: vertebral level
 * sets, the hash map (including deletion inside probe runs), the arena,
 * interning, name keys, and the frozen model's derived structures (name
 * map priorities, back-references, per-level lists).
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "model/model.h"
#include "text/text.h"

START_TEST(test_levels_parse)
{
	uint64_t m;
	ck_assert_int_eq(bw_levels_parse(&m, "T12-L4", NULL), BW_OK);
	ck_assert_uint_eq(m, (uint64_t)0x1f << 19); /* T12 is bit 19 */
	ck_assert_int_eq(bw_levels_parse(&m, "L3", NULL), BW_OK);
	ck_assert_uint_eq(m, (uint64_t)1 << 22);
	ck_assert_int_eq(bw_levels_parse(&m, "C1,Co4", NULL), BW_OK);
	ck_assert_uint_eq(m, 1 | ((uint64_t)1 << 33));
	ck_assert_int_eq(bw_levels_parse(&m, "S1-S5,L5", NULL), BW_OK);
	ck_assert_uint_eq(m, (uint64_t)0x3f << 24);
	/* nerve roots: C8 lies between C7 and T1 */
	ck_assert_int_eq(bw_levels_parse(&m, "C8-T1", NULL), BW_OK);
	ck_assert_uint_eq(m, (uint64_t)3 << 7);
	ck_assert_int_eq(bw_levels_parse(&m, "C9", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "L4-T12", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "L6", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "T0", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "T01", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "L1-", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "L1,", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(&m, "L1-L2-L3", NULL), BW_EINVAL);
	ck_assert_int_eq(bw_levels_parse(NULL, "L1", NULL), BW_EINVAL);
}
END_TEST

START_TEST(test_levels_format)
{
	char buf[64];
	uint64_t m;
	ck_assert_int_eq(bw_levels_parse(&m, "T12-L4,S1,Co1-Co2", NULL), BW_OK);
	ck_assert_uint_eq(bw_levels_format(buf, sizeof(buf), m), 17);
	ck_assert_str_eq(buf, "T12-L4,S1,Co1-Co2");
	/* too small: a terminated prefix, and the full length returned */
	ck_assert_uint_eq(bw_levels_format(buf, 8, m), 17);
	ck_assert_str_eq(buf, "T12-L4");
	ck_assert_uint_eq(bw_levels_format(buf, sizeof(buf), 0), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(bw_levels_format(NULL, 0, m), 17);
}
END_TEST

START_TEST(test_map_put_get_del)
{
	bwi_map m;
	char keys[2000][8];
	bwi_map_init(&m);
	for (int i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ck_assert_int_eq(bwi_map_put(&m, keys[i], strlen(keys[i]),
		                             keys[i], NULL), BW_OK);
	}
	ck_assert_uint_eq(m.len, 2000);
	/* delete every third key; the rest must stay reachable */
	for (int i = 0; i < 2000; i += 3)
		ck_assert_ptr_eq(bwi_map_del(&m, keys[i], strlen(keys[i])), keys[i]);
	for (int i = 0; i < 2000; i++) {
		void *v = bwi_map_get(&m, keys[i], strlen(keys[i]));
		if (i % 3 == 0)
			ck_assert_ptr_null(v);
		else
			ck_assert_ptr_eq(v, keys[i]);
	}
	ck_assert_ptr_null(bwi_map_del(&m, "absent", 6));
	bwi_map_free(&m);
}
END_TEST

START_TEST(test_arena_and_intern)
{
	bwi_arena a;
	bwi_strtab t;
	const char *x, *y;
	char *big;
	bwi_arena_init(&a);
	bwi_strtab_init(&t, &a);
	x = bwi_intern(&t, "psoas", 5);
	y = bwi_intern(&t, "psoas major", 5);
	ck_assert_ptr_eq(x, y);
	ck_assert_str_eq(x, "psoas");
	big = bwi_arena_alloc(&a, 1u << 20); /* larger than a block */
	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(big[0] | big[(1u << 20) - 1], 0);
	ck_assert_uint_eq(((uintptr_t)bwi_arena_alloc(&a, 3)) % 16, 0);
	/* the head block still serves small requests after a big one */
	ck_assert_str_eq(bwi_intern(&t, "iliacus", 7), "iliacus");
	/* strings are packed end to end; objects after them are aligned and
	 * zeroed even where a string's bytes were */
	{
		char *s1 = bwi_arena_strndup(&a, "abc", 3);
		char *s2 = bwi_arena_strndup(&a, "de", 2);
		unsigned char *o;
		ck_assert_ptr_eq(s2, s1 + 4);
		ck_assert_str_eq(s1, "abc");
		ck_assert_str_eq(s2, "de");
		o = bwi_arena_alloc(&a, 40);
		ck_assert_uint_eq((uintptr_t)o % 16, 0);
		for (size_t i = 0; i < 40; i++)
			ck_assert_uint_eq(o[i], 0);
	}
	/* filling blocks with odd sizes never hands out overlapping memory:
	 * every string survives the objects written after it */
	{
		static char *kept[20000];
		char buf[40];
		for (int i = 0; i < 20000; i++) {
			int n = snprintf(buf, sizeof(buf), "string %d", i);
			kept[i] = bwi_arena_strndup(&a, buf, (size_t)n);
			ck_assert_ptr_nonnull(kept[i]);
			memset(bwi_arena_alloc(&a, (size_t)(i % 50)), 0xAA,
			       (size_t)(i % 50));
		}
		for (int i = 0; i < 20000; i++) {
			snprintf(buf, sizeof(buf), "string %d", i);
			ck_assert_str_eq(kept[i], buf);
		}
	}
	bwi_strtab_free(&t);
	bwi_arena_free(&a);
}
END_TEST

START_TEST(test_name_key)
{
	char *k;
	size_t n;
	ck_assert_int_eq(bwi_name_key(&k, &n, " Psoás--MAJOR_ ", 16), BW_OK);
	ck_assert_str_eq(k, "psoas major");
	ck_assert_uint_eq(n, 11);
	bwi_free(k);
	ck_assert_int_eq(bwi_name_key(&k, &n, "ﬁbre", strlen("ﬁbre")), BW_OK);
	ck_assert_str_eq(k, "fibre");
	bwi_free(k);
	ck_assert_int_eq(bwi_name_key(&k, &n, "Straße", strlen("Straße")), BW_OK);
	ck_assert_str_eq(k, "strasse");
	bwi_free(k);
	ck_assert_int_eq(bwi_name_key(&k, &n, "bad\xff", 4), BW_EUTF8);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(bwi_name_key(&k, &n, "a\0b", 3), BW_EUTF8);
}
END_TEST

static int collect(const bw_entity *e, void *data)
{
	char *out = data;
	strcat(out, bw_entity_id(e));
	strcat(out, " ");
	return 0;
}

static int stop_first(const bw_entity *e, void *data)
{
	(*(int *)data)++;
	(void)e;
	return 1;
}

START_TEST(test_levels_query)
{
	const char *p[] = { "valid" };
	bw_db *db = tu_open(p, 1);
	char out[256];
	uint64_t m;
	int calls = 0;
	bw_levels_parse(&m, "L3", NULL);
	out[0] = '\0';
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_COUNT, collect, out, NULL), BW_OK);
	ck_assert_str_eq(out, "iliacus psoas-major ");
	out[0] = '\0';
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_ORIGIN, collect, out, NULL), BW_OK);
	ck_assert_str_eq(out, "psoas-major ");
	bw_levels_parse(&m, "L5", NULL);
	out[0] = '\0'; /* only the forum's T12-L5 origin reaches L5 */
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_COUNT, collect, out, NULL), BW_OK);
	ck_assert_str_eq(out, "psoas-major ");
	bw_levels_parse(&m, "C1-C7", NULL);
	out[0] = '\0';
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_COUNT, collect, out, NULL), BW_OK);
	ck_assert_str_eq(out, "");
	bw_levels_parse(&m, "T12-L4", NULL);
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_COUNT, stop_first, &calls, NULL), BW_OK);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(bw_db_muscles_at_levels(db, m, BW_FIELD_ACTION, collect, out, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_muscles_at_levels(db, 0, BW_FIELD_COUNT, collect, out, NULL), BW_EINVAL);
	ck_assert_int_eq(bw_db_muscles_at_levels(NULL, m, BW_FIELD_COUNT, collect, out, NULL), BW_EINVAL);
	bw_db_close(db);
}
END_TEST

START_TEST(test_backrefs)
{
	const char *p[] = { "valid" };
	bw_db *db = tu_open(p, 1);
	const bw_entity *lbp, *psoas, *from;
	const bw_fact *f;
	ck_assert_int_eq(bw_db_get(&lbp, db, "low-back-pain", NULL), BW_OK);
	ck_assert_uint_eq(bw_entity_backref_count(lbp, BW_FIELD_CAUSES), 2);
	f = bw_entity_backref(lbp, BW_FIELD_CAUSES, 0, &from);
	ck_assert_str_eq(bw_entity_id(from), "iliacus");
	ck_assert_ptr_eq(bw_fact_target(f), lbp);
	bw_entity_backref(lbp, BW_FIELD_CAUSES, 1, &from);
	ck_assert_str_eq(bw_entity_id(from), "psoas-major");
	ck_assert_ptr_null(bw_entity_backref(lbp, BW_FIELD_CAUSES, 2, &from));
	ck_assert_ptr_null(from);
	ck_assert_int_eq(bw_db_get(&psoas, db, "psoas-major", NULL), BW_OK);
	ck_assert_uint_eq(bw_entity_backref_count(psoas, BW_FIELD_TARGET), 2);
	bw_entity_backref(psoas, BW_FIELD_TARGET, 0, &from);
	ck_assert_str_eq(bw_entity_id(from), "abdominal-release");
	ck_assert_uint_eq(bw_entity_backref_count(psoas, BW_FIELD_RELATED), 1);
	ck_assert_uint_eq(bw_entity_backref_count(psoas, BW_FIELD_ACTION), 0);
	bw_db_close(db);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");
	tcase_add_test(tc, test_levels_parse);
	tcase_add_test(tc, test_levels_format);
	tcase_add_test(tc, test_map_put_get_del);
	tcase_add_test(tc, test_arena_and_intern);
	tcase_add_test(tc, test_name_key);
	tcase_add_test(tc, test_levels_query);
	tcase_add_test(tc, test_backrefs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(model_suite());
}
