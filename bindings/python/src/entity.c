/*
 * entity.c: the Entity type, its seven kind subclasses (Muscle, Technique,
 * Condition, Symptom, Source, Site, Group) and the Fact type.  Each object
 * is a borrowed pointer into a database plus a strong reference to the
 * Database object; every getter checks that the database is still open and
 * then reads through the public getters, so nothing is copied at creation.
 *
 * Every bw_field is an attribute named as in the corpus with '-' read as
 * '_' (origin, blood_supply, shortened_by, ...), built at import from
 * bw_field_name so new fields appear without code here; each gives a tuple
 * of Fact in corpus order, empty for fields the entity's kind lacks.
 * Entities compare equal when they are the same entity of the same
 * Database object, and hash alike.
 */
#include "pybw.h"

#define CHECK_OPEN(obj)                                                     \
	do {                                                                \
		if ((obj)->db->closed)                                      \
			return pybw_raise_closed();                         \
	} while (0)

static PyTypeObject MuscleType, TechniqueType, ConditionType, SymptomType,
	SourceType, SiteType, GroupType;

static PyTypeObject *const kind_type[BW_KIND_COUNT] = {
	[BW_KIND_SOURCE] = &SourceType,
	[BW_KIND_MUSCLE] = &MuscleType,
	[BW_KIND_TECHNIQUE] = &TechniqueType,
	[BW_KIND_CONDITION] = &ConditionType,
	[BW_KIND_SYMPTOM] = &SymptomType,
	[BW_KIND_SITE] = &SiteType,
	[BW_KIND_GROUP] = &GroupType,
};

/* The type of an entity of kind k: plain Entity for a kind without a
 * subclass here (one the library gained after this module). */
static PyTypeObject *type_of_kind(bw_kind k)
{
	return (unsigned)k < BW_KIND_COUNT && kind_type[k] ? kind_type[k]
	                                                    : &pybw_EntityType;
}

/* ===== handles: Entity, Fact and Rule alike ===== */

void pybw_handle_dealloc(PyObject *self)
{
	Py_DECREF(((pybw_Handle *)self)->db);
	PyObject_Free(self);
}

static int is_handle(PyObject *o)
{
	return PyObject_TypeCheck(o, &pybw_EntityType) ||
	       Py_IS_TYPE(o, &pybw_FactType) || Py_IS_TYPE(o, &pybw_RuleType);
}

