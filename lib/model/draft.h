/*
 * draft.h: the model while it is being loaded.  The loader (lib/load)
 * builds a draft through the functions here: entities, facts and rules
 * as plain C records with pointers, ids not yet resolved.  bwi_draft_finish
 * resolves and derives what the image needs; bwi_image_write (image.c)
 * then lays the finished draft out as a position-independent image, the
 * only form every later stage reads (model.h).  The draft is freed once
 * the image is made.
 */
#ifndef BW_DRAFT_H
#define BW_DRAFT_H

#include <stdint.h>

#include "model.h"

typedef struct bwi_dentity bwi_dentity;
typedef struct bwi_dfact bwi_dfact;
typedef struct bwi_drule bwi_drule;

/* The rarely used parts of a fact, in a record of their own that only the
 * facts having them point to (most facts have neither), so that every fact
 * is 64 bytes rather than 80. */
typedef struct bwi_dmore {
	const char *correction;        /* disputed facts only */
	union {
		const char *correction_source_id;
		const bwi_dentity *correction_source;
	};
	uint64_t levels;               /* vertebral level bit set */
} bwi_dmore;

/* A reference is written as an id while loading and replaced in place by
 * the entity it names when bwi_draft_finish resolves it: the id before,
 * the pointer after, never both. */
struct bwi_dfact {
	const char *text;              /* the value or claim */
	bwi_dmore *more;           /* correction, levels; or NULL */
	const char *qualifier;         /* relation, alias type or target role */
	union {
		const char *source_id;         /* loading */
		const bwi_dentity *source;       /* finished */
	};
	union {
		const char *target_id;         /* related / causes / target */
		const bwi_dentity *target;
	};
	const bwi_dentity *owner;        /* the entity the fact belongs to */
	uint32_t line, column;         /* the element's position */
	uint16_t field;                /* bw_field */
	uint8_t evidence;              /* bw_evidence */
	uint8_t shared;                /* a code marked shared="yes" */
};

static inline uint64_t bwi_dfact_levels(const bwi_dfact *f)
{
	return f->more ? f->more->levels : 0;
}

static inline const char *bwi_dfact_correction(const bwi_dfact *f)
{
	return f->more ? f->more->correction : NULL;
}

typedef struct bwi_dmatch {
	union {
		const char *technique_id;      /* a named-technique match, or NULL */
		const bwi_dentity *technique;
	};
	const char *attr[BWI_MATCH_NATTR]; /* attribute conjunction, NULL = any */
	const bwi_dentity *site;         /* attr[CONTACT] resolved, or NULL */
} bwi_dmatch;

/* An id while loading, the entity it names once resolved. */
typedef union bwi_dref {
	const char *id;
	const bwi_dentity *entity;
} bwi_dref;

struct bwi_drule {
	uint8_t severity;              /* bw_severity */
	uint8_t evidence;              /* bw_evidence */
	bwi_dref site;                  /* local rules: a body site */
	const char *reason;
	const char *adjustment;        /* or NULL */
	union {
		const char *source_id;
		const bwi_dentity *source;
	};
	const bwi_dentity *owner;        /* the condition */
	bwi_dmatch *matches;
	size_t nmatches;
	bwi_dref *instead;              /* techniques to use instead */
	size_t ninstead;
	const char **prefer;           /* positions to prefer */
	size_t nprefer;
	uint32_t line, column;
};

typedef struct bwi_dbackref {
	const bwi_dfact *fact;           /* the fact in the referring entity */
} bwi_dbackref;


struct bwi_dentity {
	uint8_t kind;                  /* bw_kind */
	uint32_t index;                /* position within its kind, id order */
	uint32_t ordinal;              /* position among all entities */
	const char *id;
	const char *name;
	const char *summary;           /* or NULL */
	const char *file;              /* where it was loaded from */
	uint32_t line, column;
	const char *attr_name[BWI_ENTITY_NATTR];
	const char *attr_value[BWI_ENTITY_NATTR];
	const char **regions;
	size_t nregions;
	bwi_dref within;                /* sites: the site this one lies in */
	bwi_dfact *facts;                /* grouped by field */
	uint32_t field_start[BW_FIELD_COUNT + 1];
	bwi_drule *rules;
	size_t nrules;
	bwi_dbackref *back[BWI_NBACK];
	size_t nback[BWI_NBACK];
};

/* A set of synonyms from the corpus's <synonyms>: its members' texts, as
 * written (the index analyses them). */
typedef struct bwi_synset {
	const char **members;          /* in the model's arena */
	size_t n;
} bwi_synset;

/* A schematic body (a corpus <bodymap>): views, each with the silhouette
 * and a region of SVG path data per body site, in drawing order. */
typedef struct bwi_dregion {
	union {
		const char *site_id;   /* loading */
		const bwi_dentity *site; /* finished */
	};
	const char *d;
	const char *file;
	uint32_t line, column;
} bwi_dregion;

typedef struct bwi_dview {
	const char *name;              /* "front", "back", "side" */
	unsigned width, height;
	const char **outlines;
	size_t noutlines;
	bwi_dregion *regions;
	size_t nregions;
} bwi_dview;

