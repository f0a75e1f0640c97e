/*
 * parse.c: the query language, read left to right in one pass.
 *
 *   word            must match (the last one also as a prefix)
 *   "a phrase"      these words, next to each other, in one text
 *   -word -"a b"    must not match
 *   field:value     a filter (field:"two words" for a value with spaces);
 *                   -field:value excludes
 *
 * Items are separated by white space and control characters.  Each word
 * item is tokenized as the corpus is (text.h): "psoas/iliacus" is two
 * words, and a hyphenated compound ("so-as", "hip-extension") is one
 * clause matching its parts as a phrase or its parts run together.  A
 * filter's name is a known one (kind, or a name in bwi_filter_names); an
 * unknown name before a colon is an error only when a value follows, so
 * a client's "pain: sharp" still searches.  Errors carry the 1-based byte
 * column of the offending item.
 */
#include <string.h>

#include "query.h"

bw_status bwi_options(bw_search_options *o, const bw_search_options *opts,
                      bw_error *err)
{
	static const bw_search_options defaults = BW_SEARCH_OPTIONS_INIT;
	*o = opts ? *opts : defaults;
	if (o->version != BW_SEARCH_OPTIONS_VERSION)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "search options version %u is not %u",
		                     o->version, BW_SEARCH_OPTIONS_VERSION);
	if (o->limit < 1 || o->limit > BWI_LIMIT_MAX)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "limit %zu is not between 1 and %d",
		                     o->limit, BWI_LIMIT_MAX);
	if (o->kinds >> BW_KIND_COUNT)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "kinds mask 0x%x names no kind", o->kinds);
	if (!o->mark_open)
		o->mark_open = "[";
	if (!o->mark_close)
		o->mark_close = "]";
	if (!o->snippet_words)
		o->snippet_words = 24;
	return BW_OK;
}

static int is_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

static bw_status query_error(bw_error *err, size_t at, const char *what,
                             const char *s, size_t n)
{
	return bwi_error_set(err, BW_EQUERY, NULL, 0, at + 1, "%s '%.*s'", what,
	                     (int)(n > 64 ? 64 : n), s);
}

bw_status bwi_query_run(bw_results **out, const bw_db *db, const char *text,
                        const bw_search_options *opts, bw_error *err,
                        bwi_query_fn fn)
{
	bw_search_options o;
	bwi_arena arena;
	bwi_query q;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !text || !db->index)
		return bwi_error_code(err, BW_EINVAL);
	if ((st = bwi_options(&o, opts, err)))
		return st;
	memset(&q, 0, sizeof(q));
	bwi_arena_init(&arena);
	q.ix = db->index;
	q.arena = &arena;
	q.kinds = o.kinds;
	q.flags = o.flags;
	q.text = text;
	st = fn(out, db, &q, &o, err);
	bwi_query_free(&q);
	bwi_arena_free(&arena);
	if (st == BW_ENOMEM)
		bwi_error_code(err, st);
	return st;
}

void bwi_query_free(bwi_query *q)
{
	for (size_t i = 0; i < q->nclauses; i++)
		bwi_free(q->clauses[i].alts);
	for (size_t i = 0; i < q->nexcludes; i++)
		bwi_free(q->excludes[i].alts);
	bwi_free(q->clauses);
	bwi_free(q->excludes);
	bwi_free(q->filters);
	bwi_stemmer_free(q->stemmer);
	memset(q, 0, sizeof(*q));
}

static bw_status analyse(bwi_query *q, bwi_qword *w, const bwi_token *tok,
                         uint32_t pos)
{
	memcpy(w->word, tok->word, tok->len + 1);
	w->len = tok->len;
	w->pos = pos;
	return bwi_index_analyse(q->ix, &q->stemmer, w->word, w->len, &w->term,
	                         &w->stop, w->stem);
}

/* A new clause in the positive or negative list. */
static bwi_clause *new_clause(bwi_query *q, int negate, size_t start,
                              size_t end)
{
	bwi_clause **list = negate ? &q->excludes : &q->clauses;
	size_t *n = negate ? &q->nexcludes : &q->nclauses;
	size_t *cap = negate ? &q->cap_x : &q->cap_c;
	bwi_clause *c;
	if (bwi_grow((void **)list, cap, *n + 1, sizeof(**list)))
		return NULL;
	c = &(*list)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->end = end;
	return c;
}

/* Words for a clause, from the arena. */
static bwi_qword *clause_words(bwi_query *q, bwi_clause *c, size_t n)
{
	c->words = bwi_arena_alloc(q->arena, n * sizeof(*c->words));
	return c->words;
}

