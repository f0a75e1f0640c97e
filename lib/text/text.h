/*
 * text.h: text analysis shared by the model (name lookup) and search.
 *
 * Folding is Unicode compatibility decomposition, case folding and removal
 * of combining marks (utf8proc), recomposed: "Psoás" and "PSOAS" fold to
 * "psoas".  A name key additionally treats every run of white space, hyphens,
 * underscores and punctuation as one space and trims the ends, so "Psoas-
 * Major" and " psoas  major " share the key "psoas major".
 *
 * Search analyses corpus text and queries alike: the tokenizer splits text
 * into folded words with their byte spans and positions (and joins
 * hyphenated compounds), stop words are dropped but keep their positions,
 * and the rest are stemmed with Snowball English.  docs/search.md has the
 * whole chain.
 */
#ifndef BW_TEXT_H
#define BW_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "bodywork.h"

#define BWI_WORD_MAX 64      /* bytes of a folded word; longer are skipped */
#define BWI_COMPOUND_MAX 8   /* hyphen-joined parts read as one compound */

/* ===== text/fold.c ===== */

/* Whether s[0..n) is valid UTF-8 (no NUL bytes inside n either). */
int bwi_utf8_valid(const char *s, size_t n);
/* The offset of the first byte of s[0..n) that is not valid UTF-8 (or a
 * NUL), or n when all of it is valid. */
size_t bwi_utf8_invalid_at(const char *s, size_t n);

/* Fold one word s[0..n) (valid UTF-8) into dst[0..cap) without allocating;
 * returns the folded length, or (size_t)-1 when it needs cap bytes or more
 * (dst is then unspecified).  dst is NUL-terminated on success. */
size_t bwi_fold_word(char *dst, size_t cap, const char *s, size_t n);

/* Fold s[0..n) into a new NUL-terminated buffer (bwi_free it); *outlen gets
 * its length.  BW_EUTF8 for invalid UTF-8, BW_ENOMEM. */
bw_status bwi_fold(char **out, size_t *outlen, const char *s, size_t n);

/* The lookup key of a name: folded, separators collapsed, trimmed. */
bw_status bwi_name_key(char **out, size_t *outlen, const char *s, size_t n);
/* The same for ASCII s[0..n) into dst[0..cap), without allocating;
 * (size_t)-1 when s is not ASCII or the key does not fit. */
size_t bwi_name_key_ascii(char *dst, size_t cap, const char *s, size_t n);

/* ===== text/distance.c ===== */

/* Damerau-Levenshtein distance of a[0..an) and b[0..bn) (a transposition is
 * one edit), or max + 1 when it exceeds max or a string is over 64 bytes. */
size_t bwi_edit_distance(const char *a, size_t an, const char *b, size_t bn,
                         size_t max);
/* How far the name key key[0..klen) is from text, for "did you mean": the
 * edit distance to text's name key, or less when a word of it is close
 * (1 + twice that word's distance); (size_t)-1 when out of memory. */
size_t bwi_name_distance(const char *key, size_t klen, const char *text);

/* ===== text/tokenize.c ===== */

enum { BWI_TOKEN_JOINED = 1 }; /* a compound's parts run together */

typedef struct bwi_token {
	size_t start, end;           /* the word's bytes in the text */
	uint32_t pos;                /* word position (JOINED: its first part's) */
	unsigned flags;              /* BWI_TOKEN_* */
	size_t len;                  /* bytes in word */
	char word[BWI_WORD_MAX + 1]; /* folded, NUL-terminated */
} bwi_token;

typedef struct bwi_tokenizer {
	const char *s;               /* the text (valid UTF-8) */
	size_t n, at;                /* its length and the next byte to scan */
	uint32_t pos;                /* the next word's position */
	size_t part_start[BWI_COMPOUND_MAX], part_end[BWI_COMPOUND_MAX];
	size_t nparts, next_part;    /* the compound being emitted */
	char joined[BWI_WORD_MAX + 1]; /* its parts run together so far */
	size_t jlen;
	int jok;                     /* joined still to come */
	uint32_t jpos;               /* its first part's position */
} bwi_tokenizer;

/* Start tokenizing s[0..n) (valid UTF-8), numbering words from pos. */
void bwi_tok_init(bwi_tokenizer *t, const char *s, size_t n, uint32_t pos);
/* The next token into *tok: 1, or 0 at the end of the text. */
int bwi_tok_next(bwi_tokenizer *t, bwi_token *tok);

/* ===== text/stem.c ===== */

typedef struct bwi_stemmer bwi_stemmer; /* a Snowball English stemmer */

/* A new stemmer (BW_ENOMEM); one thread uses it at a time. */
bw_status bwi_stemmer_new(bwi_stemmer **out);
void bwi_stemmer_free(bwi_stemmer *s);
/* Stem folded w[0..n) into out[0..cap), NUL-terminated; returns its
 * length, or (size_t)-1 when out of memory or when it does not fit. */
size_t bwi_stem(bwi_stemmer *s, const char *w, size_t n, char *out,
                size_t cap);

/* ===== text/stop.c ===== */

/* Whether folded w[0..n) is an English stop word. */
int bwi_is_stop_word(const char *w, size_t n);

#endif /* BW_TEXT_H */
