/*
 * rule.c: condition rules, the technique planner and the session screen.
 * Rule wraps a borrowed bw_rule (with the condition it belongs to); a
 * rule's matches, a plan's contents and a screen's are plain records
 * (struct sequences: RuleMatch, Reason, PlanEntry, Plan, ScreenLine,
 * Screen) built from the library's answer, after which the bw_plan or
 * bw_screen is freed at once, so neither record owns C memory.
 */
#include "pybw.h"

#define CHECK_OPEN(obj)                                                     \
	do {                                                                \
		if ((obj)->db->closed)                                      \
			return pybw_raise_closed();                         \
	} while (0)

static PyTypeObject *RuleMatchType, *ReasonType, *PlanEntryType, *PlanType,
	*ScreenLineType, *ScreenType;

/* The technique attributes a match may constrain (bw_rule_match_attr). */
static const char *const match_attrs[] = { "modality", "position", "contact",
                                           "pressure", "min-pressure",
                                           "lever", "method", "movement" };

/* ===== Rule ===== */

PyObject *pybw_rule_wrap(pybw_Db *db, const bw_rule *r,
                         const bw_entity *condition)
{
	pybw_Rule *self;
	if (!r)
		Py_RETURN_NONE;
	if (!(self = PyObject_New(pybw_Rule, &pybw_RuleType)))
		return NULL;
	self->db = (pybw_Db *)Py_NewRef(db);
	self->r = r;
	self->condition = condition;
	return (PyObject *)self;
}

typedef struct {
	const bw_rule *r;
	size_t i;
} MatchRef;

static size_t write_match(char *buf, size_t size, void *ctx)
{
	MatchRef *m = ctx;
	return bw_rule_match_format(buf, size, m->r, m->i);
}

/* The technique attributes match i of r requires, as a dict. */
static PyObject *match_attrs_dict(const bw_rule *r, size_t i)
{
	PyObject *attrs = PyDict_New();
	for (size_t a = 0; attrs && a < sizeof match_attrs / sizeof *match_attrs; a++) {
		const char *v = bw_rule_match_attr(r, i, match_attrs[a]);
		if (v && pybw_put(attrs, match_attrs[a], PyUnicode_FromString(v)) < 0)
			Py_CLEAR(attrs);
	}
	return attrs;
}

PyObject *pybw_rule_match(pybw_Db *db, const bw_rule *r, int i)
{
	MatchRef ref = { r, (size_t)i };
	PyObject *m;
	if (i < 0)
		Py_RETURN_NONE;
	if (!(m = PyStructSequence_New(RuleMatchType)))
		return NULL;
	PyStructSequence_SET_ITEM(m, 0, pybw_format(write_match, &ref));
	PyStructSequence_SET_ITEM(m, 1, pybw_entity_wrap(db,
		bw_rule_match_technique(r, (size_t)i)));
	PyStructSequence_SET_ITEM(m, 2, match_attrs_dict(r, (size_t)i));
	for (int j = 0; j < 3; j++)
		if (!PyStructSequence_GET_ITEM(m, j)) {
			Py_DECREF(m);
			return NULL;
		}
	return m;
}

PYBW_GETTER(rule_severity, pybw_Rule,
            pybw_str(bw_severity_name(bw_rule_severity(self->r))))

PYBW_GETTER(rule_label, pybw_Rule,
            pybw_str(bw_severity_label(bw_rule_severity(self->r))))

PYBW_GETTER(rule_excludes, pybw_Rule,
            PyBool_FromLong(bw_severity_excludes(bw_rule_severity(self->r))))

PYBW_GETTER(rule_site, pybw_Rule,
            pybw_entity_wrap(self->db, bw_rule_site(self->r)))

PYBW_GETTER(rule_reason, pybw_Rule, pybw_str(bw_rule_reason(self->r)))

PYBW_GETTER(rule_adjustment, pybw_Rule, pybw_str(bw_rule_adjustment(self->r)))

PYBW_GETTER(rule_source, pybw_Rule,
            pybw_entity_wrap(self->db, bw_rule_source(self->r)))

PYBW_GETTER(rule_evidence, pybw_Rule,
            pybw_str(bw_evidence_name(bw_rule_evidence(self->r))))

