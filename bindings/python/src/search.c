/*
 * search.c: search, suggestions and the relation queries.  Each call runs
 * without the GIL and returns a Results object that owns the bw_results
 * (freed once, when the Results goes) and pins its database, since
 * snippets read entity text lazily.  A Results is a sequence of Hit; a Hit
 * is (results, index), and reads score, snippet and the rest from the
 * library only when asked, so a search costs what the C call costs plus
 * one small object.
 */
#include "pybw.h"

#include <limits.h>

#if PYBW_HAVE_SEARCH

typedef struct {
	PyObject_HEAD
	pybw_Db *db;        /* pinned while this object lives */
	bw_results *r;      /* owned (bw_results_free in dealloc) unless owner */
	PyObject *query;    /* the text asked, as given */
	PyObject *owner;    /* what r is borrowed from, or NULL */
	size_t offset;      /* the options asked with: hits skipped */
	size_t limit;       /* and the most hits asked for */
} Results;

typedef struct {
	PyObject_HEAD
	Results *results;
	size_t i;
} Hit;

static PyTypeObject ResultsType, HitType;

/* bw_match names, in enum order. */
static const char *const match_names[] = {
	[BW_MATCH_EXACT] = "exact",
	[BW_MATCH_PREFIX] = "prefix",
	[BW_MATCH_TYPO1] = "typo1",
	[BW_MATCH_TYPO2] = "typo2",
};

/* ----- options ----- */

static int kinds_mask(PyObject *obj, unsigned *out)
{
	PyObject *t;
	int rc = 0;
	*out = 0;
	if (!obj || obj == Py_None)
		return 0;
	if (!(t = pybw_one_or_many(obj, PyUnicode_Check(obj), "a kind name")))
		return -1;
	for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t) && rc == 0; i++) {
		bw_kind k;
		if ((rc = pybw_kind_from(PyTuple_GET_ITEM(t, i), &k)) == 0)
			*out |= 1u << k;
	}
	Py_DECREF(t);
	return rc;
}

/* ----- Results ----- */

typedef bw_status (*query_fn)(bw_results **, const bw_db *, const char *,
                              const bw_search_options *, bw_error *);

/* What a query call made without the GIL (with db pinned) returned: the
 * Results, which takes over the pin, or the exception.  text is the query
 * a QueryError's position counts in. */
static PyObject *results_new(pybw_Db *db, bw_status st, bw_results *r,
                             const bw_error *err, PyObject *query,
                             const char *text, const bw_search_options *o)
{
	Results *self = NULL;
	if (db->closed)
		pybw_raise_closed();
	else if (st)
		pybw_raise(st, err, text);
	else
		self = PyObject_New(Results, &ResultsType);
	if (!self) {
		bw_results_free(r);
		pybw_db_release(db);
		return NULL;
	}
	self->db = (pybw_Db *)Py_NewRef(db);
	self->r = r;
	self->query = Py_NewRef(query);
	self->owner = NULL;
	self->offset = o->offset;
	self->limit = o->limit ? o->limit : 10; /* 0 is the library's 10 */
	return (PyObject *)self;
}

PyObject *pybw_results_borrowed(pybw_Db *db, const bw_results *r,
                                PyObject *owner, PyObject *query,
                                size_t offset, size_t limit)
{
	Results *self;
	if (pybw_db_pin(db) < 0)
		return NULL;
	if (!(self = PyObject_New(Results, &ResultsType))) {
		pybw_db_release(db);
		return NULL;
	}
	self->db = (pybw_Db *)Py_NewRef(db);
	self->r = (bw_results *)r;
	self->query = Py_NewRef(query);
	self->owner = Py_NewRef(owner);
	self->offset = offset;
	self->limit = limit ? limit : 10;
	return (PyObject *)self;
}

