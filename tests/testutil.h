/* testutil.h: helpers shared by the Check suites. */
#ifndef BW_TESTUTIL_H
#define BW_TESTUTIL_H

#include <check.h>

#include "bodywork.h"

/* BW_TEST_DATA "/" rel, in a static buffer (one at a time). */
const char *tu_data(const char *rel);
/* Open these data-relative paths; fail the test on error. */
bw_db *tu_open(const char *const *rels, size_t n);
/* Open and expect failure with code; returns the error for checks. */
bw_error tu_open_fail(const char *const *rels, size_t n, bw_status code);
/* Write text to a fresh temporary file; returns its path (static). */
const char *tu_write_temp(const char *name, const char *text, size_t len);
/* The whole file at path (malloc'd, a NUL after it; free it), its length
 * in *len; and path written with data[0..len).  Either fails the test
 * when the file cannot be read or written. */
unsigned char *tu_slurp(const char *path, size_t *len);
void tu_spill(const char *path, const void *data, size_t len);
/* A fixture: tu_db is the test corpus (data/valid) for each test. */
extern bw_db *tu_db;
void tu_setup_valid(void);
void tu_teardown_valid(void);
/* A counting allocator that can fail the k-th allocation (for the
 * out-of-memory loops).  tu_alloc_install() puts it in place with no
 * failure armed; tu_alloc_arm(k) zeroes the counts and fails the k-th
 * allocation from now (k < 0: none); tu_alloc_disarm() cancels a pending
 * failure and keeps the counts; tu_alloc_live() is how many of the
 * library's blocks are held, tu_alloc_failed() whether one was refused. */
void tu_alloc_install(void);
void tu_alloc_restore(void);
void tu_alloc_arm(long k);
void tu_alloc_disarm(void);
long tu_alloc_live(void);
int tu_alloc_failed(void);
/* Bytes: tu_alloc_peak() is the most the counted blocks held at once, above
 * what they held at the last tu_alloc_peak_reset().  tu_alloc_xml() routes
 * libxml2's allocations through the same counter and failure (process-wide,
 * before libxml2's first use: for suites that measure all of an open). */
int tu_alloc_xml(void);
void tu_alloc_peak_reset(void);
long tu_alloc_peak(void);
/* Allocations (and reallocations) asked for since tu_alloc_arm. */
long tu_alloc_calls(void);
/* Run a suite and return the process exit status. */
int tu_run(Suite *s);

#endif
