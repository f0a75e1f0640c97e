/*
 * db.c: the database handle, the entity, fact and rule accessors, the
 * vertebral level helpers, corpus validation, and the module's init.
 * Everything here is cheap and synchronous: it reads an open database by
 * entity id (a hash lookup) and copies what it finds into JavaScript
 * values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bwnode.h"

/* Marks an external as a bodywork database handle. */
static const napi_type_tag db_tag = { 0x62776e6f64656462ULL,
                                      0x3c1f0e2d9a7b4c55ULL };

/* ===== the handle ===== */

static void db_free(bwn_db *d)
{
	bw_db_close(d->db);
	d->db = NULL;
}

static void db_finalize(napi_env env, void *data, void *hint)
{
	bwn_db *d = data;
	(void)env;
	(void)hint;
	if (d->pins) { /* only at teardown: the last unpin frees it */
		d->collected = 1;
		return;
	}
	db_free(d);
	free(d);
}

void bwn_db_unpin(bwn_db *d)
{
	if (--d->pins)
		return;
	if (d->closed)
		db_free(d);
	if (d->collected)
		free(d);
}

napi_value bwn_db_wrap(napi_env env, bw_db *db)
{
	napi_value v;
	bwn_db *d = calloc(1, sizeof *d);
	if (!d) {
		bw_db_close(db);
		napi_throw_error(env, NULL, "out of memory");
		return NULL;
	}
	d->db = db;
	if (bwn_failed(env, napi_create_external(env, d, db_finalize, NULL, &v))) {
		db_free(d);
		free(d);
		return NULL;
	}
	/* From here the finalizer owns d. */
	BWN_TRY(napi_type_tag_object(env, v, &db_tag));
	return v;
}

/* The bwn_db of a handle, open or not; NULL with a TypeError. */
static bwn_db *handle_arg(napi_env env, napi_value v)
{
	napi_valuetype t;
	bool ok = false;
	void *d = NULL;
	if (bwn_failed(env, napi_typeof(env, v, &t)))
		return NULL;
	if (t == napi_external &&
	    bwn_failed(env, napi_check_object_type_tag(env, v, &db_tag, &ok)))
		return NULL;
	if (!ok) {
		napi_throw_type_error(env, NULL, "expected a database handle");
		return NULL;
	}
	if (bwn_failed(env, napi_get_value_external(env, v, &d)))
		return NULL;
	return d;
}

bwn_db *bwn_db_arg(napi_env env, napi_value v)
{
	bwn_db *d = handle_arg(env, v);
	napi_value e;
	if (d && d->closed) {
		if ((e = bwn_closed_error(env)))
			napi_throw(env, e);
		return NULL;
	}
	return d;
}

napi_value bwn_close(napi_env env, napi_callback_info info)
{
	napi_value h;
	bwn_db *d;
	if (bwn_args(env, info, 1, &h) < 0 || !(d = handle_arg(env, h)))
		return NULL;
	if (!d->closed) {
		d->closed = 1;
		if (!d->pins)
			db_free(d);
	}
	return NULL;
}

napi_value bwn_is_closed(napi_env env, napi_callback_info info)
{
	napi_value h;
	bwn_db *d;
	if (bwn_args(env, info, 1, &h) < 0 || !(d = handle_arg(env, h)))
		return NULL;
	return bwn_bool(env, d->closed);
}

/* How many asynchronous calls hold the database, and whether its memory
 * is still allocated: [pins, freed]. */
napi_value bwn_pending(napi_env env, napi_callback_info info)
{
	napi_value h, a;
	bwn_db *d;
	if (bwn_args(env, info, 1, &h) < 0 || !(d = handle_arg(env, h)))
		return NULL;
	BWN_TRY(napi_create_array_with_length(env, 2, &a));
	BWN_TRY(napi_set_element(env, a, 0, bwn_num(env, d->pins)));
	BWN_TRY(napi_set_element(env, a, 1, bwn_bool(env, d->db == NULL)));
	return a;
}

/* ===== entities ===== */

/* A kind argument: 0 .. BW_KIND_COUNT (every kind). */
static int kind_arg(napi_env env, napi_value v, bw_kind *out)
{
	int64_t k;
	if (bwn_int(env, v, "kind", 0, BW_KIND_COUNT, &k) < 0)
		return -1;
	*out = (bw_kind)k;
	return 0;
}

