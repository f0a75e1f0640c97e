/*
 * load.h: from corpus bytes to a model, as the stages above see it: a
 * corpus file held in memory and the one call that loads layers into a
 * model.  It pulls in no libxml2 header; the loader's own internals, which
 * speak libxml2, are in xml.h, and only lib/load includes that.
 */
#ifndef BW_LOAD_H
#define BW_LOAD_H

#include "../model/draft.h"

/* A corpus file held in memory: the bundled corpus, or a file read in. */
typedef struct bwi_blob {
	const char *name;             /* shown in errors */
	const unsigned char *data;
	size_t size;
} bwi_blob;

/* ===== load/load.c ===== */

/*
 * Load layers into m and finish it: first the blobs (one layer, when
 * nblobs > 0), then each path as a layer.  m->digest receives the SHA-256
 * of the files read, as bwi_load_digest computes it.  On failure m must
 * still be freed by the caller with bwi_draft_free, which releases
 * everything.
 */
bw_status bwi_load(bwi_draft *m, const bwi_blob *schema,
                   const bwi_blob *blobs, size_t nblobs,
                   const char *const *paths, size_t npaths, bw_error *err);

/* Where a check (bw_validate) sends its problems: each to fn, which
 * returns non-zero to stop; at most max of them (0: no limit). */
typedef struct bwi_sink {
	int (*fn)(const bw_error *problem, void *data);
	void *data;
	size_t max;
	size_t count;                 /* problems reported so far */
	bw_error first;               /* the first of them */
	int full;                     /* max reached or fn said stop */
} bwi_sink;

/* Report one problem to the sink; non-zero when no more are wanted. */
int bwi_sink_report(const bw_error *problem, void *sink);

/*
 * Load layers as bwi_load does, but carry on past each problem: every
 * problem of every file (read, XML, schema, build, hide) and every
 * reference that does not resolve goes to the sink.  A file with a
 * problem is left out of the model.  BW_OK when there was none, the first
 * problem's code otherwise, BW_ENOMEM (in *err) when memory ran out.
 * m->digest covers the files that could be read, including those with
 * other problems.  m must be freed by the caller as after bwi_load.
 */
bw_status bwi_load_check(bwi_draft *m, const bwi_blob *schema,
                         const bwi_blob *blobs, size_t nblobs,
                         const char *const *paths, size_t npaths,
                         bwi_sink *sink, bw_error *err);

/*
 * The SHA-256 digest of the corpus files a load of these blobs and paths
 * reads, without parsing them: the files are found and read as bwi_load
 * finds and reads them (a folder's *.xml files in strcmp order), and each
 * adds its layer number (4 bytes, little-endian; the blobs are layer 0 when
 * there are any, then each path), its base name after the last '/' with
 * its NUL, its length (8 bytes, little-endian) and its bytes.  The schema
 * is not part of it.  Equal to the m->digest a successful bwi_load of the
 * same files leaves.  Errors are the loader's (BW_EIO naming a path that
 * cannot be read, BW_EINVAL for an empty one, BW_EPARSE for a file over
 * the size limit, BW_ENOMEM); out is zeroed on failure.
 */
bw_status bwi_load_digest(unsigned char out[32], const bwi_blob *blobs,
                          size_t nblobs, const char *const *paths,
                          size_t npaths, bw_error *err);

#endif /* BW_LOAD_H */
