/*
 * fold.c: Unicode folding with utf8proc.  utf8proc_decompose writes code
 * points into a buffer the caller sizes (we call it twice: once to measure),
 * so all memory comes from the library's allocator; utf8proc_reencode then
 * recomposes and encodes in place.  bwi_fold_word is the same for one word
 * into a caller's buffer, with an ASCII fast path, for the tokenizer.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"
#include "../util/util.h"

#define FOLD_OPTIONS (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
	UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE | UTF8PROC_STABLE)

size_t bwi_utf8_invalid_at(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t at = 0;
	while (at < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;
		if (p[at] < 0x80) { /* fast path for ASCII */
			if (p[at] == 0)
				return at;
			at++;
			continue;
		}
		k = utf8proc_iterate(p + at, (utf8proc_ssize_t)(n - at), &cp);
		if (k < 0 || cp < 0)
			return at;
		at += (size_t)k;
	}
	return n;
}

int bwi_utf8_valid(const char *s, size_t n)
{
	return bwi_utf8_invalid_at(s, n) == n;
}

/* The longest word bwi_fold_word folds through utf8proc, in code points;
 * its stack buffer holds this many. */
#define FOLD_WORD_CPS 256

size_t bwi_fold_word(char *dst, size_t cap, const char *s, size_t n)
{
	utf8proc_int32_t buf[FOLD_WORD_CPS];
	utf8proc_ssize_t got;
	size_t i;
	for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i == n) { /* ASCII: folding is lower-casing */
		if (n >= cap)
			return (size_t)-1;
		for (i = 0; i < n; i++)
			dst[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		dst[n] = '\0';
		return n;
	}
	got = utf8proc_decompose((const utf8proc_uint8_t *)s,
	                         (utf8proc_ssize_t)n, buf, FOLD_WORD_CPS,
	                         FOLD_OPTIONS);
	if (got < 0 || got >= FOLD_WORD_CPS)
		return (size_t)-1;
	got = utf8proc_reencode(buf, got, FOLD_OPTIONS);
	if (got < 0 || (size_t)got >= cap)
		return (size_t)-1;
	memcpy(dst, buf, (size_t)got);
	dst[got] = '\0';
	return (size_t)got;
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

/* Collapse separators in folded f[0..n) in place: one space between
 * words, none at the ends.  Returns the new length. */
static size_t collapse(char *f, size_t n)
{
	size_t w = 0;
	int pending = 0;
	for (size_t r = 0; r < n; r++) {
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
	return w;
}

size_t bwi_name_key_ascii(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c & 0x80 || c == 0)
			return (size_t)-1;
		dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	return collapse(dst, n);
}

bw_status bwi_name_key(char **out, size_t *outlen, const char *s, size_t n)
{
	char *f;
	size_t flen;
	bw_status st = bwi_fold(&f, &flen, s, n);
	*out = NULL;
	if (st)
		return st;
	*out = f;
	*outlen = collapse(f, flen);
	return BW_OK;
}
