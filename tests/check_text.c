/* check_text.c: the text analysis stage (lib/text): UTF-8 checks, word
 * folding, the tokenizer (spans, positions, compounds, apostrophes),
 * Snowball stemming and stop words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text/text.h"

/* Tokenize text into "word@pos" items joined by spaces (joined compounds
 * as "word@pos+"), for compact assertions. */
static const char *toks(const char *text)
{
	static char out[4096];
	bwi_tokenizer t;
	bwi_token tok;
	size_t w = 0;
	bwi_tok_init(&t, text, strlen(text), 0);
	out[0] = '\0';
	while (bwi_tok_next(&t, &tok)) {
		int k = snprintf(out + w, sizeof(out) - w, "%s%s@%u%s",
		                 w ? " " : "", tok.word, (unsigned)tok.pos,
		                 tok.flags & BWI_TOKEN_JOINED ? "+" : "");
		ck_assert_int_gt(k, 0);
		w += (size_t)k;
		ck_assert_uint_lt(w, sizeof(out));
	}
	return out;
}

START_TEST(test_utf8_invalid_at)
{
	ck_assert_uint_eq(bwi_utf8_invalid_at("psoas", 5), 5);
	ck_assert_uint_eq(bwi_utf8_invalid_at("ps\xc3\xb3" "as", 6), 6);
	ck_assert_uint_eq(bwi_utf8_invalid_at("ps\xff" "as", 5), 2);
	ck_assert_uint_eq(bwi_utf8_invalid_at("abc\xc3", 4), 3); /* truncated */
	ck_assert_uint_eq(bwi_utf8_invalid_at("ab\0c", 4), 2);   /* NUL */
	ck_assert_uint_eq(bwi_utf8_invalid_at("\xed\xa0\x80", 3), 0); /* surrogate */
	ck_assert(bwi_utf8_valid("", 0));
}
END_TEST

START_TEST(test_fold_word)
{
	char buf[BWI_WORD_MAX + 1];
	ck_assert_uint_eq(bwi_fold_word(buf, sizeof(buf), "PSOAS", 5), 5);
	ck_assert_str_eq(buf, "psoas");
	ck_assert_uint_eq(bwi_fold_word(buf, sizeof(buf), "Pso\xc3\xa1s", 6), 5);
	ck_assert_str_eq(buf, "psoas");
	/* compatibility folding: the fi ligature and sharp s */
	ck_assert_uint_ne(bwi_fold_word(buf, sizeof(buf), "\xef\xac\x81" "bre", 6),
	                  (size_t)-1);
	ck_assert_str_eq(buf, "fibre");
	ck_assert_uint_ne(bwi_fold_word(buf, sizeof(buf), "Gro\xc3\x9f", 5),
	                  (size_t)-1);
	ck_assert_str_eq(buf, "gross");
	/* too long for the buffer */
	ck_assert_uint_eq(bwi_fold_word(buf, 4, "abcd", 4), (size_t)-1);
	ck_assert_uint_eq(bwi_fold_word(buf, 4, "\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1", 8),
	                  (size_t)-1);
}
END_TEST

START_TEST(test_tokenize_words)
{
	ck_assert_str_eq(toks("The deep hip flexor."), "the@0 deep@1 hip@2 flexor@3");
	ck_assert_str_eq(toks("  Psoás,MAJOR;(L1)  "), "psoas@0 major@1 l1@2");
	ck_assert_str_eq(toks(""), "");
	ck_assert_str_eq(toks(" .,;!? "), "");
	ck_assert_str_eq(toks("body/mind e.g. 1.5"),
	                 "body@0 mind@1 e@2 g@3 1@4 5@5");
	/* non-Latin letters are words too */
	ck_assert_str_eq(toks("\xce\xa8\xcf\x8c\xce\xb1 x"),
	                 "\xcf\x88\xce\xbf\xce\xb1@0 x@1");
}
END_TEST

START_TEST(test_tokenize_apostrophes)
{
	ck_assert_str_eq(toks("TRE's"), "tre@0");
	ck_assert_str_eq(toks("TRE\xe2\x80\x99s are"), "tre@0 are@1");
	ck_assert_str_eq(toks("don't"), "dont@0");
	ck_assert_str_eq(toks("clients' 'quoted'"), "clients@0 quoted@1");
}
END_TEST

START_TEST(test_tokenize_compounds)
{
	ck_assert_str_eq(toks("so-as"), "so@0 as@1 soas@0+");
	ck_assert_str_eq(toks("T12-L4 disc"), "t12@0 l4@1 t12l4@0+ disc@2");
	ck_assert_str_eq(toks("fight-or-flight muscle"),
	                 "fight@0 or@1 flight@2 fightorflight@0+ muscle@3");
	/* a lone or doubled hyphen separates */
	ck_assert_str_eq(toks("hip - knee"), "hip@0 knee@1");
	ck_assert_str_eq(toks("hip--knee"), "hip@0 knee@1");
	ck_assert_str_eq(toks("-hip"), "hip@0");
	/* a compound longer than BWI_COMPOUND_MAX parts starts again */
	ck_assert_str_eq(toks("a-b-c-d-e-f-g-h-i-j"),
	                 "a@0 b@1 c@2 d@3 e@4 f@5 g@6 h@7 abcdefgh@0+ "
	                 "i@8 j@9 ij@8+");
}
END_TEST