PYBW_GETTER(rule_line, pybw_Rule,
            PyLong_FromUnsignedLong(bw_rule_line(self->r)))

PYBW_GETTER(rule_condition, pybw_Rule,
            pybw_entity_wrap(self->db, self->condition))

static PyObject *match_item(void *ctx, size_t i)
{
	pybw_Rule *self = ctx;
	return pybw_rule_match(self->db, self->r, (int)i);
}

PYBW_GETTER(rule_matches, pybw_Rule,
            pybw_tuple(self->db, bw_rule_match_count(self->r), match_item, self))

static PyObject *instead_item(void *ctx, size_t i)
{
	pybw_Rule *self = ctx;
	return pybw_entity_wrap(self->db, bw_rule_instead(self->r, i));
}

PYBW_GETTER(rule_instead, pybw_Rule,
            pybw_tuple(self->db, bw_rule_instead_count(self->r), instead_item,
                       self))

static PyObject *prefer_item(void *ctx, size_t i)
{
	return PyUnicode_FromString(bw_rule_prefer(((pybw_Rule *)ctx)->r, i));
}

PYBW_GETTER(rule_prefer, pybw_Rule,
            pybw_tuple(self->db, bw_rule_prefer_count(self->r), prefer_item,
                       self))

/* A list of the ids of the n entities get(r, i) gives. */
static PyObject *id_list(const bw_rule *r, size_t n,
                         const bw_entity *(*get)(const bw_rule *, size_t))
{
	PyObject *l = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; l && i < n; i++) {
		PyObject *id = PyUnicode_FromString(bw_entity_id(get(r, i)));
		if (!id)
			Py_CLEAR(l);
		else
			PyList_SET_ITEM(l, (Py_ssize_t)i, id);
	}
	return l;
}

/* A list of the rule's preferred positions. */
static PyObject *prefer_list(const bw_rule *r)
{
	size_t n = bw_rule_prefer_count(r);
	PyObject *l = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; l && i < n; i++) {
		PyObject *p = PyUnicode_FromString(bw_rule_prefer(r, i));
		if (!p)
			Py_CLEAR(l);
		else
			PyList_SET_ITEM(l, (Py_ssize_t)i, p);
	}
	return l;
}

static PyObject *rule_applies(pybw_Rule *self, PyObject *arg)
{
	const bw_entity *t;
	CHECK_OPEN(self);
	if (!(t = pybw_entity_arg(self->db, arg)))
		return NULL;
	return PyBool_FromLong(bw_rule_applies(self->r, t));
}