PyObject *pybw_handle_richcompare(PyObject *a, PyObject *b, int op)
{
	int eq;
	if (!is_handle(b) || (op != Py_EQ && op != Py_NE))
		Py_RETURN_NOTIMPLEMENTED;
	eq = ((pybw_Handle *)a)->db == ((pybw_Handle *)b)->db &&
	     ((pybw_Handle *)a)->ptr == ((pybw_Handle *)b)->ptr;
	return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

Py_hash_t pybw_handle_hash(PyObject *self)
{
	uintptr_t x = (uintptr_t)((pybw_Handle *)self)->ptr;
	uintptr_t y = (uintptr_t)((pybw_Handle *)self)->db;
	Py_hash_t h = (Py_hash_t)((x >> 4 | x << (8 * sizeof x - 4)) ^
	                          (y * 1000003u));
	return h == -1 ? -2 : h;
}

/* ===== Entity ===== */

/* IntegrityError when reading db has met a damaged record of its compiled
 * file: the getter that met it handed out an empty stand-in, which must
 * not reach Python as an entity or a fact. */
static int damaged(pybw_Db *db)
{
	bw_error err;
	if (!db->db || bw_db_intact(db->db, &err) == BW_OK)
		return 0;
	pybw_raise(BW_ECORPUS, &err, NULL);
	return 1;
}

PyObject *pybw_entity_wrap(pybw_Db *db, const bw_entity *e)
{
	pybw_Entity *self;
	bw_kind k;
	if (damaged(db))
		return NULL;
	if (!e)
		Py_RETURN_NONE;
	k = bw_entity_kind(e);
	self = PyObject_New(pybw_Entity, type_of_kind(k));
	if (!self)
		return NULL;
	self->db = (pybw_Db *)Py_NewRef(db);
	self->e = e;
	return (PyObject *)self;
}

/* The entity of an Entity argument, which must be of db (open). */
static const bw_entity *own_entity(pybw_Db *db, PyObject *obj)
{
	if (((pybw_Entity *)obj)->db != db) {
		pybw_raise_invalid("the entity belongs to another database");
		return NULL;
	}
	if (pybw_db_check(db) < 0)
		return NULL;
	return ((pybw_Entity *)obj)->e;
}

const bw_entity *pybw_entity_arg(pybw_Db *db, PyObject *obj)
{
	const bw_entity *e;
	const char *name;
	if (PyObject_TypeCheck(obj, &pybw_EntityType))
		return own_entity(db, obj);
	if (!(name = pybw_utf8(obj, "an entity or a name")) ||
	    pybw_db_lookup(db, name, 0, &e) < 0)
		return NULL;
	return e;
}

const char *pybw_name_arg(pybw_Db *db, PyObject *obj, const char *what)
{
	const bw_entity *e;
	if (PyObject_TypeCheck(obj, &pybw_EntityType))
		return (e = own_entity(db, obj)) ? bw_entity_id(e) : NULL;
	return pybw_utf8(obj, what);
}

PYBW_GETTER(entity_id, pybw_Entity,
            PyUnicode_FromString(bw_entity_id(self->e)))

PYBW_GETTER(entity_name, pybw_Entity,
            PyUnicode_FromString(bw_entity_name(self->e)))

PYBW_GETTER(entity_kind, pybw_Entity,
            pybw_str(bw_kind_name(bw_entity_kind(self->e))))

PYBW_GETTER(entity_summary, pybw_Entity, pybw_str(bw_entity_summary(self->e)))

PYBW_GETTER(entity_file, pybw_Entity,
            PyUnicode_DecodeFSDefault(bw_entity_file(self->e)))

PYBW_GETTER(entity_line, pybw_Entity,
            PyLong_FromUnsignedLong(bw_entity_line(self->e)))

static PyObject *entity_database(pybw_Entity *self, void *c)
{
	return Py_NewRef(self->db);
}

/* ----- tuple items for pybw_tuple; ctx is the Entity or an ItemCtx ----- */

typedef struct {
	pybw_Entity *self;
	bw_field field;
} ItemCtx;

static PyObject *alias_item(void *ctx, size_t i)
{
	pybw_Entity *self = ctx;
	return PyUnicode_FromString(
		bw_fact_text(bw_entity_fact(self->e, BW_FIELD_ALIAS, i)));
}

static PyObject *region_item(void *ctx, size_t i)
{
	return PyUnicode_FromString(bw_entity_region(((pybw_Entity *)ctx)->e, i));
}

static PyObject *fact_item(void *ctx, size_t i)
{
	ItemCtx *c = ctx;
	return pybw_fact_wrap(c->self->db, bw_entity_fact(c->self->e, c->field, i),
	                      c->self->e);
}

static PyObject *referrer_item(void *ctx, size_t i)
{
	ItemCtx *c = ctx;
	const bw_entity *from = NULL;
	const bw_fact *f = bw_entity_backref(c->self->e, c->field, i, &from);
	return pybw_fact_wrap(c->self->db, f, from);
}

static PyObject *referrer_entity_item(void *ctx, size_t i)
{
	ItemCtx *c = ctx;
	const bw_entity *from = NULL;
	bw_entity_backref(c->self->e, c->field, i, &from);
	return pybw_entity_wrap(c->self->db, from);
}

static PyObject *rule_item(void *ctx, size_t i)
{
	pybw_Entity *self = ctx;
	return pybw_rule_wrap(self->db, bw_entity_rule(self->e, i), self->e);
}

static PyObject *target_item(void *ctx, size_t i)
{
	ItemCtx *c = ctx;
	return pybw_entity_wrap(c->self->db, bw_fact_target(
		bw_entity_fact(c->self->e, c->field, i)));
}

PYBW_GETTER(entity_aliases, pybw_Entity,
            pybw_tuple(self->db,
                       bw_entity_fact_count(self->e, BW_FIELD_ALIAS),
                       alias_item, self))

PYBW_GETTER(entity_regions, pybw_Entity,
            pybw_tuple(self->db, bw_entity_region_count(self->e),
                       region_item, self))

/* A kind-specific attribute; the closure is its name. */
static PyObject *entity_attr_get(pybw_Entity *self, void *name)
{
	CHECK_OPEN(self);
	return pybw_str(bw_entity_attr(self->e, (const char *)name));
}

static PyObject *facts_tuple(pybw_Entity *self, bw_field field)
{
	ItemCtx c = { self, field };
	return pybw_tuple(self->db, bw_entity_fact_count(self->e, field),
	                  fact_item, &c);
}

/* A field attribute; the closure is the bw_field. */
static PyObject *entity_field_get(pybw_Entity *self, void *field)
{
	CHECK_OPEN(self);
	return facts_tuple(self, (bw_field)(intptr_t)field);
}

static int field_arg(PyObject *obj, bw_field *out)
{
	const char *name = pybw_utf8(obj, "a field name");
	char buf[64];
	size_t i;
	if (!name)
		return -1;
	/* Python spelling (blood_supply) or the corpus's (blood-supply). */
	for (i = 0; name[i] && i + 1 < sizeof buf; i++)
		buf[i] = name[i] == '_' ? '-' : name[i];
	buf[i] = '\0';
	if (name[i] || bw_field_parse(out, buf, NULL) != BW_OK) {
		pybw_raise_invalid("unknown field %R", obj);
		return -1;
	}
	return 0;
}

static PyObject *entity_facts(pybw_Entity *self, PyObject *arg)
{
	bw_field f;
	CHECK_OPEN(self);
	if (field_arg(arg, &f) < 0)
		return NULL;
	return facts_tuple(self, f);
}

/* The entities referring to self through field, as Facts (referrers) or
 * as the referring entities themselves (from_only). */
static PyObject *backrefs(pybw_Entity *self, bw_field field, int from_only)
{
	ItemCtx c = { self, field };
	return pybw_tuple(self->db, bw_entity_backref_count(self->e, field),
	                  from_only ? referrer_entity_item : referrer_item, &c);
}

static PyObject *entity_referrers(pybw_Entity *self, PyObject *arg)
{
	bw_field f;
	CHECK_OPEN(self);
	if (field_arg(arg, &f) < 0)
		return NULL;
	return backrefs(self, f, 0);
}

/* A backref getter returning entities; the closure is the bw_field. */
static PyObject *entity_backref_get(pybw_Entity *self, void *field)
{
	CHECK_OPEN(self);
	return backrefs(self, (bw_field)(intptr_t)field, 1);
}

static PyObject *entity_attr(pybw_Entity *self, PyObject *arg)
{
	const char *name;
	CHECK_OPEN(self);
	if (!(name = pybw_utf8(arg, "an attribute name")))
		return NULL;
	return pybw_str(bw_entity_attr(self->e, name));
}

PYBW_GETTER(entity_rules, pybw_Entity,
            pybw_tuple(self->db, bw_entity_rule_count(self->e), rule_item,
                       self))

/* The entities a field's facts point at (a technique's target muscles,
 * its contact sites), in corpus order; the closure is the bw_field. */
static PyObject *entity_targets_get(pybw_Entity *self, void *field)
{
	ItemCtx c = { self, (bw_field)(intptr_t)field };
	CHECK_OPEN(self);
	return pybw_tuple(self->db, bw_entity_fact_count(self->e, c.field),
	                  target_item, &c);
}

PYBW_GETTER(site_within, pybw_Entity,
            pybw_entity_wrap(self->db, bw_site_within(self->e)))

static PyObject *site_overlaps(pybw_Entity *self, PyObject *arg)
{
	const bw_entity *other;
	CHECK_OPEN(self);
	if (!(other = pybw_entity_arg(self->db, arg)))
		return NULL;
	return PyBool_FromLong(bw_sites_overlap(self->e, other));
}

static PyObject *fact_dict(const bw_fact *f);
#define put pybw_put

/* A list of a tuple's items, consuming the tuple (NULL passes through). */
static PyObject *as_list(PyObject *t)
{
	PyObject *l;
	if (!t)
		return NULL;
	l = PySequence_List(t);
	Py_DECREF(t);
	return l;
}

static const char *const entity_attr_names[] = { "depth", "modality",
                                                 "lever", "kind", "category",
                                                 "type", "within" };

static PyObject *entity_to_dict(pybw_Entity *self, PyObject *unused)
{
	PyObject *d;
	const bw_entity *e = self->e;
	CHECK_OPEN(self);
	/* Allocating may run finalisers that close the database. */
	self->db->pins++;
	if (!(d = PyDict_New()))
		goto fail;
	if (put(d, "id", PyUnicode_FromString(bw_entity_id(e))) < 0 ||
	    put(d, "kind", pybw_str(bw_kind_name(bw_entity_kind(e)))) < 0 ||
	    put(d, "name", PyUnicode_FromString(bw_entity_name(e))) < 0 ||
	    put(d, "summary", pybw_str(bw_entity_summary(e))) < 0 ||
	    put(d, "aliases", as_list(entity_aliases(self, NULL))) < 0)
		goto fail;
	if (bw_entity_region_count(e) &&
	    put(d, "regions", as_list(entity_regions(self, NULL))) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof entity_attr_names / sizeof *entity_attr_names;
	     i++) {
		const char *v = bw_entity_attr(e, entity_attr_names[i]);
		const char *key = strcmp(entity_attr_names[i], "kind") == 0
		                  ? "source_kind" : entity_attr_names[i];
		if (v && put(d, key, PyUnicode_FromString(v)) < 0)
			goto fail;
	}
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		size_t n = bw_entity_fact_count(e, (bw_field)f);
		char key[64];
		PyObject *list;
		if (!n || f == BW_FIELD_SUMMARY)
			continue;
		snprintf(key, sizeof key, "%s", bw_field_name((bw_field)f));
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		if (!(list = PyList_New((Py_ssize_t)n)))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			PyObject *fd = fact_dict(bw_entity_fact(e, (bw_field)f, i));
			if (!fd) {
				Py_DECREF(list);
				goto fail;
			}
			PyList_SET_ITEM(list, (Py_ssize_t)i, fd);
		}
		if (put(d, key, list) < 0)
			goto fail;
	}
	if (bw_entity_rule_count(e)) {
		size_t n = bw_entity_rule_count(e);
		PyObject *list = PyList_New((Py_ssize_t)n);
		if (!list)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			PyObject *rd = pybw_rule_dict(self->db, bw_entity_rule(e, i));
			if (!rd) {
				Py_DECREF(list);
				goto fail;
			}
			PyList_SET_ITEM(list, (Py_ssize_t)i, rd);
		}
		if (put(d, "rules", list) < 0)
			goto fail;
	}
	pybw_db_release(self->db);
	return d;
