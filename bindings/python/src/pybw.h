/*
 * pybw.h: what the files of the _bodywork extension module share.  The
 * module wraps the public API of libbodywork (bodywork.h) and nothing
 * else: one Python type per handle (Database, Entity and its seven kind
 * subclasses, Fact, Rule, the search Results and Hit), struct sequences for
 * plain records, and one exception class per bw_status.
 *
 * Lifetime: every object borrowed from a database holds a strong reference
 * to its Database object, so the bw_db outlives it.  Database.close() marks
 * the database closed at once (every later use raises ClosedError) and
 * frees the bw_db as soon as nothing pins it: calls running without the
 * GIL, live search results, and code that reads the database while it
 * allocates (an allocation may run the garbage collector, and a finaliser
 * it runs may close the database) each hold a pin.  The pin count changes
 * only with the GIL held.
 */
#ifndef PYBW_H
#define PYBW_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <bodywork.h>

/* CPython fixes the signatures of getters, methods and slots, and most of
 * them leave a parameter unused (the closure, the NULL of METH_NOARGS). */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* Search arrived in the header after the rest; build without it against
 * an older header. */
#ifdef BW_SEARCH_OPTIONS_VERSION
#define PYBW_HAVE_SEARCH 1
#else
#define PYBW_HAVE_SEARCH 0
#endif

/* Methods take (PyObject *, PyObject *, PyObject *) and the like; the
 * method table wants PyCFunction. */
#define PYBW_METH(fn) ((PyCFunction)(void (*)(void))(fn))

/* ===== database.c ===== */

typedef struct {
	PyObject_HEAD
	bw_db *db;          /* NULL once freed */
	int closed;         /* close() was called: every use raises */
	Py_ssize_t pins;    /* users that need db even when closed */
	PyObject *paths;    /* tuple of the layers opened, or None (default) */
	PyObject *weakrefs;
} pybw_Db;

extern PyTypeObject pybw_DbType;
extern PyTypeObject pybw_EntityListType;

/* Raise ClosedError and return -1 when the database is closed, else 0. */
int pybw_db_check(pybw_Db *db);
/* Check and take a pin (before releasing the GIL); -1 when closed. */
int pybw_db_pin(pybw_Db *db);
/* Drop a pin; frees the bw_db when it was the last and the db is closed.
 * Never raises (for deallocators). */
void pybw_db_release(pybw_Db *db);
/* Drop a pin after a call made without the GIL: -1 with ClosedError when
 * another thread closed the database meanwhile, in which case what the
 * call returned may already be freed and must not be used. */
int pybw_db_unpin(pybw_Db *db);

/* A tuple of item(ctx, 0) .. item(ctx, n-1) (each a new reference, or NULL
 * on failure), built with db pinned: allocating the tuple may run the
 * garbage collector, and a finaliser it runs may close the database. */
PyObject *pybw_tuple(pybw_Db *db, size_t n,
                     PyObject *(*item)(void *ctx, size_t i), void *ctx);

/* Item i of a sequence of len items, made by item(ctx, i), or IndexError;
 * what names the sequence in the error. */
PyObject *pybw_index(Py_ssize_t i, size_t len,
                     PyObject *(*item)(void *ctx, size_t i), void *ctx,
                     const char *what);
/* seq[key] for an integer (negative counts from the end) or a slice (a
 * tuple, built as by pybw_tuple). */
PyObject *pybw_subscript(pybw_Db *db, PyObject *key, size_t len,
                         PyObject *(*item)(void *ctx, size_t i), void *ctx,
                         const char *what);

/* A str written by write(buf, size, ctx), which works as snprintf does:
 * it returns the length the whole text needs. */
PyObject *pybw_format(size_t (*write)(char *buf, size_t size, void *ctx),
                      void *ctx);

/* An argument that is one thing (when one is true) or an iterable of them,
 * as a new tuple; TypeError naming what ("a path") when it is neither. */
PyObject *pybw_one_or_many(PyObject *obj, int one, const char *what);

/* The UTF-8 of a str argument, refusing embedded NULs (ValueError) and
 * other types (TypeError naming what).  Borrowed from obj. */