PyObject *pybw_rule_dict(pybw_Db *db, const bw_rule *r)
{
	PyObject *d = PyDict_New(), *matches;
	const bw_entity *src;
	const char *s;
	size_t n;
	if (!d)
		return NULL;
	if (pybw_put(d, "severity",
	             pybw_str(bw_severity_name(bw_rule_severity(r)))) < 0 ||
	    pybw_put(d, "label",
	             pybw_str(bw_severity_label(bw_rule_severity(r)))) < 0 ||
	    pybw_put(d, "reason", pybw_str(bw_rule_reason(r))) < 0 ||
	    pybw_put(d, "evidence",
	             pybw_str(bw_evidence_name(bw_rule_evidence(r)))) < 0)
		goto fail;
	if ((src = bw_rule_site(r)) &&
	    pybw_put(d, "site", PyUnicode_FromString(bw_entity_id(src))) < 0)
		goto fail;
	if (bw_rule_instead_count(r) &&
	    pybw_put(d, "instead", id_list(r, bw_rule_instead_count(r),
	                                   bw_rule_instead)) < 0)
		goto fail;
	if (bw_rule_prefer_count(r) && pybw_put(d, "prefer", prefer_list(r)) < 0)
		goto fail;
	if ((s = bw_rule_adjustment(r)) &&
	    pybw_put(d, "adjustment", PyUnicode_FromString(s)) < 0)
		goto fail;
	if ((src = bw_rule_source(r)) &&
	    pybw_put(d, "source", PyUnicode_FromString(bw_entity_id(src))) < 0)
		goto fail;
	n = bw_rule_match_count(r);
	if (!(matches = PyList_New((Py_ssize_t)n)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const bw_entity *tech = bw_rule_match_technique(r, i);
		PyObject *md = match_attrs_dict(r, i);
		if (md && tech &&
		    pybw_put(md, "technique",
		             PyUnicode_FromString(bw_entity_id(tech))) < 0)
			Py_CLEAR(md);
		if (!md) {
			Py_DECREF(matches);
			goto fail;
		}
		PyList_SET_ITEM(matches, (Py_ssize_t)i, md);
	}
	if (pybw_put(d, "matches", matches) < 0)
		goto fail;
	(void)db;
	return d;
fail:
	Py_DECREF(d);
	return NULL;
}

static PyObject *rule_to_dict(pybw_Rule *self, PyObject *unused)
{
	PyObject *d;
	CHECK_OPEN(self);
	self->db->pins++; /* allocating may run finalisers that close it */
	if ((d = pybw_rule_dict(self->db, self->r)) &&
	    pybw_put(d, "condition",
	             PyUnicode_FromString(bw_entity_id(self->condition))) < 0)
		Py_CLEAR(d);
	pybw_db_release(self->db);
	return d;
}

static PyObject *rule_repr(pybw_Rule *self)
{
	const bw_entity *site;
	PyObject *reason, *r;
	if (self->db->closed)
		return PyUnicode_FromString("<Rule of a closed database>");
	if (!(reason = PyUnicode_FromString(bw_rule_reason(self->r))))
		return NULL;
	site = bw_rule_site(self->r);
	r = PyUnicode_FromFormat("<Rule %s %s%s%s %R>",
	                         bw_entity_id(self->condition),
	                         bw_severity_name(bw_rule_severity(self->r)),
	                         site ? " at " : "", site ? bw_entity_id(site) : "",
	                         reason);
	Py_DECREF(reason);
	return r;
}

static PyGetSetDef rule_getset[] = {
	{ "severity", (getter)rule_severity, NULL,
	  "As the corpus names it: \"red-flag\" (stop and refer), "
	  "\"clearance\" (excludes what it matches until a physician clears "
	  "the client), \"contraindicated\" (excludes what it matches; with no "
	  "match, the whole session), \"local\" (excludes what it matches at "
	  "its site) or \"caution\" (allows, with the reason as a caution).",
	  NULL },
	{ "label", (getter)rule_label, NULL,
	  "The severity in a practitioner's words (\"stop and refer\", "
	  "\"local contraindication\").", NULL },
	{ "excludes", (getter)rule_excludes, NULL,
	  "Whether the rule excludes what it matches (every severity but "
	  "caution).", NULL },
	{ "site", (getter)rule_site, NULL,
	  "A local rule's body Site; else None.", NULL },
	{ "instead", (getter)rule_instead, NULL,
	  "The Techniques the rule names to use instead, a tuple.  A plan "
	  "offers only those the client's conditions allow "
	  "(PlanEntry.instead).", NULL },
	{ "prefer", (getter)rule_prefer, NULL,
	  "The client positions the rule prefers (\"side-lying\"), a tuple of "
	  "str.", NULL },
	{ "reason", (getter)rule_reason, NULL, "Why the rule restricts.", NULL },
	{ "adjustment", (getter)rule_adjustment, NULL,
	  "What to do instead, or None.", NULL },
	{ "source", (getter)rule_source, NULL,
	  "The Source the rule cites, or None.", NULL },
	{ "evidence", (getter)rule_evidence, NULL, "The rule's evidence grade.", NULL },
	{ "line", (getter)rule_line, NULL,
	  "The line of the rule in its corpus file.", NULL },
	{ "condition", (getter)rule_condition, NULL,
	  "The Condition the rule belongs to.", NULL },
	{ "matches", (getter)rule_matches, NULL,
	  "What the rule matches: a tuple of RuleMatch, each one named "
	  "technique or a conjunction of technique attributes.  Empty: every "
	  "technique.", NULL },
	{ 0 }
};

static PyMethodDef rule_methods[] = {
	{ "applies", (PyCFunction)rule_applies, METH_O,
	  "applies($self, technique, /)\n--\n\nWhether the rule applies to a "
	  "technique (an Entity or a name): some match holds, and for a local "
	  "rule the technique makes contact at the site, a site within it, or "
	  "a site it lies within." },
	{ "to_dict", (PyCFunction)rule_to_dict, METH_NOARGS,
	  "to_dict($self, /)\n--\n\nThe rule as plain data (references as ids)." },
	{ 0 }
};

PyTypeObject pybw_RuleType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Rule",
	.tp_basicsize = sizeof(pybw_Rule),
	.tp_dealloc = pybw_handle_dealloc,
	.tp_repr = (reprfunc)rule_repr,
	.tp_hash = pybw_handle_hash,
	.tp_richcompare = pybw_handle_richcompare,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A rule of a condition: how it restricts techniques, why, "
	          "and what to do instead.  Read-only; keeps its Database alive.",
	.tp_methods = rule_methods,
	.tp_getset = rule_getset,
};