fail:
	Py_XDECREF(d);
	pybw_db_release(self->db);
	return NULL;
}

static PyObject *entity_plan(pybw_Entity *self, PyObject *args, PyObject *kw)
{
	PyObject *conditions = NULL, *a, *r;
	static char *kwlist[] = { "conditions", NULL };
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:plan", kwlist,
	                                 &conditions))
		return NULL;
	a = conditions ? PyTuple_Pack(2, (PyObject *)self, conditions)
	               : PyTuple_Pack(1, (PyObject *)self);
	if (!a)
		return NULL;
	r = pybw_db_plan(self->db, a, NULL);
	Py_DECREF(a);
	return r;
}

static PyObject *entity_restrictions(pybw_Entity *self, PyObject *unused)
{
	return pybw_db_restrictions(self->db, (PyObject *)self);
}

static PyObject *entity_screen(pybw_Entity *self, PyObject *unused)
{
	return pybw_db_screen(self->db, (PyObject *)self);
}

static PyObject *entity_repr(pybw_Entity *self)
{
	const char *tn = Py_TYPE(self)->tp_name;
	const char *dot = strrchr(tn, '.');
	PyObject *name, *r;
	if (self->db->closed)
		return PyUnicode_FromFormat("<%s of a closed database>",
		                            dot ? dot + 1 : tn);
	if (!(name = PyUnicode_FromString(bw_entity_name(self->e))))
		return NULL;
	r = PyUnicode_FromFormat("<%s %s %R>", dot ? dot + 1 : tn,
	                         bw_entity_id(self->e), name);
	Py_DECREF(name);
	return r;
}