START_TEST(test_tokenize_spans)
{
	const char *text = "A Pso\xc3\xa1s-major here";
	bwi_tokenizer t;
	bwi_token tok;
	bwi_tok_init(&t, text, strlen(text), 7);
	ck_assert(bwi_tok_next(&t, &tok));
	ck_assert_uint_eq(tok.start, 0);
	ck_assert_uint_eq(tok.end, 1);
	ck_assert_uint_eq(tok.pos, 7);
	ck_assert(bwi_tok_next(&t, &tok));
	ck_assert_str_eq(tok.word, "psoas");
	ck_assert_uint_eq(tok.start, 2);
	ck_assert_uint_eq(tok.end, 8);
	ck_assert(bwi_tok_next(&t, &tok));
	ck_assert_str_eq(tok.word, "major");
	ck_assert(bwi_tok_next(&t, &tok));
	ck_assert_str_eq(tok.word, "psoasmajor");
	ck_assert_uint_eq(tok.flags, BWI_TOKEN_JOINED);
	ck_assert_uint_eq(tok.start, 2);
	ck_assert_uint_eq(tok.end, 14);
	ck_assert_uint_eq(tok.pos, 8);
	ck_assert(bwi_tok_next(&t, &tok));
	ck_assert_str_eq(tok.word, "here");
	ck_assert_uint_eq(tok.pos, 10);
	ck_assert(!bwi_tok_next(&t, &tok));
	ck_assert(!bwi_tok_next(&t, &tok));
}
END_TEST

START_TEST(test_tokenize_long_words)
{
	/* a word too long to fold is skipped but keeps its position, and a
	 * megabyte of letters neither allocates nor overflows */
	size_t n = 1 << 20;
	char *big = malloc(n + 8);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', n);
	memcpy(big + n, " end", 5);
	ck_assert_str_eq(toks(big), "end@1");
	free(big);
	ck_assert_str_eq(toks("x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	                 "x@0");
}
END_TEST

START_TEST(test_tokenize_invalid_bytes)
{
	/* callers validate first, but bad bytes still never crash */
	ck_assert_str_eq(toks("ab\xff" "cd \xc3"), "ab@0 cd@1");
}
END_TEST

static const char *stem(bwi_stemmer *s, const char *w)
{
	static char out[BWI_WORD_MAX + 1];
	ck_assert_uint_ne(bwi_stem(s, w, strlen(w), out, sizeof(out)),
	                  (size_t)-1);
	return out;
}

START_TEST(test_stem)
{
	bwi_stemmer *s;
	char out[4];
	ck_assert_int_eq(bwi_stemmer_new(&s), BW_OK);
	ck_assert_str_eq(stem(s, "stretches"), "stretch");
	ck_assert_str_eq(stem(s, "stretching"), "stretch");
	ck_assert_str_eq(stem(s, "stretched"), "stretch");
	ck_assert_str_eq(stem(s, "muscles"), stem(s, "muscle"));
	ck_assert_str_eq(stem(s, "releasing"), stem(s, "release"));
	ck_assert_str_eq(stem(s, "l4"), "l4");
	ck_assert_str_eq(stem(s, "t12l4"), "t12l4");
	ck_assert_uint_eq(bwi_stem(s, "muscles", 7, out, sizeof(out)), (size_t)-1);
	bwi_stemmer_free(s);
	bwi_stemmer_free(NULL);
}
END_TEST

START_TEST(test_stop_words)
{
	ck_assert(bwi_is_stop_word("the", 3));
	ck_assert(bwi_is_stop_word("a", 1));
	ck_assert(bwi_is_stop_word("youve", 5));
	ck_assert(bwi_is_stop_word("or", 2));
	ck_assert(bwi_is_stop_word("the end", 3));
	ck_assert(!bwi_is_stop_word("psoas", 5));
	ck_assert(!bwi_is_stop_word("up", 2));
	ck_assert(!bwi_is_stop_word("back", 4));
	ck_assert(!bwi_is_stop_word("ill", 3));
	ck_assert(!bwi_is_stop_word("th", 2));
	ck_assert(!bwi_is_stop_word("", 0));
	ck_assert(!bwi_is_stop_word("yourselvesx", 11));
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_utf8_invalid_at);
	tcase_add_test(tc, test_fold_word);
	tcase_add_test(tc, test_tokenize_words);
	tcase_add_test(tc, test_tokenize_apostrophes);
	tcase_add_test(tc, test_tokenize_compounds);
	tcase_add_test(tc, test_tokenize_spans);
	tcase_add_test(tc, test_tokenize_long_words);
	tcase_add_test(tc, test_tokenize_invalid_bytes);
	tcase_add_test(tc, test_stem);
	tcase_add_test(tc, test_stop_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(text_suite());
}
