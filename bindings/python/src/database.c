/*
 * database.c: the Database type (an open bw_db) and EntityList, the sized,
 * indexable view of one kind's entities (db.muscles) or all of them.
 *
 * Opening, name lookups, the planner and search run with the GIL released
 * so threads can share one database, which the library makes safe: a bw_db
 * is immutable once open.  While the GIL is released the database holds a
 * pin, so a close() from another thread only marks it closed, and the last
 * pin frees it.  Getting an entity by exact id is a hash lookup that costs
 * less than releasing the GIL, so it keeps it.
 */
#include "pybw.h"

/* ===== helpers ===== */

const char *pybw_utf8(PyObject *obj, const char *what)
{
	Py_ssize_t n;
	const char *s;
	if (!PyUnicode_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "expected %s, not %.100s", what,
		             Py_TYPE(obj)->tp_name);
		return NULL;
	}
	if (!(s = PyUnicode_AsUTF8AndSize(obj, &n)))
		return NULL;
	if ((size_t)n != strlen(s)) {
		pybw_raise_invalid("embedded null character");
		return NULL;
	}
	return s;
}

int pybw_kind_from(PyObject *obj, bw_kind *out)
{
	const char *s = pybw_utf8(obj, "a kind name (str)");
	if (!s)
		return -1;
	if (bw_kind_parse(out, s, NULL) != BW_OK) {
		char kinds[256];
		size_t n = 0;
		kinds[0] = '\0';
		for (int k = 0; k < BW_KIND_COUNT && n < sizeof kinds; k++)
			n += (size_t)snprintf(kinds + n, sizeof kinds - n,
			                      "%s\"%s\"", k ? ", " : "",
			                      bw_kind_name((bw_kind)k));
		pybw_raise_invalid("unknown kind %R: expected one of %s", obj,
		                   kinds);
		return -1;
	}
	return 0;
}

int pybw_db_check(pybw_Db *db)
{
	if (db->closed) {
		pybw_raise_closed();
		return -1;
	}
	return 0;
}

int pybw_db_pin(pybw_Db *db)
{
	if (pybw_db_check(db) < 0)
		return -1;
	db->pins++;
	return 0;
}

void pybw_db_release(pybw_Db *db)
{
	if (--db->pins == 0 && db->closed && db->db) {
		bw_db_close(db->db);
		db->db = NULL;
	}
}

int pybw_db_unpin(pybw_Db *db)
{
	pybw_db_release(db);
	return db->closed ? (pybw_raise_closed(), -1) : 0;
}

PyObject *pybw_tuple(pybw_Db *db, size_t n,
                     PyObject *(*item)(void *ctx, size_t i), void *ctx)
{
	PyObject *t;
	db->pins++;
	if ((t = PyTuple_New((Py_ssize_t)n))) {
		for (size_t i = 0; i < n; i++) {
			PyObject *o = item(ctx, i);
			if (!o) {
				Py_CLEAR(t);
				break;
			}
			PyTuple_SET_ITEM(t, (Py_ssize_t)i, o);
		}
	}
	pybw_db_release(db);
	return t;
}

PyObject *pybw_format(size_t (*write)(char *buf, size_t size, void *ctx),
                      void *ctx)
{
	char buf[512], *big;
	PyObject *s;
	size_t n = write(buf, sizeof buf, ctx);
	if (n < sizeof buf)
		return PyUnicode_FromStringAndSize(buf, (Py_ssize_t)n);
	if (!(big = PyMem_Malloc(n + 1)))
		return PyErr_NoMemory();
	write(big, n + 1, ctx);
	s = PyUnicode_FromStringAndSize(big, (Py_ssize_t)n);
	PyMem_Free(big);
	return s;
}

PyObject *pybw_index(Py_ssize_t i, size_t len,
                     PyObject *(*item)(void *ctx, size_t i), void *ctx,
                     const char *what)
{
	if (i < 0 || (size_t)i >= len) {
		PyErr_Format(PyExc_IndexError, "%s index out of range", what);
		return NULL;
	}
	return item(ctx, (size_t)i);
}

typedef struct {
	PyObject *(*item)(void *ctx, size_t i);
	void *ctx;
	Py_ssize_t start, step;
} Slice;

static PyObject *slice_item(void *ctx, size_t k)
{
	Slice *s = ctx;
	return s->item(s->ctx, (size_t)(s->start + (Py_ssize_t)k * s->step));
}

PyObject *pybw_subscript(pybw_Db *db, PyObject *key, size_t len,
                         PyObject *(*item)(void *ctx, size_t i), void *ctx,
                         const char *what)
{
	Py_ssize_t start, stop, step, n;
	Slice s;
	if (PyIndex_Check(key)) {
		Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
		if (i == -1 && PyErr_Occurred())
			return NULL;
		return pybw_index(i < 0 ? i + (Py_ssize_t)len : i, len, item, ctx,
		                  what);
	}
	if (!PySlice_Check(key)) {
		PyErr_Format(PyExc_TypeError,
		             "%s indices must be integers or slices, not %.100s",
		             what, Py_TYPE(key)->tp_name);
		return NULL;
	}
	if (PySlice_Unpack(key, &start, &stop, &step) < 0)
		return NULL;
	n = PySlice_AdjustIndices((Py_ssize_t)len, &start, &stop, step);
	s.item = item;
	s.ctx = ctx;
	s.start = start;
	s.step = step;
	return pybw_tuple(db, (size_t)n, slice_item, &s);
}

