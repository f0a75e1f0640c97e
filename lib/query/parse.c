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
#include <stdio.h>
#include <string.h>

#include "query.h"

bw_status bwi_options(bw_search_options *o, const bw_search_options *opts,
                      bw_error *err)
{
	static const bw_search_options defaults = BW_SEARCH_OPTIONS_INIT;
	*o = opts ? *opts : defaults;
	/* zero means the default, field by field */
	if (!o->version)
		o->version = BW_SEARCH_OPTIONS_VERSION;
	if (!o->limit)
		o->limit = defaults.limit;
	if (!o->typo_threshold)
		o->typo_threshold = defaults.typo_threshold;
	if (o->flags & BW_SEARCH_NO_TYPOS)
		o->typo_threshold = 0; /* never try corrections */
	if (o->version != BW_SEARCH_OPTIONS_VERSION)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "search options version %u is not %u",
		                     o->version, BW_SEARCH_OPTIONS_VERSION);
	if (o->limit > BWI_LIMIT_MAX)
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
	bw_status st, damage;
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
		return bwi_error_code(err, st);
	/* a compiled file found damaged as the call read it (or before) fails
	 * the call: what it found may be wrong for want of what was lost */
	if ((damage = bwi_db_intact(db, err))) {
		bw_results_free(*out);
		*out = NULL;
		return damage;
	}
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

/* Whether the words from q->text[at] on start an exact-name key when
 * stop word w[0..n) comes before them ("it band" of "IT band syndrome"),
 * or w alone is one. */
static bw_status alias_follows(bwi_query *q, size_t at, const char *w,
                               size_t n, int *yes)
{
	char key[2 * BWI_WORD_MAX + 3];
	bwi_tokenizer t;
	bwi_token tok;
	size_t lo, hi, kn = n;
	int next;
	memcpy(key, w, n);
	bwi_tok_init(&t, q->text + at, q->len - at, 0);
	while ((next = bwi_tok_next(&t, &tok)) &&
	       (tok.flags & BWI_TOKEN_JOINED))
		;
	if (next) {
		uint32_t term;
		int stop;
		if (bwi_index_analyse(q->ix, &q->stemmer, tok.word, tok.len, &term,
		                      &stop, key + n + 1))
			return BW_ENOMEM;
		key[n] = ' ';
		kn = n + 1 + strlen(key + n + 1);
		bwi_index_prefix(q->ix, &q->ix->names, key, kn, &lo, &hi);
		*yes = hi > lo;
	} else {
		*yes = bwi_index_find(q->ix, &q->ix->names, key, kn) != (size_t)-1;
	}
	return BW_OK;
}

/* Analyse token tok of src (a part of q->text).  A stop word is kept
 * when written as an acronym ("IT") or when it begins a name or alias
 * with the words after it ("it band"), provided the corpus indexes it. */
static bw_status analyse(bwi_query *q, bwi_qword *w, const char *src,
                         const bwi_token *tok, uint32_t pos)
{
	uint32_t term;
	int keep = 0;
	memcpy(w->word, tok->word, tok->len + 1);
	w->len = tok->len;
	w->pos = pos;
	if (bwi_index_analyse(q->ix, &q->stemmer, w->word, w->len, &w->term,
	                      &w->stop, w->stem))
		return BW_ENOMEM;
	if (!w->stop || (term = bwi_index_acronym(q->ix, w->word, w->len)) ==
	    BWI_NONE)
		return BW_OK;
	keep = bwi_acronym(src + tok->start, tok->end - tok->start);
	if (!keep && alias_follows(q, (size_t)(src - q->text) + tok->end,
	                           w->word, w->len, &keep))
		return BW_ENOMEM;
	if (keep) {
		w->term = term;
		w->stop = 0;
		strcpy(w->stem, bwi_index_string(q->ix, &q->ix->terms, term));
	}
	return BW_OK;
}