typedef struct bwi_dbodymap {
	const char *id;
	bwi_dview *views;
	size_t nviews;
} bwi_dbodymap;

/* Where a layer hid an id (bwi_draft_hide_at). */
typedef struct bwi_hidden_at {
	const char *file;
	uint32_t line, column;
} bwi_hidden_at;

/* A name-map entry: the best entity for one name key so far. */
typedef struct bwi_name_hit {
	const bwi_dentity *entity;
	int priority; /* 0 id, 1 name, 2 alias: lower wins */
} bwi_name_hit;

typedef struct bwi_draft {
	bwi_arena arena;               /* owns everything below */
	bwi_strtab strings;            /* freed by bwi_draft_finish */
	bwi_map ids;                   /* id -> bwi_dentity*, the live set */
	bwi_map hidden;                /* id -> where a layer hid it (for
	                                  finish's errors and lookups) */
	bwi_map names;                 /* name key -> bwi_name_hit* */
	bwi_map codes;                 /* code key -> its first code fact */
	struct bwi_drange *ranges; /* ICD-10 ranges of categories */
	size_t nranges, capranges;
	bwi_dentity **all;               /* every entity, kind then id order */
	size_t nall;
	bwi_dentity **by_kind[BW_KIND_COUNT]; /* slices of all */
	size_t count[BW_KIND_COUNT];
	/* per vertebral level and per field (origin, insertion, innervation),
	 * the muscles there, in index order */
	const bwi_dentity **at_level[3][BWI_NLEVELS];
	size_t nat_level[3][BWI_NLEVELS];
	/* the schematic body of the last layer that has one, or NULL */
	bwi_dbodymap *bodymap;
	/* synonym sets of every layer, in the order read */
	bwi_synset *synsets;
	size_t nsynsets, capsynsets;
	unsigned char digest[32]; /* SHA-256 of the XML read (bwi_load) */
} bwi_draft;

/* ===== model/model.c ===== */

void bwi_draft_init(bwi_draft *m);
void bwi_draft_free(bwi_draft *m);
const char *bwi_draft_intern(bwi_draft *m, const char *s, size_t n);

/*
 * Add a fully built entity to the live set, replacing one with the same id
 * (the loader checks duplicates within a layer before calling).  *replaced
 * gets the entity replaced or NULL.
 */
bw_status bwi_draft_put(bwi_draft *m, bwi_dentity *e, bwi_dentity **replaced);
/* Remove the entity with id from the live set (NULL when there was none),
 * remembering where the <hide> is, so that a reference to the hidden
 * entity that remains is reported with the hide's place as well as its
 * own.  (Out of memory, the place is not kept and the report names
 * the reference alone.) */
bwi_dentity *bwi_draft_hide_at(bwi_draft *m, const char *id, const char *file,
                             uint32_t line, uint32_t column);

/*
 * Finish loading: order the entities, resolve every reference (a dangling
 * or wrong-kind reference is BW_ECORPUS naming the referring element), build
 * the name map, back-references and level lists.  After this the model is
 * immutable.
 */
bw_status bwi_draft_finish(bwi_draft *m, bw_error *err);

/*
 * Check every reference as bwi_draft_finish would, reporting each one that
 * does not resolve through report (which returns non-zero to stop), and
 * storing nothing: BW_OK when all resolve, BW_ECORPUS when some do not,
 * BW_ENOMEM.  It orders the entities, which bwi_draft_finish then keeps.
 */
bw_status bwi_draft_check(bwi_draft *m,
                          int (*report)(const bw_error *problem, void *data),
                          void *data);

/* Add a synonym set of n member texts (in the model's arena).  A set
 * sharing a member (compared ignoring ASCII case) with one already read
 * joins it, so a layer extends a bundled set by naming one of its members;
 * repeated members are kept once.  BW_ENOMEM only. */
bw_status bwi_draft_add_synset(bwi_draft *m, const char *const *members,
                               size_t n);

/* The entity with exactly this id, or NULL. */
const bwi_dentity *bwi_draft_get(const bwi_draft *m, const char *id);
/* When a layer hid the entity with exactly this id (and no later layer
 * brought one back), the file of the <hide>, with its line and column;
 * NULL otherwise.  Lookups treat such an id as found and gone. */
const char *bwi_draft_hidden(const bwi_draft *m, const char *id,
                             unsigned long *line, unsigned long *column);
typedef struct bwi_drange {
	char lo[4], hi[4];
	const bwi_dfact *fact;
} bwi_drange;

/* The entity with id of the draft that is finished or being checked,
 * closest to name among kind (edit distance over name keys), or NULL: the
 * "did you mean" of a reference that names no entity. */
const bwi_dentity *bwi_draft_closest(const bwi_draft *m, bw_kind kind,
                                     const char *name);

/* Attribute name of e (from its element), or NULL. */
const char *bwi_dentity_attr(const bwi_dentity *e, const char *name);

/* ===== model/image.c ===== */

/* Lay a finished draft out as an image (model.h): *out (bwi_free it) of
 * *size bytes.  BW_ENOMEM; BW_ECORPUS when it would exceed 2 GiB. */
bw_status bwi_image_write(void **out, size_t *size, const bwi_draft *m,
                          bw_error *err);

#endif /* BW_DRAFT_H */