PyObject *pybw_one_or_many(PyObject *obj, int one, const char *what)
{
	PyObject *t;
	if (one)
		return PyTuple_Pack(1, obj);
	if (!(t = PySequence_Tuple(obj)) &&
	    PyErr_ExceptionMatches(PyExc_TypeError)) {
		PyErr_Clear();
		PyErr_Format(PyExc_TypeError,
		             "expected %s or an iterable of them, not %.100s", what,
		             Py_TYPE(obj)->tp_name);
	}
	return t;
}

/* ===== opening ===== */

/* Path arguments as a tuple of bytes (os.fsencode) and of str. */
static int path_list(PyObject *paths, PyObject **bytes, PyObject **strs)
{
	PyObject *seq;
	Py_ssize_t n;
	*bytes = *strs = NULL;
	seq = pybw_one_or_many(paths, PyUnicode_Check(paths) ||
	                       PyBytes_Check(paths) ||
	                       PyObject_HasAttrString(paths, "__fspath__"),
	                       "a path");
	if (!seq)
		return -1;
	n = PyTuple_GET_SIZE(seq);
	*bytes = PyTuple_New(n);
	*strs = PyTuple_New(n);
	if (!*bytes || !*strs)
		goto fail;
	for (Py_ssize_t i = 0; i < n; i++) {
		PyObject *b = NULL, *s;
		if (!PyUnicode_FSConverter(PyTuple_GET_ITEM(seq, i), &b))
			goto fail;
		PyTuple_SET_ITEM(*bytes, i, b);
		if (!(s = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(b))))
			goto fail;
		PyTuple_SET_ITEM(*strs, i, s);
	}
	Py_DECREF(seq);
	return 0;
fail:
	Py_DECREF(seq);
	Py_CLEAR(*bytes);
	Py_CLEAR(*strs);
	return -1;
}

/* The paths BODYWORK_CORPUS names, split at colons with empty ones
 * skipped as bw_db_open_default splits them, into *paths (in *copy, which
 * the caller frees with *paths); *n is 0 when it is unset or names none,
 * and the library's own open then reads it. */
static int env_paths(char **copy, const char ***paths, Py_ssize_t *n)
{
	const char *var = getenv("BODYWORK_CORPUS");
	size_t len;
	*copy = NULL;
	*paths = NULL;
	*n = 0;
	if (!var || !*var)
		return 0;
	len = strlen(var);
	*copy = PyMem_Malloc(len + 1);
	*paths = PyMem_Calloc(len + 1, sizeof **paths);
	if (!*copy || !*paths) {
		PyMem_Free(*copy);
		PyMem_Free(*paths);
		*copy = NULL;
		*paths = NULL;
		PyErr_NoMemory();
		return -1;
	}
	memcpy(*copy, var, len + 1);
	for (char *p = *copy, *next; p; p = next) {
		if ((next = strchr(p, ':')))
			*next++ = '\0';
		if (*p)
			(*paths)[(*n)++] = p;
	}
	return 0;
}

PyObject *pybw_open(PyObject *module, PyObject *args, PyObject *kw);
PyObject *pybw_open(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "paths", "bundled", "cache_dir", NULL };
	PyObject *paths = Py_None, *bytes = NULL, *strs = NULL;
	PyObject *cache_obj = Py_None, *cache = NULL;
	const char **cpaths = NULL, **envp = NULL;
	const char *cdir = NULL;
	char *envcopy = NULL;
	int bundled = 0;
	Py_ssize_t n = 0, nenv = 0;
	bw_db *db = NULL;
	bw_error err;
	bw_status st;
	pybw_Db *self;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|O$pO:open", kwlist, &paths,
	                                 &bundled, &cache_obj))
		return NULL;
	/* The bundled corpus is compiled into the library already, and layers
	 * over it are read as XML with or without a cache; the cache serves
	 * the paths given, or those BODYWORK_CORPUS names. */
	if (cache_obj != Py_None) {
		if (!PyUnicode_FSConverter(cache_obj, &cache))
			return NULL;
		cdir = bundled ? NULL : PyBytes_AS_STRING(cache);
		if (cdir && paths == Py_None &&
		    env_paths(&envcopy, &envp, &nenv) < 0) {
			Py_DECREF(cache);
			return NULL;
		}
	}
	if (paths != Py_None) {
		if (path_list(paths, &bytes, &strs) < 0)
			return NULL;
		n = PyTuple_GET_SIZE(bytes);
		/* One slot more, so an empty list still passes a valid array and
		 * the library, not this code, decides whether it is allowed. */
		if (!(cpaths = PyMem_Calloc((size_t)n + 1, sizeof *cpaths))) {
			Py_DECREF(bytes);
			Py_DECREF(strs);
			Py_XDECREF(cache);
			return PyErr_NoMemory();
		}
		for (Py_ssize_t i = 0; i < n; i++)
			cpaths[i] = PyBytes_AS_STRING(PyTuple_GET_ITEM(bytes, i));
	}
	Py_BEGIN_ALLOW_THREADS
	if (bundled)
		st = bw_db_open_bundled(&db, cpaths, (size_t)n, &err);
	else if (cpaths && cdir)
		st = bw_db_open_cached(&db, cpaths, (size_t)n, cdir, &err);
	else if (cpaths)
		st = bw_db_open(&db, cpaths, (size_t)n, &err);
	else if (nenv)
		st = bw_db_open_cached(&db, envp, (size_t)nenv, cdir, &err);
	else
		st = bw_db_open_default(&db, &err);
	Py_END_ALLOW_THREADS
	PyMem_Free(cpaths);
	PyMem_Free(envp);
	PyMem_Free(envcopy);
	Py_XDECREF(bytes);
	Py_XDECREF(cache);
	if (st) {
		Py_XDECREF(strs);
		return pybw_raise(st, &err, NULL);
	}
	if (!(self = PyObject_New(pybw_Db, &pybw_DbType))) {
		bw_db_close(db);
		Py_XDECREF(strs);
		return NULL;
	}
	self->db = db;
	self->closed = 0;
	self->pins = 0;
	self->paths = strs ? strs : Py_NewRef(Py_None);
	self->weakrefs = NULL;
	return (PyObject *)self;
}