/* Run fn over text with the GIL released and wrap what it returns. */
static PyObject *run(pybw_Db *db, query_fn fn, PyObject *query,
                     const char *text, const bw_search_options *opts)
{
	bw_results *r = NULL;
	bw_error err;
	bw_status st;
	if (pybw_db_pin(db) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	st = fn(&r, db->db, text, opts, &err);
	Py_END_ALLOW_THREADS
	return results_new(db, st, r, &err, query, text, opts);
}

static void results_dealloc(Results *self)
{
	if (self->owner)
		Py_DECREF(self->owner);
	else
		bw_results_free(self->r);
	pybw_db_release(self->db);
	Py_DECREF(self->db);
	Py_DECREF(self->query);
	PyObject_Free(self);
}

static Py_ssize_t results_len(Results *self)
{
	return (Py_ssize_t)bw_results_count(self->r);
}

static PyObject *hit_new(Results *results, size_t i)
{
	Hit *h = PyObject_New(Hit, &HitType);
	if (!h)
		return NULL;
	h->results = (Results *)Py_NewRef(results);
	h->i = i;
	return (PyObject *)h;
}

static PyObject *hit_item(void *ctx, size_t i)
{
	return hit_new(ctx, i);
}

static PyObject *results_item(Results *self, Py_ssize_t i)
{
	return pybw_index(i, bw_results_count(self->r), hit_item, self, "hit");
}

static PyObject *results_subscript(Results *self, PyObject *key)
{
	return pybw_subscript(self->db, key, bw_results_count(self->r), hit_item,
	                      self, "hit");
}

static PyObject *results_total(Results *self, void *c)
{
	return PyLong_FromSize_t(bw_results_total(self->r));
}

static PyObject *results_correction(Results *self, void *c)
{
	const char *s = bw_results_correction(self->r);
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_FromString(s);
}

static PyObject *results_query(Results *self, void *c)
{
	return Py_NewRef(self->query);
}

static PyObject *entity_item(void *ctx, size_t i)
{
	Results *self = ctx;
	return pybw_entity_wrap(self->db, bw_results_entity(self->r, i));
}

static PyObject *results_entities(Results *self, PyObject *unused)
{
	if (pybw_db_check(self->db) < 0)
		return NULL;
	return pybw_tuple(self->db, bw_results_count(self->r), entity_item, self);
}

static PyObject *results_offset(Results *self, void *c)
{
	return PyLong_FromSize_t(self->offset);
}

static PyObject *results_limit(Results *self, void *c)
{
	return PyLong_FromSize_t(self->limit);
}

static PyObject *hit_dict(Results *results, size_t i);

static PyObject *hit_dict_item(void *ctx, size_t i)
{
	return hit_dict(ctx, i);
}

/* Results.to_dict: the shape of the command line's search JSON. */
static PyObject *results_to_dict(Results *self, PyObject *unused)
{
	PyObject *d, *hits;
	if (pybw_db_check(self->db) < 0)
		return NULL;
	hits = pybw_tuple(self->db, bw_results_count(self->r), hit_dict_item,
	                  self);
	if (!hits)
		return NULL;
	if (!(d = PyDict_New())) {
		Py_DECREF(hits);
		return NULL;
	}
	if (pybw_put(d, "query", PyUnicode_Check(self->query)
	             ? Py_NewRef(self->query) : PyObject_Str(self->query)) < 0 ||
	    pybw_put(d, "correction", results_correction(self, NULL)) < 0 ||
	    pybw_put(d, "total", results_total(self, NULL)) < 0 ||
	    pybw_put(d, "offset", PyLong_FromSize_t(self->offset)) < 0 ||
	    pybw_put(d, "limit", PyLong_FromSize_t(self->limit)) < 0 ||
	    pybw_put(d, "hits", PySequence_List(hits)) < 0)
		Py_CLEAR(d);
	Py_DECREF(hits);
	return d;
}

static PyObject *results_repr(Results *self)
{
	return PyUnicode_FromFormat("<bodywork.Results %zu of %zu for %R%s>",
	                            bw_results_count(self->r),
	                            bw_results_total(self->r), self->query,
	                            bw_results_correction(self->r)
	                            ? " (corrected)" : "");
}

static PyGetSetDef results_getset[] = {
	{ "total", (getter)results_total, NULL,
	  "How many entities matched in all, before offset and limit.", NULL },
	{ "correction", (getter)results_correction, NULL,
	  "The query with misspelled words replaced by the corrections used "
	  "(\"psoas stretch\" for \"psoas strech\"), or None when none was "
	  "needed: a \"did you mean\".", NULL },
	{ "query", (getter)results_query, NULL, "What was asked.", NULL },
	{ "offset", (getter)results_offset, NULL,
	  "How many hits were skipped (the offset asked for).", NULL },
	{ "limit", (getter)results_limit, NULL,
	  "The most hits asked for.", NULL },
	{ 0 }
};

static PyMethodDef results_methods[] = {
	{ "entities", (PyCFunction)results_entities, METH_NOARGS,
	  "entities($self, /)\n--\n\nThe hits' entities, best first." },
	{ "to_dict", (PyCFunction)results_to_dict, METH_NOARGS,
	  "to_dict($self, /)\n--\n\nThe results as plain data ready for "
	  "json.dumps, in the shape of `bodywork search --json`: query, "
	  "correction, total, offset, limit and hits (each as Hit.to_dict())." },
	{ 0 }
};

static PySequenceMethods results_as_sequence = {
	.sq_length = (lenfunc)results_len,
	.sq_item = (ssizeargfunc)results_item,
};

static PyMappingMethods results_as_mapping = {
	.mp_length = (lenfunc)results_len,
	.mp_subscript = (binaryfunc)results_subscript,
};

static PyTypeObject ResultsType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Results",
	.tp_basicsize = sizeof(Results),
	.tp_dealloc = (destructor)results_dealloc,
	.tp_repr = (reprfunc)results_repr,
	.tp_as_sequence = &results_as_sequence,
	.tp_as_mapping = &results_as_mapping,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
	.tp_iter = PySeqIter_New,
	.tp_doc = "Ranked hits, best first: a read-only sequence of Hit, with "
	          "total (matches before offset and limit) and correction (the "
	          "\"did you mean\" used, or None).",
	.tp_getset = results_getset,
	.tp_methods = results_methods,
};

