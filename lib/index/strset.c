/*
 * strset.c: sorted string sets, the dictionaries of the index.
 *
 * A set is a blob of NUL-terminated strings and an array of offsets in
 * byte order.  Exact lookup and prefix ranges are binary searches.  Typo
 * candidates come from walking the sorted array as an implicit trie: the
 * strings sharing a prefix of length d form a contiguous range, and the
 * range of each next byte is found by binary search, so no trie is ever
 * stored.  Along the walk one Damerau-Levenshtein row per depth is kept
 * (the optimal-string-alignment form, where swapping two neighbours is one
 * edit, needs the row two levels up, which the walk has), and a subtree is
 * dropped as soon as its row's minimum exceeds the budget.  For a 9-letter
 * query with two edits this visits a few thousand nodes of a 100,000-word
 * dictionary; a node budget bounds it for any input.
 *
 * bwi_sort_strings is an MSD radix sort (stable, iterative) used to build
 * the sets: it beats comparison sorting on the many shared prefixes of
 * labels and words.
 */
#include <stdint.h>
#include <string.h>

#include "index.h"

/* Compare the NUL-terminated a with b[0..n) as strcmp would. */
static int cmpn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (!x)
			return -1; /* a ended first (never read past its NUL) */
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a[n] ? 1 : 0;
}

/* Compare a's first n bytes with p[0..n): 0 when a starts with p. */
static int cmp_prefix(const char *a, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)p[i];
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

size_t bwi_strset_find(const bwi_strset *set, const char *s, size_t n)
{
	int bad;
	return bwi_strset_find_in(set, s, n, SIZE_MAX, &bad);
}