/* ===== Database ===== */

static void db_dealloc(pybw_Db *self)
{
	if (self->weakrefs)
		PyObject_ClearWeakRefs((PyObject *)self);
	/* Every pin holds a reference, so none is left here. */
	bw_db_close(self->db);
	Py_XDECREF(self->paths);
	PyObject_Free(self);
}

static PyObject *db_close(pybw_Db *self, PyObject *unused)
{
	if (!self->closed) {
		self->closed = 1;
		if (self->pins == 0) {
			bw_db_close(self->db);
			self->db = NULL;
		}
	}
	Py_RETURN_NONE;
}

static PyObject *db_enter(pybw_Db *self, PyObject *unused)
{
	if (pybw_db_check(self) < 0)
		return NULL;
	return Py_NewRef(self);
}

/* Closes the database; returns None, so an exception in the block goes
 * on. */
static PyObject *db_exit(pybw_Db *self, PyObject *args)
{
	PyObject *r = db_close(self, NULL);
	Py_XDECREF(r);
	Py_RETURN_NONE;
}

static PyObject *db_closed(pybw_Db *self, void *c)
{
	return PyBool_FromLong(self->closed);
}

static PyObject *db_paths(pybw_Db *self, void *c)
{
	return Py_NewRef(self->paths);
}

static PyObject *db_digest(pybw_Db *self, void *c)
{
	if (pybw_db_check(self) < 0)
		return NULL;
	return PyUnicode_FromString(bw_db_digest(self->db));
}

static PyObject *db_compiled(pybw_Db *self, void *c)
{
	if (pybw_db_check(self) < 0)
		return NULL;
	return PyBool_FromLong(bw_db_is_compiled(self->db));
}

/* db.compile(path): bw_db_compile without the GIL, as writing the file
 * takes a while for a large corpus. */
static PyObject *db_compile(pybw_Db *self, PyObject *arg)
{
	PyObject *path = NULL;
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0 || !PyUnicode_FSConverter(arg, &path))
		return NULL;
	if (pybw_db_pin(self) < 0) {
		Py_DECREF(path);
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	st = bw_db_compile(self->db, PyBytes_AS_STRING(path), &err);
	Py_END_ALLOW_THREADS
	Py_DECREF(path);
	if (pybw_db_unpin(self) < 0)
		return NULL;
	if (st)
		return pybw_raise(st, &err, NULL);
	Py_RETURN_NONE;
}

/*
 * Every name a Database is asked about goes through here: db[x], `x in
 * db`, get, lookup, and the names plan, screen and the entity methods
 * take.  The rule is bw_db_lookup's (an id, else a name or alias; the id
 * of an entity a layer hid is not found, and not taken for another
 * entity's name); an exact id is tried first with bw_db_get, a hash
 * lookup cheaper than releasing the GIL, which answers the same.
 */
int pybw_db_lookup(pybw_Db *self, const char *name, int quiet,
                   const bw_entity **out)
{
	bw_error err;
	bw_status st;
	if (pybw_db_check(self) < 0)
		return -1;
	if (bw_db_get(out, self->db, name, NULL) == BW_OK)
		return 1;
	if (pybw_db_pin(self) < 0)
		return -1;
	Py_BEGIN_ALLOW_THREADS
	st = bw_db_lookup(out, self->db, name, quiet ? NULL : &err);
	Py_END_ALLOW_THREADS
	if (pybw_db_unpin(self) < 0)
		return -1;
	if (st == BW_OK)
		return 1;
	if (quiet && st == BW_ENOTFOUND)
		return 0;
	pybw_raise(st, quiet ? NULL : &err, NULL);
	return -1;
}

/* key as db[key] and `key in db` read it: an Entity of this database, or
 * a name resolved by pybw_db_lookup.  1 with *out when found; when not,
 * 0 if quiet (any other key, an Entity of another database, a str with a
 * NUL), else -1 with NotFound (a KeyError) or, for a key of the wrong
 * type, TypeError. */
