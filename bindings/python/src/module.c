/*
 * module.c: the bodywork._bodywork extension module: its functions (open,
 * the vertebral level helpers, strerror) and constants (the vocabularies,
 * read from the library so they never drift), and the init that readies
 * every type.  bodywork/__init__.py re-exports all of it.
 */
#include "pybw.h"

PyObject *pybw_open(PyObject *module, PyObject *args, PyObject *kw);

/* A level set from text ("T12-L4,S1") or an iterable of such texts. */
static int levels_from(PyObject *obj, uint64_t *out)
{
	PyObject *t;
	int rc = 0;
	*out = 0;
	if (!(t = pybw_one_or_many(obj, PyUnicode_Check(obj), "levels (str)")))
		return -1;
	for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t) && rc == 0; i++) {
		PyObject *item = PyTuple_GET_ITEM(t, i);
		const char *s = pybw_utf8(item, "levels (str)");
		uint64_t one;
		if (!s) {
			rc = -1;
		} else if (bw_levels_parse(&one, s, NULL) != BW_OK) {
			pybw_raise_invalid("malformed levels %R (expected names "
			                   "like \"L3\" or ranges like \"T12-L4\", "
			                   "comma-separated)", item);
			rc = -1;
		} else {
			*out |= one;
		}
	}
	Py_DECREF(t);
	return rc;
}

static PyObject *mod_parse_levels(PyObject *m, PyObject *arg)
{
	uint64_t set;
	if (levels_from(arg, &set) < 0)
		return NULL;
	return pybw_level_names(set);
}

static PyObject *mod_format_levels(PyObject *m, PyObject *arg)
{
	uint64_t set;
	PyObject *s;
	if (levels_from(arg, &set) < 0)
		return NULL;
	s = pybw_levels_str(set);
	if (s == Py_None) {
		Py_DECREF(s);
		return PyUnicode_FromString("");
	}
	return s;
}

static PyObject *mod_strerror(PyObject *m, PyObject *arg)
{
	long code = PyLong_AsLong(arg);
	if (code == -1 && PyErr_Occurred())
		return NULL;
	return PyUnicode_FromString(bw_strerror((int)code));
}

static PyMethodDef module_methods[] = {
	{ "open", PYBW_METH(pybw_open), METH_VARARGS | METH_KEYWORDS,
	  "open($module, /, paths=None, *, bundled=False, cache_dir=None)\n--\n\n"
	  "Open a database.  With no paths, the bundled corpus compiled into "
	  "the library (or, when the environment variable BODYWORK_CORPUS is "
	  "set, the colon-separated paths it names).  With paths (one path or "
	  "a list; str, bytes or os.PathLike), those corpus files and folders "
	  "as layers in order: a later layer replaces entities with the same "
	  "id, adds new ones and hides ones it names.  A single path may be a "
	  "file Database.compile() wrote, which is mapped and used in place, "
	  "each record checked when first read.  bundled=True puts the bundled "
	  "corpus under the given layers.\n\n"
	  "cache_dir (a folder, created when missing) keeps the compiled form "
	  "of the XML paths (or of those BODYWORK_CORPUS names): the first "
	  "open compiles it there, later ones map it while the digest of the "
	  "XML still matches.  A cache that cannot be written is passed over.  "
	  "It is not used with bundled=True, and a compiled file among the "
	  "paths raises InvalidArgument.\n\n"
	  "Raises CorpusError (FileError, ParseError, SchemaError, "
	  "IntegrityError) with the file, line and column of the first "
	  "problem.  The GIL is released while the corpus loads." },
	{ "parse_levels", (PyCFunction)mod_parse_levels, METH_O,
	  "parse_levels($module, levels, /)\n--\n\nThe single vertebral "
	  "levels in \"T12-L2\" (or an iterable of such texts), in order: "
	  "(\"T12\", \"L1\", \"L2\").  ValueError when malformed." },
	{ "format_levels", (PyCFunction)mod_format_levels, METH_O,
	  "format_levels($module, levels, /)\n--\n\nLevels (an iterable of names or "
	  "ranges, or a text) written as the library writes them, as ranges: "
	  "format_levels([\"L1\", \"T12\", \"L2\"]) == \"T12-L2\"." },
	{ "strerror", (PyCFunction)mod_strerror, METH_O,
	  "strerror($module, code, /)\n--\n\n"
	  "The library's description of a status code (Error.code)." },
	{ 0 }
};

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT,
	.m_name = "bodywork._bodywork",
	.m_doc = "The C extension behind the bodywork package; import bodywork "
	         "instead.",
	.m_size = -1,
	.m_methods = module_methods,
};