/* Static getters on every entity; the field getters follow them. */
static PyGetSetDef entity_static_getset[] = {
	{ "id", (getter)entity_id, NULL, "The stable id (\"psoas-major\").", NULL },
	{ "name", (getter)entity_name, NULL,
	  "The display name (a source's title).", NULL },
	{ "kind", (getter)entity_kind, NULL,
	  "The kind as a str: \"muscle\", \"technique\", \"condition\", "
	  "\"symptom\", \"source\", \"site\" or \"group\".", NULL },
	{ "summary", (getter)entity_summary, NULL,
	  "The summary text, or None.  Its source and grade: "
	  "facts(\"summary\").", NULL },
	{ "aliases", (getter)entity_aliases, NULL,
	  "The other names, as a tuple of str.  The alias attribute gives them "
	  "as Facts, with the alias type as qualifier.", NULL },
	{ "file", (getter)entity_file, NULL,
	  "The corpus file it was loaded from (\"bundled:FILE.xml\" for the "
	  "bundled corpus).", NULL },
	{ "line", (getter)entity_line, NULL, "The line of its element in file.", NULL },
	{ "database", (getter)entity_database, NULL,
	  "The Database it belongs to (kept alive by the entity).", NULL },
};
#define N_STATIC_GETSET (sizeof entity_static_getset / sizeof *entity_static_getset)

static PyGetSetDef entity_getset[N_STATIC_GETSET + BW_FIELD_COUNT + 1];
static char field_attr_name[BW_FIELD_COUNT][48];