static int field_arg(napi_env env, napi_value v, bw_field *out)
{
	int64_t f;
	if (bwn_int(env, v, "field", 0, BW_FIELD_COUNT - 1, &f) < 0)
		return -1;
	*out = (bw_field)f;
	return 0;
}

napi_value bwn_count(napi_env env, napi_callback_info info)
{
	napi_value argv[2];
	bwn_db *d;
	bw_kind k;
	if (bwn_args(env, info, 2, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    kind_arg(env, argv[1], &k) < 0)
		return NULL;
	return bwn_num(env, (double)bw_db_count(d->db, k));
}

napi_value bwn_ids(napi_env env, napi_callback_info info)
{
	napi_value argv[2], a;
	bwn_db *d;
	bw_kind k;
	size_t n;
	if (bwn_args(env, info, 2, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    kind_arg(env, argv[1], &k) < 0)
		return NULL;
	n = bw_db_count(d->db, k);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_id(env, bw_db_entity_at(d->db, k, i))));
	return a;
}

/* The entity of an id argument, or NULL: with *found 0 when no entity has
 * the id, or with an exception. */
static const bw_entity *entity_by_id(napi_env env, bwn_db *d, napi_value v,
                                     int *found)
{
	const bw_entity *e = NULL;
	char *id = bwn_string(env, v, "an entity id");
	*found = 0;
	if (!id)
		return NULL;
	if (bw_db_get(&e, d->db, id, NULL) != BW_OK)
		e = NULL;
	free(id);
	*found = e != NULL;
	return e;
}

/* The entity of (handle, id) arguments, throwing NotFoundError when no
 * entity has the id. */
static const bw_entity *entity_args(napi_env env, napi_value *argv,
                                    bwn_db **out)
{
	int found;
	const bw_entity *e;
	bw_error err;
	if (!(*out = bwn_db_arg(env, argv[0])))
		return NULL;
	e = entity_by_id(env, *out, argv[1], &found);
	if (!e && !found) {
		bool pending = false;
		napi_is_exception_pending(env, &pending);
		if (!pending) {
			memset(&err, 0, sizeof err);
			snprintf(err.message, sizeof err.message,
			         "no entity has that id");
			bwn_throw(env, BW_ENOTFOUND, &err, NULL);
		}
	}
	return e;
}

/* entity(h, id, strict): {id, kind, name, summary, file, line}; when no
 * entity has the id, null, or with strict the library's NotFoundError
 * (which names the layer that hid it, if one did). */
