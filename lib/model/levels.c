/*
 * levels.c: spinal levels as data.  A level set is a 64-bit mask with
 * bit 0 = C1 and then C1-C8, T1-T12, L1-L5, S1-S5, Co1-Co4 in order, so
 * "which muscles attach at L3" is a mask test.  The cervical region has
 * eight levels because nerve roots do (C8 leaves between C7 and T1, and
 * supplies much of the forearm and hand); attachments to vertebrae name
 * C1 to C7 only.  Text is a comma-separated
 * list of levels and ranges: "T12-L4,S1".
 */
#include <stdio.h>
#include <string.h>

#include "model.h"

static const struct {
	const char *prefix; /* region letter(s) */
	int first;          /* bit of level 1 */
	int count;          /* levels in the region */
} regions[] = {
	{ "C", 0, 8 }, { "T", 8, 12 }, { "L", 20, 5 }, { "S", 25, 5 },
	{ "Co", 30, 4 },
};

int bwi_level_index(const char *s, size_t n)
{
	for (size_t r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		size_t plen = strlen(regions[r].prefix);
		int num = 0;
		if (n <= plen || n > plen + 2 ||
		    memcmp(s, regions[r].prefix, plen) != 0)
			continue;
		/* "Co1" must not be read as C + "o1" */
		if (plen == 1 && s[1] == 'o')
			continue;
		for (size_t i = plen; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			num = num * 10 + (s[i] - '0');
		}
		if (s[plen] == '0' || num < 1 || num > regions[r].count)
			return -1;
		return regions[r].first + num - 1;
	}
	return -1;
}

bw_status bwi_levels_parse(uint64_t *out, const char *s, size_t n)
{
	uint64_t mask = 0;
	size_t i = 0;
	if (n == 0)
		return BW_EINVAL;
	while (i <= n) {
		size_t start = i, dash = 0;
		int a, b;
		while (i < n && s[i] != ',') {
			if (s[i] == '-') {
				if (dash)
					return BW_EINVAL;
				dash = i;
			}
			i++;
		}
		if (dash) {
			a = bwi_level_index(s + start, dash - start);
			b = bwi_level_index(s + dash + 1, i - dash - 1);
		} else {
			a = b = bwi_level_index(s + start, i - start);
		}
		if (a < 0 || b < 0 || b < a)
			return BW_EINVAL;
		for (int k = a; k <= b; k++)
			mask |= (uint64_t)1 << k;
		i++; /* past the comma, or past the end */
	}
	*out = mask;
	return BW_OK;
}

bw_status bw_levels_parse(uint64_t *out, const char *text, bw_error *err)
{
	if (!out || !text)
		return bwi_error_code(err, BW_EINVAL);
	if (bwi_levels_parse(out, text, strlen(text)))
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "'%.200s' is not a list of spinal levels "
		                     "such as T12-L4,S1", text);
	return BW_OK;
}

static int level_name(char *buf, size_t size, int bit)
{
	for (size_t r = sizeof(regions) / sizeof(regions[0]); r-- > 0;)
		if (bit >= regions[r].first)
			return snprintf(buf, size, "%s%d", regions[r].prefix,
			                bit - regions[r].first + 1);
	return 0;
}

size_t bw_levels_format(char *buf, size_t size, uint64_t levels)
{
	char tmp[8];
	size_t len = 0;
	int full = 0; /* set once a part did not fit: write no more */
	if (buf && size)
		buf[0] = '\0';
	for (int k = 0; k < BWI_NLEVELS; k++) {
		int end = k;
		if (!(levels & ((uint64_t)1 << k)))
			continue;
		while (end + 1 < BWI_NLEVELS && (levels & ((uint64_t)1 << (end + 1))))
			end++;
		for (int part = 0; part < (end > k ? 2 : 1); part++) {
			const char *sep = part ? "-" : (len ? "," : "");
			size_t n;
			level_name(tmp, sizeof(tmp), part ? end : k);
			n = strlen(sep) + strlen(tmp);
			if (buf && !full && len + n < size) {
				memcpy(buf + len, sep, strlen(sep));
				memcpy(buf + len + strlen(sep), tmp, strlen(tmp) + 1);
			} else {
				full = 1;
			}
			len += n;
		}
		k = end;
	}
	return len;
}
