#define _GNU_SOURCE /* malloc_usable_size */
/* testutil.c: helpers shared by the Check suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <malloc.h>

#include <libxml/xmlmemory.h>

#include "testutil.h"

const char *tu_data(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", BW_TEST_DATA, rel);
	return buf;
}

static const char **abs_paths(const char *const *rels, size_t n)
{
	const char **p = calloc(n ? n : 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = strdup(tu_data(rels[i]));
	return p;
}

static void free_paths(const char **p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((void *)p[i]);
	free(p);
}

bw_db *tu_open(const char *const *rels, size_t n)
{
	bw_db *db = NULL;
	bw_error err;
	const char **p = abs_paths(rels, n);
	bw_status st = bw_db_open(&db, p, n, &err);
	free_paths(p, n);
	ck_assert_msg(st == BW_OK, "open failed: %s:%lu:%lu: %s", err.file,
	              err.line, err.column, err.message);
	return db;
}

bw_error tu_open_fail(const char *const *rels, size_t n, bw_status code)
{
	bw_db *db = (bw_db *)1;
	bw_error err;
	const char **p = abs_paths(rels, n);
	bw_status st;
	memset(&err, 0, sizeof(err));
	st = bw_db_open(&db, p, n, &err);
	free_paths(p, n);
	ck_assert_msg(st == code, "expected %s, got %d: %s", bw_strerror(code),
	              st, err.message);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(err.code, code);
	return err;
}

const char *tu_write_temp(const char *name, const char *text, size_t len)
{
	static char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/bw-test-%ld-%s",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(),
	         name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

bw_db *tu_db;

void tu_setup_valid(void)
{
	const char *p[] = { "valid" };
	tu_db = tu_open(p, 1);
}

void tu_teardown_valid(void)
{
	bw_db_close(tu_db);
	tu_db = NULL;
}

static long alloc_live;
static long alloc_countdown = -1;
static int alloc_failed;
static long alloc_bytes, alloc_peak, alloc_base; /* usable bytes held */
static long alloc_calls;

static void count_bytes(long delta)
{
	alloc_bytes += delta;
	if (alloc_bytes > alloc_peak)
		alloc_peak = alloc_bytes;
}

static void *t_malloc(size_t n)
{
	void *p;
	alloc_calls++;
	if (alloc_countdown >= 0 && alloc_countdown-- == 0) {
		alloc_failed = 1;
		return NULL;
	}
	p = malloc(n);
	if (p) {
		alloc_live++;
		count_bytes((long)malloc_usable_size(p));
	}
	return p;
}

static void *t_realloc(void *p, size_t n)
{
	void *q;
	long old;
	alloc_calls++;
	if (alloc_countdown >= 0 && alloc_countdown-- == 0) {
		alloc_failed = 1;
		return NULL;
	}
	old = p ? (long)malloc_usable_size(p) : 0;
	q = realloc(p, n);
	if (q && !p)
		alloc_live++;
	if (q)
		count_bytes((long)malloc_usable_size(q) - old);
	return q;
}

static void t_free(void *p)
{
	if (p) {
		alloc_live--;
		count_bytes(-(long)malloc_usable_size(p));
	}
	free(p);
}

static char *t_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = t_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

int tu_alloc_xml(void)
{
	return xmlMemSetup(t_free, t_malloc, t_realloc, t_strdup);
}

void tu_alloc_peak_reset(void)
{
	alloc_base = alloc_peak = alloc_bytes;
}

long tu_alloc_calls(void)
{
	return alloc_calls;
}

long tu_alloc_peak(void)
{
	return alloc_peak - alloc_base;
}

void tu_alloc_install(void)
{
	ck_assert_int_eq(bw_set_allocator(t_malloc, t_realloc, t_free, NULL), BW_OK);
	tu_alloc_arm(-1);
}

void tu_alloc_restore(void)
{
	ck_assert_int_eq(bw_set_allocator(NULL, NULL, NULL, NULL), BW_OK);
}

void tu_alloc_arm(long k)
{
	alloc_live = 0;
	alloc_calls = 0;
	alloc_failed = 0;
	alloc_countdown = k;
}

void tu_alloc_disarm(void)
{
	alloc_countdown = -1;
}

long tu_alloc_live(void)
{
	return alloc_live;
}

int tu_alloc_failed(void)
{
	return alloc_failed;
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

unsigned char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

void tu_spill(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}
