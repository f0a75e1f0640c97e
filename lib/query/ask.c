/*
 * ask.c: questions in plain words (bw_ask).
 *
 * A question is split into words (runs of anything but white space and
 * ASCII punctuation; a hyphen or apostrophe inside a word stays).  Each
 * word is classed once: a stop word, a filler ("which", "how", "please"),
 * an intent word (a bit per intent: "cause", "stretch", "safe", "nerve",
 * ...), a spinal level ("L3", "T12-L2"), or content.
 *
 * Entities are found by bw_db_lookup on runs of words, longest first, left
 * to right: a run neither starts nor ends with a stop word or a filler, and
 * a run of one word is never an intent word, so "massage" names nothing
 * while "calf muscles" names the triceps surae.  Words still unclaimed are
 * tried, in runs of up to three content words, by bw_suggest, whose labels
 * are kept only when the whole label is within the search's typo budget of
 * the words (a suggestion completes prefixes; a question's words are
 * finished).  Body sites and sources are not recognised: a site ("hip",
 * "groin") is a place in a question, not its subject.
 *
 * The intent bits of the unclaimed words and the kinds of the entities
 * then pick one reading (decide()), answered by the public relation
 * queries, the planner or the screen; the lists this file builds itself
 * (a symptom's causes, a group's members or techniques, a nerve's muscles,
 * the muscles at levels) become a bw_results through bwi_results_new.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

#define ASK_MAX_WORDS BWI_TEXT_MAX_WORDS
#define ASK_SPAN 6        /* longest run of words looked up */
#define ASK_TYPO_SPAN 3   /* longest run tried for a typo */
#define ASK_LOW 32        /* bytes of a word's lower-case copy */

/* Intent bits of words. */
enum {
	I_FILLER = 1u << 0,  /* question words: never edges of a name */
	I_CAUSE = 1u << 1,
	I_TECH = 1u << 2,
	I_SAFE = 1u << 3,
	I_NERVE = 1u << 4,
	I_SUPPLY = 1u << 5,
	I_ORIGIN = 1u << 6,
	I_INSERT = 1u << 7,
	I_MEMBERS = 1u << 8,
	I_MUSCLES = 1u << 9
};

static const struct intent_word {
	const char *word;
	unsigned bits;
} intent_words[] = {
	/* sorted by word, for bsearch */
	{"allowed", I_SAFE}, {"arise", I_ORIGIN}, {"arises", I_ORIGIN},
	{"attach", 0}, {"attached", 0}, {"attaches", 0},
	{"best", I_FILLER}, {"can", I_FILLER}, {"cause", I_CAUSE},
	{"caused", I_CAUSE}, {"causes", I_CAUSE}, {"causing", I_CAUSE},
	{"consist", I_MEMBERS}, {"consists", I_MEMBERS},
	{"contain", I_MEMBERS}, {"contains", I_MEMBERS},
	{"contraindicated", I_SAFE}, {"contraindication", I_SAFE},
	{"contraindications", I_SAFE}, {"could", I_FILLER},
	{"dangerous", I_SAFE}, {"does", I_FILLER}, {"good", I_FILLER},
	{"help", I_FILLER}, {"how", I_FILLER}, {"include", I_MEMBERS},
	{"includes", I_MEMBERS}, {"innervate", I_SUPPLY},
	{"innervated", I_SUPPLY}, {"innervates", I_SUPPLY},
	{"innervation", I_SUPPLY}, {"insert", I_INSERT},
	{"insertion", I_INSERT}, {"inserts", I_INSERT}, {"massage", I_TECH},
	{"member", I_MEMBERS}, {"members", I_MEMBERS}, {"muscle", I_MUSCLES},
	{"muscles", I_MUSCLES}, {"nerve", I_NERVE}, {"nerves", I_NERVE},
	{"ok", I_SAFE}, {"okay", I_SAFE}, {"origin", I_ORIGIN},
	{"originate", I_ORIGIN}, {"originates", I_ORIGIN},
	{"please", I_FILLER}, {"precaution", I_SAFE},
	{"precautions", I_SAFE}, {"release", I_TECH}, {"releases", I_TECH},
	{"releasing", I_TECH}, {"risk", I_SAFE}, {"risky", I_SAFE},
	{"safe", I_SAFE}, {"safely", I_SAFE}, {"should", I_FILLER},
	{"stretch", I_TECH}, {"stretches", I_TECH}, {"stretching", I_TECH},
	{"supplied", I_SUPPLY}, {"supplies", I_SUPPLY}, {"supply", I_SUPPLY},
	{"technique", I_TECH}, {"techniques", I_TECH}, {"treat", I_TECH},
	{"treating", I_TECH}, {"treatment", I_TECH}, {"treatments", I_TECH},
	{"trigger", I_CAUSE}, {"triggers", I_CAUSE}, {"way", I_FILLER},
	{"ways", I_FILLER}, {"what", I_FILLER}, {"which", I_FILLER},
	{"why", I_CAUSE}, {"work", I_TECH}, {"would", I_FILLER},
};