/* A tuple of the names fn gives for 0 .. n-1. */
static PyObject *names(const char *(*fn)(int), int n)
{
	PyObject *t = PyTuple_New(n);
	if (!t)
		return NULL;
	for (int i = 0; i < n; i++) {
		PyObject *s = PyUnicode_FromString(fn(i));
		if (!s) {
			Py_DECREF(t);
			return NULL;
		}
		PyTuple_SET_ITEM(t, i, s);
	}
	return t;
}

static const char *kind_name(int i) { return bw_kind_name((bw_kind)i); }
static const char *field_name(int i) { return bw_field_name((bw_field)i); }
static const char *evidence_name(int i) { return bw_evidence_name((bw_evidence)i); }
static const char *severity_name(int i) { return bw_severity_name((bw_severity)i); }
static const char *severity_label(int i) { return bw_severity_label((bw_severity)i); }
static const char *action_name(int i)
{
	return bw_screen_action_name((bw_screen_action)i);
}


PyMODINIT_FUNC PyInit__bodywork(void);
PyMODINIT_FUNC PyInit__bodywork(void)
{
	PyObject *m = PyModule_Create(&module_def);
	if (!m)
		return NULL;
	if (pybw_errors_init(m) < 0 || pybw_entity_init(m) < 0 ||
	    pybw_rule_init(m) < 0 ||
#if PYBW_HAVE_SEARCH
	    pybw_search_init(m) < 0 || pybw_ask_init(m) < 0 ||
#endif
	    PyType_Ready(&pybw_DbType) < 0 ||
	    PyType_Ready(&pybw_EntityListType) < 0 ||
	    PyModule_AddObjectRef(m, "Database", (PyObject *)&pybw_DbType) < 0 ||
	    PyModule_AddObjectRef(m, "EntityList",
	                          (PyObject *)&pybw_EntityListType) < 0 ||
	    pybw_set_new(m, "KINDS", names(kind_name, BW_KIND_COUNT)) < 0 ||
	    pybw_set_new(m, "FIELDS", names(field_name, BW_FIELD_COUNT)) < 0 ||
	    pybw_set_new(m, "EVIDENCE",
	                 names(evidence_name, BW_EVIDENCE_COUNT)) < 0 ||
	    pybw_set_new(m, "SEVERITIES",
	                 names(severity_name, BW_SEVERITY_COUNT)) < 0 ||
	    pybw_set_new(m, "SEVERITY_LABELS",
	                 names(severity_label, BW_SEVERITY_COUNT)) < 0 ||
	    pybw_set_new(m, "SCREEN_ACTIONS",
	                 names(action_name, BW_SCREEN_ACTION_COUNT)) < 0 ||
	    pybw_set_new(m, "library_version",
	                 PyUnicode_FromString(bw_version())) < 0 ||
	    pybw_set_new(m, "library_version_number",
	                 PyLong_FromLong(bw_version_number())) < 0 ||
	    pybw_set_new(m, "HEADER_VERSION",
	                 PyUnicode_FromString(BW_VERSION_STRING)) < 0 ||
	    pybw_set_new(m, "HAS_SEARCH", PyBool_FromLong(PYBW_HAVE_SEARCH)) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
