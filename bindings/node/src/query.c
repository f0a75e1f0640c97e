/*
 * query.c: the calls that may take a while (opening, name lookups,
 * search, suggestions, the relation queries, questions, the planner, the
 * screen and the body maps), each synchronous or queued on libuv's thread
 * pool.
 *
 * A call is a job: its arguments copied into C memory, run() calling the
 * library (on the pool, or at once), then finish() turning the library's
 * answer into plain JavaScript values on the JavaScript thread and
 * freeing it.  An asynchronous job pins its database and holds a
 * reference to the handle until it completes, so close() only marks the
 * database closed and the last job frees it; a job that completes after
 * close() rejects with ClosedError.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bwnode.h"

typedef enum {
	OP_OPEN, OP_LOOKUP, OP_CODE, OP_SEARCH, OP_SUGGEST, OP_SYMPTOM,
	OP_TECHNIQUES, OP_ASK, OP_PLAN, OP_RESTRICTIONS, OP_SCREEN,
	OP_MAP_MUSCLE, OP_MAP_SYMPTOM, OP_MAP_SCREEN
} op;

typedef struct job {
	op op;
	bwn_db *d;              /* NULL for OP_OPEN */
	napi_ref handle;        /* async: keeps the handle alive */
	napi_async_work work;
	napi_deferred deferred;
	int pinned;
	/* arguments */
	char *text;             /* query, name, muscle or technique */
	char **names;           /* paths or conditions */
	size_t nnames;
	int have_paths, bundled;
	bw_search_options o;
	char *mark_open, *mark_close;
	/* answers */
	bw_status st;
	bw_error err;
	bw_db *db;
	const bw_entity *entity;
	const bw_fact *code;
	bw_results *results;
	bw_plan *plan;
	bw_screen *screen;
	bw_answer *answer;
	char *svg;              /* a body map */
	size_t svglen;
	char **snippets;        /* one per hit of the results, made by run() */
	size_t nsnippets;
} job;

/* libxml2 is initialised by the first open; the header asks that the
 * first one not race another, so opens wait on each other until one has
 * succeeded. */
static pthread_mutex_t first_open_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int opened_once;

static bw_status open_db(job *j)
{
	static const char *const none[1] = { NULL };
	const char *const *paths = j->names ? (const char *const *)j->names
	                                    : none;
	if (j->bundled)
		return bw_db_open_bundled(&j->db, paths, j->nnames, &j->err);
	if (j->have_paths)
		return bw_db_open(&j->db, paths, j->nnames, &j->err);
	return bw_db_open_default(&j->db, &j->err);
}

/* Write every hit's snippet now, on the thread that ran the search:
 * snippets cost more than the search itself.  On failure (no memory) the
 * snippets are left to finish(), which writes the missing ones. */
static void make_snippets(job *j, const bw_results *r)
{
	size_t n = r ? bw_results_count(r) : 0;
	if (!n || !(j->snippets = calloc(n, sizeof *j->snippets)))
		return;
	j->nsnippets = n;
	for (size_t i = 0; i < n; i++) {
		size_t len = bw_results_snippet(NULL, 0, r, i);
		if ((j->snippets[i] = malloc(len + 1)))
			bw_results_snippet(j->snippets[i], len + 1, r, i);
	}
}

