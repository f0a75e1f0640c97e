/*
 * model.h: the in-memory database.  The loader builds it through the
 * functions here; after bwi_model_finish it is immutable and every later
 * stage (index, query, the public getters) only reads it.
 *
 * Everything lives in one arena owned by the model: entities, their facts
 * and rules, and interned strings.  An entity's facts are stored grouped by
 * field, in corpus order within a field, with field_start[] giving each
 * field's slice, so reading a field is O(1).
 */
#ifndef BW_MODEL_H
#define BW_MODEL_H

#include <stdint.h>

#include "bodywork.h"
#include "../util/util.h"

#define BWI_NLEVELS 34        /* C1..C8, T1..T12, L1..L5, S1..S5, Co1..Co4 */
#define BWI_ENTITY_NATTR 3    /* kind-specific attributes per entity */

/* Technique attributes a rule's match may constrain, in bw_rule_match_attr
 * order. */
enum {
	BWI_MATCH_MODALITY = 0,
	BWI_MATCH_POSITION,
	BWI_MATCH_CONTACT,
	BWI_MATCH_PRESSURE,
	BWI_MATCH_MIN_PRESSURE,
	BWI_MATCH_LEVER,
	BWI_MATCH_METHOD,
	BWI_MATCH_MOVEMENT,
	BWI_MATCH_NATTR
};
extern const char *const bwi_match_attr_names[BWI_MATCH_NATTR];

/* The rarely used parts of a fact, in a record of their own that only the
 * facts having them point to (most facts have neither), so that every fact
 * is 64 bytes rather than 80. */
typedef struct bwi_fact_more {
	const char *correction;        /* disputed facts only */
	union {
		const char *correction_source_id;
		const bw_entity *correction_source;
	};
	uint64_t levels;               /* vertebral level bit set */
} bwi_fact_more;

/* A reference is written as an id while loading and replaced in place by
 * the entity it names when bwi_model_finish resolves it: the id before,
 * the pointer after, never both. */
struct bw_fact {
	const char *text;              /* the value or claim */
	bwi_fact_more *more;           /* correction, levels; or NULL */
	const char *qualifier;         /* relation, alias type or target role */
	union {
		const char *source_id;         /* loading */
		const bw_entity *source;       /* finished */
	};
	union {
		const char *target_id;         /* related / causes / target */
		const bw_entity *target;
	};
	const bw_entity *owner;        /* the entity the fact belongs to */
	uint32_t line, column;         /* the element's position */
	uint16_t field;                /* bw_field */
	uint8_t evidence;              /* bw_evidence */
	uint8_t shared;                /* a code marked shared="yes" */
};

static inline uint64_t bwi_fact_levels(const bw_fact *f)
{
	return f->more ? f->more->levels : 0;
}

static inline const char *bwi_fact_correction(const bw_fact *f)
{
	return f->more ? f->more->correction : NULL;
}

typedef struct bwi_match {
	union {
		const char *technique_id;      /* a named-technique match, or NULL */
		const bw_entity *technique;
	};
	const char *attr[BWI_MATCH_NATTR]; /* attribute conjunction, NULL = any */
	const bw_entity *site;         /* attr[CONTACT] resolved, or NULL */
} bwi_match;

/* An id while loading, the entity it names once resolved. */
typedef union bwi_ref {
	const char *id;
	const bw_entity *entity;
} bwi_ref;

struct bw_rule {
	uint8_t severity;              /* bw_severity */
	uint8_t evidence;              /* bw_evidence */
	bwi_ref site;                  /* local rules: a body site */
	const char *reason;
	const char *adjustment;        /* or NULL */
	union {
		const char *source_id;
		const bw_entity *source;
	};
	const bw_entity *owner;        /* the condition */
	bwi_match *matches;
	size_t nmatches;
	bwi_ref *instead;              /* techniques to use instead */
	size_t ninstead;
	const char **prefer;           /* positions to prefer */
	size_t nprefer;
	uint32_t line, column;
};