typedef struct aword {
	size_t start, end;     /* bytes in the question */
	char low[ASK_LOW];     /* ASCII lower case, "" when longer */
	unsigned bits;         /* intent bits */
	int intent;            /* an intent word (bits may be 0: "attach") */
	int stop;              /* a stop word */
	uint64_t levels;       /* a spinal level word */
	int claimed;           /* part of a recognised entity */
} aword;

typedef struct arec {
	const bw_entity *e;
	size_t first, last;    /* its words */
	bw_match match;
	char *words;           /* the words as written */
} arec;

struct bw_answer {
	bw_ask_kind kind;
	char *reading;
	arec *ents;
	size_t nents, cap;
	bw_results *results;
	bw_plan *plan;
	bw_screen *screen;
};

/* One question being read. */
typedef struct asker {
	const bw_db *db;
	const char *q;
	aword w[ASK_MAX_WORDS];
	size_t nw;
	bw_answer *a;
	bw_search_options o;   /* checked; kinds and flags cleared */
	bw_search_options so;  /* as given, checked: the search fallback */
	bw_error *err;
} asker;

/* One hit of a list built here. */
typedef struct ahit {
	const bw_entity *e;
	const bw_fact *f;
	double score;
} ahit;

struct ahits {
	ahit *v;
	size_t n, cap;
};

const char *bw_ask_kind_name(bw_ask_kind kind)
{
	static const char *const names[BW_ASK_KIND_COUNT] = {
		"search", "causes", "techniques", "plan", "restrictions", "screen",
		"nerve", "levels", "members"};
	return (unsigned)kind < BW_ASK_KIND_COUNT ? names[kind] : NULL;
}

/* ----- words ----- */

static int is_sep(unsigned char c)
{
	if (c <= 0x20 || c == 0x7f)
		return 1;
	if (c >= 0x80 || c == '-' || c == '\'' || c == '_')
		return 0;
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	         (c >= '0' && c <= '9'));
}

static int intent_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const struct intent_word *)item)->word);
}

/* A level word ("L3", "t12-l2"): its set, else 0. */
static uint64_t level_word(const char *low)
{
	char up[ASK_LOW];
	uint64_t set = 0;
	size_t i;
	if (!strchr("ctls", low[0]) || low[1] < '0' || low[1] > '9')
		return 0;
	for (i = 0; low[i] && i + 1 < sizeof up; i++)
		up[i] = (char)(low[i] >= 'a' && low[i] <= 'z' ? low[i] - 32 : low[i]);
	up[i] = '\0';
	return bw_levels_parse(&set, up, NULL) == BW_OK ? set : 0;
}