static PyMethodDef entity_methods[] = {
	{ "facts", (PyCFunction)entity_facts, METH_O,
	  "facts($self, field, /)\n--\n\nThe facts of a field named as in "
	  "the corpus (\"blood-supply\") or as an attribute (\"blood_supply\")." },
	{ "referrers", (PyCFunction)entity_referrers, METH_O,
	  "referrers($self, field, /)\n--\n\nThe facts in other entities "
	  "that point at this one through field (\"causes\", \"target\", "
	  "\"related\", \"contact\", \"member\"), in id order of the "
	  "referring entity; each Fact's "
	  "entity is the referrer." },
	{ "attr", (PyCFunction)entity_attr, METH_O,
	  "attr($self, name, /)\n--\n\nA kind-specific attribute as the corpus "
	  "spells it: a muscle's \"depth\", a technique's \"modality\" and "
	  "\"lever\", a source's \"kind\", a condition's \"category\", a "
	  "site's \"type\" and \"within\"." },
	{ "to_dict", (PyCFunction)entity_to_dict, METH_NOARGS,
	  "to_dict($self, /)\n--\n\nThe entity as plain data ready for json.dumps: id, "
	  "kind, name, summary, aliases, its attributes, every non-empty field as "
	  "a list of fact dicts, and a condition's rules.  References are ids." },
	{ 0 }
};

PyTypeObject pybw_EntityType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Entity",
	.tp_basicsize = sizeof(pybw_Entity),
	.tp_dealloc = pybw_handle_dealloc,
	.tp_repr = (reprfunc)entity_repr,
	.tp_hash = pybw_handle_hash,
	.tp_richcompare = pybw_handle_richcompare,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "An entity of a database: a Muscle, Technique, Condition, "
	          "Symptom, Source, Site or Group.  Read-only; borrowed from "
	          "its Database, which it keeps alive.  Every corpus field is "
	          "an attribute giving a tuple of Fact (origin, blood_supply, "
	          "shortened_by, ...).",
	.tp_methods = entity_methods,
	.tp_getset = entity_getset,
};

/* ----- the kind subclasses ----- */

static PyGetSetDef muscle_getset[] = {
	{ "depth", (getter)entity_attr_get, NULL,
	  "\"superficial\", \"deep\", ... or None.", "depth" },
	{ "regions", (getter)entity_regions, NULL,
	  "The regions (\"lumbar\", \"hip\"), a tuple of str.", NULL },
	{ "techniques", (getter)entity_backref_get, NULL,
	  "The techniques aimed at this muscle, in id order.",
	  (void *)(intptr_t)BW_FIELD_TARGET },
	{ "related_from", (getter)entity_backref_get, NULL,
	  "The muscles whose related facts name this one, in id order.",
	  (void *)(intptr_t)BW_FIELD_RELATED },
	{ "groups", (getter)entity_backref_get, NULL,
	  "The groups this muscle belongs to (the rotator cuff, the "
	  "hamstrings), in id order.", (void *)(intptr_t)BW_FIELD_MEMBER },
	{ 0 }
};

static PyMethodDef muscle_methods[] = {
	{ "plan", PYBW_METH(entity_plan), METH_VARARGS | METH_KEYWORDS,
	  "plan($self, /, conditions=())\n--\n\nThe same as "
	  "database.plan(self, conditions)." },
	{ 0 }
};

static PyGetSetDef technique_getset[] = {
	{ "modality", (getter)entity_attr_get, NULL,
	  "The modality (\"pnf\", \"myofascial\", ...).", "modality" },
	{ "lever", (getter)entity_attr_get, NULL,
	  "\"long\", \"short\" or None.", "lever" },
	{ "muscles", (getter)entity_targets_get, NULL,
	  "The target muscles, in corpus order (the target facts give each "
	  "role).", (void *)(intptr_t)BW_FIELD_TARGET },
	{ "sites", (getter)entity_targets_get, NULL,
	  "The body sites where contact is made, in corpus order; empty for "
	  "work with no hands-on contact.", (void *)(intptr_t)BW_FIELD_CONTACT },
	{ 0 }
};

static PyMethodDef technique_methods[] = {
	{ "restrictions", (PyCFunction)entity_restrictions, METH_NOARGS,
	  "restrictions($self, /)\n--\n\nThe same as database.restrictions(self)." },
	{ 0 }
};

static PyGetSetDef condition_getset[] = {
	{ "rules", (getter)entity_rules, NULL,
	  "The rules, a tuple of Rule in corpus order.", NULL },
	{ "category", (getter)entity_attr_get, NULL,
	  "\"condition\", \"medication\" or \"sign\" (a warning sign in "
	  "itself).", "category" },
	{ 0 }
};

static PyMethodDef condition_methods[] = {
	{ "screen", (PyCFunction)entity_screen, METH_NOARGS,
	  "screen($self, /)\n--\n\nThe same as database.screen(self)." },
	{ 0 }
};

static PyGetSetDef site_getset[] = {
	{ "type", (getter)entity_attr_get, NULL,
	  "\"region\", or \"endangerment\" (where vessels and nerves lie "
	  "exposed).", "type" },
	{ "within", (getter)site_within, NULL,
	  "The Site this one lies within, or None for a top-level site.", NULL },
	{ "techniques", (getter)entity_backref_get, NULL,
	  "The techniques making contact at this site, in id order.",
	  (void *)(intptr_t)BW_FIELD_CONTACT },
	{ 0 }
};

