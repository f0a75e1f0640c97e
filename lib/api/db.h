/*
 * db.h: the database handle.  The API layer owns it and calls the stages in
 * their one direction: load builds the model; later stages (the search
 * index) read it.
 */
#ifndef BW_DB_H
#define BW_DB_H

#include "../handle/handle.h"    /* struct bw_db */

struct bw_iter {
	const bw_db *db;
	bw_kind kind;                 /* BW_KIND_COUNT: every kind */
	size_t next;                  /* position in the kind's array */
};

/* ===== bundled.c (generated in the build tree by tools/embed.c) ===== */

#include "../load/load.h"

extern const bwi_blob bwi_bundled_schema;
extern const bwi_blob bwi_bundled_files[];
extern const size_t bwi_bundled_count;

/* ===== api/db.c ===== */

/* Open in-memory blobs (each a layer) and then paths (each a layer), the
 * way every public open does; fuzz targets call it with their input. */
bw_status bwi_db_open_layers(bw_db **out, const bwi_blob *blobs,
                             size_t nblobs, const char *const *paths,
                             size_t npaths, bw_error *err);

#endif /* BW_DB_H */