static void class_word(aword *w, const char *s)
{
	size_t n = w->end - w->start, k = 0;
	char fold[BWI_WORD_MAX + 1];
	const struct intent_word *iw;

	w->low[0] = '\0';
	if (n < ASK_LOW) {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[w->start + i];
			if (c != '\'')
				w->low[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		w->low[k] = '\0';
	}
	if ((iw = bsearch(w->low, intent_words,
	                  sizeof intent_words / sizeof *intent_words,
	                  sizeof *intent_words, intent_cmp))) {
		w->intent = 1;
		w->bits = iw->bits;
	}
	k = bwi_fold_word(fold, sizeof fold, s + w->start, n);
	w->stop = k != (size_t)-1 && bwi_is_stop_word(fold, k);
	w->levels = w->low[0] ? level_word(w->low) : 0;
}

static bw_status split(asker *k)
{
	const char *s = k->q;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t start;
		while (i < n && is_sep((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && !is_sep((unsigned char)s[i]))
			i++;
		while (start < i && s[start] == '-') /* -word is not syntax here */
			start++;
		if (start == i)
			continue;
		if (k->nw == ASK_MAX_WORDS)
			return bwi_error_set(k->err, BW_EQUERY, NULL, 0,
			                     (unsigned long)start + 1,
			                     "a question may have at most %d words",
			                     ASK_MAX_WORDS);
		k->w[k->nw] = (aword){ .start = start, .end = i };
		class_word(&k->w[k->nw++], s);
	}
	return BW_OK;
}

/* Whether word i may start or end a name. */
static int edge_ok(const aword *w)
{
	return !w->stop && !(w->bits & I_FILLER);
}

/* ----- entities ----- */

static int recognised_kind(const bw_entity *e)
{
	bw_kind kd = bw_entity_kind(e);
	return kd != BW_KIND_SITE && kd != BW_KIND_SOURCE;
}

static bw_status add_entity(asker *k, const bw_entity *e, size_t first,
                            size_t last, bw_match m)
{
	bw_answer *a = k->a;
	arec *r;
	for (size_t i = first; i <= last; i++)
		k->w[i].claimed = 1;
	for (size_t i = 0; i < a->nents; i++)
		if (a->ents[i].e == e)
			return BW_OK;
	if (bwi_grow(&a->ents, &a->cap, a->nents + 1, sizeof *a->ents))
		return bwi_error_code(k->err, BW_ENOMEM);
	r = &a->ents[a->nents];
	*r = (arec){ e, first, last, m, NULL };
	if (!(r->words = bwi_strndup(k->q + k->w[first].start,
	                             k->w[last].end - k->w[first].start)))
		return bwi_error_code(k->err, BW_ENOMEM);
	a->nents++;
	return BW_OK;
}

/* Whether words first..last are all unclaimed and may form a name. */
static int span_free(const asker *k, size_t first, size_t last)
{
	for (size_t i = first; i <= last; i++)
		if (k->w[i].claimed)
			return 0;
	if (first == last && k->w[first].intent)
		return 0;
	return edge_ok(&k->w[first]) && edge_ok(&k->w[last]);
}

/* The span's text into buf (words as written, separators as written). */
static const char *span_text(const asker *k, size_t first, size_t last,
                             char *buf, size_t size)
{
	size_t n = k->w[last].end - k->w[first].start;
	if (n >= size)
		return NULL;
	memcpy(buf, k->q + k->w[first].start, n);
	buf[n] = '\0';
	return buf;
}

/* The edits between the name keys of a and b into *d (max + 1 when
 * more); BW_ENOMEM. */
static bw_status key_distance(const char *a, const char *b, size_t max,
                              size_t *d)
{
	char *ka = NULL, *kb = NULL;
	size_t na, nb;
	bw_status st = bwi_name_key(&ka, &na, a, strlen(a));
	if (!st)
		st = bwi_name_key(&kb, &nb, b, strlen(b));
	*d = st ? max + 1 : bwi_edit_distance(ka, na, kb, nb, max);
	bwi_free(ka);
	bwi_free(kb);
	return st == BW_ENOMEM ? st : BW_OK;
}

/* A suggestion whose whole label is within the typo budget of text. */
static bw_status typo_lookup(asker *k, const char *text, const bw_entity **e,
                             bw_match *m)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	unsigned budget = bwi_typo_budget(text, strlen(text));
	bw_results *r;
	bw_status st;

	*e = NULL;
	if (!budget)
		return BW_OK;
	o.limit = 5;
	o.kinds = (1u << BW_KIND_MUSCLE) | (1u << BW_KIND_TECHNIQUE) |
	          (1u << BW_KIND_CONDITION) | (1u << BW_KIND_SYMPTOM) |
	          (1u << BW_KIND_GROUP);
	if ((st = bw_suggest(&r, k->db, text, &o, k->err)))
		return st;
	for (size_t i = 0; i < bw_results_count(r) && !*e && !st; i++) {
		size_t d;
		st = key_distance(text, bw_results_label(r, i), budget, &d);
		if (!st && d >= 1 && d <= budget) {
			*e = bw_results_entity(r, i);
			*m = d == 1 ? BW_MATCH_TYPO1 : BW_MATCH_TYPO2;
		}
	}
	bw_results_free(r);
	return st ? bwi_error_code(k->err, st) : BW_OK;
}

static int typo_word(const aword *w)
{
	return !w->claimed && !w->intent && !w->stop && !w->levels;
}

/* Whether words first..last may be tried: as a name (span_free), or for
 * a typo (all unclaimed content words). */
static int span_ok(const asker *k, size_t first, size_t last, int typo)
{
	if (!typo)
		return span_free(k, first, last);
	for (size_t i = first; i <= last; i++)
		if (!typo_word(&k->w[i]))
			return 0;
	return 1;
}

/* The entity text names: by bw_db_lookup, or for a typo by a suggestion
 * within budget.  *e NULL when none. */
static bw_status lookup(asker *k, const char *text, int typo,
                        const bw_entity **e, bw_match *m)
{
	bw_status st;
	if (typo)
		return typo_lookup(k, text, e, m);
	*m = BW_MATCH_EXACT;
	if ((st = bw_db_lookup(e, k->db, text, NULL)) == BW_ENOMEM)
		return bwi_error_code(k->err, st);
	if (st != BW_OK || !recognised_kind(*e))
		*e = NULL;
	return BW_OK;
}

/* Claim runs of up to maxspan words, longest first, left to right. */
static bw_status find_entities(asker *k, size_t maxspan, int typo)
{
	char buf[512];
	for (size_t i = 0; i < k->nw; i++)
		for (size_t len = maxspan; len >= 1; len--) {
			const bw_entity *e;
			const char *t;
			bw_match m = BW_MATCH_EXACT;
			bw_status st;
			if (i + len > k->nw || !span_ok(k, i, i + len - 1, typo) ||
			    !(t = span_text(k, i, i + len - 1, buf, sizeof buf)))
				continue;
			if ((st = lookup(k, t, typo, &e, &m)))
				return st;
			if (!e)
				continue;
			if ((st = add_entity(k, e, i, i + len - 1, m)))
				return st;
			i += len - 1;
			break;
		}
	return BW_OK;
}

/* ----- a search query read the same way ----- */

typedef struct ahits ahits;
static bw_status causes_of(asker *k, const bw_entity *sym, ahits *h);
static int hit_cmp(const void *x, const void *y);
static const bw_entity *first_of(const bw_answer *a, bw_kind kind);

/* Whether word w only says what kind of answer is wanted ("technique",
 * "muscles", "which", "cause"), so a search need not find it in the text. */
static int generic_word(const aword *w)
{
	static const char *const keep[] = {"release", "releases", "releasing",
	                                   "stretch", "stretches", "stretching"};
	if (!w->intent || !(w->bits & (I_FILLER | I_TECH | I_MUSCLES | I_CAUSE)))
		return 0;
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (!strcmp(w->low, keep[i]))
			return 0;
	return 1;
}

/* A question for the muscles that cause a symptom names them first, best
 * supported first, ahead of the symptom itself. */
static bw_status causes_first(asker *k, const bw_entity *sym, bwi_reading *out)
{
	ahits h = {0};
	size_t n;
	bw_status st = causes_of(k, sym, &h);
	if (!st && h.n > 1)
		qsort(h.v, h.n, sizeof *h.v, hit_cmp);
	n = st ? 0 : h.n < BWI_READ_MAX - out->n ? h.n : BWI_READ_MAX - out->n;
	memmove(out->named + n, out->named, out->n * sizeof *out->named);
	memmove(out->whole + n, out->whole, out->n * sizeof *out->whole);
	for (size_t i = 0; i < n; i++) {
		out->named[i] = h.v[i].e;
		out->whole[i] = 1;
	}
	out->n += n;
	bwi_free(h.v);
	return st;
}

bw_status bwi_search_read(const bw_db *db, const char *text,
                          bwi_reading *out, bw_error *err)
{
	asker *k;
	bw_answer a = {0};
	const bw_entity *sym;
	size_t content = 0;
	unsigned bits = 0;
	bw_status st;

	memset(out, 0, sizeof *out);
	if (!(k = bwi_calloc(1, sizeof *k)))
		return bwi_error_code(err, BW_ENOMEM);
	*k = (asker){ .db = db, .q = text, .a = &a };
	/* a query of more words than a question may hold is not read */
	st = split(k);
	if (st == BW_OK)
		st = find_entities(k, ASK_SPAN, 0);
	if (st == BW_OK) {
		size_t words = 0;
		for (size_t i = 0; i < k->nw; i++)
			words += !k->w[i].stop;
		for (size_t i = 0; i < a.nents && out->n < BWI_READ_MAX; i++) {
			size_t in = 0;
			for (size_t j = a.ents[i].first; j <= a.ents[i].last; j++)
				in += !k->w[j].stop;
			out->whole[out->n] = in == words;
			out->named[out->n++] = a.ents[i].e;
		}
		for (size_t i = 0; i < k->nw; i++) {
			if (k->w[i].claimed)
				content++;
			else if (!k->w[i].stop && !generic_word(&k->w[i]))
				content++;
			if (!k->w[i].claimed)
				bits |= k->w[i].bits;
		}
		if ((bits & (I_CAUSE | I_MUSCLES)) && !(bits & I_TECH) &&
		    (sym = first_of(&a, BW_KIND_SYMPTOM)))
			st = causes_first(k, sym, out);
		if (bits & I_TECH)
			out->kinds = 1u << BW_KIND_TECHNIQUE;
		else if (bits & I_MUSCLES)
			out->kinds = (1u << BW_KIND_MUSCLE) | (1u << BW_KIND_GROUP);
		/* generic words leave the text when something else remains */
		for (size_t i = 0; content && i < k->nw &&
		     out->nblank < BWI_QUERY_MAX_WORDS; i++)
			if (!k->w[i].claimed && generic_word(&k->w[i]))
				out->blank[out->nblank++] = (bwi_span){ k->w[i].start,
				                                        k->w[i].end };
	}
	for (size_t i = 0; i < a.nents; i++)
		bwi_free(a.ents[i].words);
	bwi_free(a.ents);
	bwi_free(k);
	return st == BW_ENOMEM ? bwi_error_code(err, st) : BW_OK;
}

/* ----- what is asked ----- */

/* The intent bits of the unclaimed words, and their levels. */
static unsigned intents(const asker *k, uint64_t *levels)
{
	unsigned bits = 0;
	*levels = 0;
	for (size_t i = 0; i < k->nw; i++)
		if (!k->w[i].claimed) {
			bits |= k->w[i].bits;
			*levels |= k->w[i].levels;
		}
	return bits;
}

/* The first entity of a kind (a group counts as a muscle when muscle). */
static const bw_entity *first_of(const bw_answer *a, bw_kind kind)
{
	for (size_t i = 0; i < a->nents; i++) {
		bw_kind kd = bw_entity_kind(a->ents[i].e);
		if (kd == kind || (kind == BW_KIND_MUSCLE && kd == BW_KIND_GROUP))
			return a->ents[i].e;
	}
	return NULL;
}

/* printf into a new string (the reading). */
static char *format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = bwi_malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Set the answer's kind and reading ("what: detail"); BW_ENOMEM. */
static bw_status read_as(asker *k, bw_ask_kind kind, const char *what,
                         const char *detail)
{
	k->a->kind = kind;
	bwi_free(k->a->reading);
	if (!(k->a->reading = format("%s: %s", what, detail)))
		return bwi_error_code(k->err, BW_ENOMEM);
	return BW_OK;
}

/* The unclaimed content words joined by spaces (at most max of them),
 * without fillers and, when drop_intent, without intent words. */
static char *rest_words(const asker *k, int drop_intent, size_t max)
{
	size_t n = 0, used = 0;
	char *s;
	for (size_t i = 0; i < k->nw; i++)
		n += k->w[i].end - k->w[i].start + 1;
	if (!(s = bwi_malloc(n + 1)))
		return NULL;
	s[0] = '\0';
	n = 0;
	for (size_t i = 0; i < k->nw && used < max; i++) {
		const aword *w = &k->w[i];
		if (w->stop || (w->bits & I_FILLER) ||
		    (drop_intent && (w->intent || w->claimed)))
			continue;
		if (n)
			s[n++] = ' ';
		memcpy(s + n, k->q + w->start, w->end - w->start);
		n += w->end - w->start;
		s[n] = '\0';
		used++;
	}
	return s;
}

/* ----- lists built here ----- */

static bw_status hit_add(asker *k, ahits *h, const bw_entity *e,
                         const bw_fact *f, double score)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].e == e) {
			if (score > h->v[i].score)
				h->v[i] = (ahit){ e, f, score };
			return BW_OK;
		}
	if (bwi_grow(&h->v, &h->cap, h->n + 1, sizeof *h->v))
		return bwi_error_code(k->err, BW_ENOMEM);
	h->v[h->n++] = (ahit){ e, f, score };
	return BW_OK;
}