napi_value bwn_entity(napi_env env, napi_callback_info info)
{
	napi_value argv[3], o;
	bwn_db *d;
	const bw_entity *e = NULL;
	bool strict = false;
	char *id;
	bw_error err;
	bw_status st;
	napi_valuetype t;
	if (bwn_args(env, info, 3, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    bwn_failed(env, napi_typeof(env, argv[2], &t)) ||
	    (t == napi_boolean &&
	     bwn_failed(env, napi_get_value_bool(env, argv[2], &strict))) ||
	    !(id = bwn_string(env, argv[1], "an entity id")))
		return NULL;
	st = bw_db_get(&e, d->db, id, &err);
	free(id);
	if (st != BW_OK)
		return strict ? bwn_throw(env, st, &err, NULL) : bwn_null(env);
	BWN_TRY(napi_create_object(env, &o));
	if (bwn_set(env, o, "id", bwn_str(env, bw_entity_id(e))) < 0 ||
	    bwn_set(env, o, "kind", bwn_num(env, bw_entity_kind(e))) < 0 ||
	    bwn_set(env, o, "name", bwn_str(env, bw_entity_name(e))) < 0 ||
	    bwn_set(env, o, "summary", bwn_str(env, bw_entity_summary(e))) < 0 ||
	    bwn_set(env, o, "file", bwn_str(env, bw_entity_file(e))) < 0 ||
	    bwn_set(env, o, "line", bwn_num(env, (double)bw_entity_line(e))) < 0)
		return NULL;
	return o;
}

/* find(h, name): the id of the entity bw_db_lookup finds, or null. */
napi_value bwn_find(napi_env env, napi_callback_info info)
{
	napi_value argv[2];
	bwn_db *d;
	const bw_entity *e = NULL;
	char *name;
	bw_status st;
	if (bwn_args(env, info, 2, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    !(name = bwn_string(env, argv[1], "a name")))
		return NULL;
	st = bw_db_lookup(&e, d->db, name, NULL);
	free(name);
	return st == BW_OK ? bwn_id(env, e) : bwn_null(env);
}

napi_value bwn_fact(napi_env env, const bw_fact *f, const bw_entity *owner)
{
	napi_value o;
	if (!f)
		return bwn_null(env);
	BWN_TRY(napi_create_object(env, &o));
	if (bwn_set(env, o, "owner", bwn_id(env, owner)) < 0 ||
	    bwn_set(env, o, "field", bwn_num(env, bw_fact_field(f))) < 0 ||
	    bwn_set(env, o, "text", bwn_str(env, bw_fact_text(f))) < 0 ||
	    bwn_set(env, o, "source", bwn_id(env, bw_fact_source(f))) < 0 ||
	    bwn_set(env, o, "evidence", bwn_num(env, bw_fact_evidence(f))) < 0 ||
	    bwn_set(env, o, "correction",
	            bwn_str(env, bw_fact_correction(f))) < 0 ||
	    bwn_set(env, o, "correctionSource",
	            bwn_id(env, bw_fact_correction_source(f))) < 0 ||
	    bwn_set(env, o, "target", bwn_id(env, bw_fact_target(f))) < 0 ||
	    bwn_set(env, o, "qualifier", bwn_str(env, bw_fact_qualifier(f))) < 0 ||
	    bwn_set(env, o, "levels", bwn_levels(env, bw_fact_levels(f))) < 0 ||
	    bwn_set(env, o, "line", bwn_num(env, (double)bw_fact_line(f))) < 0 ||
	    bwn_set(env, o, "shared", bwn_bool(env, bw_fact_code_shared(f))) < 0)
		return NULL;
	return o;
}

/* facts(h, id, field): the facts of one field, in corpus order. */
napi_value bwn_facts(napi_env env, napi_callback_info info)
{
	napi_value argv[3], a;
	bwn_db *d;
	const bw_entity *e;
	bw_field f;
	size_t n;
	if (bwn_args(env, info, 3, argv) < 0 || !(e = entity_args(env, argv, &d)) ||
	    field_arg(env, argv[2], &f) < 0)
		return NULL;
	n = bw_entity_fact_count(e, f);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_fact(env, bw_entity_fact(e, f, i), e)));
	return a;
}

/* backrefs(h, id, field): the facts of other entities that refer to this
 * one through field, in id order of those entities. */
napi_value bwn_backrefs(napi_env env, napi_callback_info info)
{
	napi_value argv[3], a;
	bwn_db *d;
	const bw_entity *e;
	bw_field f;
	size_t n;
	if (bwn_args(env, info, 3, argv) < 0 || !(e = entity_args(env, argv, &d)) ||
	    field_arg(env, argv[2], &f) < 0)
		return NULL;
	n = bw_entity_backref_count(e, f);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++) {
		const bw_entity *from = NULL;
		const bw_fact *fact = bw_entity_backref(e, f, i, &from);
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_fact(env, fact, from)));
	}
	return a;
}

napi_value bwn_regions(napi_env env, napi_callback_info info)
{
	napi_value argv[2], a;
	bwn_db *d;
	const bw_entity *e;
	size_t n;
	if (bwn_args(env, info, 2, argv) < 0 || !(e = entity_args(env, argv, &d)))
		return NULL;
	n = bw_entity_region_count(e);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_str(env, bw_entity_region(e, i))));
	return a;
}

napi_value bwn_attr(napi_env env, napi_callback_info info)
{
	napi_value argv[3], v;
	bwn_db *d;
	const bw_entity *e;
	char *name;
	if (bwn_args(env, info, 3, argv) < 0 || !(e = entity_args(env, argv, &d)) ||
	    !(name = bwn_string(env, argv[2], "an attribute name")))
		return NULL;
	v = bwn_str(env, bw_entity_attr(e, name));
	free(name);
	return v;
}