/* ----- Hit ----- */

static void hit_dealloc(Hit *self)
{
	Py_DECREF(self->results);
	PyObject_Free(self);
}

#define HIT_CHECK(self)                                                     \
	do {                                                                \
		if ((self)->results->db->closed)                            \
			return pybw_raise_closed();                         \
	} while (0)

static PyObject *hit_entity(Hit *self, void *c)
{
	HIT_CHECK(self);
	return pybw_entity_wrap(self->results->db,
	                        bw_results_entity(self->results->r, self->i));
}

static PyObject *hit_score(Hit *self, void *c)
{
	return PyFloat_FromDouble(bw_results_score(self->results->r, self->i));
}

static PyObject *hit_rank(Hit *self, void *c)
{
	return PyLong_FromSize_t(self->i);
}

static PyObject *hit_match(Hit *self, void *c)
{
	bw_match m = bw_results_match(self->results->r, self->i);
	if ((unsigned)m >= sizeof match_names / sizeof *match_names)
		return PyUnicode_FromFormat("%d", (int)m);
	return PyUnicode_FromString(match_names[m]);
}

static PyObject *hit_fields(Hit *self, void *c)
{
	uint64_t bits = bw_results_fields(self->results->r, self->i);
	PyObject *set = PyFrozenSet_New(NULL);
	if (!set)
		return NULL;
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		PyObject *name;
		if (!(bits & BW_FIELD_BIT(f)))
			continue;
		if (!(name = PyUnicode_FromString(bw_field_name((bw_field)f))) ||
		    PySet_Add(set, name) < 0) {
			Py_XDECREF(name);
			Py_DECREF(set);
			return NULL;
		}
		Py_DECREF(name);
	}
	if (bits & BW_NAME_BIT) {
		PyObject *name = PyUnicode_FromString("name");
		if (!name || PySet_Add(set, name) < 0) {
			Py_XDECREF(name);
			Py_DECREF(set);
			return NULL;
		}
		Py_DECREF(name);
	}
	return set;
}

