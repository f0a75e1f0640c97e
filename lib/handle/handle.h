/*
 * handle.h: the database handle, struct bw_db.  It holds the model and the
 * stages built from it; the stages above it (plan, query) read it, and the
 * API layer opens, fills and frees it (api/db.c).  The later stages are
 * declared here only by name, so this header pulls in nothing above the
 * model (docs/design.md, "Layers").
 */
#ifndef BW_HANDLE_H
#define BW_HANDLE_H

#include "../model/model.h"

struct bwi_rule_index;            /* plan/plan.h */
struct bwi_index;                 /* index/index.h */

struct bw_db {
	bwi_model model;              /* entities, names, relations */
	/* Later stages attach here, built after the model is finished. */
	struct bwi_rule_index *rules; /* plan/: rules by technique attribute */
	struct bwi_index *index;      /* index/: search, built last */
	/* A compiled database: the file mapped read-only (api/compiled.c),
	 * which the model, rules and index point into; or the library's
	 * compiled bundled corpus (map NULL, compiled set). */
	void *map;
	size_t map_len;
	int compiled;
	char digest[65];              /* SHA-256 of the XML, in hex */
};

/* BW_ECORPUS, saying what is wrong, once a check made as db's compiled
 * file is read has found it damaged (model.h); else BW_OK.  Every
 * call that reads the database ends with it, so the call that meets the
 * damage fails, and every call after it. */
static inline bw_status bwi_db_intact(const struct bw_db *db, bw_error *err)
{
	const char *file, *what = bwi_model_damaged(&db->model, &file);
	return what ? bwi_error_set(err, BW_ECORPUS, file, 0, 0, "%s", what) :
	       BW_OK;
}

#endif /* BW_HANDLE_H */