/* The call itself: on a pool thread, or on the JavaScript thread. */
static void run(job *j)
{
	const bw_db *db = j->d ? j->d->db : NULL;
	memset(&j->err, 0, sizeof j->err);
	switch (j->op) {
	case OP_OPEN:
		if (atomic_load(&opened_once)) {
			j->st = open_db(j);
		} else {
			pthread_mutex_lock(&first_open_lock);
			j->st = open_db(j);
			if (j->st == BW_OK)
				atomic_store(&opened_once, 1);
			pthread_mutex_unlock(&first_open_lock);
		}
		break;
	case OP_LOOKUP:
		j->st = bw_db_lookup(&j->entity, db, j->text, &j->err);
		break;
	case OP_CODE:
		j->st = bw_db_lookup_code(&j->entity, &j->code, db, j->text, &j->err);
		break;
	case OP_SEARCH:
		j->st = bw_search(&j->results, db, j->text, &j->o, &j->err);
		break;
	case OP_SUGGEST:
		j->st = bw_suggest(&j->results, db, j->text, &j->o, &j->err);
		break;
	case OP_SYMPTOM:
		j->st = bw_muscles_for_symptom_text(&j->results, db, j->text, &j->o,
		                                    &j->err);
		break;
	case OP_TECHNIQUES:
		j->st = bw_db_lookup(&j->entity, db, j->text, &j->err);
		if (j->st == BW_OK)
			j->st = bw_techniques_for_muscle(&j->results, db, j->entity,
			                                 &j->o, &j->err);
		break;
	case OP_ASK:
		j->st = bw_ask(&j->answer, db, j->text, &j->o, &j->err);
		break;
	case OP_PLAN:
		j->st = bw_plan_new(&j->plan, db, j->text,
		                    (const char *const *)j->names, j->nnames,
		                    &j->err);
		break;
	case OP_RESTRICTIONS:
		j->st = bw_plan_restrictions(&j->plan, db, j->text, &j->err);
		break;
	case OP_SCREEN:
		j->st = bw_screen_new(&j->screen, db, (const char *const *)j->names,
		                      j->nnames, &j->err);
		break;
	case OP_MAP_MUSCLE:
		j->st = bw_map_muscle(&j->svg, &j->svglen, db, j->text, &j->err);
		break;
	case OP_MAP_SYMPTOM:
		j->st = bw_map_symptom(&j->svg, &j->svglen, db, j->text, &j->err);
		break;
	case OP_MAP_SCREEN:
		j->st = bw_map_screen(&j->svg, &j->svglen, db,
		                      (const char *const *)j->names, j->nnames,
		                      &j->err);
		break;
	}
	if (j->st == BW_OK)
		make_snippets(j, j->answer ? bw_answer_results(j->answer)
		                           : j->results);
}

/* ===== answers into values ===== */

static const char *const match_names[] = { "exact", "prefix", "typo1",
                                           "typo2" };

static napi_value match_name(napi_env env, bw_match m)
{
	return bwn_str(env, (unsigned)m < 4 ? match_names[m] : "exact");
}

typedef struct {
	const bw_results *r;
	size_t i;
} hit_ref;

static size_t write_snippet(char *buf, size_t size, const void *ctx)
{
	const hit_ref *h = ctx;
	return bw_results_snippet(buf, size, h->r, h->i);
}

/* {total, correction, hits: [{entity, score, match, fields, label, fact,
 * snippet}]}; fields are field numbers, -1 for the name.  Snippets come
 * from j when run() made them. */
static napi_value results_value(napi_env env, const bw_results *r,
                                const job *j)
{
	napi_value o, hits;
	size_t n = bw_results_count(r);
	BWN_TRY(napi_create_object(env, &o));
	BWN_TRY(napi_create_array_with_length(env, n, &hits));
	for (size_t i = 0; i < n; i++) {
		napi_value h, fields;
		uint64_t bits = bw_results_fields(r, i);
		uint32_t nf = 0;
		hit_ref ref = { r, i };
		const bw_entity *e = bw_results_entity(r, i);
		BWN_TRY(napi_create_object(env, &h));
		BWN_TRY(napi_create_array(env, &fields));
		if (bits & BW_NAME_BIT)
			BWN_TRY(napi_set_element(env, fields, nf++, bwn_num(env, -1)));
		for (int f = 0; f < BW_FIELD_COUNT; f++)
			if (bits & BW_FIELD_BIT(f))
				BWN_TRY(napi_set_element(env, fields, nf++,
				                         bwn_num(env, f)));
		if (bwn_set(env, h, "entity", bwn_id(env, e)) < 0 ||
		    bwn_set(env, h, "score", bwn_num(env, bw_results_score(r, i))) < 0 ||
		    bwn_set(env, h, "match",
		            match_name(env, bw_results_match(r, i))) < 0 ||
		    bwn_set(env, h, "fields", fields) < 0 ||
		    bwn_set(env, h, "label", bwn_str(env, bw_results_label(r, i))) < 0 ||
		    bwn_set(env, h, "dropped",
		            bwn_str(env, bw_results_dropped(r, i))) < 0 ||
		    bwn_set(env, h, "fact",
		            bwn_fact(env, bw_results_fact(r, i), e)) < 0 ||
		    bwn_set(env, h, "snippet",
		            i < j->nsnippets && j->snippets[i]
		            ? bwn_str(env, j->snippets[i])
		            : bwn_format(env, write_snippet, &ref)) < 0)
			return NULL;
		BWN_TRY(napi_set_element(env, hits, (uint32_t)i, h));
	}
	if (bwn_set(env, o, "total", bwn_num(env, (double)bw_results_total(r))) < 0 ||
	    bwn_set(env, o, "correction",
	            bwn_str(env, bw_results_correction(r))) < 0 ||
	    bwn_set(env, o, "hits", hits) < 0)
		return NULL;
	return o;
}