static int resolve(pybw_Db *self, PyObject *key, int quiet,
                   const bw_entity **out)
{
	Py_ssize_t n;
	const char *name;
	if (pybw_db_check(self) < 0)
		return -1;
	if (PyObject_TypeCheck(key, &pybw_EntityType)) {
		if (((pybw_Entity *)key)->db == self) {
			*out = ((pybw_Entity *)key)->e;
			return 1;
		}
		if (quiet)
			return 0;
		PyErr_SetString(pybw_error_class(BW_ENOTFOUND),
		                "the entity belongs to another database");
		return -1;
	}
	if (!PyUnicode_Check(key)) {
		if (quiet)
			return 0;
		PyErr_Format(PyExc_TypeError, "expected a name (str) or an Entity, "
		             "not %.100s", Py_TYPE(key)->tp_name);
		return -1;
	}
	if (!(name = PyUnicode_AsUTF8AndSize(key, &n)))
		return -1;
	if ((size_t)n != strlen(name)) {
		if (quiet)
			return 0;
		pybw_raise_invalid("embedded null character");
		return -1;
	}
	return pybw_db_lookup(self, name, quiet, out);
}

static PyObject *db_getitem(pybw_Db *self, PyObject *key)
{
	const bw_entity *e;
	if (resolve(self, key, 0, &e) < 0)
		return NULL;
	return pybw_entity_wrap(self, e);
}

static int db_contains(pybw_Db *self, PyObject *key)
{
	const bw_entity *e;
	return resolve(self, key, 1, &e);
}

static PyObject *db_lookup(pybw_Db *self, PyObject *arg)
{
	const char *name;
	const bw_entity *e;
	if (pybw_db_check(self) < 0 || !(name = pybw_utf8(arg, "a name (str)")) ||
	    pybw_db_lookup(self, name, 0, &e) < 0)
		return NULL;
	return pybw_entity_wrap(self, e);
}

/* db.lookup_code(code): (entity, code fact) for a code of another system,
 * as bw_db_lookup_code finds it; NotFound when none covers it. */
static PyObject *db_lookup_code(pybw_Db *self, PyObject *arg)
{
	const char *code;
	const bw_entity *e;
	const bw_fact *f;
	bw_error err;
	PyObject *ent, *fact;
	if (pybw_db_check(self) < 0 || !(code = pybw_utf8(arg, "a code (str)")))
		return NULL;
	if (bw_db_lookup_code(&e, &f, self->db, code, &err) != BW_OK)
		return pybw_raise(err.code, &err, NULL);
	if (!(ent = pybw_entity_wrap(self, e)))
		return NULL;
	if (!(fact = pybw_fact_wrap(self, f, e))) {
		Py_DECREF(ent);
		return NULL;
	}
	return Py_BuildValue("(NN)", ent, fact);
}

static PyObject *db_get(pybw_Db *self, PyObject *const *args, Py_ssize_t nargs)
{
	const char *name;
	const bw_entity *e;
	int found;
	if (nargs < 1 || nargs > 2) {
		PyErr_Format(PyExc_TypeError,
		             "get expected 1 or 2 arguments, got %zd", nargs);
		return NULL;
	}
	if (pybw_db_check(self) < 0 || !(name = pybw_utf8(args[0], "a name (str)")) ||
	    (found = pybw_db_lookup(self, name, 1, &e)) < 0)
		return NULL;
	if (found)
		return pybw_entity_wrap(self, e);
	return Py_NewRef(nargs > 1 ? args[1] : Py_None);
}

static Py_ssize_t db_len(pybw_Db *self)
{
	if (pybw_db_check(self) < 0)
		return -1;
	return (Py_ssize_t)bw_db_count(self->db, BW_KIND_COUNT);
}

static PyObject *entity_list_new(pybw_Db *db, bw_kind kind);

static PyObject *db_iter(pybw_Db *self)
{
	PyObject *list, *it;
	if (pybw_db_check(self) < 0)
		return NULL;
	if (!(list = entity_list_new(self, BW_KIND_COUNT)))
		return NULL;
	it = PyObject_GetIter(list);
	Py_DECREF(list);
	return it;
}

static int kind_or_all(PyObject *obj, bw_kind *out)
{
	if (!obj || obj == Py_None) {
		*out = BW_KIND_COUNT;
		return 0;
	}
	return pybw_kind_from(obj, out);
}

static PyObject *db_count(pybw_Db *self, PyObject *const *args, Py_ssize_t nargs)
{
	bw_kind k;
	if (nargs > 1) {
		PyErr_SetString(PyExc_TypeError, "count expected at most 1 argument");
		return NULL;
	}
	if (pybw_db_check(self) < 0 || kind_or_all(nargs ? args[0] : NULL, &k) < 0)
		return NULL;
	return PyLong_FromSize_t(bw_db_count(self->db, k));
}