/* Whether every word of c is a stop word (nothing to search for). */
static int all_stop(const bwi_clause *c)
{
	for (size_t i = 0; i < c->nwords; i++)
		if (!c->words[i].stop)
			return 0;
	return 1;
}

/* Drop the clause just added when it has nothing to search for. */
static void drop_if_empty(bwi_query *q, int negate)
{
	size_t *n = negate ? &q->nexcludes : &q->nclauses;
	bwi_clause *c = negate ? &q->excludes[*n - 1] : &q->clauses[*n - 1];
	if (all_stop(c) && !(c->compound && !c->joined.stop && c->joined.len))
		(*n)--;
}

/* The word items of s[start..end): a clause per word or compound. */
static bw_status add_words(bwi_query *q, size_t start, size_t end,
                           int negate)
{
	bwi_tokenizer t;
	bwi_token tok;
	bwi_clause *c = NULL;
	size_t compound = (size_t)-1; /* where c's compound starts */
	bwi_tok_init(&t, q->text + start, end - start, 0);
	while (bwi_tok_next(&t, &tok)) {
		if (tok.flags & BWI_TOKEN_JOINED) {
			if (c && c->compound && analyse(q, &c->joined, &tok, 0))
				return BW_ENOMEM;
			continue;
		}
		if (!c || t.part_start[0] != compound) {
			/* a new word, or the first part of a compound */
			if (c)
				drop_if_empty(q, negate);
			c = new_clause(q, negate, start + tok.start, start + tok.end);
			if (!c || !clause_words(q, c, t.nparts))
				return BW_ENOMEM;
			c->compound = t.nparts > 1;
			compound = t.part_start[0];
		}
		c->end = start + tok.end;
		if (analyse(q, &c->words[c->nwords], &tok, (uint32_t)c->nwords))
			return BW_ENOMEM;
		c->nwords++;
	}
	if (c)
		drop_if_empty(q, negate);
	return BW_OK;
}

/* A quoted phrase; s[start] is the opening quote, s[end - 1] the closing. */
static bw_status add_phrase(bwi_query *q, size_t start, size_t end,
                            int negate)
{
	bwi_tokenizer t;
	bwi_token tok;
	size_t n = 0;
	bwi_clause *c;
	bwi_tok_init(&t, q->text + start + 1, end - start - 2, 0);
	while (bwi_tok_next(&t, &tok))
		n += !(tok.flags & BWI_TOKEN_JOINED);
	if (n == 0)
		return BW_OK;
	c = new_clause(q, negate, start, end);
	if (!c || !clause_words(q, c, n))
		return BW_ENOMEM;
	c->phrase = 1;
	bwi_tok_init(&t, q->text + start + 1, end - start - 2, 0);
	while (bwi_tok_next(&t, &tok)) {
		if (tok.flags & BWI_TOKEN_JOINED)
			continue;
		if (analyse(q, &c->words[c->nwords++], &tok, tok.pos))
			return BW_ENOMEM;
	}
	drop_if_empty(q, negate);
	return BW_OK;
}