/* Higher score first, then by name, then id. */
static int hit_cmp(const void *x, const void *y)
{
	const ahit *a = x, *b = y;
	int c;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(bw_entity_name(a->e), bw_entity_name(b->e))))
		return c;
	return strcmp(bw_entity_id(a->e), bw_entity_id(b->e));
}

/* The page of h as the answer's results (sorted first when sort); frees
 * h's memory. */
static bw_status hits_done(asker *k, ahits *h, int sort)
{
	size_t count = 0;
	bw_results *r;
	if (sort && h->n > 1)
		qsort(h->v, h->n, sizeof *h->v, hit_cmp);
	if (k->o.offset < h->n)
		count = h->n - k->o.offset < k->o.limit ? h->n - k->o.offset
		                                         : k->o.limit;
	if (bwi_results_new(&r, k->db, count, NULL, 0, &k->o)) {
		bwi_free(h->v);
		return bwi_error_code(k->err, BW_ENOMEM);
	}
	for (size_t i = 0; i < count; i++) {
		r->hits[i].entity = h->v[k->o.offset + i].e;
		r->hits[i].fact = h->v[k->o.offset + i].f;
		r->hits[i].score = h->v[k->o.offset + i].score;
	}
	r->total = h->n;
	bwi_free(h->v);
	k->a->results = r;
	return BW_OK;
}