static PyObject *db_stats(pybw_Db *self, PyObject *unused)
{
	PyObject *d;
	size_t count[BW_KIND_COUNT];
	if (pybw_db_check(self) < 0)
		return NULL;
	/* Counted before allocating, which may run finalisers that close db. */
	for (int k = 0; k < BW_KIND_COUNT; k++)
		count[k] = bw_db_count(self->db, (bw_kind)k);
	if (!(d = PyDict_New()))
		return NULL;
	for (int k = 0; k < BW_KIND_COUNT; k++)
		if (pybw_put(d, bw_kind_name((bw_kind)k),
		             PyLong_FromSize_t(count[k])) < 0) {
			Py_DECREF(d);
			return NULL;
		}
	return d;
}

static PyObject *db_entities(pybw_Db *self, PyObject *const *args,
                             Py_ssize_t nargs)
{
	bw_kind k;
	if (nargs > 1) {
		PyErr_SetString(PyExc_TypeError,
		                "entities expected at most 1 argument");
		return NULL;
	}
	if (pybw_db_check(self) < 0 || kind_or_all(nargs ? args[0] : NULL, &k) < 0)
		return NULL;
	return entity_list_new(self, k);
}

/* A kind view getter; the closure is the bw_kind. */
static PyObject *db_kind_list(pybw_Db *self, void *kind)
{
	if (pybw_db_check(self) < 0)
		return NULL;
	return entity_list_new(self, (bw_kind)(intptr_t)kind);
}

static int collect(const bw_entity *e, void *data)
{
	void **ctx = data; /* { list, db } */
	PyObject *o = pybw_entity_wrap(ctx[1], e);
	int rc = o ? PyList_Append(ctx[0], o) : -1;
	Py_XDECREF(o);
	return rc < 0;
}

static PyObject *db_muscles_at_levels(pybw_Db *self, PyObject *args,
                                      PyObject *kw)
{
	static char *kwlist[] = { "levels", "field", NULL };
	PyObject *levels_obj, *field_obj = Py_None, *list, *t;
	const char *text;
	uint64_t levels;
	bw_field field = BW_FIELD_COUNT;
	void *ctx[2];
	bw_status st;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O:muscles_at_levels",
	                                 kwlist, &levels_obj, &field_obj))
		return NULL;
	if (pybw_db_check(self) < 0 ||
	    !(text = pybw_utf8(levels_obj, "levels as text (\"L3\", \"T12-L4\")")))
		return NULL;
	if (bw_levels_parse(&levels, text, NULL) != BW_OK || !levels) {
		pybw_raise_invalid("malformed levels %R", levels_obj);
		return NULL;
	}
	if (field_obj != Py_None) {
		const char *f = pybw_utf8(field_obj, "a field name or None");
		if (!f)
			return NULL;
		if (bw_field_parse(&field, f, NULL) != BW_OK) {
			pybw_raise_invalid("unknown field %R", field_obj);
			return NULL;
		}
	}
	/* Served from per-level lists with no allocation: cheaper than
	 * releasing the GIL, and the callback builds Python objects.  Pinned,
	 * as allocating may run finalisers that close the database. */
	if (pybw_db_pin(self) < 0)
		return NULL;
	if (!(list = PyList_New(0))) {
		pybw_db_release(self);
		return NULL;
	}
	ctx[0] = list;
	ctx[1] = self;
	st = bw_db_muscles_at_levels(self->db, levels, field, collect, ctx, NULL);
	pybw_db_release(self);
	if (PyErr_Occurred()) {
		Py_DECREF(list);
		return NULL;
	}
	if (st) {
		Py_DECREF(list);
		if (st == BW_EINVAL)
			return pybw_raise_invalid("field must be \"origin\", "
			                          "\"insertion\", \"innervation\" or "
			                          "None, not %R", field_obj);
		return pybw_raise(st, NULL, NULL);
	}
	t = PyList_AsTuple(list);
	Py_DECREF(list);
	return t;
}

static PyObject *db_repr(pybw_Db *self)
{
	if (self->closed)
		return PyUnicode_FromString("<bodywork.Database (closed)>");
	return PyUnicode_FromFormat("<bodywork.Database of %zu entities>",
	                            bw_db_count(self->db, BW_KIND_COUNT));
}

