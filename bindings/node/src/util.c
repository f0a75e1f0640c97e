/*
 * util.c: small Node-API helpers (arguments, strings, values) and the
 * errors: every library failure becomes an instance of the BodyworkError
 * subclass for its status, made by a factory function the JavaScript side
 * registers once per environment (setup), so the classes live in
 * JavaScript and the C side only reports code, message, file, line and
 * column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bwnode.h"

int bwn_failed(napi_env env, napi_status st)
{
	const napi_extended_error_info *info = NULL;
	char msg[256] = "Node-API call failed";
	bool pending = false;
	if (st == napi_ok)
		return 0;
	if (napi_get_last_error_info(env, &info) == napi_ok && info &&
	    info->error_message)
		snprintf(msg, sizeof msg, "%s", info->error_message);
	if (napi_is_exception_pending(env, &pending) == napi_ok && !pending)
		napi_throw_error(env, NULL, msg);
	return 1;
}

int bwn_args(napi_env env, napi_callback_info info, size_t argc,
             napi_value *argv)
{
	size_t n = argc;
	if (bwn_failed(env, napi_get_cb_info(env, info, &n, argv, NULL, NULL)))
		return -1;
	return 0;
}

char *bwn_string(napi_env env, napi_value v, const char *what)
{
	napi_valuetype t;
	size_t len = 0;
	char *s;
	if (bwn_failed(env, napi_typeof(env, v, &t)))
		return NULL;
	if (t != napi_string) {
		char msg[160];
		snprintf(msg, sizeof msg, "expected %s (a string)", what);
		napi_throw_type_error(env, NULL, msg);
		return NULL;
	}
	if (bwn_failed(env, napi_get_value_string_utf8(env, v, NULL, 0, &len)))
		return NULL;
	if (!(s = malloc(len + 1))) {
		napi_throw_error(env, NULL, "out of memory");
		return NULL;
	}
	if (bwn_failed(env, napi_get_value_string_utf8(env, v, s, len + 1,
	                                               &len))) {
		free(s);
		return NULL;
	}
	if (strlen(s) != len) {
		char msg[160];
		free(s);
		snprintf(msg, sizeof msg, "%s holds a NUL character", what);
		napi_throw_type_error(env, NULL, msg);
		return NULL;
	}
	return s;
}

void bwn_free_strings(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int bwn_strings(napi_env env, napi_value v, const char *what, char ***out,
                size_t *n)
{
	bool is_array = false;
	uint32_t len = 0;
	char **s;
	*out = NULL;
	*n = 0;
	if (bwn_failed(env, napi_is_array(env, v, &is_array)))
		return -1;
	if (!is_array) {
		char msg[160];
		snprintf(msg, sizeof msg, "expected an array of %s", what);
		napi_throw_type_error(env, NULL, msg);
		return -1;
	}
	if (bwn_failed(env, napi_get_array_length(env, v, &len)))
		return -1;
	if (!(s = calloc((size_t)len + 1, sizeof *s))) {
		napi_throw_error(env, NULL, "out of memory");
		return -1;
	}
	for (uint32_t i = 0; i < len; i++) {
		napi_value item;
		if (bwn_failed(env, napi_get_element(env, v, i, &item)) ||
		    !(s[i] = bwn_string(env, item, what))) {
			bwn_free_strings(s, i);
			return -1;
		}
	}
	*out = s;
	*n = len;
	return 0;
}

int bwn_int(napi_env env, napi_value v, const char *what, int64_t min,
            int64_t max, int64_t *out)
{
	napi_valuetype t;
	double d;
	char msg[160];
	if (bwn_failed(env, napi_typeof(env, v, &t)))
		return -1;
	if (t != napi_number) {
		snprintf(msg, sizeof msg, "%s must be a number", what);
		napi_throw_type_error(env, NULL, msg);
		return -1;
	}
	if (bwn_failed(env, napi_get_value_double(env, v, &d)))
		return -1;
	if (!(d >= (double)min && d <= (double)max) || d != (double)(int64_t)d) {
		snprintf(msg, sizeof msg, "%s must be an integer from %lld to %lld",
		         what, (long long)min, (long long)max);
		napi_throw_range_error(env, NULL, msg);
		return -1;
	}
	*out = (int64_t)d;
	return 0;
}

napi_value bwn_null(napi_env env)
{
	napi_value v = NULL;
	napi_get_null(env, &v);
	return v;
}

napi_value bwn_str(napi_env env, const char *s)
{
	napi_value v = NULL;
	if (!s)
		return bwn_null(env);
	if (bwn_failed(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v)))
		return NULL;
	return v;
}

napi_value bwn_id(napi_env env, const bw_entity *e)
{
	return e ? bwn_str(env, bw_entity_id(e)) : bwn_null(env);
}

napi_value bwn_num(napi_env env, double d)
{
	napi_value v = NULL;
	if (bwn_failed(env, napi_create_double(env, d, &v)))
		return NULL;
	return v;
}

napi_value bwn_bool(napi_env env, int b)
{
	napi_value v = NULL;
	if (bwn_failed(env, napi_get_boolean(env, b != 0, &v)))
		return NULL;
	return v;
}

int bwn_set(napi_env env, napi_value obj, const char *key, napi_value value)
{
	if (!value)
		return -1;
	return bwn_failed(env, napi_set_named_property(env, obj, key, value))
	       ? -1 : 0;
}

napi_value bwn_format(napi_env env,
                      size_t (*write)(char *buf, size_t size, const void *ctx),
                      const void *ctx)
{
	char buf[512], *big;
	napi_value v;
	size_t n = write(buf, sizeof buf, ctx);
	if (n < sizeof buf)
		return bwn_str(env, buf);
	if (!(big = malloc(n + 1))) {
		napi_throw_error(env, NULL, "out of memory");
		return NULL;
	}
	write(big, n + 1, ctx);
	v = bwn_str(env, big);
	free(big);
	return v;
}

static size_t write_levels(char *buf, size_t size, const void *levels)
{
	return bw_levels_format(buf, size, *(const uint64_t *)levels);
}

napi_value bwn_levels(napi_env env, uint64_t levels)
{
	if (!levels)
		return bwn_null(env);
	return bwn_format(env, write_levels, &levels);
}

/* ===== errors ===== */

