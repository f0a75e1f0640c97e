/*
 * results.c: the results handle and what it tells about each hit.
 *
 * A bw_results is one allocation: the struct, its hits, the query's terms
 * and copies of the snippet markers (the correction string is its own).
 * The matched fields, the label and the snippet of a hit are worked out
 * when asked, only for the hits a caller shows: each walks the entity's
 * searchable texts (index/texts.c, the same walk the index was built
 * from), tokenizes them and looks each word up in the dictionary, so a
 * word is marked exactly when the index matched it.  These read only, so
 * they need no stemmer and no allocation.
 *
 * A snippet is the text holding the most distinct query terms (a summary
 * before body text on a tie, aliases and tags last), cut to a window of at
 * most snippet_words words: the window with the most matches, preferring
 * one that starts a sentence (as FTS5's snippet()), then the one that
 * centres its matches.
 */
#include <string.h>

#include "query.h"

bw_status bwi_results_new(bw_results **out, const bw_db *db, size_t n,
                          const uint32_t *terms, size_t nterms,
                          const bw_search_options *o)
{
	size_t lo = strlen(o->mark_open) + 1, lc = strlen(o->mark_close) + 1;
	size_t size = sizeof(bw_results) + n * sizeof(bwi_hit) +
	              nterms * sizeof(uint32_t) + lo + lc;
	bw_results *r = bwi_malloc(size);
	char *p;
	*out = NULL;
	if (!r)
		return BW_ENOMEM;
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->count = n;
	r->hits = (bwi_hit *)(r + 1);
	memset(r->hits, 0, n * sizeof(bwi_hit));
	r->terms = (uint32_t *)(r->hits + n);
	if (nterms)
		memcpy(r->terms, terms, nterms * sizeof(uint32_t));
	r->nterms = nterms;
	p = (char *)(r->terms + nterms);
	r->mark_open = memcpy(p, o->mark_open, lo);
	r->mark_close = memcpy(p + lo, o->mark_close, lc);
	r->snippet_words = o->snippet_words;
	*out = r;
	return BW_OK;
}

void bw_results_free(bw_results *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		bwi_free(r->hits[i].dropped);
	bwi_free(r->correction);
	bwi_free(r);
}

const char *bw_results_dropped(const bw_results *r, size_t i)
{
	return r && i < r->count ? r->hits[i].dropped : NULL;
}

size_t bw_results_count(const bw_results *r)
{
	return r ? r->count : 0;
}

size_t bw_results_total(const bw_results *r)
{
	return r ? r->total : 0;
}

const char *bw_results_correction(const bw_results *r)
{
	return r ? r->correction : NULL;
}

static const bwi_hit *hit(const bw_results *r, size_t i)
{
	return r && i < r->count ? &r->hits[i] : NULL;
}

const bw_entity *bw_results_entity(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	return h ? h->entity : NULL;
}

double bw_results_score(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	return h ? h->score : 0;
}

bw_match bw_results_match(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	return h ? (bw_match)h->tier : BW_MATCH_EXACT;
}

const bw_fact *bw_results_fact(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	return h ? h->fact : NULL;
}

/* ----- matching a hit's texts ----- */

/* The index in r->terms of the term of token tok of text s, or -1 (a stop
 * word as written has none). */
