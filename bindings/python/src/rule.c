/*
 * rule.c: condition rules and the technique planner.  Rule wraps a borrowed
 * bw_rule (with the condition it belongs to); a rule's matches and a plan's
 * contents are plain records (struct sequences: RuleMatch, Reason,
 * PlanEntry, Plan) built from the library's answer, after which the
 * bw_plan is freed at once, so a Plan owns no C memory.
 */
#include "pybw.h"

#define CHECK_OPEN(obj)                                                     \
	do {                                                                \
		if ((obj)->db->closed)                                      \
			return pybw_raise_closed();                         \
	} while (0)

static PyTypeObject *RuleMatchType, *ReasonType, *PlanEntryType, *PlanType;

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

PYBW_GETTER(rule_area, pybw_Rule, pybw_str(bw_rule_area(self->r)))

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
	    pybw_put(d, "reason", pybw_str(bw_rule_reason(r))) < 0 ||
	    pybw_put(d, "evidence",
	             pybw_str(bw_evidence_name(bw_rule_evidence(r)))) < 0)
		goto fail;
	if ((s = bw_rule_area(r)) && pybw_put(d, "area", PyUnicode_FromString(s)) < 0)
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
	PyObject *reason, *r;
	if (self->db->closed)
		return PyUnicode_FromString("<Rule of a closed database>");
	if (!(reason = PyUnicode_FromString(bw_rule_reason(self->r))))
		return NULL;
	r = PyUnicode_FromFormat("<Rule %s %s%s%s %R>",
	                         bw_entity_id(self->condition),
	                         bw_severity_name(bw_rule_severity(self->r)),
	                         bw_rule_area(self->r) ? " at " : "",
	                         bw_rule_area(self->r) ? bw_rule_area(self->r) : "",
	                         reason);
	Py_DECREF(reason);
	return r;
}

static PyGetSetDef rule_getset[] = {
	{ "severity", (getter)rule_severity, NULL,
	  "\"absolute\" (excludes every technique it matches), \"local\" "
	  "(excludes those with contact at its area) or \"caution\" (allows, "
	  "with the reason as a caution).", NULL },
	{ "area", (getter)rule_area, NULL,
	  "A local rule's area (a contact value, \"abdominal\"); else None.", NULL },
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
	  "rule the technique makes contact at the area." },
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
		if (!PyStructSequence_GET_ITEM(entry, 0))
			goto fail;
	}
	return t;
fail:
	Py_DECREF(t);
	return NULL;
}

/* The Plan record of p; p stays the caller's to free. */
static PyObject *plan_record(pybw_Db *db, const bw_plan *p)
{
	size_t nc = bw_plan_condition_count(p);
	PyObject *plan, *conds = PyTuple_New((Py_ssize_t)nc);
	if (!conds)
		return NULL;
	for (size_t i = 0; i < nc; i++) {
		PyObject *c = pybw_entity_wrap(db, bw_plan_condition(p, i));
		if (!c) {
			Py_DECREF(conds);
			return NULL;
		}
		PyTuple_SET_ITEM(conds, (Py_ssize_t)i, c);
	}
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

/* What a planner call made without the GIL (with db pinned) returned: the
 * Plan record, or the exception.  Frees p and drops the pin; the plan
 * borrows from the database, so it is read first. */
static PyObject *plan_done(pybw_Db *db, bw_status st, bw_plan *p,
                           const bw_error *err)
{
	PyObject *result = NULL;
	if (db->closed)
		pybw_raise_closed();
	else if (st)
		pybw_raise(st, err, NULL);
	else
		result = plan_record(db, p);
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
	             "excluding it and then every caution; for an allowed one, "
	             "its cautions" },
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

static int add_record(PyObject *module, PyTypeObject **type,
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
	    add_record(module, &RuleMatchType, &rule_match_desc) < 0 ||
	    add_record(module, &ReasonType, &reason_desc) < 0 ||
	    add_record(module, &PlanEntryType, &plan_entry_desc) < 0 ||
	    add_record(module, &PlanType, &plan_desc) < 0)
		return -1;
	return 0;
}