static size_t write_match(char *buf, size_t size, const void *ctx)
{
	const void *const *m = ctx; /* { rule, &index } */
	return bw_rule_match_format(buf, size, m[0], *(const size_t *)m[1]);
}

/* The technique attributes a match may constrain. */
static const char *const match_attrs[] = { "modality", "position", "contact",
                                           "pressure", "min-pressure",
                                           "lever", "method", "movement" };

napi_value bwn_rule_match(napi_env env, const bw_rule *r, int i)
{
	napi_value o, attrs;
	size_t k = (size_t)i;
	const void *ctx[2] = { r, &k };
	if (i < 0 || !r)
		return bwn_null(env);
	BWN_TRY(napi_create_object(env, &o));
	BWN_TRY(napi_create_object(env, &attrs));
	for (size_t a = 0; a < sizeof match_attrs / sizeof *match_attrs; a++) {
		const char *v = bw_rule_match_attr(r, k, match_attrs[a]);
		if (v && bwn_set(env, attrs, match_attrs[a], bwn_str(env, v)) < 0)
			return NULL;
	}
	if (bwn_set(env, o, "text", bwn_format(env, write_match, ctx)) < 0 ||
	    bwn_set(env, o, "technique",
	            bwn_id(env, bw_rule_match_technique(r, k))) < 0 ||
	    bwn_set(env, o, "attrs", attrs) < 0)
		return NULL;
	return o;
}

napi_value bwn_rule(napi_env env, const bw_rule *r, const bw_entity *cond)
{
	napi_value o, a;
	size_t n, index = 0;
	if (!r)
		return bwn_null(env);
	if (!cond)
		cond = bw_rule_condition(r);
	n = bw_entity_rule_count(cond);
	while (index < n && bw_entity_rule(cond, index) != r)
		index++;
	BWN_TRY(napi_create_object(env, &o));
	if (bwn_set(env, o, "condition", bwn_id(env, cond)) < 0 ||
	    bwn_set(env, o, "index", bwn_num(env, (double)index)) < 0 ||
	    bwn_set(env, o, "severity", bwn_num(env, bw_rule_severity(r))) < 0 ||
	    bwn_set(env, o, "site", bwn_id(env, bw_rule_site(r))) < 0 ||
	    bwn_set(env, o, "reason", bwn_str(env, bw_rule_reason(r))) < 0 ||
	    bwn_set(env, o, "adjustment",
	            bwn_str(env, bw_rule_adjustment(r))) < 0 ||
	    bwn_set(env, o, "source", bwn_id(env, bw_rule_source(r))) < 0 ||
	    bwn_set(env, o, "evidence", bwn_num(env, bw_rule_evidence(r))) < 0 ||
	    bwn_set(env, o, "line", bwn_num(env, (double)bw_rule_line(r))) < 0)
		return NULL;
	n = bw_rule_instead_count(r);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_id(env, bw_rule_instead(r, i))));
	if (bwn_set(env, o, "instead", a) < 0)
		return NULL;
	n = bw_rule_prefer_count(r);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_str(env, bw_rule_prefer(r, i))));
	if (bwn_set(env, o, "prefer", a) < 0)
		return NULL;
	n = bw_rule_match_count(r);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_rule_match(env, r, (int)i)));
	if (bwn_set(env, o, "matches", a) < 0)
		return NULL;
	return o;
}

/* rules(h, id): a condition's rules, in corpus order. */
napi_value bwn_rules(napi_env env, napi_callback_info info)
{
	napi_value argv[2], a;
	bwn_db *d;
	const bw_entity *e;
	size_t n;
	if (bwn_args(env, info, 2, argv) < 0 || !(e = entity_args(env, argv, &d)))
		return NULL;
	n = bw_entity_rule_count(e);
	BWN_TRY(napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i,
		                         bwn_rule(env, bw_entity_rule(e, i), e)));
	return a;
}

napi_value bwn_within(napi_env env, napi_callback_info info)
{
	napi_value argv[2];
	bwn_db *d;
	const bw_entity *e;
	if (bwn_args(env, info, 2, argv) < 0 || !(e = entity_args(env, argv, &d)))
		return NULL;
	return bwn_id(env, bw_site_within(e));
}