/* ===== the planner ===== */

/* The names of conditions: None, one name or Entity, or an iterable of
 * them; fills a list of UTF-8 pointers borrowed from *keep. */
static int condition_names(pybw_Db *db, PyObject *obj, PyObject **keep,
                           const char ***names, size_t *n)
{
	PyObject *seq;
	Py_ssize_t len;
	*names = NULL;
	*n = 0;
	*keep = NULL;
	if (!obj || obj == Py_None)
		return 0;
	seq = pybw_one_or_many(obj, PyUnicode_Check(obj) ||
	                       PyObject_TypeCheck(obj, &pybw_EntityType),
	                       "a condition name or Condition");
	if (!seq)
		return -1;
	len = PyTuple_GET_SIZE(seq);
	if (len && !(*names = PyMem_Calloc((size_t)len, sizeof **names))) {
		Py_DECREF(seq);
		PyErr_NoMemory();
		return -1;
	}
	for (Py_ssize_t i = 0; i < len; i++) {
		const char *s = pybw_name_arg(db, PyTuple_GET_ITEM(seq, i),
		                              "a condition name or Condition");
		if (!s) {
			PyMem_Free(*names);
			*names = NULL;
			Py_DECREF(seq);
			return -1;
		}
		(*names)[i] = s;
	}
	*n = (size_t)len;
	*keep = seq;
	return 0;
}

/* A tuple of n conditions, get(ctx, i) each. */
static PyObject *condition_tuple(pybw_Db *db, size_t n,
                                 const bw_entity *(*get)(const void *, size_t),
                                 const void *ctx)
{
	PyObject *t = PyTuple_New((Py_ssize_t)n);
	for (size_t i = 0; t && i < n; i++) {
		PyObject *c = pybw_entity_wrap(db, get(ctx, i));
		if (!c)
			Py_CLEAR(t);
		else
			PyTuple_SET_ITEM(t, (Py_ssize_t)i, c);
	}
	return t;
}

static const bw_entity *plan_condition_at(const void *p, size_t i)
{
	return bw_plan_condition(p, i);
}

static const bw_entity *screen_condition_at(const void *s, size_t i)
{
	return bw_screen_condition(s, i);
}

/* The techniques a plan offers in place of technique i of list. */
static PyObject *plan_instead(pybw_Db *db, const bw_plan *p,
                              bw_plan_list list, size_t i)
{
	size_t n = bw_plan_instead_count(p, list, i);
	PyObject *t = PyTuple_New((Py_ssize_t)n);
	for (size_t k = 0; t && k < n; k++) {
		PyObject *e = pybw_entity_wrap(db, bw_plan_instead(p, list, i, k));
		if (!e)
			Py_CLEAR(t);
		else
			PyTuple_SET_ITEM(t, (Py_ssize_t)k, e);
	}
	return t;
}

