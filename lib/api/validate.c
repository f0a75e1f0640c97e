/*
 * validate.c: bw_validate, the open that does not stop at the first
 * problem.  The loader runs with a sink (load/load.h): each problem of each
 * file and each reference that does not resolve is handed to the caller's
 * function as it is found, and the model built on the way is thrown away.
 */
#include <string.h>

#include "db.h"

bw_status bw_validate(size_t *nproblems, const char *const *paths,
                      size_t npaths, unsigned int flags, size_t max_problems,
                      bw_diag_fn fn, void *data, bw_error *err)
{
	bwi_sink sink;
	bwi_draft m;
	bw_status st;
	int bundled = (flags & BW_VALIDATE_BUNDLED) != 0;
	if (!nproblems)
		return bwi_error_code(err, BW_EINVAL);
	*nproblems = 0;
	if ((npaths && !paths) || (!npaths && !bundled) ||
	    (flags & ~BW_VALIDATE_BUNDLED))
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0, "%s",
		                     flags & ~BW_VALIDATE_BUNDLED ?
		                     "unknown validate flags" :
		                     "no corpus paths given");
	for (size_t i = 0; i < npaths; i++)
		if (!paths[i])
			return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
			                     "corpus path %zu is NULL", i);
	/* a compiled database is checked whole by opening it so; it cannot be
	 * a layer among others */
	if (npaths == 1 && !bundled && bwi_path_compiled(paths[0])) {
		bw_db *db;
		bw_error mine;
		st = bwi_db_open_compiled(&db, paths[0], BWI_CHECK_WHOLE, &mine);
		bw_db_close(db);
		if (st && st != BW_ENOMEM && st != BW_EIO) {
			*nproblems = 1;
			if (fn)
				fn(&mine, data);
		}
		if (err && st)
			*err = mine;
		return st;
	}
	if ((st = bwi_no_compiled_layer(paths, npaths, err)))
		return st;
	memset(&sink, 0, sizeof(sink));
	sink.fn = fn;
	sink.data = data;
	sink.max = max_problems;
	bwi_draft_init(&m);
	st = bwi_load_check(&m, &bwi_bundled_schema,
	                    bundled ? bwi_bundled_files : NULL,
	                    bundled ? bwi_bundled_count : 0, paths, npaths,
	                    &sink, err);
	bwi_draft_free(&m);
	*nproblems = sink.count;
	return st;
}
