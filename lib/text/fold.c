/*
 * fold.c: Unicode folding with utf8proc.  utf8proc_decompose writes code
 * points into a buffer the caller sizes (we call it twice: once to measure),
 * so all memory comes from the library's allocator; utf8proc_reencode then
 * recomposes and encodes in place.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"
#include "../util/util.h"

#define FOLD_OPTIONS (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
	UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE | UTF8PROC_STABLE)

int bwi_utf8_valid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)n;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;
		if (*p < 0x80) { /* fast path for ASCII */
			if (*p == 0)
				return 0;
			p++;
			left--;
			continue;
		}
		k = utf8proc_iterate(p, left, &cp);
		if (k < 0 || cp < 0)
			return 0;
		p += k;
		left -= k;
	}
	return 1;
}

bw_status bwi_fold(char **out, size_t *outlen, const char *s, size_t n)
{
	utf8proc_ssize_t need, got;
	utf8proc_int32_t *buf;
	*out = NULL;
	if (!bwi_utf8_valid(s, n))
		return BW_EUTF8;
	need = utf8proc_decompose((const utf8proc_uint8_t *)s,
	                          (utf8proc_ssize_t)n, NULL, 0, FOLD_OPTIONS);
	if (need < 0)
		return BW_EUTF8;
	/* reencode writes UTF-8 over the code point buffer: 4 bytes each
	 * suffice, plus the terminator. */
	buf = bwi_malloc(((size_t)need + 1) * sizeof(*buf));
	if (!buf)
		return BW_ENOMEM;
	got = utf8proc_decompose((const utf8proc_uint8_t *)s,
	                         (utf8proc_ssize_t)n, buf, need, FOLD_OPTIONS);
	if (got < 0 || got > need) {
		bwi_free(buf);
		return BW_EUTF8;
	}
	got = utf8proc_reencode(buf, got, FOLD_OPTIONS);
	if (got < 0) {
		bwi_free(buf);
		return BW_EUTF8;
	}
	*out = (char *)buf;
	*outlen = (size_t)got;
	return BW_OK;
}

static int is_separator(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || c == '-' || c == '_' || c == '.' || c == ',' ||
	       c == '\'' || c == '"' || c == '(' || c == ')' || c == '/';
}

bw_status bwi_name_key(char **out, size_t *outlen, const char *s, size_t n)
{
	char *f;
	size_t flen, w = 0;
	int pending = 0;
	bw_status st = bwi_fold(&f, &flen, s, n);
	*out = NULL;
	if (st)
		return st;
	for (size_t r = 0; r < flen; r++) {
		unsigned char c = (unsigned char)f[r];
		if (is_separator(c)) {
			pending = w > 0;
			continue;
		}
		if (pending)
			f[w++] = ' ';
		pending = 0;
		f[w++] = (char)c;
	}
	f[w] = '\0';
	*out = f;
	*outlen = w;
	return BW_OK;
}