typedef struct bwi_backref {
	const bw_fact *fact;           /* the fact in the referring entity */
} bwi_backref;

/* Fields that can point at another entity and so have back-references. */
enum { BWI_BACK_CAUSES = 0, BWI_BACK_TARGET, BWI_BACK_RELATED,
       BWI_BACK_CONTACT, BWI_BACK_MEMBER, BWI_BACK_ZONE, BWI_NBACK };

struct bw_entity {
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
	bwi_ref within;                /* sites: the site this one lies in */
	bw_fact *facts;                /* grouped by field */
	uint32_t field_start[BW_FIELD_COUNT + 1];
	bw_rule *rules;
	size_t nrules;
	bwi_backref *back[BWI_NBACK];
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
typedef struct bwi_map_region {
	union {
		const char *site_id;   /* loading */
		const bw_entity *site; /* finished */
	};
	const char *d;
	const char *file;
	uint32_t line, column;
} bwi_map_region;

typedef struct bwi_map_view {
	const char *name;              /* "front", "back", "side" */
	unsigned width, height;
	const char **outlines;
	size_t noutlines;
	bwi_map_region *regions;
	size_t nregions;
} bwi_map_view;

typedef struct bwi_bodymap {
	const char *id;
	bwi_map_view *views;
	size_t nviews;
} bwi_bodymap;

typedef struct bwi_model {
	bwi_arena arena;               /* owns everything below */
	bwi_strtab strings;            /* freed by bwi_model_finish */
	bwi_map ids;                   /* id -> bw_entity*, the live set */
	bwi_map hidden;                /* id -> where a layer hid it (for
	                                  finish's errors and lookups) */
	bwi_map names;                 /* name key -> bwi_name_hit* */
	bwi_map codes;                 /* code key -> its first code fact */
	struct bwi_code_range *ranges; /* ICD-10 ranges of categories */
	size_t nranges, capranges;
	bw_entity **all;               /* every entity, kind then id order */
	size_t nall;
	bw_entity **by_kind[BW_KIND_COUNT]; /* slices of all */
	size_t count[BW_KIND_COUNT];
	/* per vertebral level and per field (origin, insertion, innervation),
	 * the muscles there, in index order */
	const bw_entity **at_level[3][BWI_NLEVELS];
	size_t nat_level[3][BWI_NLEVELS];
	/* the schematic body of the last layer that has one, or NULL */
	bwi_bodymap *bodymap;
	/* synonym sets of every layer, in the order read */
	bwi_synset *synsets;
	size_t nsynsets, capsynsets;
} bwi_model;

/* ===== model/model.c ===== */

void bwi_model_init(bwi_model *m);
void bwi_model_free(bwi_model *m);
const char *bwi_model_intern(bwi_model *m, const char *s, size_t n);

/*
 * Add a fully built entity to the live set, replacing one with the same id
 * (the loader checks duplicates within a layer before calling).  *replaced
 * gets the entity replaced or NULL.
 */
bw_status bwi_model_put(bwi_model *m, bw_entity *e, bw_entity **replaced);
/* Remove the entity with id from the live set (NULL when there was none),
 * remembering where the <hide> is, so that a reference to the hidden
 * entity that remains is reported with the hide's place as well as its
 * own.  (Out of memory, the place is not kept and the report names
 * the reference alone.) */
bw_entity *bwi_model_hide_at(bwi_model *m, const char *id, const char *file,
                             uint32_t line, uint32_t column);

/*
 * Finish loading: order the entities, resolve every reference (a dangling
 * or wrong-kind reference is BW_ECORPUS naming the referring element), build
 * the name map, back-references and level lists.  After this the model is
 * immutable.
 */
bw_status bwi_model_finish(bwi_model *m, bw_error *err);

/*
 * Check every reference as bwi_model_finish would, reporting each one that
 * does not resolve through report (which returns non-zero to stop), and
 * storing nothing: BW_OK when all resolve, BW_ECORPUS when some do not,
 * BW_ENOMEM.  It orders the entities, which bwi_model_finish then keeps.
 */
bw_status bwi_model_check(bwi_model *m,
                          int (*report)(const bw_error *problem, void *data),
                          void *data);

/* Add a synonym set of n member texts (in the model's arena).  A set
 * sharing a member (compared ignoring ASCII case) with one already read
 * joins it, so a layer extends a bundled set by naming one of its members;
 * repeated members are kept once.  BW_ENOMEM only. */
bw_status bwi_model_add_synset(bwi_model *m, const char *const *members,
                               size_t n);

/* The entity with exactly this id, or NULL. */
const bw_entity *bwi_model_get(const bwi_model *m, const char *id);
/* When a layer hid the entity with exactly this id (and no later layer
 * brought one back), the file of the <hide>, with its line and column;
 * NULL otherwise.  Lookups treat such an id as found and gone. */
const char *bwi_model_hidden(const bwi_model *m, const char *id,
                             unsigned long *line, unsigned long *column);
/* The entity named name (see bw_db_lookup). */
/* The code systems of <code system=...>, in the order an unprefixed
 * lookup tries them. */
enum {
	BWI_CODE_ICD10 = 0, BWI_CODE_ATC, BWI_CODE_FMA, BWI_CODE_UBERON,
	BWI_CODE_TA98, BWI_CODE_LOCAL, BWI_NCODE_SYSTEMS
};
/* The BWI_CODE_* of a system's name ("icd10"), or -1. */
int bwi_code_system(const char *name);

/* A range of ICD-10 categories ("M15-M19"): lo and hi their first three
 * characters. */
typedef struct bwi_code_range {
	char lo[4], hi[4];
	const bw_fact *fact;
} bwi_code_range;

/* The code fact whose code covers code (see bw_db_lookup_code): exact,
 * else the longest code it starts with (ICD-10 and ATC shapes, down to
 * three characters), else an ICD-10 range holding its category; NULL
 * when none. */
const bw_fact *bwi_model_code(const bwi_model *m, const char *code);

bw_status bwi_model_lookup(const bw_entity **out, const bwi_model *m,
                           const char *name);

/* Up to n entities of kind whose id, name or an alias is closest to name
 * (edit distance over name keys), closest first, into out; returns how
 * many.  For error messages, so a linear pass is fine. */
size_t bwi_model_closest(const bwi_model *m, bw_kind kind, const char *name,
                         const bw_entity **out, size_t n);

/* The back-reference slot of a field that points at another entity
 * (BWI_BACK_*), or -1 for other fields. */
int bwi_back_slot(bw_field field);

/* The fields that carry vertebral levels, in at_level[] order. */
extern const bw_field bwi_level_fields[3];

/* ===== model/access.c ===== */

/* Which of rule r's matches holds for technique t: its index, -1 when the
 * rule applies with no match needed, -2 when it does not apply. */
int bwi_rule_match(const bw_rule *r, const bw_entity *t);
/* Whether technique t lists value in field (position, method, ...). */
int bwi_has_value(const bw_entity *t, bw_field field, const char *value);
/* Whether two body sites overlap: the same, or one lies within the other. */
int bwi_sites_overlap(const bw_entity *a, const bw_entity *b);
/* Whether technique t makes contact at a site overlapping site. */
int bwi_contacts(const bw_entity *t, const bw_entity *site);

/* ===== model/levels.c ===== */

/* Level name ("T12") to bit index, -1 when unknown; parse and format sets. */
int bwi_level_index(const char *s, size_t n);
bw_status bwi_levels_parse(uint64_t *out, const char *s, size_t n);

/* ===== model/vocab.c ===== */

/* Table lookups for the corpus's closed vocabularies; -1 when unknown. */
int bwi_field_from_name(const char *name);
int bwi_evidence_from_name(const char *name);
int bwi_severity_from_name(const char *name);
int bwi_position_from_name(const char *name);
int bwi_pressure_rank(const char *name);  /* none 0 .. deep 3 */
const char *bwi_pressure_name(int rank);  /* and back; NULL out of range */

#endif /* BW_MODEL_H */
