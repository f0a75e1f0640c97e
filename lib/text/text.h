/*
 * text.h: text analysis shared by the model (name lookup) and search.
 *
 * Folding is Unicode compatibility decomposition, case folding and removal
 * of combining marks (utf8proc), recomposed: "Psoás" and "PSOAS" fold to
 * "psoas".  A name key additionally treats every run of white space, hyphens,
 * underscores and punctuation as one space and trims the ends, so "Psoas-
 * Major" and " psoas  major " share the key "psoas major".
 */
#ifndef BW_TEXT_H
#define BW_TEXT_H

#include <stddef.h>

#include "bodywork.h"

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

/* ===== text/distance.c ===== */

/* Damerau-Levenshtein distance of a[0..an) and b[0..bn) (a transposition is
 * one edit), or max + 1 when it exceeds max or a string is over 64 bytes. */
size_t bwi_edit_distance(const char *a, size_t an, const char *b, size_t bn,
                         size_t max);

#endif /* BW_TEXT_H */