typedef struct {
	napi_ref make_error; /* setup(makeError), or NULL */
} instance;

static void instance_free(napi_env env, void *data, void *hint)
{
	instance *in = data;
	(void)hint;
	if (in->make_error)
		napi_delete_reference(env, in->make_error);
	free(in);
}

napi_value bwn_setup(napi_env env, napi_callback_info info)
{
	napi_value fn;
	napi_valuetype t;
	instance *in = NULL;
	void *data = NULL; /* read as void *, then converted */
	if (bwn_args(env, info, 1, &fn) < 0)
		return NULL;
	BWN_TRY(napi_typeof(env, fn, &t));
	if (t != napi_function) {
		napi_throw_type_error(env, NULL, "setup expects a function");
		return NULL;
	}
	BWN_TRY(napi_get_instance_data(env, &data));
	in = data;
	if (!in) {
		if (!(in = calloc(1, sizeof *in))) {
			napi_throw_error(env, NULL, "out of memory");
			return NULL;
		}
		if (bwn_failed(env, napi_set_instance_data(env, in, instance_free,
		                                           NULL))) {
			free(in);
			return NULL;
		}
	}
	if (in->make_error) {
		napi_delete_reference(env, in->make_error);
		in->make_error = NULL;
	}
	BWN_TRY(napi_create_reference(env, fn, 1, &in->make_error));
	return NULL;
}

/* makeError(code, message, file, line, column, query); code null is the
 * ClosedError. */
static napi_value make_error(napi_env env, napi_value code, const char *msg,
                             const char *file, unsigned long line,
                             unsigned long column, const char *query)
{
	instance *in = NULL;
	void *data = NULL; /* read as void *, then converted */
	napi_value fn, global, argv[6], result;
	BWN_TRY(napi_get_instance_data(env, &data));
	in = data;
	if (!in || !in->make_error) {
		napi_value m;
		BWN_TRY(napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m));
		BWN_TRY(napi_create_error(env, NULL, m, &result));
		return result;
	}
	BWN_TRY(napi_get_reference_value(env, in->make_error, &fn));
	BWN_TRY(napi_get_global(env, &global));
	argv[0] = code;
	if (!(argv[1] = bwn_str(env, msg)) ||
	    !(argv[2] = bwn_str(env, file && *file ? file : NULL)) ||
	    !(argv[3] = bwn_num(env, (double)line)) ||
	    !(argv[4] = bwn_num(env, (double)column)) ||
	    !(argv[5] = bwn_str(env, query)))
		return NULL;
	BWN_TRY(napi_call_function(env, global, fn, 6, argv, &result));
	return result;
}

napi_value bwn_error(napi_env env, bw_status st, const bw_error *err,
                     const char *query)
{
	napi_value code;
	const char *msg = err && err->message[0] ? err->message
	                                         : bw_strerror(st);
	BWN_TRY(napi_create_int32(env, (int32_t)st, &code));
	return make_error(env, code, msg, err ? err->file : NULL,
	                  err ? err->line : 0, err ? err->column : 0, query);
}

napi_value bwn_closed_error(napi_env env)
{
	return make_error(env, bwn_null(env), "the database is closed", NULL, 0,
	                  0, NULL);
}

napi_value bwn_throw(napi_env env, bw_status st, const bw_error *err,
                     const char *query)
{
	napi_value e = bwn_error(env, st, err, query);
	if (e)
		napi_throw(env, e);
	return NULL;
}