size_t bwi_strset_find_in(const bwi_strset *set, const char *s, size_t n,
                          size_t blen, int *bad)
{
	size_t lo = 0, hi = set->n;
	*bad = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c;
		if (set->off[mid] >= blen) {
			*bad = 1;
			return (size_t)-1;
		}
		c = cmpn(bwi_strset_at(set, mid), s, n);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

void bwi_strset_prefix(const bwi_strset *set, const char *p, size_t n,
                       size_t *lo, size_t *hi)
{
	size_t a = 0, b = set->n;
	while (a < b) { /* first string not below p */
		size_t mid = a + (b - a) / 2;
		if (cmp_prefix(bwi_strset_at(set, mid), p, n) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = set->n;
	while (a < b) { /* first string above every one starting with p */
		size_t mid = a + (b - a) / 2;
		if (cmp_prefix(bwi_strset_at(set, mid), p, n) <= 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/* ----- typo candidates ----- */

#define FUZZY_MAXD 2
#define FUZZY_DEPTH (BWI_WORD_MAX + FUZZY_MAXD + 1)
#define FUZZY_NODES 200000u /* trie nodes one walk may visit */

typedef struct fuzzy {
	const bwi_strset *set;
	const unsigned char *q;
	size_t qn;
	unsigned maxd;
	int prefix;
	bwi_fuzzy_fn fn;
	void *data;
	size_t budget;
	int stop;
	unsigned char path[FUZZY_DEPTH + 1];            /* the prefix walked */
	unsigned char rows[FUZZY_DEPTH + 1][BWI_WORD_MAX + 1]; /* per depth */
} fuzzy;

static unsigned char byte_at(const fuzzy *f, size_t i, size_t depth)
{
	return (unsigned char)bwi_strset_at(f->set, i)[depth];
}

/* The end of the run of strings in [i, hi) whose byte at depth is c. */
static size_t group_end(const fuzzy *f, size_t i, size_t hi, size_t depth,
                        unsigned char c)
{
	size_t lo = i + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (byte_at(f, mid, depth) <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Fill rows[depth + 1] for byte c; returns the row's minimum.  Only the
 * band of cells within maxd of the diagonal can stay within the budget, so
 * only they are computed (Ukkonen's cut-off); every value past the budget
 * is stored as maxd + 1, and the cells just outside the band, which the
 * next row reads, hold that too.
 */
static unsigned next_row(fuzzy *f, size_t depth, unsigned char c)
{
	const unsigned char *prev = f->rows[depth];
	unsigned char *row = f->rows[depth + 1];
	const unsigned cap = f->maxd + 1;
	size_t lo = depth + 1 > f->maxd ? depth + 1 - f->maxd : 1;
	size_t hi = depth + 1 + f->maxd < f->qn ? depth + 1 + f->maxd : f->qn;
	unsigned mn;
	row[0] = (unsigned char)(depth + 1 < cap ? depth + 1 : cap);
	mn = row[0];
	if (lo > 1)
		row[lo - 1] = (unsigned char)cap;
	for (size_t j = lo; j <= hi; j++) {
		unsigned v = prev[j - 1] + (f->q[j - 1] != c);
		if (prev[j] + 1u < v)
			v = prev[j] + 1u;
		if (row[j - 1] + 1u < v)
			v = row[j - 1] + 1u;
		if (depth >= 1 && j >= 2 && f->q[j - 2] == c &&
		    f->q[j - 1] == f->path[depth - 1] &&
		    f->rows[depth - 1][j - 2] + 1u < v)
			v = f->rows[depth - 1][j - 2] + 1u;
		if (v > cap)
			v = cap;
		row[j] = (unsigned char)v;
		if (v < mn)
			mn = v;
	}
	if (hi < f->qn) {
		row[hi + 1] = (unsigned char)cap;
		row[f->qn] = (unsigned char)cap;
	}
	return mn;
}

static void report(fuzzy *f, size_t lo, size_t hi, unsigned dist)
{
	if (lo < hi && f->fn(lo, hi, dist, f->data))
		f->stop = 1;
}

/* The strings in [lo, hi) share their first depth bytes, whose row is
 * rows[depth]. */
static void walk(fuzzy *f, size_t lo, size_t hi, size_t depth)
{
	size_t i = lo;
	while (i < hi && byte_at(f, i, depth) == 0)
		i++; /* strings ending here sort first */
	if (i > lo && !f->prefix && f->rows[depth][f->qn] <= f->maxd)
		report(f, lo, i, f->rows[depth][f->qn]);
	/* below this depth every cell exceeds the budget */
	if (depth >= f->qn + f->maxd || depth >= FUZZY_DEPTH - 1)
		return;
	while (i < hi && !f->stop) {
		unsigned char c = byte_at(f, i, depth);
		size_t j = group_end(f, i, hi, depth, c);
		unsigned mn;
		if (f->budget == 0) {
			f->stop = 1;
			return;
		}
		f->budget--;
		mn = next_row(f, depth, c);
		if (mn <= f->maxd) {
			unsigned end = f->rows[depth + 1][f->qn];
			f->path[depth] = c;
			if (f->prefix && end <= f->maxd) {
				report(f, i, j, end);
				if (mn < end && !f->stop)
					walk(f, i, j, depth + 1);
			} else {
				walk(f, i, j, depth + 1);
			}
		}
		i = j;
	}
}

void bwi_strset_fuzzy(const bwi_strset *set, const char *q, size_t qn,
                      unsigned maxd, int prefix, bwi_fuzzy_fn fn, void *data)
{
	fuzzy f;
	if (qn > BWI_WORD_MAX || maxd > FUZZY_MAXD || set->n == 0)
		return;
	f.set = set;
	f.q = (const unsigned char *)q;
	f.qn = qn;
	f.maxd = maxd;
	f.prefix = prefix;
	f.fn = fn;
	f.data = data;
	f.budget = FUZZY_NODES;
	f.stop = 0;
	for (size_t j = 0; j <= qn; j++)
		f.rows[0][j] = (unsigned char)j;
	if (prefix && qn <= maxd) {
		report(&f, 0, set->n, (unsigned)qn);
		return;
	}
	walk(&f, 0, set->n, 0);
}

/* ----- sorting ----- */

#define SORT_SMALL 24

typedef struct bucket {
	size_t start, n, depth;
} bucket;

static unsigned char key_byte(const char *blob, const uint32_t *off,
                              uint32_t x, size_t depth)
{
	return (unsigned char)blob[off[x] + depth];
}

/* Stable insertion sort of a[0..n), all sharing their first depth bytes. */
static void insertion(const char *blob, const uint32_t *off, uint32_t *a,
                      size_t n, size_t depth)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = a[i];
		const char *s = blob + off[x] + depth;
		size_t j = i;
		while (j > 0 && strcmp(blob + off[a[j - 1]] + depth, s) > 0) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

bw_status bwi_sort_strings(const char *blob, const uint32_t *off,
                           uint32_t *perm, size_t n)
{
	uint32_t *tmp;
	bucket *stack = NULL;
	size_t nstack = 0, cap = 0;
	bw_status st = BW_OK;
	if (n < 2)
		return BW_OK;
	tmp = bwi_malloc(n * sizeof(*tmp));
	if (!tmp || bwi_grow(&stack, &cap, 1, sizeof(*stack))) {
		bwi_free(tmp);
		return BW_ENOMEM;
	}
	stack[nstack++] = (bucket){ 0, n, 0 };
	while (nstack && !st) {
		bucket b = stack[--nstack];
		uint32_t *a = perm + b.start;
		size_t count[256] = { 0 }, at[256], sum = 0;
		if (b.n <= SORT_SMALL) {
			insertion(blob, off, a, b.n, b.depth);
			continue;
		}
		for (size_t i = 0; i < b.n; i++)
			count[key_byte(blob, off, a[i], b.depth)]++;
		for (int c = 0; c < 256; c++) {
			at[c] = sum;
			sum += count[c];
		}
		for (size_t i = 0; i < b.n; i++)
			tmp[at[key_byte(blob, off, a[i], b.depth)]++] = a[i];
		memcpy(a, tmp, b.n * sizeof(*a));
		/* bucket 0 holds strings that ended: all equal, done */
		for (int c = 1; c < 256 && !st; c++) {
			size_t start = at[c] - count[c];
			if (count[c] < 2)
				continue;
			if (bwi_grow(&stack, &cap, nstack + 1,
			             sizeof(*stack)))
				st = BW_ENOMEM;
			else
				stack[nstack++] = (bucket){ b.start + start,
				                            count[c], b.depth + 1 };
		}
	}
	bwi_free(stack);
	bwi_free(tmp);
	return st;
}