static PyMethodDef site_methods[] = {
	{ "overlaps", (PyCFunction)site_overlaps, METH_O,
	  "overlaps($self, site, /)\n--\n\nWhether the two sites overlap: the "
	  "same site, or one lies within the other, however deep.  site is a "
	  "Site or a name; False for another kind." },
	{ 0 }
};

static PyGetSetDef symptom_getset[] = {
	{ "caused_by", (getter)entity_backref_get, NULL,
	  "The muscles whose causes facts name this symptom, in id order.",
	  (void *)(intptr_t)BW_FIELD_CAUSES },
	{ 0 }
};

static PyGetSetDef group_getset[] = {
	{ "members", (getter)entity_targets_get, NULL,
	  "The member muscles, in corpus order (the member facts give each "
	  "one's source and grade).", (void *)(intptr_t)BW_FIELD_MEMBER },
	{ 0 }
};

static PyGetSetDef source_getset[] = {
	{ "source_kind", (getter)entity_attr_get, NULL,
	  "What the source is (\"book\", \"article\", \"forum-thread\", ...).",
	  "kind" },
	{ 0 }
};

#define KIND_TYPE(var, pyname, doc, getset, methods)                        \
	static PyTypeObject var = {                                         \
		PyVarObject_HEAD_INIT(NULL, 0)                              \
		.tp_name = "bodywork." pyname,                              \
		.tp_basicsize = sizeof(pybw_Entity),                        \
		.tp_flags = Py_TPFLAGS_DEFAULT,                             \
		.tp_doc = doc,                                              \
		.tp_base = &pybw_EntityType,                                \
		.tp_getset = getset,                                        \
		.tp_methods = methods,                                      \
	}
KIND_TYPE(MuscleType, "Muscle", "A muscle entity.", muscle_getset, muscle_methods);
KIND_TYPE(TechniqueType, "Technique", "A technique entity.", technique_getset,
          technique_methods);
KIND_TYPE(ConditionType, "Condition",
          "A client condition entity, with rules that restrict techniques.",
          condition_getset, condition_methods);
KIND_TYPE(SymptomType, "Symptom", "A symptom entity.", symptom_getset, NULL);
KIND_TYPE(SourceType, "Source", "A source entity (its name is its title).",
          source_getset, NULL);
KIND_TYPE(SiteType, "Site",
          "A body site: a region, or an endangerment site; it may lie within "
          "another.", site_getset, site_methods);
KIND_TYPE(GroupType, "Group",
          "A named group of muscles (the rotator cuff, the hamstrings).",
          group_getset, NULL);

/* ===== Fact ===== */

PyObject *pybw_fact_wrap(pybw_Db *db, const bw_fact *f, const bw_entity *owner)
{
	pybw_Fact *self;
	if (damaged(db))
		return NULL;
	if (!f)
		Py_RETURN_NONE;
	if (!(self = PyObject_New(pybw_Fact, &pybw_FactType)))
		return NULL;
	self->db = (pybw_Db *)Py_NewRef(db);
	self->f = f;
	self->owner = owner;
	return (PyObject *)self;
}

static size_t write_levels(char *buf, size_t size, void *levels)
{
	return bw_levels_format(buf, size, *(uint64_t *)levels);
}

PyObject *pybw_levels_str(uint64_t levels)
{
	if (!levels)
		Py_RETURN_NONE;
	return pybw_format(write_levels, &levels);
}

PyObject *pybw_level_names(uint64_t levels)
{
	PyObject *t;
	Py_ssize_t n = 0;
	for (int b = 0; b < 64; b++)
		n += (levels >> b) & 1;
	if (!(t = PyTuple_New(n)))
		return NULL;
	n = 0;
	for (int b = 0; b < 64; b++) {
		PyObject *name;
		if (!((levels >> b) & 1))
			continue;
		if (!(name = pybw_levels_str((uint64_t)1 << b))) {
			Py_DECREF(t);
			return NULL;
		}
		PyTuple_SET_ITEM(t, n++, name);
	}
	return t;
}

PYBW_GETTER(fact_text, pybw_Fact, pybw_str(bw_fact_text(self->f)))

PYBW_GETTER(fact_field, pybw_Fact,
            pybw_str(bw_field_name(bw_fact_field(self->f))))

PYBW_GETTER(fact_entity, pybw_Fact, pybw_entity_wrap(self->db, self->owner))

PYBW_GETTER(fact_source, pybw_Fact,
            pybw_entity_wrap(self->db, bw_fact_source(self->f)))

