/*
 * distance.c: Damerau-Levenshtein distance (the optimal-string-alignment
 * form: a transposition of neighbours is one edit) between two byte
 * strings, with a cut-off so a caller who only cares about small distances
 * pays only for a band of the table.  Three rolling rows live on the stack
 * for strings up to 64 bytes; longer ones are refused as "far" (max + 1).
 */
#include <string.h>

#include "text.h"
#include "../util/util.h"

#define DIST_MAXLEN 64

size_t bwi_edit_distance(const char *a, size_t an, const char *b, size_t bn,
                         size_t max)
{
	size_t rows[3][DIST_MAXLEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	if (an > DIST_MAXLEN || bn > DIST_MAXLEN)
		return max + 1;
	if ((an > bn ? an - bn : bn - an) > max)
		return max + 1;
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t best = cur[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		{
			size_t *t = prev2;
			prev2 = prev;
			prev = cur;
			cur = t;
		}
	}
	return prev[bn] > max ? max + 1 : prev[bn];
}

size_t bwi_name_distance(const char *key, size_t klen, const char *text)
{
	char *k;
	size_t kn, d;
	if (bwi_name_key(&k, &kn, text, strlen(text)))
		return (size_t)-1;
	d = bwi_edit_distance(key, klen, k, kn, 64);
	/* a name holding the key as a word ("hernia" in "Umbilical hernia")
	 * is nearer than one merely spelled alike */
	for (size_t at = 0; at < kn;) {
		size_t end = at, wd;
		while (end < kn && k[end] != ' ')
			end++;
		wd = 1 + 2 * bwi_edit_distance(key, klen, k + at, end - at, 32);
		if (wd < d)
			d = wd;
		at = end + 1;
	}
	bwi_free(k);
	return d;
}