/* A new clause in the positive or negative list. */
static bwi_clause *new_clause(bwi_query *q, int negate, size_t start,
                              size_t end)
{
	bwi_clause **list = negate ? &q->excludes : &q->clauses;
	size_t *n = negate ? &q->nexcludes : &q->nclauses;
	size_t *cap = negate ? &q->cap_x : &q->cap_c;
	bwi_clause *c;
	if (bwi_grow(list, cap, *n + 1, sizeof(**list)))
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
			if (c && c->compound &&
			    analyse(q, &c->joined, q->text + start, &tok, 0))
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
		if (analyse(q, &c->words[c->nwords], q->text + start, &tok,
		            (uint32_t)c->nwords))
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
		if (analyse(q, &c->words[c->nwords++], q->text + start + 1, &tok,
		            tok.pos))
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

/* The kind of entity a filter field names, or -1 for a value. */
static int filter_entity_kind(int field)
{
	return field == BWI_FILTER_TARGET ? BW_KIND_MUSCLE :
	       field == BWI_FILTER_CAUSES ? BW_KIND_SYMPTOM :
	       field == BWI_FILTER_CONTACT ? BW_KIND_SITE : -1;
}

/* Whether field has a closed vocabulary. */
static int closed_field(int field)
{
	return field == BWI_FILTER_EVIDENCE || field == BWI_FILTER_PRESSURE ||
	       field == BWI_FILTER_POSITION;
}

/* Whether key is in a closed field's vocabulary, so that a value no entity
 * has may still be a good one. */
static int closed_value(int field, const char *key)
{
	switch (field) {
	case BWI_FILTER_EVIDENCE: return bwi_evidence_from_name(key) >= 0;
	case BWI_FILTER_PRESSURE: return bwi_pressure_rank(key) >= 0;
	case BWI_FILTER_POSITION: {
		char id[32];
		size_t n = strlen(key);
		if (n >= sizeof(id))
			return 0;
		for (size_t i = 0; i <= n; i++) /* name keys space words */
			id[i] = key[i] == ' ' ? '-' : key[i];
		return bwi_position_from_name(id) >= 0;
	}
	default: return 0;
	}
}

#define NEAR_MAX 3 /* values a "did you mean" offers */

/* The distance from unknown key[0..n) to known value k[0..kn), at most
 * max + 1: edits, or the budget of a typo (one, two from 9 bytes) when one
 * starts the other ("lumb" and "lumbar"). */
static size_t value_distance(const char *key, size_t n, const char *k,
                             size_t kn, size_t max)
{
	if (n >= 3 && kn >= 3 && memcmp(key, k, n < kn ? n : kn) == 0)
		return n >= 9 ? 2 : 1;
	return bwi_edit_distance(key, n, k, kn, max);
}

/*
 * A filter value no entity has.  A target, causes or contact value may be
 * a name or alias rather than an id, and is resolved; one naming nothing
 * is refused with the closest entity.  A value of a closed vocabulary
 * (evidence, pressure, position) that no entity has is kept (it matches
 * nothing) and one outside it is refused with the closest values; any
 * other value is refused with the closest known values when some are near
 * it, and kept when none is (an open vocabulary the corpus does not use).
 */
static bw_status unknown_value(bwi_query *q, bwi_filter *f, const char *key,
                               size_t kn, size_t vstart, size_t vend,
                               bw_error *err)
{
	const bwi_model *m = q->ix->model;
	const char *value = q->text + vstart;
	int vn = (int)(vend - vstart > 64 ? 64 : vend - vstart);
	int kind = filter_entity_kind(f->field);
	const char *near[NEAR_MAX];
	size_t nnear = 0, dist[NEAR_MAX];
	char msg[3 * (BWI_KEY_MAX + 4) + 32];
	size_t len = 0;
	if (kind >= 0) {
		const bw_entity *e = NULL, *close[NEAR_MAX];
		char *id;
		size_t idn;
		bw_status st;
		if (bwi_model_lookup(&e, m, key) == BW_OK &&
		    (int)bwi_entity_kind(e) == kind) {
			if ((st = bwi_name_key(&id, &idn, bwi_entity_id(e),
			                       strlen(bwi_entity_id(e)))))
				return bwi_error_code(err, st);
			f->n = bwi_index_filter(q->ix, f->field, id, idn, &f->docs);
			bwi_free(id);
			return BW_OK;
		}
		if (e)
			return bwi_error_set(err, BW_EQUERY, NULL, 0, vstart + 1,
			                     "%s '%.*s' is a %s, not a %s",
			                     bwi_filter_names[f->field], vn, value,
			                     bw_kind_name(bwi_entity_kind(e)),
			                     bw_kind_name((bw_kind)kind));
		/* only the closest: the next ones are seldom near */
		nnear = bwi_model_closest(m, (bw_kind)kind, key, close, 1);
		if (nnear)
			near[0] = bwi_entity_id(close[0]);
	} else if (!closed_value(f->field, key)) {
		const bwi_strset *vals = &q->ix->filter_values[f->field];
		int closed = closed_field(f->field);
		size_t max = closed ? BWI_KEY_MAX : kn >= 9 ? 2 : 1;
		for (size_t i = 0; i < vals->n; i++) {
			const char *k = bwi_index_string(q->ix, vals, i);
			size_t d = value_distance(key, kn, k, strlen(k), max), j;
			if (d > max ||
			    (nnear == NEAR_MAX && d >= dist[NEAR_MAX - 1]))
				continue;
			j = nnear < NEAR_MAX ? nnear++ : NEAR_MAX - 1;
			for (; j > 0 && dist[j - 1] > d; j--) {
				near[j] = near[j - 1];
				dist[j] = dist[j - 1];
			}
			near[j] = k;
			dist[j] = d;
		}
		if (!nnear && !closed)
			return BW_OK;
	} else {
		return BW_OK;
	}
	for (size_t i = 0; i < nnear && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s'%s'",
		                        i ? ", " : "", near[i]);
	return bwi_error_set(err, BW_EQUERY, NULL, 0, vstart + 1,
	                     "unknown %s '%.*s'%s%s%s",
	                     bwi_filter_names[f->field], vn, value,
	                     nnear ? ": did you mean " : "", nnear ? msg : "",
	                     nnear ? "?" : "");
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
	if (bwi_grow(&q->filters, &q->cap_f, q->nfilters + 1,
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
		if (bw_kind_parse(&kind, key, NULL) != BW_OK) {
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
		if (!f->n)
			st = unknown_value(q, f, key, kn, vstart, vend, err);
	}
	bwi_free(key);
	if (st)
		return st;
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