static PyObject *plan_list(pybw_Db *db, const bw_plan *p, bw_plan_list list)
{
	size_t n = bw_plan_count(p, list);
	PyObject *t = PyTuple_New((Py_ssize_t)n);
	if (!t)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t nr = bw_plan_reason_count(p, list, i);
		PyObject *entry, *reasons = PyTuple_New((Py_ssize_t)nr);
		if (!reasons)
			goto fail;
		for (size_t k = 0; k < nr; k++) {
			const bw_entity *cond = NULL;
			int match = -1;
			const bw_rule *r = bw_plan_reason(p, list, i, k, &cond, &match);
			PyObject *rs = PyStructSequence_New(ReasonType);
			if (!rs) {
				Py_DECREF(reasons);
				goto fail;
			}
			PyTuple_SET_ITEM(reasons, (Py_ssize_t)k, rs);
			PyStructSequence_SET_ITEM(rs, 0, pybw_entity_wrap(db, cond));
			PyStructSequence_SET_ITEM(rs, 1, pybw_rule_wrap(db, r, cond));
			PyStructSequence_SET_ITEM(rs, 2, pybw_rule_match(db, r, match));
			PyStructSequence_SET_ITEM(rs, 3, pybw_str(
				bw_severity_name(bw_rule_severity(r))));
			PyStructSequence_SET_ITEM(rs, 4, pybw_str(bw_rule_reason(r)));
			PyStructSequence_SET_ITEM(rs, 5,
				pybw_str(bw_rule_adjustment(r)));
			for (int j = 0; j < 6; j++)
				if (!PyStructSequence_GET_ITEM(rs, j)) {
					Py_DECREF(reasons);
					goto fail;
				}
		}
		if (!(entry = PyStructSequence_New(PlanEntryType))) {
			Py_DECREF(reasons);
			goto fail;
		}
		PyTuple_SET_ITEM(t, (Py_ssize_t)i, entry);
		PyStructSequence_SET_ITEM(entry, 1, reasons);
		PyStructSequence_SET_ITEM(entry, 0,
			pybw_entity_wrap(db, bw_plan_technique(p, list, i)));
		PyStructSequence_SET_ITEM(entry, 2, plan_instead(db, p, list, i));
		if (!PyStructSequence_GET_ITEM(entry, 0) ||
		    !PyStructSequence_GET_ITEM(entry, 2))
			goto fail;
	}
	return t;
fail:
	Py_DECREF(t);
	return NULL;
}

/* The Plan record of p; p stays the caller's to free. */
PyObject *pybw_plan_record(pybw_Db *db, const void *pv)
{
	const bw_plan *p = pv;
	PyObject *plan, *conds = condition_tuple(db, bw_plan_condition_count(p),
	                                         plan_condition_at, p);
	if (!conds)
		return NULL;
	if (!(plan = PyStructSequence_New(PlanType))) {
		Py_DECREF(conds);
		return NULL;
	}
	PyStructSequence_SET_ITEM(plan, 1, conds);
	PyStructSequence_SET_ITEM(plan, 0, pybw_entity_wrap(db, bw_plan_muscle(p)));
	PyStructSequence_SET_ITEM(plan, 2, plan_list(db, p, BW_PLAN_ALLOWED));
	PyStructSequence_SET_ITEM(plan, 3, plan_list(db, p, BW_PLAN_EXCLUDED));
	for (int j = 0; j < 4; j++)
		if (!PyStructSequence_GET_ITEM(plan, j)) {
			Py_DECREF(plan);
			return NULL;
		}
	return plan;
}

/* What a call made without the GIL (with db pinned) returned: the record
 * record(db, answer) makes, or the exception.  The answer borrows from the
 * database, so the caller frees it and drops the pin only after this. */
static PyObject *call_result(pybw_Db *db, bw_status st, const bw_error *err,
                             PyObject *(*record)(pybw_Db *, const void *),
                             const void *answer)
{
	if (db->closed)
		return pybw_raise_closed();
	if (st)
		return pybw_raise(st, err, NULL);
	return record(db, answer);
}

/* The Plan record of a planner call (or the exception); frees p and drops
 * the pin. */
static PyObject *plan_done(pybw_Db *db, bw_status st, bw_plan *p,
                           const bw_error *err)
{
	PyObject *result = call_result(db, st, err, pybw_plan_record, p);
	bw_plan_free(p);
	pybw_db_release(db);
	return result;
}