static long term_index(const bw_results *r, const char *s,
                       const bwi_token *tok)
{
	const bwi_index *ix = r->db->index;
	size_t w = bwi_index_find(ix, &ix->words, tok->word, tok->len), lo = 0,
	       hi = r->nterms;
	uint32_t t;
	if (w == (size_t)-1 || (t = bwi_word_term(ix, w)) == BWI_NONE ||
	    bwi_token_stop(s, tok))
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->terms[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nterms && r->terms[lo] == t ? (long)lo : -1;
}

static int token_hits(const bw_results *r, const char *s,
                      const bwi_token *tok)
{
	return term_index(r, s, tok) >= 0;
}

/* How many distinct query terms text holds (terms beyond the 64th count
 * with those 64 apart). */
static unsigned distinct_hits(const bw_results *r, const char *text)
{
	uint64_t seen = 0;
	unsigned n = 0;
	bwi_tokenizer t;
	bwi_token tok;
	bwi_tok_init(&t, text, strlen(text), 0);
	while (bwi_tok_next(&t, &tok)) {
		long k = term_index(r, text, &tok);
		if (k >= 0 && !(seen >> (k % 64) & 1)) {
			seen |= (uint64_t)1 << (k % 64);
			n++;
		}
	}
	return n;
}

typedef struct fields_walk {
	const bw_results *r;
	uint64_t bits;
} fields_walk;

static int fields_text(const bwi_text *t, void *data)
{
	fields_walk *f = data;
	uint64_t bit = t->field == BWI_TEXT_NAME ? BW_NAME_BIT :
	               t->field >= 0 ? BW_FIELD_BIT(t->field) : 0;
	if (bit && !(f->bits & bit) && distinct_hits(f->r, t->text))
		f->bits |= bit;
	return 0;
}

uint64_t bw_results_fields(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	fields_walk f = { r, 0 };
	if (!h || !r->nterms)
		return 0;
	bwi_entity_texts(h->entity, fields_text, &f);
	return f.bits;
}

const char *bw_results_label(const bw_results *r, size_t i)
{
	const bwi_hit *h = hit(r, i);
	const bw_entity *e;
	const bw_fact *alias;
	size_t nalias;
	if (!h)
		return NULL;
	e = h->entity;
	alias = bwi_entity_facts(e, BW_FIELD_ALIAS, &nalias);
	if (r->suggest)
		return h->label ? bwi_fact_text(&alias[h->label - 1]) :
		                  bwi_entity_name(e);
	if (r->nterms && !distinct_hits(r, bwi_entity_name(e)))
		for (size_t k = 0; k < nalias; k++)
			if (distinct_hits(r, bwi_fact_text(&alias[k])))
				return bwi_fact_text(&alias[k]);
	return bwi_entity_name(e);
}

/* ----- snippets ----- */

typedef struct best_text {
	const bw_results *r;
	const char *text;
	const bw_fact *fact;       /* text's fact, or NULL */
	const bw_fact *fallback_fact;
	unsigned score;            /* distinct hits, then group preference */
	const char *fallback;      /* the summary, or the first body text */
	unsigned name_hits;        /* distinct hits in the name */
} best_text;

static int snippet_text(const bwi_text *t, void *data)
{
	static const unsigned pref[BWI_NGROUPS] = { 0, 1, 3, 0, 2 };
	best_text *b = data;
	unsigned n, score;
	if (!b->r->nterms && b->fallback)
		return 1;
	if (t->group == BWI_GROUP_NAME) {
		b->name_hits = b->r->nterms ? distinct_hits(b->r, t->text) : 0;
		return 0;
	}
	if (!b->fallback && (t->group == BWI_GROUP_SUMMARY ||
	                     t->group == BWI_GROUP_BODY)) {
		b->fallback = t->text;
		b->fallback_fact = t->fact;
	}
	if (!b->r->nterms || !(n = distinct_hits(b->r, t->text)))
		return 0;
	/* an alias or tag shows why a hit matched only when it holds more
	 * of the query than the name already shown beside it */
	if ((t->group == BWI_GROUP_ALIAS || t->group == BWI_GROUP_TAGS) &&
	    n <= b->name_hits)
		return 0;
	score = n * 4 + pref[t->group];
	if (score > b->score) {
		b->score = score;
		b->text = t->text;
		b->fact = t->fact;
	}
	return 0;
}

/* Writes into a caller's buffer as snprintf does. */
typedef struct out {
	char *buf;
	size_t size, len;
} out;

static void put(out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1, k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->buf[o->len + k] = '\0';
	}
	o->len += n;
}

#define SNIPPET_TOKENS 1024 /* words of one text a snippet considers */

typedef struct word {
	uint32_t start, end;       /* bytes in the text */
	uint8_t hit;               /* 1 a hit, 2 inside a hit compound */
	uint8_t sentence;          /* starts a sentence */
} word;

/* Whether the text before byte at ends a sentence (or is the start). */
static int sentence_start(const char *s, size_t at)
{
	while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t' ||
	                  s[at - 1] == '\n'))
		at--;
	return at == 0 || s[at - 1] == '.' || s[at - 1] == '!' ||
	       s[at - 1] == '?' || s[at - 1] == ';' || s[at - 1] == ':';
}

/* The words of s from its skip-th on, at most SNIPPET_TOKENS into w; *more
 * says words remain after the last one kept. */