static napi_value plan_list(napi_env env, const bw_plan *p, bw_plan_list l)
{
	napi_value a;
	size_t n = bw_plan_count(p, l);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++) {
		napi_value entry, reasons, instead;
		size_t nr = bw_plan_reason_count(p, l, i);
		size_t ni = bw_plan_instead_count(p, l, i);
		BWN_TRY(napi_create_object(env, &entry));
		BWN_TRY(napi_create_array_with_length(env, nr, &reasons));
		for (size_t k = 0; k < nr; k++) {
			napi_value reason;
			const bw_entity *cond = NULL;
			int match = -1;
			const bw_rule *r = bw_plan_reason(p, l, i, k, &cond, &match);
			BWN_TRY(napi_create_object(env, &reason));
			if (bwn_set(env, reason, "condition", bwn_id(env, cond)) < 0 ||
			    bwn_set(env, reason, "rule", bwn_rule(env, r, cond)) < 0 ||
			    bwn_set(env, reason, "match",
			            bwn_rule_match(env, r, match)) < 0)
				return NULL;
			BWN_TRY(napi_set_element(env, reasons, (uint32_t)k, reason));
		}
		BWN_TRY(napi_create_array_with_length(env, ni, &instead));
		for (size_t k = 0; k < ni; k++)
			BWN_TRY(napi_set_element(env, instead, (uint32_t)k,
			        bwn_id(env, bw_plan_instead(p, l, i, k))));
		if (bwn_set(env, entry, "technique",
		            bwn_id(env, bw_plan_technique(p, l, i))) < 0 ||
		    bwn_set(env, entry, "reasons", reasons) < 0 ||
		    bwn_set(env, entry, "instead", instead) < 0)
			return NULL;
		BWN_TRY(napi_set_element(env, a, (uint32_t)i, entry));
	}
	return a;
}

/* {muscle, conditions, allowed, excluded}: entries {technique, reasons:
 * [{condition, rule, match}], instead}. */
static napi_value plan_value(napi_env env, const bw_plan *p)
{
	napi_value o, conds;
	size_t n = bw_plan_condition_count(p);
	BWN_TRY(napi_create_object(env, &o));
	BWN_TRY(napi_create_array_with_length(env, n, &conds));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, conds, (uint32_t)i,
		                         bwn_id(env, bw_plan_condition(p, i))));
	if (bwn_set(env, o, "muscle", bwn_id(env, bw_plan_muscle(p))) < 0 ||
	    bwn_set(env, o, "conditions", conds) < 0 ||
	    bwn_set(env, o, "allowed", plan_list(env, p, BW_PLAN_ALLOWED)) < 0 ||
	    bwn_set(env, o, "excluded", plan_list(env, p, BW_PLAN_EXCLUDED)) < 0)
		return NULL;
	return o;
}

/* {conditions, needsClearance, refer, lines: [{action, condition, site,
 * position, pressure, rule, match, fact}]}. */
