/*
 * db.c: opening, closing and reading a database through the public API.
 * Open runs the stages in order into a fresh database and hands it out only
 * when every stage succeeded; on any failure everything built so far is
 * freed, so a caller never sees a half-loaded database.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "../plan/plan.h"
#include "../index/index.h"

/* Load the layers into a draft and lay it out as the model's image, which
 * the model then owns; the draft is freed either way. */
static bw_status load_image(bwi_model *m, char digest[65],
                            const bwi_blob *blobs, size_t nblobs,
                            const char *const *paths, size_t npaths,
                            bw_error *err)
{
	bwi_draft d;
	void *img = NULL;
	size_t size = 0;
	bw_status st;
	bwi_draft_init(&d);
	st = bwi_load(&d, &bwi_bundled_schema, blobs, nblobs, paths, npaths,
	              err);
	if (!st)
		st = bwi_image_write(&img, &size, &d, err);
	if (!st)
		bwi_hex(digest, d.digest, 32);
	bwi_draft_free(&d);
	if (!st && (st = bwi_model_open(m, img, size, 1, NULL, err)))
		bwi_free(img);
	if (!st)
		m->owned = img;
	return st;
}

bw_status bwi_db_open_layers(bw_db **out, const bwi_blob *blobs,
                             size_t nblobs, const char *const *paths,
                             size_t npaths, bw_error *err)
{
	bw_db *db;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if ((npaths && !paths) || (!nblobs && !npaths))
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "no corpus paths given");
	for (size_t i = 0; i < npaths; i++)
		if (!paths[i])
			return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
			                     "corpus path %zu is NULL", i);
	if ((st = bwi_no_compiled_layer(paths, npaths, err)))
		return st;
	db = bwi_calloc(1, sizeof(*db));
	if (!db)
		return bwi_error_code(err, BW_ENOMEM);
	st = load_image(&db->model, db->digest, blobs, nblobs, paths, npaths,
	                err);
	/* Later stages are built here, from the finished model. */
	if (!st && (st = bwi_rule_index_build(&db->rules, &db->model)))
		bwi_error_code(err, st);
	if (!st)
		st = bwi_index_build(&db->index, &db->model, err);
	if (st) {
		bw_db_close(db);
		return st;
	}
	*out = db;
	return BW_OK;
}

bw_status bw_db_open(bw_db **out, const char *const *paths, size_t npaths,
                     bw_error *err)
{
	if (out && paths && npaths == 1 && paths[0] &&
	    bwi_path_compiled(paths[0]))
		return bwi_db_open_compiled(out, paths[0], BWI_CHECK_LAZY, err);
	return bwi_db_open_layers(out, NULL, 0, paths, npaths, err);
}

bw_status bw_db_open_bundled(bw_db **out, const char *const *paths,
                             size_t npaths, bw_error *err)
{
	const char *xml = getenv("BODYWORK_BUNDLED_XML");
	if (out && npaths == 0 && bwi_bundled_image_size && !(xml && *xml))
		return bwi_db_from_compiled(out, bwi_bundled_image,
		                            bwi_bundled_image_size, BWI_CHECK_NONE,
		                            "the bundled corpus", err);
	return bwi_db_open_layers(out, bwi_bundled_files, bwi_bundled_count,
	                          paths, npaths, err);
}

bw_status bw_db_open_default(bw_db **out, bw_error *err)
{
	const char *env = getenv("BODYWORK_CORPUS");
	char *copy, **paths = NULL;
	size_t n = 0, cap = 0;
	bw_status st = BW_OK;
	if (!env || !*env)
		return bw_db_open_bundled(out, NULL, 0, err);
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	copy = bwi_strndup(env, strlen(env));
	if (!copy)
		return bwi_error_code(err, BW_ENOMEM);
	for (char *p = copy, *next; p && !st; p = next) {
		next = strchr(p, ':');
		if (next)
			*next++ = '\0';
		if (!*p)
			continue; /* "a::b" and a trailing colon skip nothing */
		if (bwi_grow(&paths, &cap, n + 1, sizeof(*paths)))
			st = bwi_error_code(err, BW_ENOMEM);
		else
			paths[n++] = p;
	}
	if (!st && n == 0)
		st = bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                   "BODYWORK_CORPUS names no path");
	if (!st)
		st = bw_db_open(out, (const char *const *)paths, n, err);
	bwi_free(paths);
	bwi_free(copy);
	return st;
}

void bw_db_close(bw_db *db)
{
	if (!db)
		return;
	bwi_rule_index_free(db->rules);
	bwi_index_free(db->index);
	bwi_model_close(&db->model);
	bwi_db_unmap(db);
	bwi_free(db);
}

size_t bw_db_count(const bw_db *db, bw_kind kind)
{
	if (!db)
		return 0;
	if (kind == BW_KIND_COUNT)
		return bwi_model_nall(&db->model);
	return (unsigned)kind < BW_KIND_COUNT ? bwi_model_count(&db->model, kind)
	                                      : 0;
}

/* BW_ENOTFOUND for an id a layer hid, naming the <hide>; 0 otherwise. */
static bw_status hidden(const bw_db *db, const char *id, bw_error *err)
{
	unsigned long line, column;
	const char *file = bwi_model_hidden(&db->model, id, &line, &column);
	if (!file)
		return BW_OK;
	return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
	                     "'%.200s' was hidden by %s:%lu:%lu "
	                     "(<hide id=\"%.200s\"/>)", id, file, line, column,
	                     id);
}