static PyObject *hit_label(Hit *self, void *c)
{
	const char *s;
	HIT_CHECK(self);
	if (!(s = bw_results_label(self->results->r, self->i)))
		Py_RETURN_NONE;
	return PyUnicode_FromString(s);
}

static PyObject *hit_dropped(Hit *self, void *c)
{
	HIT_CHECK(self);
	return pybw_str(bw_results_dropped(self->results->r, self->i));
}

static PyObject *hit_fact(Hit *self, void *c)
{
	HIT_CHECK(self);
	return pybw_fact_wrap(self->results->db,
	                      bw_results_fact(self->results->r, self->i),
	                      bw_results_entity(self->results->r, self->i));
}

static size_t write_snippet(char *buf, size_t size, void *ctx)
{
	Hit *self = ctx;
	return bw_results_snippet(buf, size, self->results->r, self->i);
}

static PyObject *hit_snippet(Hit *self, void *c)
{
	HIT_CHECK(self);
	return pybw_format(write_snippet, self);
}

/* The field names of a hit, "name" first and then in field order, as a
 * list (the frozenset of Hit.fields, ordered as the command line does). */
static PyObject *hit_field_list(Results *results, size_t i)
{
	uint64_t bits = bw_results_fields(results->r, i);
	PyObject *list = PyList_New(0);
	if (!list)
		return NULL;
	for (int f = -1; f < BW_FIELD_COUNT; f++) {
		PyObject *name;
		if (!(bits & (f < 0 ? BW_NAME_BIT : BW_FIELD_BIT(f))))
			continue;
		name = PyUnicode_FromString(f < 0 ? "name"
		                                  : bw_field_name((bw_field)f));
		if (!name || PyList_Append(list, name) < 0) {
			Py_XDECREF(name);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(name);
	}
	return list;
}

/* Hit i of results as plain data: the entity's id, kind and name, then
 * what the command line's search JSON gives a hit, and the fact as
 * Fact.to_dict() (or None).  The database is open (checked by the
 * caller). */
static PyObject *hit_dict(Results *results, size_t i)
{
	const bw_entity *e = bw_results_entity(results->r, i);
	const bw_fact *f = bw_results_fact(results->r, i);
	Hit h = { .results = results, .i = i };
	PyObject *d = PyDict_New(), *fact = Py_None;
	if (!d)
		return NULL;
	if (f) {
		PyObject *w = pybw_fact_wrap(results->db, f, e);
		fact = w ? PyObject_CallMethod(w, "to_dict", NULL) : NULL;
		Py_XDECREF(w);
	} else {
		Py_INCREF(fact);
	}
	if (pybw_put(d, "id", pybw_str(bw_entity_id(e))) < 0 ||
	    pybw_put(d, "kind", pybw_str(bw_kind_name(bw_entity_kind(e)))) < 0 ||
	    pybw_put(d, "name", pybw_str(bw_entity_name(e))) < 0 ||
	    pybw_put(d, "rank", PyLong_FromSize_t(results->offset + i + 1)) < 0 ||
	    pybw_put(d, "label", pybw_str(bw_results_label(results->r, i))) < 0 ||
	    pybw_put(d, "score",
	             PyFloat_FromDouble(bw_results_score(results->r, i))) < 0 ||
	    pybw_put(d, "match", hit_match(&h, NULL)) < 0 ||
	    pybw_put(d, "fields", hit_field_list(results, i)) < 0 ||
	    pybw_put(d, "snippet", pybw_format(write_snippet, &h)) < 0 ||
	    pybw_put(d, "dropped",
	             pybw_str(bw_results_dropped(results->r, i))) < 0) {
		Py_XDECREF(fact); /* not handed to pybw_put yet */
		Py_DECREF(d);
		return NULL;
	}
	if (pybw_put(d, "fact", fact) < 0)
		Py_CLEAR(d);
	return d;
}

static PyObject *hit_to_dict(Hit *self, PyObject *unused)
{
	HIT_CHECK(self);
	return hit_dict(self->results, self->i);
}

static PyObject *hit_repr(Hit *self)
{
	const bw_entity *e;
	char score[32];
	if (self->results->db->closed)
		return PyUnicode_FromString("<Hit of a closed database>");
	e = bw_results_entity(self->results->r, self->i);
	snprintf(score, sizeof score, "%.3f",
	         bw_results_score(self->results->r, self->i));
	return PyUnicode_FromFormat("<Hit %zu %s %s score=%s %s>", self->i,
	                            bw_kind_name(bw_entity_kind(e)),
	                            bw_entity_id(e), score,
	                            match_names[bw_results_match(self->results->r,
	                                                         self->i) & 3]);
}

static PyGetSetDef hit_getset[] = {
	{ "entity", (getter)hit_entity, NULL, "The Entity found.", NULL },
	{ "score", (getter)hit_score, NULL,
	  "The score (higher is better; comparable within one Results).", NULL },
	{ "rank", (getter)hit_rank, NULL,
	  "The hit's 0-based place in its Results.", NULL },
	{ "match", (getter)hit_match, NULL,
	  "How the weakest query word matched: \"exact\" (as typed, or a form, "
	  "alias or synonym of it), \"prefix\", \"typo1\" or \"typo2\".", NULL },
	{ "fields", (getter)hit_fields, NULL,
	  "Where query words occur: a frozenset of field names, with \"name\" "
	  "for the entity's name.", NULL },
	{ "label", (getter)hit_label, NULL,
	  "The name or alias that matched (for suggest(), the label "
	  "completed).", NULL },
	{ "dropped", (getter)hit_dropped, NULL,
	  "The words of the query the hit does not match, as typed and "
	  "separated by spaces, or None when it matches every word (search "
	  "returns such hits only when no entity matches every word).", NULL },
	{ "fact", (getter)hit_fact, NULL,
	  "For relation queries, the Fact linking the hit to what was asked; "
	  "else None.", NULL },
	{ "snippet", (getter)hit_snippet, NULL,
	  "A short passage of the entity around the query words, each wrapped "
	  "in the marks (\"[\" and \"]\" unless search() was given others).", NULL },
	{ 0 }
};

static PyMethodDef hit_methods[] = {
	{ "to_dict", (PyCFunction)hit_to_dict, METH_NOARGS,
	  "to_dict($self, /)\n--\n\nThe hit as plain data ready for json.dumps, "
	  "as `bodywork search --json` gives it: id, kind, name, rank (1-based "
	  "among all matches: offset + the hit's index + 1), label, score, "
	  "match, fields (a list, \"name\" first), snippet, dropped, and fact "
	  "(Fact.to_dict(), or None)." },
	{ 0 }
};

static PyTypeObject HitType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Hit",
	.tp_basicsize = sizeof(Hit),
	.tp_dealloc = (destructor)hit_dealloc,
	.tp_repr = (reprfunc)hit_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "One search hit: entity, score, match, fields, label, fact "
	          "and snippet, read from its Results when asked.",
	.tp_getset = hit_getset,
	.tp_methods = hit_methods,
};

