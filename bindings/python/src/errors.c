/*
 * errors.c: one exception class per bw_status, and pybw_raise, which turns
 * a status and its bw_error into the matching exception carrying the
 * details (the pygit2 check_error pattern).
 *
 *   Error                        every failure; .code .message .file .line .column
 *   +- CorpusError               a corpus could not be opened
 *   |  +- FileError (OSError)    BW_EIO: a path missing or unreadable;
 *   |                            .errno .strerror .filename
 *   |  +- ParseError             BW_EPARSE: not well-formed, or refused
 *   |  +- SchemaError            BW_ESCHEMA: breaks the corpus schema
 *   |  +- IntegrityError         BW_ECORPUS: duplicate id, dangling reference,
 *   |                            a compiled file that cannot be used
 *   +- NotFound (KeyError)       BW_ENOTFOUND
 *   +- QueryError (ValueError)   BW_EQUERY; .position
 *   +- EncodingError (ValueError) BW_EUTF8; .position
 *   +- InvalidArgument (ValueError) BW_EINVAL, and every argument the
 *   |                            binding refuses itself (a kind, field or
 *   |                            level name, a number out of range)
 *   +- OutOfMemory (MemoryError) BW_ENOMEM
 *   +- ClosedError (ValueError)  the database was closed
 */
#include "pybw.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

static PyObject *Error, *CorpusError, *FileError, *ParseError, *SchemaError,
	*IntegrityError, *NotFound, *QueryError, *EncodingError,
	*InvalidArgument, *OutOfMemory, *ClosedError;

/* A class named bodywork.NAME with bases and the detail attributes as
 * class-level defaults, so they exist on every instance. */
static PyObject *new_class(PyObject *module, const char *name,
                           const char *doc, PyObject *bases)
{
	char qual[64];
	PyObject *dict, *cls = NULL;
	static const char *const attrs[] = { "code", "message", "file", "line",
	                                     "column", "position" };
	snprintf(qual, sizeof qual, "bodywork.%s", name);
	dict = PyDict_New();
	if (!dict)
		return NULL;
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (PyDict_SetItemString(dict, attrs[i], Py_None) < 0)
			goto out;
	cls = PyErr_NewExceptionWithDoc(qual, doc, bases, dict);
	if (cls && PyModule_AddObjectRef(module, name, cls) < 0)
		Py_CLEAR(cls);
out:
	Py_DECREF(dict);
	return cls;
}

static PyObject *bases2(PyObject *a, PyObject *b)
{
	return PyTuple_Pack(2, a, b);
}

int pybw_errors_init(PyObject *module)
{
	PyObject *b, *str;
#define CLASS(var, name, doc, basesexpr)                                    \
	do {                                                                \
		b = (basesexpr);                                            \
		if (!b)                                                     \
			return -1;                                          \
		var = new_class(module, name, doc, b);                      \
		Py_DECREF(b);                                               \
		if (!var)                                                   \
			return -1;                                          \
	} while (0)
	CLASS(Error, "Error",
	      "Base class of every bodywork error.  Attributes: code (the "
	      "library's negative status number), message (the library's "
	      "words), file, line, column (where the problem is, or None).",
	      PyTuple_Pack(1, PyExc_Exception));
	CLASS(CorpusError, "CorpusError",
	      "A corpus could not be opened: file, line and column say where.",
	      PyTuple_Pack(1, Error));
	CLASS(FileError, "FileError",
	      "A corpus path is missing, unreadable, or not a file or folder.  "
	      "An OSError too: filename is the path, errno and strerror say "
	      "why when the path itself does (ENOENT, EACCES, ...), else None.",
	      bases2(CorpusError, PyExc_OSError));
	CLASS(ParseError, "ParseError",
	      "A corpus file is not well-formed XML, or was refused (a "
	      "DOCTYPE, its size).", PyTuple_Pack(1, CorpusError));
	CLASS(SchemaError, "SchemaError",
	      "A corpus file breaks the corpus schema.",
	      PyTuple_Pack(1, CorpusError));
	CLASS(IntegrityError, "IntegrityError",
	      "The corpus is inconsistent: a duplicate id, a reference to "
	      "nothing, a hide of an unknown entity; or a compiled file cannot "
	      "be used: truncated, damaged, or written by another library "
	      "version, byte order or word size (the message says which).",
	      PyTuple_Pack(1, CorpusError));
	CLASS(NotFound, "NotFound",
	      "No entity has that id or name.  A KeyError too.",
	      bases2(Error, PyExc_KeyError));
	CLASS(QueryError, "QueryError",
	      "A malformed search query.  position is the 0-based index in the "
	      "query string of the problem; column the library's 1-based byte "
	      "column.", bases2(Error, PyExc_ValueError));
	CLASS(EncodingError, "EncodingError",
	      "Text that is not valid UTF-8; position as for QueryError.",
	      bases2(Error, PyExc_ValueError));
	CLASS(InvalidArgument, "InvalidArgument",
	      "An argument refused by value: out of range, empty, or a kind, "
	      "field or level name that does not exist.  A ValueError too.",
	      bases2(Error, PyExc_ValueError));
	CLASS(OutOfMemory, "OutOfMemory",
	      "The library could not allocate memory; nothing was changed.",
	      bases2(Error, PyExc_MemoryError));
	CLASS(ClosedError, "ClosedError",
	      "The database was closed; nothing borrowed from it can be used.",
	      bases2(Error, PyExc_ValueError));
#undef CLASS
	/* KeyError's str() quotes its argument and OSError's writes errno and
	 * filename around it; the library's message reads better plain. */
	str = PyObject_GetAttrString(PyExc_Exception, "__str__");
	if (!str)
		return -1;
	if (PyObject_SetAttrString(NotFound, "__str__", str) < 0 ||
	    PyObject_SetAttrString(FileError, "__str__", str) < 0) {
		Py_DECREF(str);
		return -1;
	}
	Py_DECREF(str);
	return 0;
}