const char *pybw_utf8(PyObject *obj, const char *what);

/* bw_db_lookup without the GIL: 1 with *out when found, 0 when not found
 * and quiet, else -1 with the exception set (NotFound when not quiet). */
int pybw_db_lookup(pybw_Db *db, const char *name, int quiet,
                   const bw_entity **out);

/* A kind from a str ("muscle"), or -1 with ValueError. */
int pybw_kind_from(PyObject *obj, bw_kind *out);

/* ===== entity.c ===== */

/* What Entity, Fact and Rule objects start with: a pointer borrowed from a
 * database and a reference to the Database object that keeps it alive.
 * Two of them are equal, and hash alike, when they borrow the same pointer
 * from the same Database object. */
typedef struct {
	PyObject_HEAD
	pybw_Db *db;
	const void *ptr;
} pybw_Handle;

typedef struct {
	PyObject_HEAD
	pybw_Db *db;
	union { const void *ptr; const bw_entity *e; };
} pybw_Entity;

typedef struct {
	PyObject_HEAD
	pybw_Db *db;
	union { const void *ptr; const bw_fact *f; };
	const bw_entity *owner; /* the entity the fact belongs to */
} pybw_Fact;

void pybw_handle_dealloc(PyObject *self);
PyObject *pybw_handle_richcompare(PyObject *a, PyObject *b, int op);
Py_hash_t pybw_handle_hash(PyObject *self);

extern PyTypeObject pybw_EntityType;
extern PyTypeObject pybw_FactType;

/* Ready the entity and fact types; adds them to the module. */
int pybw_entity_init(PyObject *module);

/* A new Entity of the subclass for e's kind, or None for NULL. */
PyObject *pybw_entity_wrap(pybw_Db *db, const bw_entity *e);
/* A new Fact, or None for NULL. */
PyObject *pybw_fact_wrap(pybw_Db *db, const bw_fact *f,
                         const bw_entity *owner);
/* The levels as text ("T12-L4"), or None when there are none. */
PyObject *pybw_levels_str(uint64_t levels);
/* The single levels in a set, in order, as a tuple (("T12", "L1")). */
PyObject *pybw_level_names(uint64_t levels);
/* An entity argument: an Entity of this database, or a str looked up as
 * bw_db_lookup does.  Sets an exception and returns NULL when neither. */
const bw_entity *pybw_entity_arg(pybw_Db *db, PyObject *obj);
/* The str name of an Entity argument (its id), or the str itself; NULL
 * with TypeError otherwise.  Borrowed. */
const char *pybw_name_arg(pybw_Db *db, PyObject *obj, const char *what);

/* A getter of an Entity, Fact or Rule (type T, named self) that raises
 * ClosedError once the database is closed and else returns expr, a new
 * reference. */
#define PYBW_GETTER(name, T, expr)                                          \
	static PyObject *name(T *self, void *closure)                       \
	{                                                                   \
		if (self->db->closed)                                       \
			return pybw_raise_closed();                         \
		return (expr);                                              \
	}

/* A str from the library's UTF-8, or None for NULL. */
static inline PyObject *pybw_str(const char *s)
{
	return s ? PyUnicode_FromString(s) : Py_NewRef(Py_None);
}

/* d[key] = value, consuming value (which may be NULL on a failure before);
 * -1 on failure.  Unlike PyDict_SetItemString it does not intern key: an
 * interned key that dies with its dict is uninterned, and interning it again
 * on every call churns the interpreter's table of interned strings. */
static inline int pybw_put(PyObject *d, const char *key, PyObject *value)
{
	PyObject *k;
	int rc = -1;
	if (value && (k = PyUnicode_FromString(key))) {
		rc = PyDict_SetItem(d, k, value);
		Py_DECREF(k);
	}
	Py_XDECREF(value);
	return rc;
}

/* obj.name = value, consuming value (which may be NULL on a failure
 * before); -1 on failure.  Modules too. */
static inline int pybw_set_new(PyObject *obj, const char *name,
                               PyObject *value)
{
	int rc = value ? PyObject_SetAttrString(obj, name, value) : -1;
	Py_XDECREF(value);
	return rc;
}