/* ----- the Database methods ----- */

/* The arguments the query calls take.  They are parsed here rather than by
 * PyArg_ParseTupleAndKeywords, which costs as much as a cheap search. */
enum { A_TEXT, A_KIND, A_LIMIT, A_OFFSET, A_TYPO, A_PREFIX, A_SYNONYMS,
       A_MARKS, A_WORDS, A_COUNT };
static const char *const arg_name[A_COUNT] = {
	NULL, "kind", "limit", "offset", "typo_threshold", "prefix",
	"synonyms", "marks", "snippet_words"
};

/* One call's arguments: ids in positional order (-1 ends), the first
 * npos of them positional, the rest keyword-only; A_TEXT is named text. */
typedef struct {
	const char *fname, *text;
	int npos;
	int ids[A_COUNT + 1];
} Signature;

static const Signature search_sig = { "search", "query", 4, { A_TEXT, A_KIND,
	A_LIMIT, A_OFFSET, A_TYPO, A_PREFIX, A_SYNONYMS, A_MARKS, A_WORDS, -1 } };
static const Signature suggest_sig = { "suggest", "prefix", 3,
	{ A_TEXT, A_KIND, A_LIMIT, -1 } };
static const Signature symptom_sig = { "muscles_for_symptom", "text", 3,
	{ A_TEXT, A_LIMIT, A_OFFSET, -1 } };