static napi_value screen_value(napi_env env, const bw_screen *s)
{
	napi_value o, conds, lines;
	size_t n = bw_screen_condition_count(s);
	BWN_TRY(napi_create_object(env, &o));
	BWN_TRY(napi_create_array_with_length(env, n, &conds));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, conds, (uint32_t)i,
		                         bwn_id(env, bw_screen_condition(s, i))));
	n = bw_screen_count(s);
	BWN_TRY(napi_create_array_with_length(env, n, &lines));
	for (size_t i = 0; i < n; i++) {
		napi_value l;
		int match = -1;
		const bw_rule *r = bw_screen_line_rule(s, i, &match);
		const bw_entity *cond = bw_screen_line_condition(s, i);
		BWN_TRY(napi_create_object(env, &l));
		if (bwn_set(env, l, "action",
		            bwn_num(env, bw_screen_line_action(s, i))) < 0 ||
		    bwn_set(env, l, "condition", bwn_id(env, cond)) < 0 ||
		    bwn_set(env, l, "site", bwn_id(env, bw_screen_line_site(s, i))) < 0 ||
		    bwn_set(env, l, "position",
		            bwn_str(env, bw_screen_line_position(s, i))) < 0 ||
		    bwn_set(env, l, "pressure",
		            bwn_str(env, bw_screen_line_pressure(s, i))) < 0 ||
		    bwn_set(env, l, "rule", bwn_rule(env, r, cond)) < 0 ||
		    bwn_set(env, l, "match", bwn_rule_match(env, r, match)) < 0 ||
		    bwn_set(env, l, "fact",
		            bwn_fact(env, bw_screen_line_fact(s, i), cond)) < 0)
			return NULL;
		BWN_TRY(napi_set_element(env, lines, (uint32_t)i, l));
	}
	if (bwn_set(env, o, "conditions", conds) < 0 ||
	    bwn_set(env, o, "needsClearance",
	            bwn_bool(env, bw_screen_needs_clearance(s))) < 0 ||
	    bwn_set(env, o, "refer", bwn_bool(env, bw_screen_refer(s))) < 0 ||
	    bwn_set(env, o, "lines", lines) < 0)
		return NULL;
	return o;
}

/* {reading, kind, entities: [{entity, words, match}], results, plan,
 * screen} (the ones not given are null). */
static napi_value answer_value(napi_env env, const bw_answer *a,
                               const job *j)
{
	napi_value o, ents;
	size_t n = bw_answer_entity_count(a);
	const bw_results *r = bw_answer_results(a);
	const bw_plan *p = bw_answer_plan(a);
	const bw_screen *s = bw_answer_screen(a);
	BWN_TRY(napi_create_object(env, &o));
	BWN_TRY(napi_create_array_with_length(env, n, &ents));
	for (size_t i = 0; i < n; i++) {
		napi_value e;
		BWN_TRY(napi_create_object(env, &e));
		if (bwn_set(env, e, "entity", bwn_id(env, bw_answer_entity(a, i))) < 0 ||
		    bwn_set(env, e, "words",
		            bwn_str(env, bw_answer_entity_words(a, i))) < 0 ||
		    bwn_set(env, e, "match",
		            match_name(env, bw_answer_entity_match(a, i))) < 0)
			return NULL;
		BWN_TRY(napi_set_element(env, ents, (uint32_t)i, e));
	}
	if (bwn_set(env, o, "reading", bwn_str(env, bw_answer_reading(a))) < 0 ||
	    bwn_set(env, o, "kind",
	            bwn_str(env, bw_ask_kind_name(bw_answer_kind(a)))) < 0 ||
	    bwn_set(env, o, "entities", ents) < 0 ||
	    bwn_set(env, o, "results",
	            r ? results_value(env, r, j) : bwn_null(env)) < 0 ||
	    bwn_set(env, o, "plan", p ? plan_value(env, p) : bwn_null(env)) < 0 ||
	    bwn_set(env, o, "screen",
	            s ? screen_value(env, s) : bwn_null(env)) < 0)
		return NULL;
	return o;
}

/* The job's answer, or NULL with *error the value to throw or reject
 * with (an exception may be pending instead when making values failed). */
