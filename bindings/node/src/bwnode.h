/*
 * bwnode.h: what the files of the Node-API addon share.  The addon is a
 * thin layer over bodywork.h: it hands JavaScript strings, numbers and
 * plain objects, never a pointer.  Entities travel as their ids (the
 * JavaScript side keeps one Entity object per id and database), facts and
 * rules as plain records copied out of the database, so nothing JavaScript
 * holds can point into freed memory.
 *
 * A database is a JavaScript external wrapping a bwn_db.  close() marks it
 * closed at once (every later call throws ClosedError); the bw_db itself
 * is freed when no asynchronous call still uses it (pins).  Pins change
 * only on the JavaScript thread: taken when work is queued, dropped in its
 * completion callback.
 */
#ifndef BWNODE_H
#define BWNODE_H

#include <stddef.h>
#include <stdint.h>

#include <node_api.h>
#include <bodywork.h>

typedef struct bwn_db {
	bw_db *db;      /* NULL once freed */
	int closed;     /* close() was called */
	unsigned pins;  /* queued or running asynchronous calls */
	int collected;  /* the JavaScript handle was garbage-collected */
} bwn_db;

/* ===== util.c ===== */

/* 1 (with a JavaScript exception pending) when st is not napi_ok. */
int bwn_failed(napi_env env, napi_status st);
#define BWN_TRY(call)                                                       \
	do {                                                                \
		if (bwn_failed(env, (call)))                                \
			return NULL;                                        \
	} while (0)

/* The arguments of a call: exactly argc of them into argv (missing ones
 * are undefined). */
int bwn_args(napi_env env, napi_callback_info info, size_t argc,
             napi_value *argv);

/* A malloc'd UTF-8 copy of a JavaScript string, or NULL with a TypeError
 * thrown (not a string, or it holds a NUL character).  what names the
 * argument in the message. */
char *bwn_string(napi_env env, napi_value v, const char *what);
/* An array of strings: *out (malloc'd, each element too; one slot more
 * than *n so it is never NULL), or -1 with a TypeError thrown. */
int bwn_strings(napi_env env, napi_value v, const char *what, char ***out,
                size_t *n);
void bwn_free_strings(char **v, size_t n);

/* A number argument as an integer in [min, max], or -1 with a TypeError
 * or RangeError thrown. */
int bwn_int(napi_env env, napi_value v, const char *what, int64_t min,
            int64_t max, int64_t *out);

/* Values: a string (null for NULL), an entity's id (null for NULL). */
napi_value bwn_str(napi_env env, const char *s);
napi_value bwn_id(napi_env env, const bw_entity *e);
napi_value bwn_null(napi_env env);
napi_value bwn_num(napi_env env, double d);
napi_value bwn_bool(napi_env env, int b);

/* obj[key] = value; -1 on failure (value NULL is a failure). */
int bwn_set(napi_env env, napi_value obj, const char *key, napi_value value);

/* The text write(buf, size, ctx) makes, as snprintf does, as a string. */
napi_value bwn_format(napi_env env,
                      size_t (*write)(char *buf, size_t size, const void *ctx),
                      const void *ctx);

/* Levels as text ("T12-L4"), or null when there are none. */
napi_value bwn_levels(napi_env env, uint64_t levels);

/* The error for a failed call: made by the factory the JavaScript side
 * registered (an instance of the BodyworkError subclass for st), with
 * err's details; query is the text a QueryError's position counts in
 * (may be NULL).  NULL when even that failed (an exception is pending). */
napi_value bwn_error(napi_env env, bw_status st, const bw_error *err,
                     const char *query);
/* The ClosedError. */
napi_value bwn_closed_error(napi_env env);
/* Throw bwn_error(...); returns NULL for `return bwn_throw(...)`. */
napi_value bwn_throw(napi_env env, bw_status st, const bw_error *err,
                     const char *query);
/* Register the factory: setup(makeError). */
napi_value bwn_setup(napi_env env, napi_callback_info info);

/* ===== db.c ===== */

/* The open database of a handle argument, or NULL with a TypeError (not a
 * handle) or ClosedError thrown. */
bwn_db *bwn_db_arg(napi_env env, napi_value v);
/* A handle value taking ownership of db; NULL (db closed) on failure. */
napi_value bwn_db_wrap(napi_env env, bw_db *db);
/* Drop a pin; frees the bw_db when it was the last of a closed database. */
void bwn_db_unpin(bwn_db *d);

/* Records: a fact (owner is the entity it belongs to), a rule of a
 * condition, match i of a rule (null when i < 0). */
napi_value bwn_fact(napi_env env, const bw_fact *f, const bw_entity *owner);
napi_value bwn_rule(napi_env env, const bw_rule *r, const bw_entity *cond);
napi_value bwn_rule_match(napi_env env, const bw_rule *r, int i);

/* The functions of db.c, for the module table. */
napi_value bwn_close(napi_env env, napi_callback_info info);
napi_value bwn_is_closed(napi_env env, napi_callback_info info);
napi_value bwn_pending(napi_env env, napi_callback_info info);
napi_value bwn_count(napi_env env, napi_callback_info info);
napi_value bwn_ids(napi_env env, napi_callback_info info);
napi_value bwn_entity(napi_env env, napi_callback_info info);
napi_value bwn_find(napi_env env, napi_callback_info info);
napi_value bwn_facts(napi_env env, napi_callback_info info);
napi_value bwn_backrefs(napi_env env, napi_callback_info info);
napi_value bwn_regions(napi_env env, napi_callback_info info);
napi_value bwn_attr(napi_env env, napi_callback_info info);
napi_value bwn_rules(napi_env env, napi_callback_info info);
napi_value bwn_within(napi_env env, napi_callback_info info);
napi_value bwn_overlaps(napi_env env, napi_callback_info info);
napi_value bwn_rule_applies(napi_env env, napi_callback_info info);
napi_value bwn_muscles_at_levels(napi_env env, napi_callback_info info);
napi_value bwn_parse_levels(napi_env env, napi_callback_info info);
napi_value bwn_format_levels(napi_env env, napi_callback_info info);
napi_value bwn_strerror(napi_env env, napi_callback_info info);
napi_value bwn_validate(napi_env env, napi_callback_info info);

/* ===== query.c: calls that run on the thread pool too ===== */

/* Each takes a last argument `async`: false runs the call at once and
 * returns its answer; true queues it on libuv's thread pool and returns a
 * Promise of the same answer. */
napi_value bwn_open(napi_env env, napi_callback_info info);
napi_value bwn_lookup(napi_env env, napi_callback_info info);
napi_value bwn_lookup_code(napi_env env, napi_callback_info info);
napi_value bwn_search(napi_env env, napi_callback_info info);
napi_value bwn_suggest(napi_env env, napi_callback_info info);
napi_value bwn_symptom(napi_env env, napi_callback_info info);
napi_value bwn_techniques(napi_env env, napi_callback_info info);
napi_value bwn_ask(napi_env env, napi_callback_info info);
napi_value bwn_plan(napi_env env, napi_callback_info info);
napi_value bwn_restrictions(napi_env env, napi_callback_info info);
napi_value bwn_screen(napi_env env, napi_callback_info info);
napi_value bwn_map_muscle(napi_env env, napi_callback_info info);
napi_value bwn_map_symptom(napi_env env, napi_callback_info info);
napi_value bwn_map_screen(napi_env env, napi_callback_info info);

#endif /* BWNODE_H */