/* overlaps(h, a, b): whether two sites (ids) overlap. */
napi_value bwn_overlaps(napi_env env, napi_callback_info info)
{
	napi_value argv[3];
	bwn_db *d;
	const bw_entity *a, *b;
	if (bwn_args(env, info, 3, argv) < 0 || !(a = entity_args(env, argv, &d)))
		return NULL;
	argv[1] = argv[2];
	if (!(b = entity_args(env, argv, &d)))
		return NULL;
	return bwn_bool(env, bw_sites_overlap(a, b));
}

/* ruleApplies(h, conditionId, index, techniqueId) */
napi_value bwn_rule_applies(napi_env env, napi_callback_info info)
{
	napi_value argv[4];
	bwn_db *d;
	const bw_entity *cond, *tech;
	const bw_rule *r;
	int64_t i;
	if (bwn_args(env, info, 4, argv) < 0 ||
	    !(cond = entity_args(env, argv, &d)) ||
	    bwn_int(env, argv[2], "rule index", 0, INT32_MAX, &i) < 0)
		return NULL;
	if (!(r = bw_entity_rule(cond, (size_t)i))) {
		napi_throw_range_error(env, NULL, "no rule has that index");
		return NULL;
	}
	argv[1] = argv[3];
	if (!(tech = entity_args(env, argv, &d)))
		return NULL;
	return bwn_bool(env, bw_rule_applies(r, tech));
}

/* ===== levels ===== */

/* Levels text into a set; -1 with a RangeError when malformed. */
static int levels_arg(napi_env env, napi_value v, uint64_t *out)
{
	char *text = bwn_string(env, v, "levels");
	bw_error err;
	bw_status st;
	if (!text)
		return -1;
	st = bw_levels_parse(out, text, &err);
	if (st != BW_OK) {
		char msg[700];
		snprintf(msg, sizeof msg,
		         "malformed levels '%.80s' (expected names like \"L3\" or "
		         "ranges like \"T12-L4\", comma-separated): %s", text,
		         err.message);
		free(text);
		napi_throw_range_error(env, NULL, msg);
		return -1;
	}
	free(text);
	return 0;
}

typedef struct {
	napi_env env;
	napi_value array;
	uint32_t n;
	int failed;
} collect_ctx;

static int collect(const bw_entity *e, void *data)
{
	collect_ctx *c = data;
	napi_value id = bwn_id(c->env, e);
	if (!id || bwn_failed(c->env, napi_set_element(c->env, c->array, c->n++,
	                                               id)))
		c->failed = 1;
	return c->failed;
}

/* musclesAtLevels(h, levels, field): ids; field -1 for any of origin,
 * insertion and innervation. */
napi_value bwn_muscles_at_levels(napi_env env, napi_callback_info info)
{
	napi_value argv[3];
	collect_ctx c;
	bwn_db *d;
	uint64_t levels;
	int64_t f;
	bw_error err;
	bw_status st;
	if (bwn_args(env, info, 3, argv) < 0 || !(d = bwn_db_arg(env, argv[0])) ||
	    levels_arg(env, argv[1], &levels) < 0 ||
	    bwn_int(env, argv[2], "field", -1, BW_FIELD_COUNT - 1, &f) < 0)
		return NULL;
	c.env = env;
	c.n = 0;
	c.failed = 0;
	BWN_TRY(napi_create_array(env, &c.array));
	st = bw_db_muscles_at_levels(d->db, levels,
	                             f < 0 ? BW_FIELD_COUNT : (bw_field)f,
	                             collect, &c, &err);
	if (c.failed)
		return NULL;
	if (st != BW_OK)
		return bwn_throw(env, st, &err, NULL);
	return c.array;
}

/* parseLevels(text): the single levels in order ["T12", "L1"]. */
napi_value bwn_parse_levels(napi_env env, napi_callback_info info)
{
	napi_value v, a;
	uint64_t levels;
	uint32_t n = 0;
	if (bwn_args(env, info, 1, &v) < 0 || levels_arg(env, v, &levels) < 0)
		return NULL;
	BWN_TRY(napi_create_array(env, &a));
	for (int b = 0; b < 64; b++)
		if ((levels >> b) & 1)
			BWN_TRY(napi_set_element(env, a, n++,
			                         bwn_levels(env, (uint64_t)1 << b)));
	return a;
}