static napi_value finish(napi_env env, job *j, napi_value *error)
{
	int query = j->op == OP_SEARCH || j->op == OP_SUGGEST ||
	            j->op == OP_SYMPTOM || j->op == OP_ASK;
	napi_value v = NULL;
	*error = NULL;
	if (j->d && j->d->closed) {
		*error = bwn_closed_error(env);
		return NULL;
	}
	if (j->st != BW_OK) {
		*error = bwn_error(env, j->st, &j->err, query ? j->text : NULL);
		return NULL;
	}
	switch (j->op) {
	case OP_OPEN:
		v = bwn_db_wrap(env, j->db);
		j->db = NULL; /* the handle's, or closed on failure */
		break;
	case OP_LOOKUP:
		v = bwn_id(env, j->entity);
		break;
	case OP_CODE:
		v = bwn_fact(env, j->code, j->entity);
		break;
	case OP_SEARCH:
	case OP_SUGGEST:
	case OP_SYMPTOM:
	case OP_TECHNIQUES:
		v = results_value(env, j->results, j);
		break;
	case OP_ASK:
		v = answer_value(env, j->answer, j);
		break;
	case OP_PLAN:
	case OP_RESTRICTIONS:
		v = plan_value(env, j->plan);
		break;
	case OP_SCREEN:
		v = screen_value(env, j->screen);
		break;
	case OP_MAP_MUSCLE:
	case OP_MAP_SYMPTOM:
	case OP_MAP_SCREEN:
		BWN_TRY(napi_create_string_utf8(env, j->svg, j->svglen, &v));
		break;
	}
	return v;
}

static void job_free(napi_env env, job *j)
{
	bw_results_free(j->results);
	bw_plan_free(j->plan);
	bw_screen_free(j->screen);
	bw_answer_free(j->answer);
	bw_map_free(j->svg);
	bw_db_close(j->db);
	free(j->text);
	free(j->mark_open);
	free(j->mark_close);
	bwn_free_strings(j->names, j->nnames);
	bwn_free_strings(j->snippets, j->nsnippets);
	if (j->handle)
		napi_delete_reference(env, j->handle);
	if (j->pinned)
		bwn_db_unpin(j->d);
	free(j);
}

/* ===== running a job ===== */

static void execute_cb(napi_env env, void *data)
{
	(void)env;
	run(data);
}

static void complete_cb(napi_env env, napi_status status, void *data)
{
	job *j = data;
	napi_value v = NULL, error = NULL;
	if (status == napi_cancelled) {
		napi_value m;
		if (napi_create_string_utf8(env, "the call was cancelled",
		                            NAPI_AUTO_LENGTH, &m) == napi_ok)
			napi_create_error(env, NULL, m, &error);
	} else {
		v = finish(env, j, &error);
	}
	if (!v && !error) {
		bool pending = false;
		napi_is_exception_pending(env, &pending);
		if (pending)
			napi_get_and_clear_last_exception(env, &error);
	}
	if (v)
		napi_resolve_deferred(env, j->deferred, v);
	else
		napi_reject_deferred(env, j->deferred, error ? error
		                                             : bwn_null(env));
	napi_delete_async_work(env, j->work);
	job_free(env, j);
}

/* Run j now and return its answer (throwing its error), or queue it and
 * return a Promise; either way j is freed.  h is the handle j->d came
 * from. */
static napi_value start(napi_env env, job *j, napi_value h, napi_value async)
{
	bool is_async = false;
	napi_value v, error, promise, name;
	if (bwn_failed(env, napi_get_value_bool(env, async, &is_async)))
		goto fail;
	if (!is_async) {
		run(j);
		v = finish(env, j, &error);
		job_free(env, j);
		if (error)
			napi_throw(env, error);
		return v;
	}
	if (bwn_failed(env, napi_create_string_utf8(env, "bodywork",
	                                            NAPI_AUTO_LENGTH, &name)) ||
	    (j->d && bwn_failed(env, napi_create_reference(env, h, 1, &j->handle))) ||
	    bwn_failed(env, napi_create_async_work(env, NULL, name, execute_cb,
	                                           complete_cb, j, &j->work)))
		goto fail;
	if (bwn_failed(env, napi_create_promise(env, &j->deferred, &promise))) {
		napi_delete_async_work(env, j->work);
		goto fail;
	}
	if (j->d) {
		j->d->pins++;
		j->pinned = 1;
	}
	if (bwn_failed(env, napi_queue_async_work(env, j->work))) {
		/* The promise stays pending; nothing refers to it. */
		napi_delete_async_work(env, j->work);
		goto fail;
	}
	return promise;
fail:
	job_free(env, j);
	return NULL;
}