PYBW_GETTER(fact_evidence, pybw_Fact,
            pybw_str(bw_evidence_name(bw_fact_evidence(self->f))))

PYBW_GETTER(fact_disputed, pybw_Fact,
            PyBool_FromLong(bw_fact_evidence(self->f) == BW_EVIDENCE_DISPUTED))

PYBW_GETTER(fact_correction, pybw_Fact, pybw_str(bw_fact_correction(self->f)))

PYBW_GETTER(fact_correction_source, pybw_Fact,
            pybw_entity_wrap(self->db, bw_fact_correction_source(self->f)))

PYBW_GETTER(fact_target, pybw_Fact,
            pybw_entity_wrap(self->db, bw_fact_target(self->f)))

PYBW_GETTER(fact_qualifier, pybw_Fact, pybw_str(bw_fact_qualifier(self->f)))

PYBW_GETTER(fact_levels, pybw_Fact, pybw_levels_str(bw_fact_levels(self->f)))

static PyObject *fact_level_set(pybw_Fact *self, void *c)
{
	PyObject *names, *set;
	CHECK_OPEN(self);
	if (!(names = pybw_level_names(bw_fact_levels(self->f))))
		return NULL;
	set = PyFrozenSet_New(names);
	Py_DECREF(names);
	return set;
}

PYBW_GETTER(fact_line, pybw_Fact,
            PyLong_FromUnsignedLong(bw_fact_line(self->f)))

static PyObject *fact_dict(const bw_fact *f)
{
	const bw_entity *e;
	const char *s;
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "text", pybw_str(bw_fact_text(f))) < 0 ||
	    put(d, "evidence", pybw_str(bw_evidence_name(bw_fact_evidence(f)))) < 0)
		goto fail;
	if ((e = bw_fact_source(f)) &&
	    put(d, "source", PyUnicode_FromString(bw_entity_id(e))) < 0)
		goto fail;
	if ((s = bw_fact_correction(f)) &&
	    put(d, "correction", PyUnicode_FromString(s)) < 0)
		goto fail;
	if ((e = bw_fact_correction_source(f)) &&
	    put(d, "correction_source", PyUnicode_FromString(bw_entity_id(e))) < 0)
		goto fail;
	if ((e = bw_fact_target(f)) &&
	    put(d, "target", PyUnicode_FromString(bw_entity_id(e))) < 0)
		goto fail;
	if ((s = bw_fact_qualifier(f)) &&
	    put(d, "qualifier", PyUnicode_FromString(s)) < 0)
		goto fail;
	if (bw_fact_levels(f) &&
	    put(d, "levels", pybw_levels_str(bw_fact_levels(f))) < 0)
		goto fail;
	return d;
fail:
	Py_DECREF(d);
	return NULL;
}

static PyObject *fact_to_dict(pybw_Fact *self, PyObject *unused)
{
	PyObject *d;
	CHECK_OPEN(self);
	self->db->pins++;
	d = fact_dict(self->f);
	pybw_db_release(self->db);
	return d;
}

static PyObject *fact_repr(pybw_Fact *self)
{
	const bw_entity *src;
	PyObject *text, *levels, *empty, *r;
	if (self->db->closed)
		return PyUnicode_FromString("<Fact of a closed database>");
	if (!(text = PyUnicode_FromString(bw_fact_text(self->f))))
		return NULL;
	if (PyUnicode_GET_LENGTH(text) > 60) {
		PyObject *cut = PyUnicode_Substring(text, 0, 57);
		Py_DECREF(text);
		if (!cut)
			return NULL;
		text = PyUnicode_FromFormat("%U...", cut);
		Py_DECREF(cut);
		if (!text)
			return NULL;
	}
	levels = pybw_levels_str(bw_fact_levels(self->f));
	if (!levels || !(empty = PyUnicode_FromString(""))) {
		Py_XDECREF(levels);
		Py_DECREF(text);
		return NULL;
	}
	src = bw_fact_source(self->f);
	r = PyUnicode_FromFormat("<Fact %s %R%s%U%s (%s%s%s)>",
	                         bw_field_name(bw_fact_field(self->f)), text,
	                         levels == Py_None ? "" : " [",
	                         levels == Py_None ? empty : levels,
	                         levels == Py_None ? "" : "]",
	                         src ? bw_entity_id(src) : "",
	                         src ? ", " : "",
	                         bw_evidence_name(bw_fact_evidence(self->f)));
	Py_DECREF(text);
	Py_DECREF(levels);
	Py_DECREF(empty);
	return r;
}