/* formatLevels(text): written as the library writes levels, as ranges. */
napi_value bwn_format_levels(napi_env env, napi_callback_info info)
{
	napi_value v;
	uint64_t levels;
	if (bwn_args(env, info, 1, &v) < 0 || levels_arg(env, v, &levels) < 0)
		return NULL;
	return levels ? bwn_levels(env, levels) : bwn_str(env, "");
}

napi_value bwn_strerror(napi_env env, napi_callback_info info)
{
	napi_value v;
	int64_t code;
	if (bwn_args(env, info, 1, &v) < 0 ||
	    bwn_int(env, v, "code", INT32_MIN, INT32_MAX, &code) < 0)
		return NULL;
	return bwn_str(env, bw_strerror((bw_status)code));
}

/* ===== validation ===== */

typedef struct {
	napi_env env;
	napi_value array;
	uint32_t n;
	int failed;
} problems_ctx;

static int problem(const bw_error *p, void *data)
{
	problems_ctx *c = data;
	napi_value e = bwn_error(c->env, p->code, p, NULL);
	if (!e || bwn_failed(c->env, napi_set_element(c->env, c->array, c->n++,
	                                              e)))
		c->failed = 1;
	return c->failed;
}

/* validate(paths, bundled, maxProblems): every problem in the layers, as
 * an array of errors (empty when the layers would open). */
napi_value bwn_validate(napi_env env, napi_callback_info info)
{
	napi_value argv[3];
	problems_ctx c;
	char **paths = NULL;
	size_t npaths = 0, nproblems = 0;
	bool bundled = false;
	int64_t max;
	bw_error err;
	bw_status st;
	if (bwn_args(env, info, 3, argv) < 0 ||
	    bwn_failed(env, napi_get_value_bool(env, argv[1], &bundled)) ||
	    bwn_int(env, argv[2], "maxProblems", 0, INT32_MAX, &max) < 0 ||
	    bwn_strings(env, argv[0], "paths", &paths, &npaths) < 0)
		return NULL;
	c.env = env;
	c.n = 0;
	c.failed = 0;
	if (bwn_failed(env, napi_create_array(env, &c.array))) {
		bwn_free_strings(paths, npaths);
		return NULL;
	}
	st = bw_validate(&nproblems, (const char *const *)paths, npaths,
	                 bundled ? BW_VALIDATE_BUNDLED : 0u, (size_t)max, problem,
	                 &c, &err);
	bwn_free_strings(paths, npaths);
	if (c.failed)
		return NULL;
	if ((st == BW_EINVAL || st == BW_ENOMEM) && c.n == 0)
		return bwn_throw(env, st, &err, NULL);
	return c.array;
}

/* ===== the module ===== */

typedef const char *(*name_fn)(int);
static const char *kind_name(int i) { return bw_kind_name((bw_kind)i); }
static const char *field_name(int i) { return bw_field_name((bw_field)i); }
static const char *evidence_name(int i)
{
	return bw_evidence_name((bw_evidence)i);
}
static const char *severity_name(int i)
{
	return bw_severity_name((bw_severity)i);
}
static const char *severity_label(int i)
{
	return bw_severity_label((bw_severity)i);
}
static const char *action_name(int i)
{
	return bw_screen_action_name((bw_screen_action)i);
}
static const char *ask_kind_name(int i)
{
	return bw_ask_kind_name((bw_ask_kind)i);
}

static napi_value names(napi_env env, name_fn fn, int n)
{
	napi_value a;
	BWN_TRY(napi_create_array_with_length(env, (size_t)n, &a));
	for (int i = 0; i < n; i++)
		BWN_TRY(napi_set_element(env, a, (uint32_t)i, bwn_str(env, fn(i))));
	return a;
}

static int severity_excludes_all(napi_env env, napi_value exports)
{
	napi_value a;
	if (bwn_failed(env, napi_create_array_with_length(env, BW_SEVERITY_COUNT,
	                                                  &a)))
		return -1;
	for (int i = 0; i < BW_SEVERITY_COUNT; i++)
		if (bwn_failed(env, napi_set_element(env, a, (uint32_t)i,
		        bwn_bool(env, bw_severity_excludes((bw_severity)i)))))
			return -1;
	return bwn_set(env, exports, "severityExcludes", a);
}