static job *job_new(napi_env env, op o)
{
	job *j = calloc(1, sizeof *j);
	if (!j) {
		napi_throw_error(env, NULL, "out of memory");
		return NULL;
	}
	j->op = o;
	bw_search_options_init(&j->o);
	return j;
}

/* A job on the database of handle argv[0] (open) with text argv[1]. */
static job *text_job(napi_env env, op o, napi_value *argv, const char *what)
{
	job *j;
	bwn_db *d = bwn_db_arg(env, argv[0]);
	if (!d || !(j = job_new(env, o)))
		return NULL;
	j->d = d;
	if (!(j->text = bwn_string(env, argv[1], what))) {
		job_free(env, j);
		return NULL;
	}
	return j;
}

/* Property key of obj as a count in [0, max], leaving *out when the
 * property is undefined. */
static int opt_count(napi_env env, napi_value obj, const char *key,
                     int64_t max, int64_t *out)
{
	napi_value v;
	napi_valuetype t;
	if (bwn_failed(env, napi_get_named_property(env, obj, key, &v)) ||
	    bwn_failed(env, napi_typeof(env, v, &t)))
		return -1;
	if (t == napi_undefined)
		return 0;
	return bwn_int(env, v, key, 0, max, out);
}

static int opt_string(napi_env env, napi_value obj, const char *key,
                      char **out)
{
	napi_value v;
	napi_valuetype t;
	if (bwn_failed(env, napi_get_named_property(env, obj, key, &v)) ||
	    bwn_failed(env, napi_typeof(env, v, &t)))
		return -1;
	if (t == napi_undefined || t == napi_null)
		return 0;
	return (*out = bwn_string(env, v, key)) ? 0 : -1;
}

/* The options object {offset, limit, kinds, typoThreshold, flags,
 * snippetWords, markOpen, markClose} (each optional; undefined the
 * default) into j->o. */
static int options(napi_env env, napi_value obj, job *j)
{
	napi_valuetype t;
	int64_t offset = (int64_t)j->o.offset, limit = (int64_t)j->o.limit;
	int64_t kinds = j->o.kinds, typo = j->o.typo_threshold;
	int64_t flags = j->o.flags, words = j->o.snippet_words;
	if (bwn_failed(env, napi_typeof(env, obj, &t)))
		return -1;
	if (t == napi_undefined || t == napi_null)
		return 0;
	if (t != napi_object) {
		napi_throw_type_error(env, NULL, "options must be an object");
		return -1;
	}
	if (opt_count(env, obj, "offset", INT32_MAX, &offset) < 0 ||
	    opt_count(env, obj, "limit", INT32_MAX, &limit) < 0 ||
	    opt_count(env, obj, "kinds", (1 << BW_KIND_COUNT) - 1, &kinds) < 0 ||
	    opt_count(env, obj, "typoThreshold", INT32_MAX, &typo) < 0 ||
	    opt_count(env, obj, "flags", 0xffff, &flags) < 0 ||
	    opt_count(env, obj, "snippetWords", INT32_MAX, &words) < 0 ||
	    opt_string(env, obj, "markOpen", &j->mark_open) < 0 ||
	    opt_string(env, obj, "markClose", &j->mark_close) < 0)
		return -1;
	j->o.offset = (size_t)offset;
	j->o.limit = (size_t)limit;
	j->o.kinds = (unsigned)kinds;
	j->o.typo_threshold = (unsigned)typo;
	j->o.flags = (unsigned)flags;
	j->o.snippet_words = (unsigned)words;
	j->o.mark_open = j->mark_open;
	j->o.mark_close = j->mark_close;
	return 0;
}

/* ===== the calls ===== */

/* open(paths | null, bundled, async) */
napi_value bwn_open(napi_env env, napi_callback_info info)
{
	napi_value argv[3];
	napi_valuetype t;
	bool bundled = false;
	job *j;
	if (bwn_args(env, info, 3, argv) < 0 ||
	    bwn_failed(env, napi_typeof(env, argv[0], &t)) ||
	    bwn_failed(env, napi_get_value_bool(env, argv[1], &bundled)) ||
	    !(j = job_new(env, OP_OPEN)))
		return NULL;
	j->bundled = bundled;
	if (t != napi_null && t != napi_undefined) {
		j->have_paths = 1;
		if (bwn_strings(env, argv[0], "paths", &j->names, &j->nnames) < 0) {
			job_free(env, j);
			return NULL;
		}
	}
	return start(env, j, NULL, argv[2]);
}