PyObject *pybw_db_plan(pybw_Db *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "muscle", "conditions", NULL };
	PyObject *muscle, *conditions = NULL, *keep = NULL, *result = NULL;
	const char *mname, **cnames = NULL;
	size_t nc = 0;
	bw_plan *p = NULL;
	bw_error err;
	bw_status st;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O:plan", kwlist, &muscle,
	                                 &conditions))
		return NULL;
	if (pybw_db_check(self) < 0 ||
	    !(mname = pybw_name_arg(self, muscle, "a muscle name or Muscle")) ||
	    condition_names(self, conditions, &keep, &cnames, &nc) < 0)
		return NULL;
	if (pybw_db_pin(self) < 0)
		goto out;
	Py_BEGIN_ALLOW_THREADS
	st = bw_plan_new(&p, self->db, mname, cnames, nc, &err);
	Py_END_ALLOW_THREADS
	result = plan_done(self, st, p, &err);
out:
	PyMem_Free(cnames);
	Py_XDECREF(keep);
	return result;
}

PyObject *pybw_db_restrictions(pybw_Db *self, PyObject *arg)
{
	const char *tname;
	bw_plan *p = NULL;
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0 ||
	    !(tname = pybw_name_arg(self, arg, "a technique name or Technique")))
		return NULL;
	if (pybw_db_pin(self) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	st = bw_plan_restrictions(&p, self->db, tname, &err);
	Py_END_ALLOW_THREADS
	return plan_done(self, st, p, &err);
}

/* ===== the session screen ===== */

/* The ScreenLine record of line i of s. */
static PyObject *screen_line(pybw_Db *db, const bw_screen *s, size_t i)
{
	int match;
	const bw_rule *r = bw_screen_line_rule(s, i, &match);
	const bw_entity *cond = bw_screen_line_condition(s, i);
	PyObject *l = PyStructSequence_New(ScreenLineType);
	if (!l)
		return NULL;
	PyStructSequence_SET_ITEM(l, 0, pybw_str(bw_screen_action_name(
		bw_screen_line_action(s, i))));
	PyStructSequence_SET_ITEM(l, 1, pybw_entity_wrap(db, cond));
	PyStructSequence_SET_ITEM(l, 2, pybw_entity_wrap(db,
		bw_screen_line_site(s, i)));
	PyStructSequence_SET_ITEM(l, 3, pybw_str(bw_screen_line_position(s, i)));
	PyStructSequence_SET_ITEM(l, 4, pybw_str(bw_screen_line_pressure(s, i)));
	PyStructSequence_SET_ITEM(l, 5, pybw_rule_wrap(db, r, cond));
	PyStructSequence_SET_ITEM(l, 6, r ? pybw_rule_match(db, r, match)
	                                  : Py_NewRef(Py_None));
	PyStructSequence_SET_ITEM(l, 7, pybw_fact_wrap(db,
		bw_screen_line_fact(s, i), cond));
	for (int j = 0; j < 8; j++)
		if (!PyStructSequence_GET_ITEM(l, j)) {
			Py_DECREF(l);
			return NULL;
		}
	return l;
}

/* The Screen record of s; s stays the caller's to free. */
PyObject *pybw_screen_record(pybw_Db *db, const void *sv)
{
	const bw_screen *s = sv;
	size_t n = bw_screen_count(s);
	PyObject *rec, *lines = PyTuple_New((Py_ssize_t)n);
	for (size_t i = 0; lines && i < n; i++) {
		PyObject *l = screen_line(db, s, i);
		if (!l)
			Py_CLEAR(lines);
		else
			PyTuple_SET_ITEM(lines, (Py_ssize_t)i, l);
	}
	if (!lines || !(rec = PyStructSequence_New(ScreenType))) {
		Py_XDECREF(lines);
		return NULL;
	}
	PyStructSequence_SET_ITEM(rec, 3, lines);
	PyStructSequence_SET_ITEM(rec, 0, condition_tuple(db,
		bw_screen_condition_count(s), screen_condition_at, s));
	PyStructSequence_SET_ITEM(rec, 1,
		PyBool_FromLong(bw_screen_needs_clearance(s)));
	PyStructSequence_SET_ITEM(rec, 2, PyBool_FromLong(bw_screen_refer(s)));
	if (!PyStructSequence_GET_ITEM(rec, 0)) {
		Py_DECREF(rec);
		return NULL;
	}
	return rec;
}

