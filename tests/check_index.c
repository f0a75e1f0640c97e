/* check_index.c: the search index (lib/index) built from the test corpus:
 * dictionaries, postings with their field classes and positions, BM25F
 * order, exact-name keys, suggestion labels, filters, the side index and
 * synonyms; and the sorted string set's lookups, typo walk and sort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "api/db.h"
#include "index/index.h"

static bw_db *db;
static const bwi_index *ix;

static void setup(void)
{
	static const char *const paths[] = { "../../corpus/synonyms.xml",
	                                       "valid/base.xml" };
	db = tu_open(paths, 2);
	ix = db->index;
	ck_assert_ptr_nonnull(ix);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
	ix = NULL;
}

static uint32_t ordinal(const char *id)
{
	const bw_entity *e = NULL;
	ck_assert_int_eq(bw_db_get(&e, db, id, NULL), BW_OK);
	return e->ordinal;
}

static uint32_t term_of(const char *word)
{
	bwi_stemmer *st = NULL;
	uint32_t t;
	int stop;
	ck_assert_int_eq(bwi_index_analyse(ix, &st, word, strlen(word), &t,
	                                   &stop, NULL), BW_OK);
	bwi_stemmer_free(st);
	return t;
}

/* The key of posting p (an index among all postings) of term t. */
static uint32_t key_of(uint32_t t, size_t p)
{
	size_t n = ix->term_post[t + 1] - ix->term_post[t];
	bwi_keys k = bwi_term_keys(ix, t, n);
	ck_assert_uint_ge(p, ix->term_post[t]);
	ck_assert_uint_lt(p, ix->term_post[t + 1]);
	return bwi_key_at(&k, p - ix->term_post[t]);
}

/* The posting of term t for doc, or -1. */
static long posting(uint32_t t, uint32_t doc)
{
	for (uint32_t i = ix->term_post[t]; i < ix->term_post[t + 1]; i++)
		if (BWI_KEY_DOC(key_of(t, i)) == doc)
			return i;
	return -1;
}

START_TEST(test_dictionaries)
{
	uint32_t t;
	int stop;
	bwi_stemmer *st = NULL;
	/* words sorted, unique; every word maps to a term or is a stop word */
	for (size_t i = 1; i < ix->words.n; i++)
		ck_assert_int_lt(strcmp(bwi_strset_at(&ix->words, i - 1),
		                        bwi_strset_at(&ix->words, i)), 0);
	for (size_t i = 1; i < ix->terms.n; i++)
		ck_assert_int_lt(strcmp(bwi_strset_at(&ix->terms, i - 1),
		                        bwi_strset_at(&ix->terms, i)), 0);
	ck_assert_uint_ne(bwi_strset_find(&ix->words, "psoas", 5), (size_t)-1);
	ck_assert_uint_ne(bwi_strset_find(&ix->words, "soas", 4), (size_t)-1);
	ck_assert_uint_eq(bwi_strset_find(&ix->words, "psoa", 4), (size_t)-1);
	/* a form the corpus lacks still finds its stem ("flexes" is there) */
	t = term_of("flexing");
	ck_assert_uint_ne(t, BWI_NONE);
	ck_assert_uint_eq(t, term_of("flexes"));
	ck_assert_uint_eq(term_of("zzzunknown"), BWI_NONE);
	ck_assert_int_eq(bwi_index_analyse(ix, &st, "the", 3, &t, &stop, NULL), BW_OK);
	ck_assert(stop);
	ck_assert_int_eq(bwi_index_analyse(ix, &st, "whom", 4, &t, &stop, NULL), BW_OK);
	ck_assert(stop); /* a stop word the corpus never uses */
	ck_assert_ptr_null(st); /* no stemming needed for either */
}
END_TEST