static const Signature techniques_sig = { "techniques_for", "muscle", 3,
	{ A_TEXT, A_LIMIT, A_OFFSET, -1 } };

/* Match the arguments to sig into v (borrowed; NULL when not given). */
static int parse_args(const Signature *sig, PyObject *const *args,
                      Py_ssize_t nargs, PyObject *kwnames, PyObject **v)
{
	Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
	for (int a = 0; a < A_COUNT; a++)
		v[a] = NULL;
	if (nargs > sig->npos) {
		PyErr_Format(PyExc_TypeError,
		             "%s() takes at most %d positional arguments (%zd given)",
		             sig->fname, sig->npos, nargs);
		return -1;
	}
	for (Py_ssize_t i = 0; i < nargs; i++)
		v[sig->ids[i]] = args[i];
	for (Py_ssize_t k = 0; k < nkw; k++) {
		PyObject *key = PyTuple_GET_ITEM(kwnames, k);
		int id = -1;
		for (int j = 0; sig->ids[j] >= 0 && id < 0; j++) {
			const char *name = sig->ids[j] == A_TEXT
			                   ? sig->text : arg_name[sig->ids[j]];
			if (PyUnicode_CompareWithASCIIString(key, name) == 0)
				id = sig->ids[j];
		}
		if (id < 0) {
			PyErr_Format(PyExc_TypeError,
			             "%s() got an unexpected keyword argument '%U'",
			             sig->fname, key);
			return -1;
		}
		if (v[id]) {
			PyErr_Format(PyExc_TypeError,
			             "%s() got multiple values for argument '%U'",
			             sig->fname, key);
			return -1;
		}
		v[id] = args[nargs + k];
	}
	if (!v[A_TEXT]) {
		PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'",
		             sig->fname, sig->text);
		return -1;
	}
	return 0;
}

/* A count argument: a non-negative int that fits max. */
static int count_arg(PyObject *obj, const char *name, size_t max, size_t *out)
{
	Py_ssize_t n;
	if (!obj)
		return 0;
	if (!PyIndex_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", name,
		             Py_TYPE(obj)->tp_name);
		return -1;
	}
	if ((n = PyNumber_AsSsize_t(obj, PyExc_OverflowError)) == -1 &&
	    PyErr_Occurred())
		return -1;
	if (n < 0 || (size_t)n > max) {
		pybw_raise_invalid("%s must be between 0 and %zu", name, max);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

/* A flag argument: clear sets bit in *flags. */
static int flag_arg(PyObject *obj, unsigned bit, unsigned *flags)
{
	int on;
	if (!obj)
		return 0;
	if ((on = PyObject_IsTrue(obj)) < 0)
		return -1;
	if (!on)
		*flags |= bit;
	return 0;
}

/* The options in v into o; the mark strings are borrowed from v[A_MARKS]. */
static int options(PyObject *const *v, bw_search_options *o)
{
	size_t typo = o->typo_threshold, words = o->snippet_words;
	if (kinds_mask(v[A_KIND], &o->kinds) < 0 ||
	    count_arg(v[A_LIMIT], "limit", PY_SSIZE_T_MAX, &o->limit) < 0 ||
	    count_arg(v[A_OFFSET], "offset", PY_SSIZE_T_MAX, &o->offset) < 0 ||
	    count_arg(v[A_TYPO], "typo_threshold", UINT_MAX, &typo) < 0 ||
	    count_arg(v[A_WORDS], "snippet_words", UINT_MAX, &words) < 0 ||
	    flag_arg(v[A_PREFIX], BW_SEARCH_NO_PREFIX, &o->flags) < 0 ||
	    flag_arg(v[A_SYNONYMS], BW_SEARCH_NO_SYNONYMS, &o->flags) < 0)
		return -1;
	if (v[A_LIMIT] && !o->limit) { /* C reads 0 as the default */
		bw_error err = { BW_EINVAL, 0, 0, "", "limit must be 1 or more" };
		pybw_raise(BW_EINVAL, &err, NULL);
		return -1;
	}
	o->typo_threshold = (unsigned)typo;
	if (!typo)
		o->flags |= BW_SEARCH_NO_TYPOS; /* 0: never */
	o->snippet_words = (unsigned)words;
	if (v[A_MARKS] && v[A_MARKS] != Py_None) {
		PyObject *m = v[A_MARKS];
		if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 2) {
			PyErr_SetString(PyExc_TypeError,
			                "marks must be a (open, close) tuple of str");
			return -1;
		}
		o->mark_open = pybw_utf8(PyTuple_GET_ITEM(m, 0), "a mark (str)");
		o->mark_close = o->mark_open ? pybw_utf8(PyTuple_GET_ITEM(m, 1),
		                                         "a mark (str)") : NULL;
		if (!o->mark_close)
			return -1;
	}
	return 0;
}