PyObject *pybw_db_screen(pybw_Db *self, PyObject *arg)
{
	PyObject *keep = NULL, *result = NULL;
	const char **cnames = NULL;
	size_t nc = 0;
	bw_screen *s = NULL;
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0 ||
	    condition_names(self, arg, &keep, &cnames, &nc) < 0)
		return NULL;
	if (pybw_db_pin(self) < 0)
		goto out;
	Py_BEGIN_ALLOW_THREADS
	st = bw_screen_new(&s, self->db, cnames, nc, &err);
	Py_END_ALLOW_THREADS
	result = call_result(self, st, &err, pybw_screen_record, s);
	bw_screen_free(s);
	pybw_db_release(self);
out:
	PyMem_Free(cnames);
	Py_XDECREF(keep);
	return result;
}

/* ===== body maps ===== */

/* The SVG a map call made, as str; the error it reported, raised. */
static PyObject *map_result(char *svg, size_t len, bw_status st,
                            const bw_error *err)
{
	PyObject *r;
	if (st != BW_OK)
		return pybw_raise(st, err, NULL);
	r = PyUnicode_DecodeUTF8(svg, (Py_ssize_t)len, "strict");
	bw_map_free(svg);
	return r;
}

/* db.map_muscle(muscle) and db.map_symptom(symptom): an SVG body map. */
static PyObject *map_entity(pybw_Db *self, PyObject *arg, int symptom)
{
	const char *name;
	char *svg = NULL;
	size_t len = 0;
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0 ||
	    !(name = pybw_name_arg(self, arg, symptom ? "a symptom name or Symptom"
	                                              : "a muscle name or Muscle")))
		return NULL;
	if (pybw_db_pin(self) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	st = symptom ? bw_map_symptom(&svg, &len, self->db, name, &err)
	             : bw_map_muscle(&svg, &len, self->db, name, &err);
	Py_END_ALLOW_THREADS
	pybw_db_release(self);
	return map_result(svg, len, st, &err);
}

PyObject *pybw_db_map_muscle(pybw_Db *self, PyObject *arg)
{
	return map_entity(self, arg, 0);
}

PyObject *pybw_db_map_symptom(pybw_Db *self, PyObject *arg)
{
	return map_entity(self, arg, 1);
}

PyObject *pybw_db_map_screen(pybw_Db *self, PyObject *arg)
{
	PyObject *keep = NULL, *result = NULL;
	const char **cnames = NULL;
	size_t nc = 0, len = 0;
	char *svg = NULL;
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0 ||
	    condition_names(self, arg, &keep, &cnames, &nc) < 0)
		return NULL;
	if (pybw_db_pin(self) < 0)
		goto out;
	Py_BEGIN_ALLOW_THREADS
	st = bw_map_screen(&svg, &len, self->db, cnames, nc, &err);
	Py_END_ALLOW_THREADS
	pybw_db_release(self);
	result = map_result(svg, len, st, &err);
out:
	PyMem_Free(cnames);
	Py_XDECREF(keep);
	return result;
}

/* ===== records ===== */

static PyStructSequence_Field rule_match_fields[] = {
	{ "text", "the match as text: \"technique table-edge-stretch\", "
	          "\"lever=long movement=hip-extension\"" },
	{ "technique", "the Technique matched by name, or None" },
	{ "attrs", "the technique attributes required, as a dict "
	           "(\"modality\", \"position\", \"contact\", \"pressure\", "
	           "\"min-pressure\", \"lever\", \"method\", \"movement\")" },
	{ 0 }
};
static PyStructSequence_Desc rule_match_desc = {
	"bodywork.RuleMatch", "One match of a rule.", rule_match_fields, 3
};

static PyStructSequence_Field reason_fields[] = {
	{ "condition", "the Condition whose rule it is" },
	{ "rule", "the Rule" },
	{ "match", "the RuleMatch that held, or None when the rule applies "
	           "with no match (through its severity or area alone)" },
	{ "severity", "the rule's severity" },
	{ "reason", "the rule's reason" },
	{ "adjustment", "what to do instead, or None" },
	{ 0 }
};
static PyStructSequence_Desc reason_desc = {
	"bodywork.Reason", "Why a technique is excluded, or a caution on it.",
	reason_fields, 6
};