static size_t words_of(const bw_results *r, const char *s, size_t skip,
                       word *w, int *more)
{
	bwi_tokenizer t;
	bwi_token tok;
	size_t n = 0, compound = 0, seen = 0;
	*more = 0;
	bwi_tok_init(&t, s, strlen(s), 0);
	while (bwi_tok_next(&t, &tok)) {
		if (tok.flags & BWI_TOKEN_JOINED) {
			/* a hit on the joined word marks the whole compound */
			if (n && token_hits(r, s, &tok)) {
				for (size_t k = compound; k < n; k++)
					w[k].hit = 2;
				if (compound < n) {
					w[compound].hit = 1;
					w[compound].end = w[n - 1].end;
				}
			}
			continue;
		}
		if (t.next_part == 1)
			compound = n;
		if (seen++ < skip)
			continue;
		if (n == SNIPPET_TOKENS || tok.end > UINT32_MAX) {
			*more = 1;
			break;
		}
		w[n].start = (uint32_t)tok.start;
		w[n].end = (uint32_t)tok.end;
		w[n].hit = (uint8_t)token_hits(r, s, &tok);
		w[n].sentence = (uint8_t)sentence_start(s, tok.start);
		n++;
	}
	return n;
}

/* Where a snippet of span words of s starts looking: 0, unless its first
 * hit lies too deep for a window of the first SNIPPET_TOKENS words. */
static size_t snippet_skip(const bw_results *r, const char *s, size_t span)
{
	bwi_tokenizer t;
	bwi_token tok;
	size_t seen = 0, compound = 0;
	bwi_tok_init(&t, s, strlen(s), 0);
	while (bwi_tok_next(&t, &tok)) {
		size_t at;
		if (!(tok.flags & BWI_TOKEN_JOINED) && t.next_part == 1)
			compound = seen;
		at = tok.flags & BWI_TOKEN_JOINED ? compound : seen;
		if (token_hits(r, s, &tok))
			return at + span <= SNIPPET_TOKENS ? 0 :
			       at > span ? at - span : 0;
		seen += !(tok.flags & BWI_TOKEN_JOINED);
	}
	return 0;
}

size_t bw_results_snippet(char *buf, size_t size, const bw_results *r,
                          size_t i)
{
	const bwi_hit *h = hit(r, i);
	best_text b;
	word w[SNIPPET_TOKENS];
	out o = { buf, buf ? size : 0, 0 };
	size_t n, from = 0, to, span, skip;
	const char *s;
	const bw_fact *fact;
	int more;
	if (buf && size)
		buf[0] = '\0';
	if (!h)
		return 0;
	memset(&b, 0, sizeof(b));
	b.r = r;
	bwi_entity_texts(h->entity, snippet_text, &b);
	s = b.text ? b.text : b.fallback;
	fact = b.text ? b.fact : b.fallback_fact;
	if (!s)
		return 0;
	skip = r->nterms ? snippet_skip(r, s, r->snippet_words) : 0;
	n = words_of(r, s, skip, w, &more);
	span = r->snippet_words < n ? r->snippet_words : n;
	if (span < n) {
		/* the window of span words with the most hits; among those,
		 * one starting a sentence, then the one that centres them */
		size_t best_from = 0, best_hits = 0, best_pen = (size_t)-1;
		int best_sent = 0;
		for (size_t f = 0; f + span <= n; f++) {
			size_t hits = 0, first = 0, last = 0, pen, mid;
			int sent = w[f].sentence;
			for (size_t k = f; k < f + span; k++) {
				if (w[k].hit != 1)
					continue;
				if (!hits++)
					first = k;
				last = k;
			}
			mid = f + (span - 1) / 2;
			pen = first + last > 2 * mid ? first + last - 2 * mid :
			      2 * mid - first - last;
			if (hits > best_hits ||
			    (hits == best_hits && (sent > best_sent ||
			     (sent == best_sent && pen < best_pen)))) {
				best_from = f;
				best_hits = hits;
				best_sent = sent;
				best_pen = pen;
			}
		}
		from = best_from;
	}
	to = from + span;
	more |= to < n;
	if (fact && bwi_fact_correction(fact))
		put(&o, BWI_DISPUTED_MARK, strlen(BWI_DISPUTED_MARK));
	if (from + skip > 0)
		put(&o, "...", 3);
	{
		size_t at = from < n ? w[from].start : 0;
		size_t end = more && to ? w[to - 1].end : strlen(s);
		if (from + skip == 0)
			at = 0;
		for (size_t k = from; k < to; k++) {
			if (w[k].hit != 1)
				continue;
			put(&o, s + at, w[k].start - at);
			put(&o, r->mark_open, strlen(r->mark_open));
			put(&o, s + w[k].start, w[k].end - w[k].start);
			put(&o, r->mark_close, strlen(r->mark_close));
			at = w[k].end;
		}
		if (end > at)
			put(&o, s + at, end - at);
	}
	if (more)
		put(&o, "...", 3);
	return o.len;
}