/* Muscles whose causes facts name the symptom, best supported first. */
/* The muscles whose causes facts name the symptom, best supported
 * first, into h (unsorted). */
static bw_status causes_of(asker *k, const bw_entity *sym, ahits *h)
{
	bw_status st = BW_OK;
	for (size_t i = 0; !st && i < bw_entity_backref_count(sym, BW_FIELD_CAUSES);
	     i++) {
		const bw_entity *m;
		const bw_fact *f = bw_entity_backref(sym, BW_FIELD_CAUSES, i, &m);
		st = hit_add(k, h, m, f,
		             (double)(BW_EVIDENCE_COUNT - bw_fact_evidence(f)));
	}
	return st;
}

static bw_status ask_causes(asker *k, const bw_entity *sym)
{
	ahits h = {0};
	bw_status st = causes_of(k, sym, &h);
	if (st || (st = read_as(k, BW_ASK_CAUSES, "muscles that cause",
	                        bw_entity_name(sym)))) {
		bwi_free(h.v);
		return st;
	}
	return hits_done(k, &h, 1);
}

/* Techniques for a muscle, or for every member of a group. */
static bw_status ask_techniques(asker *k, const bw_entity *mus)
{
	ahits h = {0};
	bw_search_options o = k->o;
	bw_status st;

	if ((st = read_as(k, BW_ASK_TECHNIQUES, "techniques for",
	                  bw_entity_name(mus))))
		return st;
	if (bw_entity_kind(mus) == BW_KIND_MUSCLE)
		return bw_techniques_for_muscle(&k->a->results, k->db, mus, &k->o,
		                                k->err);
	o.offset = 0;
	o.limit = BWI_LIMIT_MAX;
	for (size_t i = 0; !st && i < bw_entity_fact_count(mus, BW_FIELD_MEMBER);
	     i++) {
		const bw_entity *m = bw_fact_target(bw_entity_fact(mus,
		                                                   BW_FIELD_MEMBER, i));
		bw_results *r;
		if (!m || (st = bw_techniques_for_muscle(&r, k->db, m, &o, k->err)))
			continue;
		for (size_t j = 0; !st && j < bw_results_count(r); j++)
			st = hit_add(k, &h, bw_results_entity(r, j),
			             bw_results_fact(r, j), bw_results_score(r, j));
		bw_results_free(r);
	}
	if (st) {
		bwi_free(h.v);
		return st;
	}
	return hits_done(k, &h, 1);
}