START_TEST(test_postings)
{
	uint32_t t = term_of("psoas"), psoas = ordinal("psoas-major");
	uint32_t release = ordinal("abdominal-release");
	uint32_t endo = ordinal("endometriosis");
	long p;
	/* posting lists ascend by ordinal */
	for (size_t x = 0; x < ix->terms.n; x++)
		for (uint32_t i = ix->term_post[x] + 1; i < ix->term_post[x + 1]; i++)
			ck_assert_uint_lt(BWI_KEY_DOC(key_of((uint32_t)x, i - 1)),
			                  BWI_KEY_DOC(key_of((uint32_t)x, i)));
	p = posting(t, psoas);
	ck_assert_int_ge(p, 0);
	ck_assert_uint_eq(BWI_KEY_CLASS(key_of(t, (size_t)p)), BWI_CLASS_NAME);
	ck_assert_int_ge(posting(t, release), 0);
	ck_assert_uint_eq(BWI_KEY_CLASS(key_of(t, (size_t)posting(t, release))),
	                  BWI_CLASS_NAME);
	/* endometriosis mentions the psoas only in its adjustment */
	p = posting(t, endo);
	ck_assert_int_ge(p, 0);
	ck_assert_uint_eq(BWI_KEY_CLASS(key_of(t, (size_t)p)), BWI_CLASS_BODY);
	/* a name hit scores above a body hit, and no score is negative */
	ck_assert(ix->post_score[posting(t, psoas)] > ix->post_score[p]);
	for (size_t i = 0; i < ix->npost; i++)
		ck_assert(ix->post_score[i] > 0);
	/* "hiker" occurs only in an alias */
	p = posting(term_of("hiker"), psoas);
	ck_assert_uint_eq(BWI_KEY_CLASS(key_of(term_of("hiker"), (size_t)p)),
	                  BWI_CLASS_ALIAS);
	/* "fossa" only in iliacus's summary and origin */
	p = posting(term_of("fossa"), ordinal("iliacus"));
	ck_assert_uint_eq(BWI_KEY_CLASS(key_of(term_of("fossa"), (size_t)p)),
	                  BWI_CLASS_SUMMARY);
	/* a technique's target is indexed by the muscle's name */
	ck_assert_int_ge(posting(term_of("major"), ordinal("table-edge-stretch")), 0);
	/* a disputed fact's correction is indexed */
	ck_assert_int_ge(posting(term_of("hamstrings"), psoas), 0);
	/* rule reasons are indexed */
	ck_assert_int_ge(posting(term_of("abdomen"), endo), 0);
}
END_TEST

START_TEST(test_positions)
{
	uint32_t psoas = ordinal("psoas-major");
	long a = posting(term_of("hip"), psoas), b = posting(term_of("hiker"), psoas);
	int adjacent = 0;
	const uint16_t *pa, *pb;
	size_t na, nb, total = 0;
	/* each posting's positions ascend, follow the last one's, and all of
	 * them together are the positions */
	for (size_t i = 0; i < ix->npost; i++) {
		size_t n;
		const uint16_t *p = bwi_post_positions(ix, i, &n);
		ck_assert_ptr_eq(p, ix->pos + total);
		ck_assert_uint_gt(n, 0);
		for (size_t k = 1; k < n; k++)
			ck_assert_uint_lt(p[k - 1], p[k]);
		total += n;
	}
	ck_assert_uint_eq(total, ix->npos);
	for (size_t blk = 0; blk * BWI_POS_BLOCK < ix->npost; blk++)
		ck_assert(bwi_pos_block_ok(ix, blk));
	/* "hip hiker": some hip position is right before a hiker position */
	pa = bwi_post_positions(ix, (size_t)a, &na);
	pb = bwi_post_positions(ix, (size_t)b, &nb);
	for (size_t i = 0; i < na; i++)
		for (size_t k = 0; k < nb; k++)
			adjacent |= pa[i] + 1 == pb[k];
	ck_assert(adjacent);
}
END_TEST

static int has_name(const char *key, const char *id, int alias)
{
	const uint32_t *l;
	size_t n = bwi_index_names(ix, key, strlen(key), &l);
	uint32_t want = ordinal(id) << 1 | (uint32_t)alias;
	for (size_t i = 0; i < n; i++)
		if (l[i] == want)
			return 1;
	return 0;
}