/* A query call taking text: parse, then run fn. */
static PyObject *text_call(pybw_Db *self, const Signature *sig, query_fn fn,
                           PyObject *const *args, Py_ssize_t nargs,
                           PyObject *kwnames)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	PyObject *v[A_COUNT];
	const char *text;
	if (parse_args(sig, args, nargs, kwnames, v) < 0 ||
	    pybw_db_check(self) < 0 || options(v, &o) < 0 ||
	    !(text = pybw_utf8(v[A_TEXT], "a str")))
		return NULL;
	return run(self, fn, v[A_TEXT], text, &o);
}

PyObject *pybw_db_search(pybw_Db *self, PyObject *const *args,
                         Py_ssize_t nargs, PyObject *kwnames)
{
	return text_call(self, &search_sig, bw_search, args, nargs, kwnames);
}

PyObject *pybw_db_suggest(pybw_Db *self, PyObject *const *args,
                          Py_ssize_t nargs, PyObject *kwnames)
{
	return text_call(self, &suggest_sig, bw_suggest, args, nargs, kwnames);
}

PyObject *pybw_db_muscles_for_symptom(pybw_Db *self, PyObject *const *args,
                                      Py_ssize_t nargs, PyObject *kwnames)
{
	return text_call(self, &symptom_sig, bw_muscles_for_symptom_text, args,
	                 nargs, kwnames);
}

PyObject *pybw_db_techniques_for(pybw_Db *self, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	PyObject *v[A_COUNT];
	const bw_entity *m;
	bw_results *r = NULL;
	bw_error err;
	bw_status st;
	if (parse_args(&techniques_sig, args, nargs, kwnames, v) < 0 ||
	    pybw_db_check(self) < 0 || options(v, &o) < 0 ||
	    !(m = pybw_entity_arg(self, v[A_TEXT])) || pybw_db_pin(self) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	st = bw_techniques_for_muscle(&r, self->db, m, &o, &err);
	Py_END_ALLOW_THREADS
	return results_new(self, st, r, &err, v[A_TEXT], NULL, &o);
}

int pybw_search_init(PyObject *module)
{
	if (PyType_Ready(&ResultsType) < 0 || PyType_Ready(&HitType) < 0 ||
	    PyModule_AddObjectRef(module, "Results", (PyObject *)&ResultsType) < 0 ||
	    PyModule_AddObjectRef(module, "Hit", (PyObject *)&HitType) < 0)
		return -1;
	return 0;
}

#else

/* Nothing to build against a header without search. */
typedef int pybw_no_search;

#endif /* PYBW_HAVE_SEARCH */