static PyGetSetDef fact_getset[] = {
	{ "text", (getter)fact_text, NULL,
	  "The fact's text; for a disputed fact, the claim.", NULL },
	{ "field", (getter)fact_field, NULL,
	  "The field it belongs to, as the corpus names it (\"blood-supply\").", NULL },
	{ "entity", (getter)fact_entity, NULL,
	  "The entity the fact belongs to.", NULL },
	{ "source", (getter)fact_source, NULL,
	  "The Source it cites, or None (a source's own fields).", NULL },
	{ "evidence", (getter)fact_evidence, NULL,
	  "How well supported: \"established\", \"practice\", \"tradition\", "
	  "\"anecdote\" or \"disputed\".", NULL },
	{ "disputed", (getter)fact_disputed, NULL,
	  "Whether the evidence is \"disputed\".", NULL },
	{ "correction", (getter)fact_correction, NULL,
	  "For a disputed fact, the correction; else None.", NULL },
	{ "correction_source", (getter)fact_correction_source, NULL,
	  "The Source the correction cites, or None.", NULL },
	{ "target", (getter)fact_target, NULL,
	  "For related, causes, target, contact and member facts, the entity "
	  "referred to; else None.", NULL },
	{ "qualifier", (getter)fact_qualifier, NULL,
	  "The relation of a related fact, the type of an alias, the role of "
	  "a target (\"primary\", \"secondary\"); else None.", NULL },
	{ "levels", (getter)fact_levels, NULL,
	  "Vertebral levels as text (\"T12-L4\"), or None.", NULL },
	{ "level_set", (getter)fact_level_set, NULL,
	  "Vertebral levels as a frozenset of names ({\"T12\", \"L1\", ...}).", NULL },
	{ "line", (getter)fact_line, NULL,
	  "The line of the fact's element in its corpus file.", NULL },
	{ 0 }
};

static PyMethodDef fact_methods[] = {
	{ "to_dict", (PyCFunction)fact_to_dict, METH_NOARGS,
	  "to_dict($self, /)\n--\n\nThe fact as plain data: text, evidence, and "
	  "source, correction, correction_source, target (ids), qualifier and "
	  "levels where present." },
	{ 0 }
};

PyTypeObject pybw_FactType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Fact",
	.tp_basicsize = sizeof(pybw_Fact),
	.tp_dealloc = pybw_handle_dealloc,
	.tp_repr = (reprfunc)fact_repr,
	.tp_hash = pybw_handle_hash,
	.tp_richcompare = pybw_handle_richcompare,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "One sourced fact of an entity: its text, the source it "
	          "cites, its evidence grade, and for a disputed fact the "
	          "correction.  Read-only; keeps its Database alive.",
	.tp_methods = fact_methods,
	.tp_getset = fact_getset,
};

/* ===== init ===== */

int pybw_entity_init(PyObject *module)
{
	size_t n = 0;
	for (size_t i = 0; i < N_STATIC_GETSET; i++)
		entity_getset[n++] = entity_static_getset[i];
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		const char *fname = bw_field_name((bw_field)f);
		char *p = field_attr_name[f];
		int clash = 0;
		if (!fname)
			continue;
		snprintf(p, sizeof field_attr_name[f], "%s", fname);
		for (; *p; p++)
			if (*p == '-')
				*p = '_';
		for (size_t i = 0; i < N_STATIC_GETSET; i++)
			clash |= strcmp(entity_static_getset[i].name,
			                field_attr_name[f]) == 0;
		if (clash)
			continue; /* summary: the text; facts("summary") the facts */
		entity_getset[n].name = field_attr_name[f];
		entity_getset[n].get = (getter)entity_field_get;
		entity_getset[n].set = NULL;
		entity_getset[n].doc = "The facts of this corpus field: a tuple of "
		                       "Fact in corpus order, empty when the "
		                       "entity has none.";
		entity_getset[n].closure = (void *)(intptr_t)f;
		n++;
	}
	entity_getset[n].name = NULL;
	if (PyType_Ready(&pybw_EntityType) < 0 ||
	    PyType_Ready(&pybw_FactType) < 0 ||
	    PyModule_AddObjectRef(module, "Entity", (PyObject *)&pybw_EntityType) < 0 ||
	    PyModule_AddObjectRef(module, "Fact", (PyObject *)&pybw_FactType) < 0)
		return -1;
	for (int k = 0; k < BW_KIND_COUNT; k++) {
		const char *dot;
		if (!kind_type[k])
			continue; /* its entities are plain Entity */
		if (PyType_Ready(kind_type[k]) < 0)
			return -1;
		dot = strrchr(kind_type[k]->tp_name, '.');
		if (PyModule_AddObjectRef(module, dot + 1,
		                          (PyObject *)kind_type[k]) < 0)
			return -1;
	}
	return 0;
}