#define FN(name, fn) { name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL }

static napi_value init(napi_env env, napi_value exports)
{
	static const napi_property_descriptor fns[] = {
		FN("setup", bwn_setup),
		FN("open", bwn_open),
		FN("close", bwn_close),
		FN("isClosed", bwn_is_closed),
		FN("pending", bwn_pending),
		FN("count", bwn_count),
		FN("ids", bwn_ids),
		FN("entity", bwn_entity),
		FN("find", bwn_find),
		FN("lookup", bwn_lookup),
		FN("lookupCode", bwn_lookup_code),
		FN("facts", bwn_facts),
		FN("backrefs", bwn_backrefs),
		FN("regions", bwn_regions),
		FN("attr", bwn_attr),
		FN("rules", bwn_rules),
		FN("within", bwn_within),
		FN("overlaps", bwn_overlaps),
		FN("ruleApplies", bwn_rule_applies),
		FN("musclesAtLevels", bwn_muscles_at_levels),
		FN("parseLevels", bwn_parse_levels),
		FN("formatLevels", bwn_format_levels),
		FN("strerror", bwn_strerror),
		FN("validate", bwn_validate),
		FN("search", bwn_search),
		FN("suggest", bwn_suggest),
		FN("musclesForSymptom", bwn_symptom),
		FN("techniquesFor", bwn_techniques),
		FN("ask", bwn_ask),
		FN("plan", bwn_plan),
		FN("restrictions", bwn_restrictions),
		FN("screen", bwn_screen),
		FN("mapMuscle", bwn_map_muscle),
		FN("mapSymptom", bwn_map_symptom),
		FN("mapScreen", bwn_map_screen),
	};
	napi_value v;
	if (bwn_failed(env, napi_define_properties(env, exports,
	                                          sizeof fns / sizeof *fns, fns)))
		return NULL;
	if (bwn_set(env, exports, "kinds", names(env, kind_name, BW_KIND_COUNT)) < 0 ||
	    bwn_set(env, exports, "fields",
	            names(env, field_name, BW_FIELD_COUNT)) < 0 ||
	    bwn_set(env, exports, "evidence",
	            names(env, evidence_name, BW_EVIDENCE_COUNT)) < 0 ||
	    bwn_set(env, exports, "severities",
	            names(env, severity_name, BW_SEVERITY_COUNT)) < 0 ||
	    bwn_set(env, exports, "severityLabels",
	            names(env, severity_label, BW_SEVERITY_COUNT)) < 0 ||
	    bwn_set(env, exports, "screenActions",
	            names(env, action_name, BW_SCREEN_ACTION_COUNT)) < 0 ||
	    bwn_set(env, exports, "askKinds",
	            names(env, ask_kind_name, BW_ASK_KIND_COUNT)) < 0 ||
	    severity_excludes_all(env, exports) < 0 ||
	    bwn_set(env, exports, "libraryVersion", bwn_str(env, bw_version())) < 0 ||
	    bwn_set(env, exports, "libraryVersionNumber",
	            bwn_num(env, bw_version_number())) < 0 ||
	    bwn_set(env, exports, "headerVersion",
	            bwn_str(env, BW_VERSION_STRING)) < 0)
		return NULL;
	if (bwn_failed(env, napi_create_uint32(env, NAPI_VERSION, &v)) ||
	    bwn_set(env, exports, "napiVersion", v) < 0 ||
	    bwn_failed(env, napi_create_object(env, &v)) ||
	    bwn_set(env, v, "noPrefix", bwn_num(env, BW_SEARCH_NO_PREFIX)) < 0 ||
	    bwn_set(env, v, "noSynonyms", bwn_num(env, BW_SEARCH_NO_SYNONYMS)) < 0 ||
	    bwn_set(env, v, "noTypos", bwn_num(env, BW_SEARCH_NO_TYPOS)) < 0 ||
	    bwn_set(env, exports, "searchFlags", v) < 0)
		return NULL;
	return exports;
}

/* The macro defines an exported function without a prior prototype. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
NAPI_MODULE_INIT()
{
	return init(env, exports);
}
#pragma GCC diagnostic pop