static bw_status ask_members(asker *k, const bw_entity *grp)
{
	ahits h = {0};
	bw_status st = read_as(k, BW_ASK_MEMBERS, "members of",
	                       bw_entity_name(grp));
	for (size_t i = 0; !st && i < bw_entity_fact_count(grp, BW_FIELD_MEMBER);
	     i++) {
		const bw_fact *f = bw_entity_fact(grp, BW_FIELD_MEMBER, i);
		if (bw_fact_target(f))
			st = hit_add(k, &h, bw_fact_target(f), f, 1.0);
	}
	if (st) {
		bwi_free(h.v);
		return st;
	}
	return hits_done(k, &h, 0);
}

typedef struct level_ctx {
	asker *k;
	ahits h;
	uint64_t levels;
	bw_field field;
	bw_status st;
} level_ctx;

static int level_hit(const bw_entity *m, void *data)
{
	static const bw_field fields[] = { BW_FIELD_ORIGIN, BW_FIELD_INSERTION,
	                                   BW_FIELD_INNERVATION };
	level_ctx *c = data;
	const bw_fact *found = NULL;
	for (size_t j = 0; j < 3 && !found; j++) {
		if (c->field != BW_FIELD_COUNT && c->field != fields[j])
			continue;
		for (size_t i = 0; i < bw_entity_fact_count(m, fields[j]) && !found;
		     i++) {
			const bw_fact *f = bw_entity_fact(m, fields[j], i);
			if (bw_fact_levels(f) & c->levels)
				found = f;
		}
	}
	c->st = hit_add(c->k, &c->h, m, found, 1.0);
	return c->st != BW_OK;
}

static bw_status ask_levels(asker *k, uint64_t levels, unsigned bits)
{
	level_ctx c = { k, {0}, levels, BW_FIELD_COUNT, BW_OK };
	const char *what = "muscles at";
	char buf[64];
	bw_status st;

	if (bits & I_SUPPLY || bits & I_NERVE) {
		c.field = BW_FIELD_INNERVATION;
		what = "muscles innervated at";
	} else if (bits & I_ORIGIN) {
		c.field = BW_FIELD_ORIGIN;
		what = "muscles originating at";
	} else if (bits & I_INSERT) {
		c.field = BW_FIELD_INSERTION;
		what = "muscles inserting at";
	}
	bw_levels_format(buf, sizeof buf, levels);
	if ((st = read_as(k, BW_ASK_LEVELS, what, buf)))
		return st;
	bw_db_muscles_at_levels(k->db, levels, c.field, level_hit, &c, NULL);
	if (c.st) {
		bwi_free(c.h.v);
		return c.st;
	}
	return hits_done(k, &c.h, 0);
}

/* Whether text holds the folded words want[0..n) one after another. */
static int has_words(const char *text, char want[][BWI_WORD_MAX + 1],
                     size_t n)
{
	bwi_tokenizer t;
	bwi_token tok;
	size_t at = 0;
	bwi_tok_init(&t, text, strlen(text), 0);
	while (bwi_tok_next(&t, &tok)) {
		if (tok.flags & BWI_TOKEN_JOINED)
			continue;
		at = strcmp(tok.word, want[at]) == 0 ? at + 1
		     : strcmp(tok.word, want[0]) == 0 ? 1 : 0;
		if (at == n)
			return 1;
	}
	return 0;
}

/* The nerve named before "nerve": up to three unclaimed content words
 * (folded into want); how many. */
static size_t nerve_words(const asker *k, char want[][BWI_WORD_MAX + 1],
                          size_t *first, size_t *last)
{
	for (size_t i = 0; i < k->nw; i++) {
		size_t j = i, n = 0;
		if (k->w[i].claimed || !(k->w[i].bits & I_NERVE))
			continue;
		while (j > 0 && i - j < 3 && !k->w[j - 1].claimed &&
		       !k->w[j - 1].stop && !k->w[j - 1].intent)
			j--;
		for (size_t x = j; x < i; x++) {
			const aword *w = &k->w[x];
			if (bwi_fold_word(want[n], BWI_WORD_MAX + 1, k->q + w->start,
			                  w->end - w->start) != (size_t)-1)
				n++;
		}
		if (n) {
			*first = j;
			*last = i;
			return n;
		}
	}
	return 0;
}