bw_status bw_db_intact(const bw_db *db, bw_error *err)
{
	return db ? bwi_db_intact(db, err) : bwi_error_code(err, BW_EINVAL);
}

bw_status bw_db_get(const bw_entity **out, const bw_db *db, const char *id,
                    bw_error *err)
{
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !id)
		return bwi_error_code(err, BW_EINVAL);
	*out = bwi_model_get(&db->model, id);
	if ((st = bwi_db_intact(db, err))) {
		*out = NULL;
		return st;
	}
	if (*out)
		return BW_OK;
	if ((st = hidden(db, id, err)))
		return st;
	return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
	                     "no entity has the id '%.200s'", id);
}

bw_status bw_db_lookup(const bw_entity **out, const bw_db *db,
                       const char *name, bw_error *err)
{
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !name)
		return bwi_error_code(err, BW_EINVAL);
	st = bwi_model_lookup(out, &db->model, name);
	if (!st && (st = bwi_db_intact(db, err))) {
		*out = NULL;
		return st;
	}
	if (st != BW_ENOTFOUND)
		return st ? bwi_error_code(err, st) : BW_OK;
	if (hidden(db, name, err))
		return BW_ENOTFOUND;
	return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
	                     "no entity has the id, name or alias '%.200s'",
	                     name);
}

bw_status bw_db_lookup_code(const bw_entity **out, const bw_fact **code,
                            const bw_db *db, const char *text, bw_error *err)
{
	const bw_fact *f;
	if (code)
		*code = NULL;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !text)
		return bwi_error_code(err, BW_EINVAL);
	f = bwi_model_code(&db->model, text);
	*out = f ? bwi_fact_owner(f) : NULL;
	if (bwi_db_intact(db, err)) {
		*out = NULL;
		return BW_ECORPUS;
	}
	if (!f)
		return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
		                     "no entity has a code covering '%.200s'", text);
	if (code)
		*code = f;
	return BW_OK;
}

int bw_fact_code_shared(const bw_fact *f)
{
	return f && bwi_fact_field(f) == BW_FIELD_CODE && bwi_fact_shared(f);
}

const bw_entity *bw_db_entity_at(const bw_db *db, bw_kind kind, size_t i)
{
	if (!db || i >= bw_db_count(db, kind))
		return NULL;
	if (kind == BW_KIND_COUNT)
		return bwi_model_at(&db->model, i);
	return bwi_model_kind_at(&db->model, kind, i);
}

bw_status bw_iter_new(bw_iter **out, const bw_db *db, bw_kind kind,
                      bw_error *err)
{
	bw_iter *it;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || (unsigned)kind > BW_KIND_COUNT)
		return bwi_error_code(err, BW_EINVAL);
	it = bwi_malloc(sizeof(*it));
	if (!it)
		return bwi_error_code(err, BW_ENOMEM);
	it->db = db;
	it->kind = kind;
	it->next = 0;
	*out = it;
	return BW_OK;
}

bw_status bw_iter_next(const bw_entity **out, bw_iter *it, bw_error *err)
{
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!it)
		return bwi_error_code(err, BW_EINVAL);
	*out = bw_db_entity_at(it->db, it->kind, it->next);
	if (*out && bwi_db_intact(it->db, err)) {
		*out = NULL;
		return BW_ECORPUS;
	}
	if (!*out)
		return BW_ITEROVER;
	it->next++;
	return BW_OK;
}

void bw_iter_free(bw_iter *it)
{
	bwi_free(it);
}

bw_status bw_db_muscles_at_levels(const bw_db *db, uint64_t levels,
                                  bw_field field,
                                  int (*fn)(const bw_entity *e, void *data),
                                  void *data, bw_error *err)
{
	/* A k-way merge of the per-level lists (each in index order), so each
	 * muscle comes once and in id order, with no allocation. */
	size_t pos[3][BWI_NLEVELS] = { { 0 } };
	int use[3] = { 0, 0, 0 };
	if (!db || !fn || !levels)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0, "%s",
		                     !levels ? "no spinal level given"
		                             : bw_strerror(BW_EINVAL));
	for (int f = 0; f < 3; f++)
		use[f] = field == BW_FIELD_COUNT || field == bwi_level_fields[f];
	if (!use[0] && !use[1] && !use[2])
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "levels are kept for origin, insertion and "
		                     "innervation only");
	for (;;) {
		const bw_entity *best = NULL;
		for (int f = 0; f < 3; f++) {
			for (int l = 0; use[f] && l < BWI_NLEVELS; l++) {
				const bw_entity *c;
				if (!(levels & ((uint64_t)1 << l)) ||
				    pos[f][l] >= bwi_model_nlevel(&db->model, f, l))
					continue;
				c = bwi_model_level_at(&db->model, f, l, pos[f][l]);
				if (!best || bwi_entity_index(c) < bwi_entity_index(best))
					best = c;
			}
		}
		if (!best)
			return bwi_db_intact(db, err);
		for (int f = 0; f < 3; f++)
			for (int l = 0; use[f] && l < BWI_NLEVELS; l++)
				if ((levels & ((uint64_t)1 << l)) &&
				    pos[f][l] < bwi_model_nlevel(&db->model, f, l) &&
				    bwi_model_level_at(&db->model, f, l, pos[f][l]) == best)
					pos[f][l]++;
		if (fn(best, data))
			return bwi_db_intact(db, err);
	}
}