static PyMethodDef db_methods[] = {
	{ "close", (PyCFunction)db_close, METH_NOARGS,
	  "close($self, /)\n--\n\nClose the database.  Every later use of it, or of "
	  "anything taken from it, raises ClosedError.  Closing twice is fine." },
	{ "compile", (PyCFunction)db_compile, METH_O,
	  "compile($self, path, /)\n--\n\nWrite the compiled form of the "
	  "database to path (str, bytes or os.PathLike): its entities, rule "
	  "index and search index laid out to be used in place, which "
	  "bodywork.open(path) then maps instead of parsing, answering "
	  "exactly as this database does.  The file is written beside path "
	  "and renamed over it, so no reader sees half of one.  Only the same "
	  "library version, byte order and word size read it back.  Raises "
	  "FileError when it cannot be written.  The GIL is released while "
	  "it is written." },
	{ "__enter__", (PyCFunction)db_enter, METH_NOARGS, NULL },
	{ "__exit__", (PyCFunction)db_exit, METH_VARARGS, NULL },
	{ "lookup_code", (PyCFunction)db_lookup_code, METH_O,
	  "lookup_code($self, code, /)\n--\n\nThe entity a code of another "
	  "system names (ICD-10 'I80.2', ATC 'B01AA03', 'FMA:...', "
	  "'UBERON:...', TA98), and the code fact that matched, as "
	  "(entity, fact): a more specific ICD-10 or ATC code finds the entry "
	  "whose code it starts with, and an ICD-10 range holds the codes of "
	  "its categories.  NotFound when no code covers it." },
	{ "lookup", (PyCFunction)db_lookup, METH_O,
	  "lookup($self, name, /)\n--\n\nThe entity whose id, name or alias is "
	  "name, compared without case, diacritics or the difference between "
	  "spaces, hyphens and underscores (\"PSOAS-major\", \"psoás major\", "
	  "\"hip hiker\"); an id wins over a name.  The id of an entity a "
	  "layer hid is not found, even when it is another entity's name.  "
	  "Raises NotFound (a KeyError) when none is, as db[name] does." },
	{ "get", PYBW_METH(db_get), METH_FASTCALL,
	  "get($self, name, default=None, /)\n--\n\nAs lookup(), but "
	  "returns default instead of raising NotFound." },
	{ "count", PYBW_METH(db_count), METH_FASTCALL,
	  "count($self, kind=None, /)\n--\n\nHow many entities of kind (\"muscle\", "
	  "...) the database holds; every entity when kind is None." },
	{ "stats", (PyCFunction)db_stats, METH_NOARGS,
	  "stats($self, /)\n--\n\nThe number of entities of each kind." },
	{ "entities", PYBW_METH(db_entities), METH_FASTCALL,
	  "entities($self, kind=None, /)\n--\n\nThe entities of one kind, or "
	  "all (ordered by kind, then id)." },
	{ "muscles_at_levels", PYBW_METH(db_muscles_at_levels),
	  METH_VARARGS | METH_KEYWORDS,
	  "muscles_at_levels($self, /, levels, field=None)\n--\n\n"
	  "Muscles with an origin, insertion or innervation at any of the "
	  "vertebral levels (\"L3\", \"T12-L4,S1\"), each once, in id order.  "
	  "field narrows to \"origin\", \"insertion\" or \"innervation\"." },
	{ "plan", PYBW_METH(pybw_db_plan), METH_VARARGS | METH_KEYWORDS,
	  "plan($self, /, muscle, conditions=())\n--\n\nEvery technique aimed at the "
	  "muscle, split by the client's conditions into allowed (best first, "
	  "with cautions) and excluded (with every reason).  muscle and each "
	  "condition are Entities or names (as lookup()); an unknown one "
	  "raises NotFound naming the closest known ones." },
	{ "restrictions", (PyCFunction)pybw_db_restrictions, METH_O,
	  "restrictions($self, technique, /)\n--\n\nEvery rule of every condition "
	  "that applies to one technique, as a Plan holding that technique "
	  "alone: excluded when some rule excludes it, else allowed." },
	{ "map_muscle", (PyCFunction)pybw_db_map_muscle, METH_O,
	  "map_muscle($self, muscle, /)\n--\n\nA body map as SVG (str): where "
	  "the muscle lies, outlined, and where its trigger points refer pain, "
	  "primary zones solid and spillover dotted, with a legend, text "
	  "alternatives and the sources.  NotFound for an unknown muscle or a "
	  "corpus without a body map." },
	{ "map_symptom", (PyCFunction)pybw_db_map_symptom, METH_O,
	  "map_symptom($self, symptom, /)\n--\n\nA body map as SVG (str): "
	  "where the symptom is felt and may spread, with the muscles that "
	  "refer pain there listed." },
	{ "map_screen", (PyCFunction)pybw_db_map_screen, METH_O,
	  "map_screen($self, conditions, /)\n--\n\nA body map as SVG (str) "
	  "of a session screen: the sites the conditions put off limits, allow "
	  "light or moderate pressure only, or need caution at." },
	{ "screen", (PyCFunction)pybw_db_screen, METH_O,
	  "screen($self, conditions, /)\n--\n\nWhat a client's conditions "
	  "(one Condition or name, or an iterable of them) mean for a whole "
	  "session, with no muscle named: a Screen saying whether to refer or "
	  "get medical clearance, and its lines, strongest action first "
	  "(refer, clearance, no-massage, avoid, limit, caution, prefer, ask), "
	  "each naming a site, a position or a pressure ceiling with the rule "
	  "or red-flag fact behind it.  An unknown condition raises NotFound "
	  "naming the closest known ones." },
#if PYBW_HAVE_SEARCH
	{ "ask", PYBW_METH(pybw_db_ask), METH_VARARGS | METH_KEYWORDS,
	  "ask($self, /, question, limit=10, offset=0)\n--\n\n"
	  "Answer a question in plain words (\"which muscles cause groin "
	  "pain\", \"QL stretch\", \"is deep tissue safe on warfarin\"): an "
	  "Answer saying how it was read (reading, kind), the entities it "
	  "names, and the result: results (a Results), plan (a Plan) or "
	  "screen (a Screen).  Anything it cannot read otherwise is "
	  "searched.  limit and offset page the results." },
	{ "search", PYBW_METH(pybw_db_search), METH_FASTCALL | METH_KEYWORDS,
	  "search($self, /, query, kind=None, limit=10, offset=0, *, "
	  "typo_threshold=5, prefix=True, synonyms=True, marks=None, "
	  "snippet_words=0)\n--\n\n"
	  "Ranked full-text search, typo-tolerant: words (all must match), "
	  "\"phrases\", -exclusions and field:value filters "
	  "(kind:technique, region:hip, ...).  kind is a kind name or a "
	  "collection of them; limit 1 to 1000.  Typo corrections are tried "
	  "when fewer than typo_threshold entities match as typed (0: never); "
	  "prefix=False stops the last word matching as a prefix; "
	  "synonyms=False turns the corpus synonym sets off.  Snippets wrap "
	  "matches in marks, an (open, close) pair (None: '[' and ']'), and "
	  "hold at most snippet_words words (0: 24).  A malformed query raises "
	  "QueryError with the position of the problem." },
	{ "suggest", PYBW_METH(pybw_db_suggest), METH_FASTCALL | METH_KEYWORDS,
	  "suggest($self, /, prefix, kind=None, limit=10)\n--\n\nCompletions for a "
	  "search box: entities whose name or alias (or a word of one) starts "
	  "with prefix, best first; each Hit's label is what matched." },
	{ "muscles_for_symptom", PYBW_METH(pybw_db_muscles_for_symptom),
	  METH_FASTCALL | METH_KEYWORDS,
	  "muscles_for_symptom($self, /, text, limit=10, offset=0)\n--\n\n"
	  "Muscles that could cause a symptom described in the client's "
	  "words; each Hit's fact is the causes or referral fact that links "
	  "it." },
	{ "techniques_for", PYBW_METH(pybw_db_techniques_for),
	  METH_FASTCALL | METH_KEYWORDS,
	  "techniques_for($self, /, muscle, limit=10, offset=0)\n--\n\nTechniques "
	  "aimed at a muscle, primary targets first; each Hit's fact is the "
	  "target fact (its qualifier the role)." },
#endif
	{ 0 }
};