static bw_status ask_nerve(asker *k, char want[][BWI_WORD_MAX + 1], size_t n,
                           size_t first, size_t last)
{
	ahits h = {0};
	char buf[512];
	const char *name = span_text(k, first, last, buf, sizeof buf);
	bw_status st = read_as(k, BW_ASK_NERVE, "muscles supplied by",
	                       name ? name : "the nerve");
	size_t nm = bw_db_count(k->db, BW_KIND_MUSCLE);

	for (size_t i = 0; !st && i < nm; i++) {
		const bw_entity *m = bw_db_entity_at(k->db, BW_KIND_MUSCLE, i);
		for (size_t j = 0; j < bw_entity_fact_count(m, BW_FIELD_INNERVATION);
		     j++) {
			const bw_fact *f = bw_entity_fact(m, BW_FIELD_INNERVATION, j);
			if (has_words(bw_fact_text(f), want, n)) {
				st = hit_add(k, &h, m, f, 1.0);
				break;
			}
		}
	}
	if (st) {
		bwi_free(h.v);
		return st;
	}
	return hits_done(k, &h, 0);
}

/* The entities of a kind, as a list of ids, and their names joined by
 * ", " (both the caller's to free). */
static bw_status names_of(asker *k, bw_kind kind, const char ***ids,
                          size_t *n, char **names)
{
	size_t len = 1;
	*n = 0;
	*names = NULL;
	if (!(*ids = bwi_calloc(k->a->nents + 1, sizeof **ids)))
		return bwi_error_code(k->err, BW_ENOMEM);
	for (size_t i = 0; i < k->a->nents; i++)
		if (bw_entity_kind(k->a->ents[i].e) == kind) {
			(*ids)[(*n)++] = bw_entity_id(k->a->ents[i].e);
			len += strlen(bw_entity_name(k->a->ents[i].e)) + 2;
		}
	if (!(*names = bwi_malloc(len))) {
		bwi_free(*ids);
		return bwi_error_code(k->err, BW_ENOMEM);
	}
	(*names)[0] = '\0';
	for (size_t i = 0; i < k->a->nents; i++)
		if (bw_entity_kind(k->a->ents[i].e) == kind) {
			if ((*names)[0])
				strcat(*names, ", ");
			strcat(*names, bw_entity_name(k->a->ents[i].e));
		}
	return BW_OK;
}

/* A plan of mus (NULL: a screen) for the conditions named. */
static bw_status ask_plan(asker *k, const bw_entity *mus)
{
	const char **ids;
	char *names, *detail;
	size_t n;
	bw_status st = names_of(k, BW_KIND_CONDITION, &ids, &n, &names);

	if (st)
		return st;
	if (!mus)
		detail = format("%s", names);
	else if (n)
		detail = format("%s with %s", bw_entity_name(mus), names);
	else
		detail = format("%s", bw_entity_name(mus));
	if (!detail)
		st = bwi_error_code(k->err, BW_ENOMEM);
	else if (!(st = read_as(k, mus ? BW_ASK_PLAN : BW_ASK_SCREEN,
	                        mus ? "plan" : "screen", detail)))
		st = mus ? bw_plan_new(&k->a->plan, k->db, bw_entity_id(mus), ids, n,
		                       k->err)
		         : bw_screen_new(&k->a->screen, k->db, ids, n, k->err);
	bwi_free(detail);
	bwi_free(names);
	bwi_free(ids);
	return st;
}

static bw_status ask_restrictions(asker *k, const bw_entity *tech)
{
	bw_status st = read_as(k, BW_ASK_RESTRICTIONS, "conditions restricting",
	                       bw_entity_name(tech));
	return st ? st : bw_plan_restrictions(&k->a->plan, k->db,
	                                      bw_entity_id(tech), k->err);
}

/* Muscles for the symptom in the question's own words. */
static bw_status ask_symptom_text(asker *k, const char *text)
{
	bw_status st = read_as(k, BW_ASK_CAUSES, "muscles that cause", text);
	return st ? st : bw_muscles_for_symptom_text(&k->a->results, k->db, text,
	                                             &k->o, k->err);
}

/* Ranked search of the question's words; a question asking for
 * techniques or muscles (and options naming no kinds) keeps that kind. */
static bw_status ask_search(asker *k, unsigned bits)
{
	char *q = rest_words(k, 0, BWI_QUERY_MAX_WORDS);
	const char *what = "search";
	bw_status st;
	if (!q)
		return bwi_error_code(k->err, BW_ENOMEM);
	if (!k->so.kinds && (bits & I_TECH)) {
		k->so.kinds = 1u << BW_KIND_TECHNIQUE;
		what = "search techniques";
	} else if (!k->so.kinds && (bits & I_MUSCLES)) {
		k->so.kinds = (1u << BW_KIND_MUSCLE) | (1u << BW_KIND_GROUP);
		what = "search muscles";
	}
	if (!(st = read_as(k, BW_ASK_SEARCH, what, q)))
		st = bw_search(&k->a->results, k->db, q, &k->so, k->err);
	bwi_free(q);
	return st;
}

