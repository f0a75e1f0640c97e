/*
 * load.h: from corpus bytes to a model.  xml.c parses one file with hardened
 * libxml2 settings, validates it against the schema and knows where each
 * element starts; build.c turns a validated document into entities; load.c
 * reads files and folders and applies layers.
 */
#ifndef BW_LOAD_H
#define BW_LOAD_H

#include <libxml/tree.h>
#include <libxml/relaxng.h>

#include "../model/model.h"

/* A corpus file held in memory: the bundled corpus, or a file read in. */
typedef struct bwi_blob {
	const char *name;             /* shown in errors */
	const unsigned char *data;
	size_t size;
} bwi_blob;

/* ===== load/xml.c ===== */

typedef struct bwi_xml_doc {
	xmlDocPtr doc;
	const char *name;             /* the file, for errors */
	const char *buf;              /* the raw bytes */
	size_t len;
	size_t *tags;                 /* byte offset of each start tag, in order */
	size_t ntags;
	size_t *lines;                /* byte offset of each line start */
	size_t nlines;
	int positions;                /* tags[] matches the DOM's elements */
} bwi_xml_doc;

/* Parse buf; on failure err names file, line and column. */
bw_status bwi_xml_parse(bwi_xml_doc *d, const char *name, const char *buf,
                        size_t len, bw_error *err);
bw_status bwi_xml_validate(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                           bw_error *err);
/* The 1-based line and column of an element's start tag. */
void bwi_xml_where(const bwi_xml_doc *d, const xmlNode *node,
                   uint32_t *line, uint32_t *column);
void bwi_xml_free(bwi_xml_doc *d);

/* A generic-error handler that drops the message: libxml2 must not print. */
void bwi_xml_silent(void *ctx, const char *msg, ...);

/* Parse the schema held in memory. */
bw_status bwi_schema_parse(xmlRelaxNGPtr *out, const bwi_blob *schema,
                           bw_error *err);

/* ===== load/build.c ===== */

/* What one layer has produced so far. */
typedef struct bwi_layer {
	bwi_map seen;                 /* id -> bw_entity*, duplicates check */
	bw_entity **entities;         /* in load order */
	size_t nentities, capentities;
	struct bwi_hide *hides;
	size_t nhides, caphides;
} bwi_layer;

typedef struct bwi_hide {
	const char *id;
	const char *file;
	uint32_t line, column;
} bwi_hide;

void bwi_layer_init(bwi_layer *l);
void bwi_layer_free(bwi_layer *l);
/* Turn every element of a validated document into entities or hides. */
bw_status bwi_build(bwi_model *m, bwi_layer *layer, const bwi_xml_doc *d,
                    bw_error *err);

/* ===== load/load.c ===== */

/*
 * Load layers into m and finish it: first the blobs (one layer, when
 * nblobs > 0), then each path as a layer.  On failure m must still be freed
 * by the caller with bwi_model_free, which releases everything.
 */
bw_status bwi_load(bwi_model *m, const bwi_blob *schema,
                   const bwi_blob *blobs, size_t nblobs,
                   const char *const *paths, size_t npaths, bw_error *err);

#endif /* BW_LOAD_H */