static PyStructSequence_Field plan_entry_fields[] = {
	{ "technique", "the Technique" },
	{ "reasons", "a tuple of Reason: for an excluded technique, every rule "
	             "excluding it, strongest first, and then every caution; "
	             "for an allowed one, its cautions" },
	{ "instead", "a tuple of the Techniques to use in its place, which "
	             "the reasons' rules name and the client's conditions allow "
	             "(an attribute only: unpacking gives technique and "
	             "reasons)" },
	{ 0 }
};
static PyStructSequence_Desc plan_entry_desc = {
	"bodywork.PlanEntry", "One technique of a plan with its reasons.",
	plan_entry_fields, 2
};

static PyStructSequence_Field plan_fields[] = {
	{ "muscle", "the Muscle planned for (None for restrictions())" },
	{ "conditions", "the Conditions, resolved, in the order given" },
	{ "allowed", "a tuple of PlanEntry, best first" },
	{ "excluded", "a tuple of PlanEntry, by name" },
	{ 0 }
};
static PyStructSequence_Desc plan_desc = {
	"bodywork.Plan",
	"The techniques for a muscle split by a client's conditions into "
	"allowed (best first, with cautions) and excluded (with every reason).",
	plan_fields, 4
};

static PyStructSequence_Field screen_line_fields[] = {
	{ "action", "what to do: \"refer\", \"clearance\", \"no-massage\", "
	            "\"avoid\", \"limit\", \"caution\", \"prefer\" or "
	            "\"ask\"" },
	{ "condition", "the Condition the line comes from" },
	{ "site", "the body Site the line is about, or None" },
	{ "position", "the client position the line is about (\"prone\"), or "
	              "None" },
	{ "pressure", "for a limit line, the highest pressure allowed "
	              "(\"light\"); else None" },
	{ "rule", "the Rule behind the line; None for an ask line" },
	{ "match", "the RuleMatch that made the line, or None" },
	{ "fact", "for an ask line, the red-flag Fact to ask about; else None" },
	{ 0 }
};
static PyStructSequence_Desc screen_line_desc = {
	"bodywork.ScreenLine", "One line of a session screen.",
	screen_line_fields, 8
};

static PyStructSequence_Field screen_fields[] = {
	{ "conditions", "the Conditions, resolved, in the order given" },
	{ "needs_clearance", "whether a condition needs medical clearance" },
	{ "refer", "whether a condition says stop and refer" },
	{ "lines", "a tuple of ScreenLine, strongest action first, then in "
	           "the order of the conditions and their rules" },
	{ 0 }
};
static PyStructSequence_Desc screen_desc = {
	"bodywork.Screen",
	"What a client's conditions mean for a whole session: whether to "
	"refer or get clearance, and what to avoid, limit, take care with, "
	"prefer and ask about.",
	screen_fields, 4
};

int pybw_add_record(PyObject *module, PyTypeObject **type,
                    PyStructSequence_Desc *desc)
{
	const char *dot = strrchr(desc->name, '.');
	if (!(*type = PyStructSequence_NewType(desc)))
		return -1;
	return PyModule_AddObjectRef(module, dot + 1, (PyObject *)*type);
}

int pybw_rule_init(PyObject *module)
{
	if (PyType_Ready(&pybw_RuleType) < 0 ||
	    PyModule_AddObjectRef(module, "Rule", (PyObject *)&pybw_RuleType) < 0 ||
	    pybw_add_record(module, &RuleMatchType, &rule_match_desc) < 0 ||
	    pybw_add_record(module, &ReasonType, &reason_desc) < 0 ||
	    pybw_add_record(module, &PlanEntryType, &plan_entry_desc) < 0 ||
	    pybw_add_record(module, &PlanType, &plan_desc) < 0 ||
	    pybw_add_record(module, &ScreenLineType, &screen_line_desc) < 0 ||
	    pybw_add_record(module, &ScreenType, &screen_desc) < 0)
		return -1;
	return 0;
}