/* Pick the reading from the intents and the entities named. */
static bw_status decide(asker *k)
{
	const bw_answer *a = k->a;
	const bw_entity *sym = first_of(a, BW_KIND_SYMPTOM);
	const bw_entity *mus = first_of(a, BW_KIND_MUSCLE);
	const bw_entity *tech = first_of(a, BW_KIND_TECHNIQUE);
	const bw_entity *cond = first_of(a, BW_KIND_CONDITION);
	uint64_t levels;
	unsigned bits = intents(k, &levels);
	char want[3][BWI_WORD_MAX + 1];
	size_t nwant, first, last;

	if (cond && (mus || tech || !sym || (bits & (I_SAFE | I_TECH))))
		return ask_plan(k, mus);
	if ((bits & I_SAFE) && mus)
		return ask_plan(k, mus);
	if ((bits & I_SAFE) && tech)
		return ask_restrictions(k, tech);
	if ((bits & I_NERVE) && !levels &&
	    (nwant = nerve_words(k, want, &first, &last)))
		return ask_nerve(k, want, nwant, first, last);
	if (levels)
		return ask_levels(k, levels, bits);
	if (sym)
		return ask_causes(k, sym);
	if (bits & I_CAUSE) {
		char *text = rest_words(k, 1, ASK_MAX_WORDS);
		bw_status st;
		if (!text)
			return bwi_error_code(k->err, BW_ENOMEM);
		st = *text ? ask_symptom_text(k, text) : ask_search(k, bits);
		bwi_free(text);
		return st;
	}
	if (mus && (bits & I_TECH))
		return ask_techniques(k, mus);
	if (mus && bw_entity_kind(mus) == BW_KIND_GROUP)
		return ask_members(k, mus);
	return ask_search(k, bits);
}

/* ----- the API ----- */

bw_status bw_ask(bw_answer **out, const bw_db *db, const char *question,
                 const bw_search_options *opts, bw_error *err)
{
	asker *k;
	size_t n, bad;
	bw_status st, damage;

	if (out)
		*out = NULL;
	if (!out || !db || !question)
		return bwi_error_code(err, BW_EINVAL);
	n = strlen(question);
	if (n > BWI_QUERY_MAX_BYTES)
		return bwi_error_set(err, BW_EQUERY, NULL, 0,
		                     BWI_QUERY_MAX_BYTES + 1,
		                     "a question may be at most %d bytes",
		                     BWI_QUERY_MAX_BYTES);
	if ((bad = bwi_utf8_invalid_at(question, n)) < n)
		return bwi_error_set(err, BW_EUTF8, NULL, 0,
		                     (unsigned long)bad + 1,
		                     "the question is not valid UTF-8");
	if (!(k = bwi_calloc(1, sizeof *k)))
		return bwi_error_code(err, BW_ENOMEM);
	*k = (asker){ .db = db, .q = question, .err = err };
	if ((st = bwi_options(&k->so, opts, err))) {
		bwi_free(k);
		return st;
	}
	k->o = k->so;
	k->o.kinds = 0;
	k->o.flags = 0;
	if (!(k->a = bwi_calloc(1, sizeof *k->a)))
		st = bwi_error_code(err, BW_ENOMEM);
	if (!st)
		st = split(k);
	if (!st)
		st = find_entities(k, ASK_SPAN, 0);
	if (!st)
		st = find_entities(k, ASK_TYPO_SPAN, 1);
	if (!st)
		st = decide(k);
	/* a compiled file found damaged as the question was read (see
	 * bwi_query_run) */
	if (st != BW_ENOMEM && (damage = bwi_db_intact(db, err)))
		st = damage;
	if (st)
		bw_answer_free(k->a);
	else
		*out = k->a;
	bwi_free(k);
	return st;
}

void bw_answer_free(bw_answer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nents; i++)
		bwi_free(a->ents[i].words);
	bwi_free(a->ents);
	bwi_free(a->reading);
	bw_results_free(a->results);
	bw_plan_free(a->plan);
	bw_screen_free(a->screen);
	bwi_free(a);
}

bw_ask_kind bw_answer_kind(const bw_answer *a)
{
	return a ? a->kind : BW_ASK_KIND_COUNT;
}

const char *bw_answer_reading(const bw_answer *a)
{
	return a ? a->reading : NULL;
}

size_t bw_answer_entity_count(const bw_answer *a)
{
	return a ? a->nents : 0;
}

const bw_entity *bw_answer_entity(const bw_answer *a, size_t i)
{
	return a && i < a->nents ? a->ents[i].e : NULL;
}

const char *bw_answer_entity_words(const bw_answer *a, size_t i)
{
	return a && i < a->nents ? a->ents[i].words : NULL;
}

bw_match bw_answer_entity_match(const bw_answer *a, size_t i)
{
	return a && i < a->nents ? a->ents[i].match : BW_MATCH_EXACT;
}

const bw_results *bw_answer_results(const bw_answer *a)
{
	return a ? a->results : NULL;
}

const bw_plan *bw_answer_plan(const bw_answer *a)
{
	return a ? a->plan : NULL;
}

const bw_screen *bw_answer_screen(const bw_answer *a)
{
	return a ? a->screen : NULL;
}
