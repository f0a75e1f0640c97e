/*
 * xml.h: the loader's internals.  xml.c parses one file with hardened
 * libxml2 settings, validates it against the schema and knows where each
 * element starts; build.c turns a validated document into entities; load.c
 * reads files and folders and applies layers.  Only lib/load includes this
 * header: it is the one place libxml2's headers enter (docs/design.md,
 * "Layers").
 */
#ifndef BW_LOAD_XML_H
#define BW_LOAD_XML_H

#include <libxml/tree.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "load.h"

/* ===== load/xml.c ===== */

/*
 * Limits on one corpus file, enforced while it is read (docs/design.md,
 * "Loading", and bw_db_open).  The schema never needs more than about ten
 * attributes on an element or more than a few dozen children of one entity;
 * the element cap admits a 256 MiB file of real entries (about 130 bytes an
 * element) twice over and keeps the tree's memory bounded.
 */
#define BWI_MAX_ATTRS 32u                  /* attributes of one element */
#define BWI_MAX_CHILDREN 4096u             /* children of one element below the root */
#define BWI_MAX_ELEMENTS (1u << 22)        /* elements in one file */

typedef struct bwi_xml_doc {
	xmlDocPtr doc;
	const char *name;             /* the file, for errors */
	const char *buf;              /* the raw bytes */
	size_t len;
	unsigned width;               /* bytes per code unit: 1, 2 or 4 */
	int big;                      /* 2 and 4: big-endian units */
	size_t nunits;                /* len / width */
	uint32_t *tags;               /* unit offset of each start tag, in order */
	size_t ntags;
	int positions;                /* tags[] matches the DOM's elements */
	/* where the last position lookup ended, so lookups in document
	 * order walk the file once in all */
	size_t at, at_line, at_start;
} bwi_xml_doc;

/* Parse buf; on failure err names file, line and column. */
bw_status bwi_xml_parse(bwi_xml_doc *d, const char *name, const char *buf,
                        size_t len, bw_error *err);
bw_status bwi_xml_validate(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                           bw_error *err);
/* The 1-based line and column of an element's start tag.  Lookups in
 * document order cost one walk over the file in all. */
void bwi_xml_where(bwi_xml_doc *d, const xmlNode *node,
                   uint32_t *line, uint32_t *column);
void bwi_xml_free(bwi_xml_doc *d);

/* What libxml2's structured error handlers receive: const since 2.12,
 * whose headers declare xmlStructuredErrorFunc with a const xmlError *. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *bwi_xml_error;
#else
typedef xmlErrorPtr bwi_xml_error;
#endif

/* Validate against the schema.  Without a sink, the first problem is in
 * err; with one, every problem goes to the sink (the first in each entity:
 * the validator's later complaints about an entity follow from it) and
 * the return says whether there was any. */
bw_status bwi_xml_check(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                        bwi_sink *sink, bw_error *err);

/* A generic-error handler that drops the message: libxml2 must not print. */
void bwi_xml_silent(void *ctx, const char *msg, ...);
/* The structured handler for the length of a load, with an int flag as its
 * context: set when libxml2 reports running out of memory outside a parser
 * or validator (tree building does), so that is BW_ENOMEM too. */
void bwi_xml_note_oom(void *flag, bwi_xml_error e);

/* Parse the schema held in memory. */
bw_status bwi_schema_parse(xmlRelaxNGPtr *out, const bwi_blob *schema,
                           bw_error *err);

/* ===== load/build.c ===== */

/* What one layer has produced so far. */
typedef struct bwi_layer {
	bwi_map seen;                 /* id -> bwi_dentity*, duplicates check */
	bwi_dentity **entities;         /* in load order */
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
bw_status bwi_build(bwi_draft *m, bwi_layer *layer, bwi_xml_doc *d,
                    bw_error *err);

#endif /* BW_LOAD_XML_H */
