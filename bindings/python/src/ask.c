/*
 * ask.c: Database.ask, a question in plain words.  bw_ask runs without
 * the GIL; its answer becomes an Answer record (reading, kind, entities and
 * one of results, plan, screen).  A plan or screen is copied into the
 * records plan() and screen() return; results stay in the bw_answer, which
 * a capsule owns and the Results object keeps alive, so hits read their
 * snippets from the library as search() hits do.
 */
#include "pybw.h"

#if PYBW_HAVE_SEARCH

static PyTypeObject *AnswerType, *AskEntityType;

static const char *const match_names[] = {"exact", "prefix", "typo1",
                                          "typo2"};

static void answer_capsule_free(PyObject *capsule)
{
	bw_answer_free(PyCapsule_GetPointer(capsule, "bodywork._answer"));
}

/* The AskEntity record of entity i of a. */
static PyObject *ask_entity(pybw_Db *db, const bw_answer *a, size_t i)
{
	PyObject *rec = PyStructSequence_New(AskEntityType);
	if (!rec)
		return NULL;
	PyStructSequence_SET_ITEM(rec, 0,
		pybw_entity_wrap(db, bw_answer_entity(a, i)));
	PyStructSequence_SET_ITEM(rec, 1, pybw_str(bw_answer_entity_words(a, i)));
	PyStructSequence_SET_ITEM(rec, 2, PyUnicode_FromString(
		match_names[bw_answer_entity_match(a, i) & 3]));
	for (Py_ssize_t j = 0; j < 3; j++)
		if (!PyStructSequence_GET_ITEM(rec, j)) {
			Py_DECREF(rec);
			return NULL;
		}
	return rec;
}

/* The Answer record of a, which the capsule owns. */
static PyObject *answer_record(pybw_Db *db, PyObject *question,
                               PyObject *capsule, const bw_answer *a,
                               const bw_search_options *o)
{
	size_t n = bw_answer_entity_count(a);
	PyObject *rec, *ents = PyTuple_New((Py_ssize_t)n);
	if (!ents)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		PyObject *e = ask_entity(db, a, i);
		if (!e) {
			Py_DECREF(ents);
			return NULL;
		}
		PyTuple_SET_ITEM(ents, (Py_ssize_t)i, e);
	}
	if (!(rec = PyStructSequence_New(AnswerType))) {
		Py_DECREF(ents);
		return NULL;
	}
	PyStructSequence_SET_ITEM(rec, 0, Py_NewRef(question));
	PyStructSequence_SET_ITEM(rec, 1, pybw_str(bw_answer_reading(a)));
	PyStructSequence_SET_ITEM(rec, 2,
		pybw_str(bw_ask_kind_name(bw_answer_kind(a))));
	PyStructSequence_SET_ITEM(rec, 3, ents);
	PyStructSequence_SET_ITEM(rec, 4, bw_answer_results(a)
		? pybw_results_borrowed(db, bw_answer_results(a), capsule, question,
		                        o->offset, o->limit)
		: Py_NewRef(Py_None));
	PyStructSequence_SET_ITEM(rec, 5, bw_answer_plan(a)
		? pybw_plan_record(db, bw_answer_plan(a)) : Py_NewRef(Py_None));
	PyStructSequence_SET_ITEM(rec, 6, bw_answer_screen(a)
		? pybw_screen_record(db, bw_answer_screen(a)) : Py_NewRef(Py_None));
	for (Py_ssize_t j = 0; j < 7; j++)
		if (!PyStructSequence_GET_ITEM(rec, j)) {
			Py_DECREF(rec);
			return NULL;
		}
	return rec;
}

PyObject *pybw_db_ask(pybw_Db *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "question", "limit", "offset", NULL };
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	PyObject *question, *capsule, *result = NULL;
	Py_ssize_t limit = 10, offset = 0;
	const char *text;
	bw_answer *a = NULL;
	bw_error err;
	bw_status st;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|nn:ask", kwlist, &question,
	                                 &limit, &offset) ||
	    pybw_db_check(self) < 0 || !(text = pybw_utf8(question, "a str")))
		return NULL;
	if (limit < 0 || offset < 0) {
		pybw_raise_invalid("limit and offset must not be negative");
		return NULL;
	}
	if (!limit) /* the library reads 0 as its default */
		return pybw_raise_invalid("limit must be 1 or more");
	o.limit = (size_t)limit;
	o.offset = (size_t)offset;
	if (pybw_db_pin(self) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	st = bw_ask(&a, self->db, text, &o, &err);
	Py_END_ALLOW_THREADS
	if (self->closed)
		pybw_raise_closed();
	else if (st)
		pybw_raise(st, &err, text);
	else if ((capsule = PyCapsule_New(a, "bodywork._answer",
	                                  answer_capsule_free))) {
		result = answer_record(self, question, capsule, a, &o);
		a = NULL; /* the capsule's, freed with it */
		Py_DECREF(capsule);
	}
	bw_answer_free(a);
	pybw_db_release(self);
	return result;
}

static PyStructSequence_Field ask_entity_fields[] = {
	{ "entity", "the Entity the question names" },
	{ "words", "the words of the question that named it, as written" },
	{ "match", "\"exact\" (an id, name or alias), or \"typo1\" / \"typo2\" "
	           "for a name within the typo budget" },
	{ 0 }
};
static PyStructSequence_Desc ask_entity_desc = {
	"bodywork.AskEntity", "An entity a question names.", ask_entity_fields, 3
};

static PyStructSequence_Field answer_fields[] = {
	{ "question", "the question, as given" },
	{ "reading", "how it was read, in words: \"muscles that cause: Groin "
	             "pain\", \"techniques for: Quadratus lumborum\", \"plan: "
	             "Psoas major with Anticoagulant medication\", \"search: "
	             "...\"" },
	{ "kind", "what was asked: \"search\", \"causes\", \"techniques\", "
	          "\"plan\", \"restrictions\", \"screen\", \"nerve\", "
	          "\"levels\" or \"members\"" },
	{ "entities", "a tuple of AskEntity, in the order of their words" },
	{ "results", "Results for search, causes, techniques, nerve, levels "
	             "and members (each hit's fact links it); else None" },
	{ "plan", "a Plan for plan and restrictions; else None" },
	{ "screen", "a Screen for screen; else None" },
	{ 0 }
};
static PyStructSequence_Desc answer_desc = {
	"bodywork.Answer",
	"A question's answer: how it was read, the entities it names, and "
	"the result (results, plan or screen; the others are None).",
	answer_fields, 7
};

int pybw_ask_init(PyObject *module)
{
	if (pybw_add_record(module, &AskEntityType, &ask_entity_desc) < 0 ||
	    pybw_add_record(module, &AnswerType, &answer_desc) < 0)
		return -1;
	return 0;
}

#else

typedef int pybw_no_ask;

#endif /* PYBW_HAVE_SEARCH */