START_TEST(test_name_keys)
{
	ck_assert(has_name("psoa major", "psoas-major", 0));
	ck_assert(has_name("hip hiker", "psoas-major", 1));
	ck_assert(has_name("so as", "psoas-major", 1));  /* "so-as", parts */
	ck_assert(has_name("soa", "psoas-major", 1));    /* "so-as", joined */
	ck_assert(has_name("lbp", "low-back-pain", 1));
	ck_assert(has_name("tabl edg stretch", "table-edge-stretch", 0));
	ck_assert(has_name("tableedg stretch", "table-edge-stretch", 0));
	ck_assert(!has_name("psoa", "psoas-major", 0));
	{
		const uint32_t *l;
		ck_assert_uint_eq(bwi_index_names(ix, "nothing", 7, &l), 0);
		ck_assert_ptr_null(l);
	}
}
END_TEST

START_TEST(test_labels)
{
	size_t lo, hi;
	int name = 0, alias = 0, mid = 0;
	for (size_t i = 1; i < ix->labels.n; i++)
		ck_assert_int_le(strcmp(bwi_strset_at(&ix->labels, i - 1),
		                        bwi_strset_at(&ix->labels, i)), 0);
	bwi_strset_prefix(&ix->labels, "ps", 2, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const char *s = bwi_strset_at(&ix->labels, i);
		ck_assert(strncmp(s, "ps", 2) == 0);
		/* the name from its start: no alias, no mid-key mark */
		if (strcmp(s, "psoas major") == 0 && ix->label_alias[i] == 0)
			name = 1;
		/* "Abdominal psoas release" from its second word: marked, and
		 * lying inside its whole key, which the rank is made from */
		if (strcmp(s, "psoas release") == 0 &&
		    ix->label_alias[i] == BWI_LABEL_MID &&
		    s - ix->labels.blob >= 10 && s[-1] == ' ')
			mid = strncmp(s - 10, "abdominal ", 10) == 0 &&
			      (s - 10 == ix->labels.blob || s[-11] == '\0');
	}
	ck_assert(name);
	ck_assert(mid);
	bwi_strset_prefix(&ix->labels, "hiker", 5, &lo, &hi);
	ck_assert_uint_eq(hi - lo, 1); /* "hip hiker" from its second word */
	bwi_strset_prefix(&ix->labels, "hip h", 5, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		alias |= (ix->label_alias[i] & ~BWI_LABEL_MID) != 0;
	ck_assert(alias);
	/* labels never start at a stop word: "release thread" has none, but
	 * "the" never begins one */
	bwi_strset_prefix(&ix->labels, "the ", 4, &lo, &hi);
	ck_assert_uint_eq(hi, lo);
}
END_TEST

/* Whether entity id has value of filter f. */
static int has(int f, const char *value, const char *id)
{
	const uint32_t *docs;
	size_t n = bwi_index_filter(ix, f, value, strlen(value), &docs);
	for (size_t i = 0; i < n; i++) {
		if (i)
			ck_assert_uint_lt(docs[i - 1], docs[i]);
		if (docs[i] == ordinal(id))
			return 1;
	}
	return 0;
}

START_TEST(test_filters)
{
	const uint32_t *docs;
	ck_assert(has(BWI_FILTER_REGION, "hip", "psoas-major"));
	ck_assert(has(BWI_FILTER_REGION, "hip", "iliacus"));
	ck_assert(!has(BWI_FILTER_REGION, "hip", "table-edge-stretch"));
	ck_assert(has(BWI_FILTER_CONTACT, "lower abdomen", "abdominal-release"));
	ck_assert(!has(BWI_FILTER_CONTACT, "lower abdomen", "table-edge-stretch"));
	/* filed under the sites it lies within too */
	ck_assert(has(BWI_FILTER_CONTACT, "abdomen", "abdominal-release"));
	ck_assert(has(BWI_FILTER_CONTACT, "leg", "table-edge-stretch"));
	ck_assert(!has(BWI_FILTER_CONTACT, "leg", "abdominal-release"));
	ck_assert(has(BWI_FILTER_TARGET, "psoas major", "abdominal-release"));
	ck_assert(has(BWI_FILTER_TARGET, "psoas major", "table-edge-stretch"));
	ck_assert(has(BWI_FILTER_MODALITY, "pnf", "table-edge-stretch"));
	ck_assert(has(BWI_FILTER_EVIDENCE, "disputed", "psoas-major"));
	ck_assert(!has(BWI_FILTER_EVIDENCE, "disputed", "iliacus"));
	ck_assert(has(BWI_FILTER_SOURCE_KIND, "forum thread", "forum"));
	ck_assert(has(BWI_FILTER_CAUSES, "low back pain", "iliacus"));
	ck_assert_uint_eq(bwi_index_filter(ix, BWI_FILTER_REGION, "knee", 4, &docs), 0);
	ck_assert_ptr_null(docs);
	ck_assert_uint_eq(bwi_index_filter(ix, BWI_NFILTERS, "hip", 3, &docs), 0);
	/* kinds are ordinal ranges */
	for (int k = 0; k < BW_KIND_COUNT; k++)
		for (size_t i = 0; i < bw_db_count(db, (bw_kind)k); i++)
			ck_assert_uint_eq(bw_db_entity_at(db, (bw_kind)k, i)->ordinal,
			                  ix->kind_start[k] + i);
	ck_assert_uint_eq(ix->kind_start[BW_KIND_COUNT], bw_db_count(db, BW_KIND_COUNT));
}
END_TEST

/* Positions, loaded and compiled, of a word said 300 times (a phrase at
 * its last occurrence is found) and of words from BWI_POS_MAX on, which are
 * not recorded: their postings hold BWI_POS_NONE, which no phrase takes
 * for the position after the last one recorded. */
START_TEST(test_long_positions)
{
	static const char head[] =
	    "<corpus version=\"1\">\n"
	    "  <source id=\"s\" kind=\"book\"><title>S</title></source>\n"
	    "  <muscle id=\"gripper\" region=\"forearm\" depth=\"superficial\">\n"
	    "    <name>Gripper</name>\n"
	    "    <summary source=\"s\" evidence=\"practice\">";
	static const char mid[] =
	    "hold fast.</summary>\n"
	    "    <origin source=\"s\" evidence=\"established\">";
	static const char tail[] =
	    "sheath tendon.</origin>\n"
	    "    <insertion source=\"s\" evidence=\"established\">Hand.</insertion>\n"
	    "    <action source=\"s\" evidence=\"established\">Flexes.</action>\n"
	    "    <innervation source=\"s\" evidence=\"established\">Median."
	    "</innervation>\n  </muscle>\n</corpus>\n";
	static const struct {
		const char *query;
		size_t hits;
	} want[] = { { "\"grip hold\"", 1 }, { "\"hold grip\"", 0 },
	             { "\"filler tendon\"", 0 }, { "tendon", 1 } };
	size_t cap = 1 << 20, n = 0;
	char *xml = malloc(cap), out[1024];
	const char *path;
	bw_db *dbs[2];
	bw_error err;
	ck_assert_ptr_nonnull(xml);
	n += (size_t)snprintf(xml, cap, "%s", head);
	for (unsigned i = 0; i < 300; i++)
		n += (size_t)snprintf(xml + n, cap - n, "grip ");
	n += (size_t)snprintf(xml + n, cap - n, "%s", mid);
	for (unsigned i = 0; i < BWI_POS_MAX + 100; i++)
		n += (size_t)snprintf(xml + n, cap - n, "filler ");
	n += (size_t)snprintf(xml + n, cap - n, "%s", tail);
	ck_assert_uint_lt(n, cap - 1);
	path = tu_write_temp("long.xml", xml, n);
	free(xml);
	ck_assert_msg(bw_db_open(&dbs[0], &path, 1, &err) == BW_OK, "%s:%lu: %s",
	              err.file, err.line, err.message);
	snprintf(out, sizeof out, "%s.bwdb", path);
	ck_assert_int_eq(bw_db_compile(dbs[0], out, &err), BW_OK);
	path = out;
	ck_assert_int_eq(bw_db_open(&dbs[1], &path, 1, &err), BW_OK);
	for (int k = 0; k < 2; k++) {
		const bwi_index *x = dbs[k]->index;
		size_t first, np;
		const uint16_t *p;
		ck_assert_uint_eq(bwi_term_postings(x, x->word_term[bwi_strset_find(
		                  &x->words, "grip", 4)], &first), 1);
		p = bwi_post_positions(x, first, &np);
		ck_assert_uint_eq(np, 300);
		ck_assert_uint_eq(p[299], p[0] + 299);
		ck_assert_uint_eq(bwi_term_postings(x, x->word_term[bwi_strset_find(
		                  &x->words, "tendon", 6)], &first), 1);
		p = bwi_post_positions(x, first, &np);
		ck_assert_uint_eq(np, 1);
		ck_assert_uint_eq(p[0], BWI_POS_NONE);
		for (size_t q = 0; q < sizeof want / sizeof *want; q++) {
			bw_results *r = NULL;
			ck_assert_int_eq(bw_search(&r, dbs[k], want[q].query, NULL,
			                           &err), BW_OK);
			ck_assert_msg(bw_results_count(r) == want[q].hits, "%s",
			              want[q].query);
			bw_results_free(r);
		}
		bw_db_close(dbs[k]);
	}
	remove(out);
}
END_TEST

START_TEST(test_side_index)
{
	/* psoas's referral "Along the lumbar spine." is in the side index;
	 * iliacus has no referral text mentioning it */
	uint32_t t = term_of("lumbar"), n = 0;
	for (uint32_t i = ix->side_post[t]; i < ix->side_post[t + 1]; i++) {
		ck_assert_uint_eq(ix->side_doc[i], ordinal("psoas-major"));
		ck_assert(ix->side_score[i] > 0);
		n++;
	}
	ck_assert_uint_eq(n, 1);
	/* "When tight." is causes text of both muscles */
	t = term_of("tight");
	ck_assert_uint_eq(ix->side_post[t + 1] - ix->side_post[t], 2);
}
END_TEST

START_TEST(test_synonyms)
{
	/* "lower back" and "lumbar" share a group; members' terms present in
	 * the corpus resolve */
	uint32_t lumbar = term_of("lumbar"), group = BWI_NONE;
	int members = 0;
	for (size_t i = 0; i < ix->nsynonyms; i++)
		if (ix->synonyms[i].nterms == 1 && ix->synonyms[i].terms[0] == lumbar)
			group = ix->synonyms[i].group;
	ck_assert_uint_ne(group, BWI_NONE);
	for (size_t i = 0; i < ix->nsynonyms; i++)
		members += ix->synonyms[i].group == group;
	ck_assert_int_ge(members, 3);
}
END_TEST

/* ----- string sets ----- */

static bwi_strset make_set(const char *const *words, size_t n)
{
	bwi_strset s;
	size_t len = 0;
	uint32_t *perm = malloc(n * sizeof(*perm)), *off = malloc(n * sizeof(*off));
	for (size_t i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s.blob = malloc(len);
	s.off = malloc(n * sizeof(*s.off));
	s.n = n;
	len = 0;
	for (size_t i = 0; i < n; i++) {
		strcpy(s.blob + len, words[i]);
		off[i] = (uint32_t)len;
		perm[i] = (uint32_t)i;
		len += strlen(words[i]) + 1;
	}
	ck_assert_int_eq(bwi_sort_strings(s.blob, off, perm, n), BW_OK);
	for (size_t i = 0; i < n; i++)
		s.off[i] = off[perm[i]];
	free(perm);
	free(off);
	return s;
}

/* The least distance reported per string of the set. */
static unsigned found_dist[64];

static int collect(size_t lo, size_t hi, unsigned dist, void *data)
{
	(void)data;
	for (size_t i = lo; i < hi; i++)
		if (dist < found_dist[i])
			found_dist[i] = dist;
	return 0;
}

/* "word:dist" for each string found, in set order. */
static const char *fuzzy(const bwi_strset *s, const char *q, unsigned d,
                         int prefix)
{
	static char text[1024];
	size_t n = 0;
	ck_assert_uint_le(s->n, 64);
	for (size_t i = 0; i < s->n; i++)
		found_dist[i] = 99;
	bwi_strset_fuzzy(s, q, strlen(q), d, prefix, collect, NULL);
	text[0] = '\0';
	for (size_t i = 0; i < s->n; i++)
		if (found_dist[i] != 99)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s:%u",
			                      n ? " " : "", bwi_strset_at(s, i),
			                      found_dist[i]);
	return text;
}

START_TEST(test_strset)
{
	static const char *const words[] = {
		"psoas", "iliopsoas", "iliacus", "piriformis", "psoai", "soap",
		"pso", "posas", "psoasmajor", "quadratus", "", "p",
	};
	bwi_strset s = make_set(words, sizeof(words) / sizeof(words[0]));
	size_t lo, hi;
	ck_assert_str_eq(bwi_strset_at(&s, 0), "");
	ck_assert_str_eq(bwi_strset_at(&s, 1), "iliacus");
	ck_assert_uint_ne(bwi_strset_find(&s, "psoas", 5), (size_t)-1);
	ck_assert_uint_eq(bwi_strset_find(&s, "psoa", 4), (size_t)-1);
	ck_assert_uint_eq(bwi_strset_find(&s, "psoasx", 6), (size_t)-1);
	bwi_strset_prefix(&s, "pso", 3, &lo, &hi);
	ck_assert_uint_eq(hi - lo, 4); /* pso psoai psoas psoasmajor */
	bwi_strset_prefix(&s, "zz", 2, &lo, &hi);
	ck_assert_uint_eq(hi, lo);
	bwi_strset_prefix(&s, "", 0, &lo, &hi);
	ck_assert_uint_eq(hi - lo, s.n);
	/* full words within the budget; a transposition is one edit */
	ck_assert_str_eq(fuzzy(&s, "psoas", 0, 0), "psoas:0");
	ck_assert_str_eq(fuzzy(&s, "psaos", 1, 0), "psoas:1");
	ck_assert_str_eq(fuzzy(&s, "psoas", 1, 0), "posas:1 psoai:1 psoas:0");
	ck_assert_str_eq(fuzzy(&s, "iliopsaos", 2, 0), "iliopsoas:1");
	ck_assert_str_eq(fuzzy(&s, "illiopsoas", 1, 0), "iliopsoas:1");
	ck_assert_str_eq(fuzzy(&s, "piriformus", 1, 0), "piriformis:1");
	ck_assert_str_eq(fuzzy(&s, "xxxxx", 2, 0), "");
	/* prefixes within the budget */
	ck_assert_str_eq(fuzzy(&s, "ilipso", 1, 1), "iliopsoas:1");
	ck_assert_str_eq(fuzzy(&s, "quadra", 1, 1), "quadratus:0");
	free(s.blob);
	free(s.off);
}
END_TEST

/* The trie walk finds exactly the strings a plain distance check finds,
 * each at its distance, for random words over a small alphabet (so that
 * near misses, transpositions and shared prefixes abound); in prefix mode,
 * exactly the strings with some prefix within the budget. */
START_TEST(test_strset_fuzzy_agrees)
{
	static char store[60][12];
	const char *words[60];
	unsigned seed = 12345;
	for (int round = 0; round < 40; round++) {
		bwi_strset s;
		for (size_t i = 0; i < 60; i++) {
			size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 7;
			for (size_t k = 0; k < n + 1; k++)
				store[i][k] = (char)('a' + ((seed = seed * 1103515245u +
				                             12345u) >> 16 & 3));
			store[i][n + 1] = '\0';
			words[i] = store[i];
		}
		s = make_set(words, 60);
		for (int qi = 0; qi < 20; qi++) {
			char q[12];
			size_t qn = 1 + ((seed = seed * 1103515245u + 12345u) >> 16 & 7);
			for (size_t k = 0; k < qn; k++)
				q[k] = (char)('a' + ((seed = seed * 1103515245u + 12345u) >>
				                     16 & 3));
			q[qn] = '\0';
			for (unsigned d = 0; d <= 2; d++) {
				for (int prefix = 0; prefix <= 1; prefix++) {
					fuzzy(&s, q, d, prefix);
					for (size_t i = 0; i < s.n; i++) {
						const char *w = bwi_strset_at(&s, i);
						size_t want = bwi_edit_distance(q, qn, w, strlen(w), d);
						for (size_t k = 0; prefix && k <= strlen(w); k++) {
							size_t e = bwi_edit_distance(q, qn, w, k, d);
							if (e < want)
								want = e;
						}
						if (want > d)
							ck_assert_msg(found_dist[i] == 99,
							              "%s found for %s within %u (prefix %d)",
							              w, q, d, prefix);
						else if (prefix)
							ck_assert_msg(found_dist[i] <= d,
							              "%s missed for %s within %u (prefix)",
							              w, q, d);
						else
							ck_assert_msg(found_dist[i] == want,
							              "%s for %s: %u, want %zu", w, q,
							              found_dist[i], want);
					}
				}
			}
		}
		free(s.blob);
		free(s.off);
	}
}
END_TEST

START_TEST(test_sort_strings_stable)
{
	/* equal strings keep their input order; long shared prefixes and
	 * bytes above 0x7f sort as unsigned */
	static const char blob[] = "b\0a\0b\0\xc3\xa9\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\0"
	                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0z";
	uint32_t off[] = { 0, 2, 4, 6, 9, 44, 79 };
	uint32_t perm[400];
	size_t n = 7;
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	ck_assert_int_eq(bwi_sort_strings(blob, off, perm, n), BW_OK);
	ck_assert_uint_eq(perm[0], 1);
	ck_assert_uint_eq(perm[1], 5);
	ck_assert_uint_eq(perm[2], 4);
	ck_assert_uint_eq(perm[3], 0);
	ck_assert_uint_eq(perm[4], 2);
	ck_assert_uint_eq(perm[5], 6);
	ck_assert_uint_eq(perm[6], 3);
	/* a large bucket takes the radix path; stability holds there too */
	{
		static const char two[] = "y\0x";
		uint32_t o2[400];
		for (uint32_t i = 0; i < 400; i++) {
			o2[i] = i % 3 ? 0 : 2;
			perm[i] = i;
		}
		ck_assert_int_eq(bwi_sort_strings(two, o2, perm, 400), BW_OK);
		for (uint32_t i = 1; i < 400; i++) {
			ck_assert_int_le(strcmp(two + o2[perm[i - 1]], two + o2[perm[i]]), 0);
			if (o2[perm[i - 1]] == o2[perm[i]])
				ck_assert_uint_lt(perm[i - 1], perm[i]);
		}
	}
}
END_TEST

START_TEST(test_empty_corpus)
{
	/* a corpus with nothing searchable still builds */
	static const char xml[] = "<?xml version=\"1.0\"?><corpus version=\"1\">"
		"<source id=\"s\" kind=\"book\"><title>X</title></source></corpus>";
	const char *path = tu_write_temp("empty.xml", xml, sizeof(xml) - 1);
	bw_db *d = NULL;
	bw_error err;
	ck_assert_int_eq(bw_db_open(&d, &path, 1, &err), BW_OK);
	ck_assert_ptr_nonnull(d->index);
	ck_assert_uint_eq(d->index->ndocs, 1);
	bw_db_close(d);
	remove(path);
}
END_TEST

static Suite *index_suite(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("built");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dictionaries);
	tcase_add_test(tc, test_postings);
	tcase_add_test(tc, test_positions);
	tcase_add_test(tc, test_long_positions);
	tcase_add_test(tc, test_name_keys);
	tcase_add_test(tc, test_labels);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_side_index);
	tcase_add_test(tc, test_synonyms);
	suite_add_tcase(s, tc);
	tc = tcase_create("strset");
	tcase_add_test(tc, test_strset);
	tcase_add_test(tc, test_strset_fuzzy_agrees);
	tcase_add_test(tc, test_sort_strings_stable);
	tcase_add_test(tc, test_empty_corpus);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(index_suite());
}