/* ===== rule.c ===== */

typedef struct {
	PyObject_HEAD
	pybw_Db *db;
	union { const void *ptr; const bw_rule *r; };
	const bw_entity *condition;
} pybw_Rule;

extern PyTypeObject pybw_RuleType;

int pybw_rule_init(PyObject *module);
PyObject *pybw_rule_wrap(pybw_Db *db, const bw_rule *r,
                         const bw_entity *condition);
/* The rule as plain data (Rule.to_dict). */
PyObject *pybw_rule_dict(pybw_Db *db, const bw_rule *r);
/* The RuleMatch record of match i of r, or None when i < 0. */
PyObject *pybw_rule_match(pybw_Db *db, const bw_rule *r, int i);
/* Database.plan and Database.restrictions. */
PyObject *pybw_db_plan(pybw_Db *self, PyObject *args, PyObject *kw);
PyObject *pybw_db_restrictions(pybw_Db *self, PyObject *arg);
/* Database.screen. */
PyObject *pybw_db_screen(pybw_Db *self, PyObject *arg);
PyObject *pybw_db_map_muscle(pybw_Db *self, PyObject *arg);
PyObject *pybw_db_map_symptom(pybw_Db *self, PyObject *arg);
PyObject *pybw_db_map_screen(pybw_Db *self, PyObject *arg);
/* The Plan and Screen records of a plan or screen, which stay the
 * caller's to free. */
PyObject *pybw_plan_record(pybw_Db *db, const void *plan);
PyObject *pybw_screen_record(pybw_Db *db, const void *screen);
/* Make a struct sequence type from desc and add it to the module under
 * the name after the last dot. */
int pybw_add_record(PyObject *module, PyTypeObject **type,
                    PyStructSequence_Desc *desc);

/* ===== search.c ===== */

#if PYBW_HAVE_SEARCH
int pybw_search_init(PyObject *module);
/* Database.search, .suggest, .muscles_for_symptom, .techniques_for
 * (METH_FASTCALL | METH_KEYWORDS). */
PyObject *pybw_db_search(pybw_Db *self, PyObject *const *args,
                         Py_ssize_t nargs, PyObject *kwnames);
PyObject *pybw_db_suggest(pybw_Db *self, PyObject *const *args,
                          Py_ssize_t nargs, PyObject *kwnames);
PyObject *pybw_db_muscles_for_symptom(pybw_Db *self, PyObject *const *args,
                                      Py_ssize_t nargs, PyObject *kwnames);
PyObject *pybw_db_techniques_for(pybw_Db *self, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames);
/* A Results over r, which is borrowed from owner (kept alive by it, never
 * freed by it), asked for with offset and limit; takes its own pin of
 * db. */
PyObject *pybw_results_borrowed(pybw_Db *db, const bw_results *r,
                                PyObject *owner, PyObject *query,
                                size_t offset, size_t limit);

/* ===== ask.c ===== */

int pybw_ask_init(PyObject *module);
/* Database.ask. */
PyObject *pybw_db_ask(pybw_Db *self, PyObject *args, PyObject *kw);
#endif

/* ===== errors.c ===== */

/* Create the exception classes and add them to the module. */
int pybw_errors_init(PyObject *module);
/* Raise the exception for st with err's details (err may be NULL);
 * returns NULL so callers can `return pybw_raise(...)`.  query, when not
 * NULL, is the text a QueryError's position counts characters in. */
PyObject *pybw_raise(bw_status st, const bw_error *err, const char *query);
/* Raise InvalidArgument (a bodywork.Error and a ValueError) with code
 * BW_EINVAL and the message PyUnicode_FromFormat makes of fmt; returns
 * NULL.  Every argument the binding refuses by value raises this. */
PyObject *pybw_raise_invalid(const char *fmt, ...);
/* Raise ClosedError. */
PyObject *pybw_raise_closed(void);
/* The class raised for st (borrowed). */
PyObject *pybw_error_class(bw_status st);

#endif /* PYBW_H */