PyObject *pybw_error_class(bw_status st)
{
	switch (st) {
	case BW_EIO: return FileError;
	case BW_EPARSE: return ParseError;
	case BW_ESCHEMA: return SchemaError;
	case BW_ECORPUS: return IntegrityError;
	case BW_ENOTFOUND: return NotFound;
	case BW_EQUERY: return QueryError;
	case BW_EUTF8: return EncodingError;
	case BW_EINVAL: return InvalidArgument;
	case BW_ENOMEM: return OutOfMemory;
	default: return Error;
	}
}

/* The 0-based character index of 1-based byte column col in text. */
static Py_ssize_t char_index(const char *text, unsigned long col)
{
	Py_ssize_t n = 0;
	size_t len = strlen(text);
	for (size_t i = 0; i + 1 < col && i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Why path cannot be read, as an errno value, found by looking at it
 * again (the library reports the failure in words): what stat, open or
 * opendir says, or 0 when they all succeed (a device, a folder with no
 * corpus files, a read that failed later). */
static int path_errno(const char *path)
{
	struct stat sb;
	int fd;
	DIR *d;
	if (stat(path, &sb) != 0)
		return errno;
	if (S_ISDIR(sb.st_mode)) {
		if (!(d = opendir(path)))
			return errno;
		closedir(d);
	} else if (S_ISREG(sb.st_mode)) {
		if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)) < 0)
			return errno;
		close(fd);
	}
	return 0;
}

/* A FileError's OSError attributes: errno and strerror, when the path
 * says why it failed; else both stay None. */
static int set_errno(PyObject *exc, const char *path)
{
	int e;
	Py_BEGIN_ALLOW_THREADS
	e = path_errno(path);
	Py_END_ALLOW_THREADS
	if (!e)
		return 0;
	if (pybw_set_new(exc, "errno", PyLong_FromLong(e)) < 0 ||
	    pybw_set_new(exc, "strerror", PyUnicode_DecodeLocale(strerror(e),
	                                                         "surrogateescape")) < 0)
		return -1;
	return 0;
}

PyObject *pybw_raise(bw_status st, const bw_error *err, const char *query)
{
	PyObject *cls = pybw_error_class(st), *exc;
	const char *msg = err && err->message[0] ? err->message : bw_strerror(st);
	int in_file = err && err->file[0];
	/* A name not found is about the name, not a file: a hidden id's
	 * message already says where the hide is. */
	if (st == BW_ENOTFOUND)
		exc = PyUnicode_FromString(msg);
	else if (in_file && err->line && err->column)
		exc = PyUnicode_FromFormat("%s:%lu:%lu: %s", err->file, err->line,
		                           err->column, msg);
	else if (in_file && err->line)
		exc = PyUnicode_FromFormat("%s:%lu: %s", err->file, err->line, msg);
	else if (in_file)
		exc = PyUnicode_FromFormat("%s: %s", err->file, msg);
	else
		exc = PyUnicode_FromString(msg);
	if (!exc)
		return NULL;
	{
		PyObject *text = exc;
		exc = PyObject_CallOneArg(cls, text);
		Py_DECREF(text);
	}
	if (!exc)
		return NULL;
	if (pybw_set_new(exc, "code", PyLong_FromLong(st)) < 0 ||
	    pybw_set_new(exc, "message", PyUnicode_FromString(msg)) < 0)
		goto fail;
	if (in_file &&
	    (pybw_set_new(exc, "file", PyUnicode_DecodeFSDefault(err->file)) < 0 ||
	                (cls == FileError &&
	                 pybw_set_new(exc, "filename",
	                          PyUnicode_DecodeFSDefault(err->file)) < 0)))
		goto fail;
	if (in_file && cls == FileError && set_errno(exc, err->file) < 0)
		goto fail;
	if (err && err->line &&
	    pybw_set_new(exc, "line", PyLong_FromUnsignedLong(err->line)) < 0)
		goto fail;
	if (err && err->column &&
	    pybw_set_new(exc, "column", PyLong_FromUnsignedLong(err->column)) < 0)
		goto fail;
	if (err && err->column && query &&
	    (st == BW_EQUERY || st == BW_EUTF8) &&
	    pybw_set_new(exc, "position",
	             PyLong_FromSsize_t(char_index(query, err->column))) < 0)
		goto fail;
	PyErr_SetObject(cls, exc);
fail:
	Py_DECREF(exc);
	return NULL;
}

PyObject *pybw_raise_invalid(const char *fmt, ...)
{
	PyObject *msg, *exc;
	va_list ap;
	va_start(ap, fmt);
	msg = PyUnicode_FromFormatV(fmt, ap);
	va_end(ap);
	if (!msg)
		return NULL;
	exc = PyObject_CallOneArg(InvalidArgument, msg);
	if (exc && pybw_set_new(exc, "code", PyLong_FromLong(BW_EINVAL)) == 0 &&
	    PyObject_SetAttrString(exc, "message", msg) == 0)
		PyErr_SetObject(InvalidArgument, exc);
	Py_XDECREF(exc);
	Py_DECREF(msg);
	return NULL;
}

PyObject *pybw_raise_closed(void)
{
	PyErr_SetString(ClosedError, "the database is closed");
	return NULL;
}