/* The filter named s[0..n): -1 for kind, BWI_FILTER_*, or -2. */
static int filter_field(const char *s, size_t n)
{
	char name[32];
	for (size_t i = 0; i < n; i++)
		name[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	if (n == 4 && memcmp(name, "kind", 4) == 0)
		return -1;
	for (int f = 0; f < BWI_NFILTERS; f++)
		if (strlen(bwi_filter_names[f]) == n &&
		    memcmp(bwi_filter_names[f], name, n) == 0)
			return f;
	return -2;
}

static bw_status add_filter(bwi_query *q, int field, int negate,
                            size_t vstart, size_t vend, bw_error *err)
{
	char *key;
	size_t kn;
	bwi_filter *f;
	bw_status st = bwi_name_key(&key, &kn, q->text + vstart, vend - vstart);
	if (st)
		return bwi_error_code(err, st);
	if (bwi_grow((void **)&q->filters, &q->cap_f, q->nfilters + 1,
	             sizeof(*q->filters))) {
		bwi_free(key);
		return bwi_error_code(err, BW_ENOMEM);
	}
	f = &q->filters[q->nfilters];
	memset(f, 0, sizeof(*f));
	f->field = field;
	f->negate = negate;
	if (field == -1) {
		bw_kind kind;
		if (bw_kind_parse(&kind, key) != BW_OK) {
			bwi_free(key);
			return bwi_error_set(err, BW_EQUERY, NULL, 0, vstart + 1,
			                     "unknown kind '%.*s': kinds are source, "
			                     "muscle, technique, condition, symptom",
			                     (int)(vend - vstart > 64 ? 64 :
			                           vend - vstart), q->text + vstart);
		}
		f->kind = (int)kind;
	} else {
		f->n = bwi_index_filter(q->ix, field, key, kn, &f->docs);
	}
	bwi_free(key);
	q->nfilters++;
	return BW_OK;
}

/* The end of the quoted text starting at s[at] (a quote), past the closing
 * quote; 0 when it is not closed. */
static size_t quote_end(const char *s, size_t n, size_t at)
{
	const char *close = memchr(s + at + 1, '"', n - at - 1);
	return close ? (size_t)(close - s) + 1 : 0;
}

/* An item that may be a filter: name:value.  *done says it was one. */
static bw_status try_filter(bwi_query *q, size_t at, size_t *end, int negate,
                            int *done, bw_error *err)
{
	const char *s = q->text;
	const char *colon = memchr(s + at, ':', *end - at);
	size_t name_n, vstart, vend;
	int field;
	*done = 0;
	if (!colon || colon == s + at || (size_t)(colon - s - at) >= 32)
		return BW_OK;
	name_n = (size_t)(colon - s) - at;
	for (size_t i = 0; i < name_n; i++) {
		char c = s[at + i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
			return BW_OK;
	}
	field = filter_field(s + at, name_n);
	vstart = at + name_n + 1;
	vend = *end;
	if (vstart == vend && vend < q->len && s[vend] == '"') {
		size_t qe = quote_end(s, q->len, vend);
		if (!qe)
			return bwi_error_set(err, BW_EQUERY, NULL, 0, vend + 1,
			                     "unclosed quote");
		vstart = vend + 1;
		vend = qe - 1;
		*end = qe;
	}
	if (vstart == vend) {
		if (field == -2)
			return BW_OK; /* "pain:" is a word */
		return query_error(err, at, "no value after the filter", s + at,
		                   name_n + 1);
	}
	if (field == -2)
		return bwi_error_set(err, BW_EQUERY, NULL, 0, at + 1,
		                     "unknown filter '%.*s': filters are kind, "
		                     "region, depth, modality, lever, source-kind, "
		                     "position, contact, pressure, method, movement, "
		                     "target, causes, evidence", (int)name_n, s + at);
	*done = 1;
	return add_filter(q, field, negate, vstart, vend, err);
}

bw_status bwi_query_parse(bwi_query *q, const char *text, size_t maxwords,
                          bw_error *err)
{
	size_t n = strlen(text), at = 0, bad;
	q->text = text;
	q->len = n;
	if (n > BWI_QUERY_MAX_BYTES)
		return bwi_error_set(err, BW_EQUERY, NULL, 0,
		                     BWI_QUERY_MAX_BYTES + 1,
		                     "the query is longer than %d bytes",
		                     BWI_QUERY_MAX_BYTES);
	bad = bwi_utf8_invalid_at(text, n);
	if (bad < n)
		return bwi_error_set(err, BW_EUTF8, NULL, 0, bad + 1,
		                     "the query is not valid UTF-8 at byte %zu",
		                     bad + 1);
	q->trailing_space = n > 0 && is_space((unsigned char)text[n - 1]);
	while (at < n) {
		int negate = 0, done = 0;
		size_t end, before = q->nclauses + q->nexcludes;
		bw_status st;
		if (is_space((unsigned char)text[at])) {
			at++;
			continue;
		}
		while (at < n && text[at] == '-') {
			negate = 1;
			at++;
		}
		if (at >= n || is_space((unsigned char)text[at]))
			continue; /* a dash alone is a separator */
		if (text[at] == '"') {
			end = quote_end(text, n, at);
			if (!end)
				return bwi_error_set(err, BW_EQUERY, NULL, 0, at + 1,
				                     "unclosed quote");
			st = add_phrase(q, at, end, negate);
		} else {
			end = at;
			while (end < n && !is_space((unsigned char)text[end]) &&
			       text[end] != '"')
				end++;
			st = try_filter(q, at, &end, negate, &done, err);
			if (st)
				return st;
			if (!done)
				st = add_words(q, at, end, negate);
		}
		if (st)
			return bwi_error_code(err, st);
		if (q->nclauses + q->nexcludes > maxwords &&
		    q->nclauses + q->nexcludes > before)
			return bwi_error_set(err, BW_EQUERY, NULL, 0, at + 1,
			                     "too many words: at most %zu",
			                     maxwords);
		at = end;
	}
	return BW_OK;
}