static PyGetSetDef db_getset[] = {
	{ "closed", (getter)db_closed, NULL, "Whether close() was called.", NULL },
	{ "paths", (getter)db_paths, NULL,
	  "The layers opened, as a tuple of str; None for open() with no paths.",
	  NULL },
	{ "digest", (getter)db_digest, NULL,
	  "The SHA-256 digest of the corpus XML the database came from (each "
	  "file's bytes, base name and layer), as 64 lower-case hex digits: "
	  "the same for a compiled file as for its XML.", NULL },
	{ "compiled", (getter)db_compiled, NULL,
	  "Whether the database is used in place from a compiled file (or the "
	  "library's compiled bundled corpus), rather than built from XML.",
	  NULL },
	{ "muscles", (getter)db_kind_list, NULL, "The muscles, in id order.",
	  (void *)(intptr_t)BW_KIND_MUSCLE },
	{ "techniques", (getter)db_kind_list, NULL, "The techniques, in id order.",
	  (void *)(intptr_t)BW_KIND_TECHNIQUE },
	{ "conditions", (getter)db_kind_list, NULL, "The conditions, in id order.",
	  (void *)(intptr_t)BW_KIND_CONDITION },
	{ "symptoms", (getter)db_kind_list, NULL, "The symptoms, in id order.",
	  (void *)(intptr_t)BW_KIND_SYMPTOM },
	{ "sources", (getter)db_kind_list, NULL, "The sources, in id order.",
	  (void *)(intptr_t)BW_KIND_SOURCE },
	{ "sites", (getter)db_kind_list, NULL, "The body sites, in id order.",
	  (void *)(intptr_t)BW_KIND_SITE },
	{ "groups", (getter)db_kind_list, NULL,
	  "The groups of muscles, in id order.",
	  (void *)(intptr_t)BW_KIND_GROUP },
	{ 0 }
};

static PySequenceMethods db_as_sequence = {
	.sq_contains = (objobjproc)db_contains,
};

static PyMappingMethods db_as_mapping = {
	.mp_length = (lenfunc)db_len,
	.mp_subscript = (binaryfunc)db_getitem,
};

PyTypeObject pybw_DbType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.Database",
	.tp_basicsize = sizeof(pybw_Db),
	.tp_dealloc = (destructor)db_dealloc,
	.tp_repr = (reprfunc)db_repr,
	.tp_as_sequence = &db_as_sequence,
	.tp_as_mapping = &db_as_mapping,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "An open, immutable bodywork database (see bodywork.open).\n\n"
	          "db[name], `name in db`, db.get(name) and db.lookup(name) all "
	          "resolve a name alike: an id, else a name or alias (as "
	          "lookup() says); the id of an entity a layer hid is not found.  "
	          "db[name] raises NotFound (a KeyError) exactly when `name in "
	          "db` is false and db.get(name) is None.  len(db) and iter(db) "
	          "cover every entity.  Any number of threads may use one "
	          "database at once.  Use it as a context manager to close it.",
	.tp_weaklistoffset = offsetof(pybw_Db, weakrefs),
	.tp_iter = (getiterfunc)db_iter,
	.tp_methods = db_methods,
	.tp_getset = db_getset,
};

/* ===== EntityList ===== */