/* A call on one name or text: f(h, text, async). */
static napi_value name_call(napi_env env, napi_callback_info info, op o,
                            const char *what)
{
	napi_value argv[3];
	job *j;
	if (bwn_args(env, info, 3, argv) < 0 || !(j = text_job(env, o, argv, what)))
		return NULL;
	return start(env, j, argv[0], argv[2]);
}

/* lookup(h, name, async): the id of the entity bw_db_lookup finds. */
napi_value bwn_lookup(napi_env env, napi_callback_info info)
{
	return name_call(env, info, OP_LOOKUP, "a name");
}

/* lookupCode(h, text, async): the code fact that matched (its owner is
 * the entity). */
napi_value bwn_lookup_code(napi_env env, napi_callback_info info)
{
	return name_call(env, info, OP_CODE, "a code");
}

/* A text call with options: f(h, text, options, async). */
static napi_value text_call(napi_env env, napi_callback_info info, op o,
                            const char *what)
{
	napi_value argv[4];
	job *j;
	if (bwn_args(env, info, 4, argv) < 0 || !(j = text_job(env, o, argv, what)))
		return NULL;
	if (options(env, argv[2], j) < 0) {
		job_free(env, j);
		return NULL;
	}
	return start(env, j, argv[0], argv[3]);
}

napi_value bwn_search(napi_env env, napi_callback_info info)
{
	return text_call(env, info, OP_SEARCH, "a query");
}

napi_value bwn_suggest(napi_env env, napi_callback_info info)
{
	return text_call(env, info, OP_SUGGEST, "a prefix");
}

napi_value bwn_symptom(napi_env env, napi_callback_info info)
{
	return text_call(env, info, OP_SYMPTOM, "a description");
}

napi_value bwn_techniques(napi_env env, napi_callback_info info)
{
	return text_call(env, info, OP_TECHNIQUES, "a muscle id or name");
}

napi_value bwn_ask(napi_env env, napi_callback_info info)
{
	return text_call(env, info, OP_ASK, "a question");
}

/* plan(h, muscle, conditions, async) */
napi_value bwn_plan(napi_env env, napi_callback_info info)
{
	napi_value argv[4];
	job *j;
	if (bwn_args(env, info, 4, argv) < 0 ||
	    !(j = text_job(env, OP_PLAN, argv, "a muscle id or name")))
		return NULL;
	if (bwn_strings(env, argv[2], "condition names", &j->names,
	                &j->nnames) < 0) {
		job_free(env, j);
		return NULL;
	}
	return start(env, j, argv[0], argv[3]);
}

/* restrictions(h, technique, async) */
napi_value bwn_restrictions(napi_env env, napi_callback_info info)
{
	return name_call(env, info, OP_RESTRICTIONS, "a technique id or name");
}

/* screen(h, conditions, async) and mapScreen(h, conditions, async) */
static napi_value conditions_call(napi_env env, napi_callback_info info, op o)
{
	napi_value argv[3];
	bwn_db *d;
	job *j;
	if (bwn_args(env, info, 3, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    !(j = job_new(env, o)))
		return NULL;
	j->d = d;
	if (bwn_strings(env, argv[1], "condition names", &j->names,
	                &j->nnames) < 0) {
		job_free(env, j);
		return NULL;
	}
	return start(env, j, argv[0], argv[2]);
}

napi_value bwn_screen(napi_env env, napi_callback_info info)
{
	return conditions_call(env, info, OP_SCREEN);
}

napi_value bwn_map_screen(napi_env env, napi_callback_info info)
{
	return conditions_call(env, info, OP_MAP_SCREEN);
}

/* mapMuscle(h, muscle, async), mapSymptom(h, symptom, async) */
napi_value bwn_map_muscle(napi_env env, napi_callback_info info)
{
	return name_call(env, info, OP_MAP_MUSCLE, "a muscle id or name");
}

napi_value bwn_map_symptom(napi_env env, napi_callback_info info)
{
	return name_call(env, info, OP_MAP_SYMPTOM, "a symptom id or name");
}
