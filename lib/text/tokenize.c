/*
 * tokenize.c: split UTF-8 text into folded words, with byte spans kept so
 * search can mark words in the original text.
 *
 * A word is a run of letters, digits and combining marks (utf8proc's
 * general categories L*, N*, M*); everything else separates words.  An
 * apostrophe (' or U+2019) between two word characters stays inside the
 * word and is then dropped, and a final "'s" goes with it, so "TRE's" is
 * "tre" and "don't" is "dont".  Words joined by single hyphens ("so-as",
 * "T12-L4", "Ortho-Bionomy") form a compound: each part is a word with its
 * own position, and after the parts comes one more token, the parts run
 * together ("soas"), flagged BWI_TOKEN_JOINED and sharing the first part's
 * position, so "so-as", "so as" and "soas" all find each other.
 *
 * Each word is folded by bwi_fold_word into the token's own buffer; a word
 * that folds to more than BWI_WORD_MAX bytes is skipped (its position is
 * still used), so no input, however long, makes the tokenizer allocate.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* ASCII letters and digits, for the fast path. */
static int ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The code point at s[at], its length in *len (1 for a bad byte). */
static int32_t decode(const char *s, size_t n, size_t at, size_t *len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	unsigned char c = (unsigned char)s[at];
	if (c < 0x80) {
		*len = 1;
		return c;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s + at,
	                     (utf8proc_ssize_t)(n - at), &cp);
	if (k <= 0 || cp < 0) {
		*len = 1;
		return -1;
	}
	*len = (size_t)k;
	return cp;
}

static int is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Whether a word character starts at s[at]. */
static int word_at(const char *s, size_t n, size_t at)
{
	size_t len;
	if (at >= n)
		return 0;
	if (!((unsigned char)s[at] & 0x80))
		return ascii_word((unsigned char)s[at]);
	return is_word_cp(decode(s, n, at, &len));
}

/* The end of the word segment starting at s[at] (a word character). */
static size_t segment_end(const char *s, size_t n, size_t at)
{
	while (at < n) {
		size_t len;
		int32_t cp;
		if (ascii_word((unsigned char)s[at])) {
			at++;
			continue;
		}
		cp = decode(s, n, at, &len);
		if (is_word_cp(cp))
			at += len;
		else if (is_apostrophe(cp) && word_at(s, n, at + len))
			at += len;
		else
			break;
	}
	return at;
}

void bwi_tok_init(bwi_tokenizer *t, const char *s, size_t n, uint32_t pos)
{
	memset(t, 0, sizeof(*t));
	t->s = s;
	t->n = n;
	t->pos = pos;
}

/* Fold segment s[start..end) into tok->word, dropping apostrophes and a
 * final "'s"; 0 when it is too long. */
static int fold_segment(const bwi_tokenizer *t, size_t start, size_t end,
                        bwi_token *tok)
{
	char raw[4 * BWI_WORD_MAX];
	size_t rn = 0, at = start, last_apos = (size_t)-1;
	if (end - start <= BWI_WORD_MAX) {
		/* plain ASCII letters and digits fold by lower-casing */
		size_t i;
		for (i = start; i < end && ascii_word((unsigned char)t->s[i]); i++) {
			char c = t->s[i];
			tok->word[i - start] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		if (i == end) {
			tok->len = end - start;
			tok->word[tok->len] = '\0';
			return tok->len > 0;
		}
	}
	while (at < end) {
		size_t len;
		int32_t cp = decode(t->s, t->n, at, &len);
		if (is_apostrophe(cp)) {
			last_apos = rn;
		} else {
			if (rn + len > sizeof(raw))
				return 0;
			memcpy(raw + rn, t->s + at, len);
			rn += len;
		}
		at += len;
	}
	if (last_apos != (size_t)-1 && last_apos + 1 == rn &&
	    (raw[rn - 1] == 's' || raw[rn - 1] == 'S'))
		rn = last_apos;
	tok->len = bwi_fold_word(tok->word, sizeof(tok->word), raw, rn);
	return tok->len != (size_t)-1 && tok->len > 0;
}

/* Scan the next compound (one or more hyphen-joined segments); 0 at the
 * end of the text. */
static int scan_compound(bwi_tokenizer *t)
{
	size_t at = t->at;
	t->nparts = t->next_part = 0;
	t->jlen = 0;
	t->jok = 1;
	while (at < t->n && !word_at(t->s, t->n, at)) {
		size_t len = 1;
		if ((unsigned char)t->s[at] & 0x80)
			decode(t->s, t->n, at, &len);
		at += len;
	}
	if (at >= t->n) {
		t->at = t->n;
		return 0;
	}
	for (;;) {
		size_t end = segment_end(t->s, t->n, at), len;
		t->part_start[t->nparts] = at;
		t->part_end[t->nparts++] = end;
		at = end;
		if (t->nparts == BWI_COMPOUND_MAX || at >= t->n ||
		    !is_hyphen(decode(t->s, t->n, at, &len)) ||
		    !word_at(t->s, t->n, at + len))
			break;
		at += len;
	}
	t->at = at;
	return 1;
}

int bwi_tok_next(bwi_tokenizer *t, bwi_token *tok)
{
	for (;;) {
		if (t->next_part < t->nparts) {
			size_t i = t->next_part++;
			int ok = fold_segment(t, t->part_start[i], t->part_end[i],
			                      tok);
			if (i == 0)
				t->jpos = t->pos;
			tok->pos = t->pos++;
			tok->start = t->part_start[i];
			tok->end = t->part_end[i];
			tok->flags = 0;
			if (!ok) {
				t->jok = 0;
				continue;
			}
			if (t->jok && t->jlen + tok->len <= BWI_WORD_MAX) {
				memcpy(t->joined + t->jlen, tok->word, tok->len);
				t->jlen += tok->len;
			} else {
				t->jok = 0;
			}
			return 1;
		}
		if (t->nparts >= 2 && t->jok) {
			t->jok = 0;
			memcpy(tok->word, t->joined, t->jlen);
			tok->word[t->jlen] = '\0';
			tok->len = t->jlen;
			tok->pos = t->jpos;
			tok->start = t->part_start[0];
			tok->end = t->part_end[t->nparts - 1];
			tok->flags = BWI_TOKEN_JOINED;
			return 1;
		}
		if (!scan_compound(t))
			return 0;
	}
}