typedef struct {
	PyObject_HEAD
	pybw_Db *db;
	bw_kind kind; /* BW_KIND_COUNT: every entity */
} EntityList;

static PyObject *entity_list_new(pybw_Db *db, bw_kind kind)
{
	EntityList *self = PyObject_New(EntityList, &pybw_EntityListType);
	if (!self)
		return NULL;
	self->db = (pybw_Db *)Py_NewRef(db);
	self->kind = kind;
	return (PyObject *)self;
}

static void el_dealloc(EntityList *self)
{
	Py_DECREF(self->db);
	PyObject_Free(self);
}

static Py_ssize_t el_len(EntityList *self)
{
	if (pybw_db_check(self->db) < 0)
		return -1;
	return (Py_ssize_t)bw_db_count(self->db->db, self->kind);
}

static PyObject *el_entity(void *ctx, size_t i)
{
	EntityList *self = ctx;
	return pybw_entity_wrap(self->db,
	                        bw_db_entity_at(self->db->db, self->kind, i));
}

static PyObject *el_item(EntityList *self, Py_ssize_t i)
{
	if (pybw_db_check(self->db) < 0)
		return NULL;
	return pybw_index(i, bw_db_count(self->db->db, self->kind), el_entity,
	                  self, "entity list");
}

static PyObject *el_subscript(EntityList *self, PyObject *key)
{
	if (pybw_db_check(self->db) < 0)
		return NULL;
	return pybw_subscript(self->db, key,
	                      bw_db_count(self->db->db, self->kind), el_entity,
	                      self, "entity list");
}

static int el_contains(EntityList *self, PyObject *key)
{
	const bw_entity *e;
	Py_ssize_t n;
	const char *name;
	int found;
	if (pybw_db_check(self->db) < 0)
		return -1;
	if (PyObject_TypeCheck(key, &pybw_EntityType)) {
		pybw_Entity *ent = (pybw_Entity *)key;
		return ent->db == self->db &&
		       (self->kind == BW_KIND_COUNT ||
		        bw_entity_kind(ent->e) == self->kind);
	}
	if (!PyUnicode_Check(key))
		return 0;
	if (!(name = PyUnicode_AsUTF8AndSize(key, &n)))
		return -1;
	if ((size_t)n != strlen(name))
		return 0;
	if ((found = pybw_db_lookup(self->db, name, 1, &e)) <= 0)
		return found;
	return self->kind == BW_KIND_COUNT || bw_entity_kind(e) == self->kind;
}

static PyObject *el_repr(EntityList *self)
{
	const char *kind = self->kind == BW_KIND_COUNT ? "entitie"
	                   : bw_kind_name(self->kind);
	if (self->db->closed)
		return PyUnicode_FromFormat("<bodywork.EntityList of %ss (closed)>",
		                            kind);
	return PyUnicode_FromFormat("<bodywork.EntityList of %zu %ss>",
	                            bw_db_count(self->db->db, self->kind), kind);
}

static PyObject *el_kind(EntityList *self, void *c)
{
	if (self->kind == BW_KIND_COUNT)
		Py_RETURN_NONE;
	return PyUnicode_FromString(bw_kind_name(self->kind));
}

static PyObject *id_item(void *ctx, size_t i)
{
	EntityList *self = ctx;
	return PyUnicode_FromString(bw_entity_id(
		bw_db_entity_at(self->db->db, self->kind, i)));
}

static PyObject *el_ids(EntityList *self, PyObject *unused)
{
	Py_ssize_t n;
	if ((n = el_len(self)) < 0)
		return NULL;
	return pybw_tuple(self->db, (size_t)n, id_item, self);
}

static PyGetSetDef el_getset[] = {
	{ "kind", (getter)el_kind, NULL,
	  "The kind listed, or None for every entity.", NULL },
	{ 0 }
};

static PyMethodDef el_methods[] = {
	{ "ids", (PyCFunction)el_ids, METH_NOARGS,
	  "ids($self, /)\n--\n\nThe ids, in the list's order." },
	{ "__class_getitem__", Py_GenericAlias, METH_O | METH_CLASS,
	  "EntityList[Muscle] in annotations." },
	{ 0 }
};

static PySequenceMethods el_as_sequence = {
	.sq_length = (lenfunc)el_len,
	.sq_item = (ssizeargfunc)el_item,
	.sq_contains = (objobjproc)el_contains,
};

static PyMappingMethods el_as_mapping = {
	.mp_length = (lenfunc)el_len,
	.mp_subscript = (binaryfunc)el_subscript,
};

PyTypeObject pybw_EntityListType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "bodywork.EntityList",
	.tp_basicsize = sizeof(EntityList),
	.tp_dealloc = (destructor)el_dealloc,
	.tp_repr = (reprfunc)el_repr,
	.tp_as_sequence = &el_as_sequence,
	.tp_as_mapping = &el_as_mapping,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
	.tp_iter = PySeqIter_New,
	.tp_doc = "A read-only sequence of a database's entities of one kind "
	          "(db.muscles) or of all of them, ordered by kind and id: "
	          "len(), indexing (negative too), slices, iteration, and `x in` "
	          "for an Entity or a name.",
	.tp_methods = el_methods,
	.tp_getset = el_getset,
};
