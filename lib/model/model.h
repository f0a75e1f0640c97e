/*
 * model.h: the database's model as every stage reads it: an image.
 *
 * The loader builds a draft (draft.h); bwi_image_write lays the finished
 * draft out as one block of bytes, the image, and bwi_model_open reads an
 * image in place.  An image holds no pointers: a record refers to another
 * record or a string by a self-relative offset (bwi_rel), the signed
 * distance in bytes from the referring field to what it names, and the
 * model's tables refer by index.  So one image serves from the heap (an
 * XML open), from a file mapped into memory (a compiled database) or from
 * the library's read-only data (the bundled corpus), unchanged, and its
 * pages can be shared between processes.  docs/compiled.md gives the
 * layout byte by byte.
 *
 * An image read from a file is checked before any record is handed out
 * (open.c), whole at open or each record as it is first reached: every
 * offset lands inside the region it must, on a record boundary, and every
 * count fits.  No read goes out of the image, whatever the file held.
 */
#ifndef BW_MODEL_H
#define BW_MODEL_H

#include <stdatomic.h>
#include <stdint.h>

#include "bodywork.h"
#include "../util/util.h"

#define BWI_NLEVELS 34        /* C1..C8, T1..T12, L1..L5, S1..S5, Co1..Co4 */
#define BWI_ENTITY_NATTR 3    /* kind-specific attributes per entity */

/* The attributes an entity of each kind may carry, by slot: an entity
 * stores only the values, each in its name's slot (0 when absent), for a
 * slot's name is fixed by the kind (the loader reads no others). */
extern const char *const bwi_entity_attr_names[BW_KIND_COUNT][BWI_ENTITY_NATTR];
/* The slot of attribute name for kind, or -1 when the kind has none so
 * named. */
int bwi_entity_attr_slot(int kind, const char *name);

/* The qualifiers of facts (bw_fact_qualifier): each field that has one
 * draws it from a closed vocabulary of the schema (an alias's type, a
 * code's system, a relation's type, a zone's extent, a target's role), so
 * a fact stores its index in bwi_qualifier_names, 0 for none.  The
 * vocabularies follow each other field by field; bwi_qualifier_field
 * says whose each index is. */
enum {
	BWI_QUAL_NONE = 0,
	BWI_QUAL_ALIAS = 1,                        /* 6 alias types */
	BWI_QUAL_CODE = BWI_QUAL_ALIAS + 6,        /* BWI_CODE_* order */
	BWI_QUAL_RELATED = BWI_QUAL_CODE + 6,      /* 6 relations */
	BWI_QUAL_ZONE = BWI_QUAL_RELATED + 6,      /* primary, spillover */
	BWI_QUAL_TARGET = BWI_QUAL_ZONE + 2,       /* primary, secondary */
	BWI_NQUALIFIERS = BWI_QUAL_TARGET + 2
};
extern const char *const bwi_qualifier_names[BWI_NQUALIFIERS];
extern const uint8_t bwi_qualifier_field[BWI_NQUALIFIERS]; /* NONE: 0xff */
/* The index of qualifier name (NULL: BWI_QUAL_NONE) among field's, or -1
 * when the field has no such qualifier. */
int bwi_qualifier_index(int field, const char *name);

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

/* Fields that can point at another entity and so have back-references. */
enum { BWI_BACK_CAUSES = 0, BWI_BACK_TARGET, BWI_BACK_RELATED,
       BWI_BACK_CONTACT, BWI_BACK_MEMBER, BWI_BACK_ZONE, BWI_NBACK };

/* The code systems of <code system=...>, in the order an unprefixed
 * lookup tries them. */
enum {
	BWI_CODE_ICD10 = 0, BWI_CODE_ATC, BWI_CODE_FMA, BWI_CODE_UBERON,
	BWI_CODE_TA98, BWI_CODE_LOCAL, BWI_NCODE_SYSTEMS
};

/* ===== The image's records ===== */

/* A self-relative offset: what it names lies at the field's own address
 * plus its value; 0 names nothing. */
typedef int32_t bwi_rel;

static inline const void *bwi_rel_get(const bwi_rel *r)
{
	return *r ? (const void *)((const char *)r + *r) : NULL;
}

/* The string a bwi_rel names, or NULL. */
static inline const char *bwi_rel_str(const bwi_rel *r)
{
	return (const char *)bwi_rel_get(r);
}

/* The rarely used parts of a fact, in a record of their own that only the
 * facts having them refer to. */
typedef struct bwi_fact_more {
	uint64_t levels;               /* vertebral level bit set */
	bwi_rel correction;            /* disputed facts: the correction */
	bwi_rel correction_source;     /* and its source entity */
} bwi_fact_more;

struct bw_fact {
	bwi_rel text;                  /* the value or claim */
	bwi_rel source;                /* entity */
	bwi_rel target;                /* entity: related / causes / target */
	bwi_rel owner;                 /* the entity the fact belongs to */
	bwi_rel more;                  /* bwi_fact_more, or 0 */
	uint32_t line, column;         /* the element's position */
	uint8_t field;                 /* bw_field */
	uint8_t evidence;              /* bw_evidence */
	uint8_t shared;                /* a code marked shared="yes" */
	uint8_t qualifier;             /* BWI_QUAL_*: relation, alias type,
	                                  code system, extent, target role */
};

typedef struct bwi_match {
	bwi_rel technique;             /* a named-technique match, or 0 */
	bwi_rel attr[BWI_MATCH_NATTR]; /* attribute conjunction, 0 = any */
	bwi_rel site;                  /* attr[CONTACT] resolved, or 0 */
} bwi_match;

struct bw_rule {
	uint8_t severity;              /* bw_severity */
	uint8_t evidence;              /* bw_evidence */
	uint8_t pad[2];
	bwi_rel site;                  /* local rules: a body site */
	bwi_rel reason;
	bwi_rel adjustment;            /* or 0 */
	bwi_rel source;
	bwi_rel owner;                 /* the condition */
	bwi_rel matches;               /* nmatches bwi_match */
	uint32_t nmatches;
	bwi_rel instead;               /* ninstead bwi_rel, each an entity */
	uint32_t ninstead;
	bwi_rel prefer;                /* nprefer bwi_rel, each a string */
	uint32_t nprefer;
	uint32_t line, column;
};

struct bw_entity {
	uint8_t kind;                  /* bw_kind */
	uint8_t pad[3];
	uint32_t index;                /* position within its kind, id order */
	uint32_t ordinal;              /* position among all entities */
	bwi_rel id;
	bwi_rel name;
	bwi_rel file;                  /* where it was loaded from */
	uint32_t line, column;
	/* attribute values by slot (bwi_entity_attr_names[kind]), 0 = none */
	bwi_rel attr_value[BWI_ENTITY_NATTR];
	bwi_rel within;                /* sites: the site this one lies in */
	bwi_rel facts;                 /* nfacts bw_fact, grouped by field
	                                  in bw_field order */
	uint32_t nfacts;
	bwi_rel rules;                 /* nrules bw_rule */
	uint32_t nrules;
	/* the entity's lists, one after another in the reference lists:
	 * nregions strings, then per BWI_BACK_* slot nback[] facts referring
	 * here; 0 when all are empty */
	bwi_rel lists;
	uint32_t nregions;
	uint32_t nback[BWI_NBACK];
	/* (the summary is the text of the entity's summary fact, the last
	 * when there are several, as the loader takes it) */
};

/* A key of a sorted table (names, codes): the key string, and what it
 * leads to (an ordinal, a fact's index). */
typedef struct bwi_key {
	bwi_rel key;
	uint32_t value;
} bwi_key;

/* Where a layer hid an id. */
typedef struct bwi_hidden {
	bwi_rel id, file;
	uint32_t line, column;
} bwi_hidden;

/* A range of ICD-10 categories ("M15-M19"): lo and hi their first three
 * characters, and the index of the code fact that holds it. */
typedef struct bwi_code_range {
	char lo[4], hi[4];
	uint32_t fact;
} bwi_code_range;

/* A schematic body (a corpus <bodymap>): views, each with the silhouette
 * and a region of SVG path data per body site, in drawing order. */
typedef struct bwi_map_region {
	bwi_rel site;                  /* entity */
	bwi_rel d;
	bwi_rel file;
	uint32_t line, column;
} bwi_map_region;

typedef struct bwi_map_view {
	bwi_rel name;                  /* "front", "back", "side" */
	uint32_t width, height;
	bwi_rel outlines;              /* noutlines bwi_rel, each a string */
	uint32_t noutlines;
	bwi_rel regions;               /* nregions bwi_map_region */
	uint32_t nregions;
} bwi_map_view;

typedef struct bwi_bodymap {
	bwi_rel id;
	bwi_rel views;                 /* nviews bwi_map_view */
	uint32_t nviews;
} bwi_bodymap;

/* The image's regions, in the order they are laid out. */
enum {
	BWI_R_ENTITIES = 0,            /* bw_entity, kind then id order */
	BWI_R_FACTS,                   /* bw_fact, entity by entity */
	BWI_R_MORE,                    /* bwi_fact_more */
	BWI_R_RULES,                   /* bw_rule */
	BWI_R_MATCHES,                 /* bwi_match */
	BWI_R_RELS,                    /* bwi_rel arrays of records */
	BWI_R_IDS,                     /* uint32_t ordinals in id order */
	BWI_R_HIDDEN,                  /* bwi_hidden, in id order */
	BWI_R_NAMES,                   /* bwi_key: name key -> ordinal */
	BWI_R_CODES,                   /* bwi_key: code key -> fact */
	BWI_R_RANGES,                  /* bwi_code_range */
	BWI_R_LEVELS,                  /* uint32_t ordinals per level */
	BWI_R_SYNSETS,                 /* uint32_t first member per set, +1 */
	BWI_R_BODYMAP,                 /* bwi_bodymap, views, regions (0 or 1) */
	BWI_R_VIEWS,                   /* bwi_map_view */
	BWI_R_REGIONS,                 /* bwi_map_region */
	BWI_R_STRINGS,                 /* NUL-terminated strings, last a NUL */
	BWI_NREGIONS
};

/* Bytes of one record of each region (the strings: one byte). */
extern const size_t bwi_image_rec[BWI_NREGIONS];

/* The table of contents at the start of an image: per region, where it
 * starts (from the image's start) and how many records it holds (bytes for
 * the strings). */
typedef struct bwi_image_toc {
	uint32_t size;                         /* of the whole image */
	uint32_t off[BWI_NREGIONS];
	uint32_t n[BWI_NREGIONS];
	uint32_t kind_start[BW_KIND_COUNT + 1]; /* ordinal range per kind */
	/* per level field and level, the first of its muscles in LEVELS */
	uint32_t level_start[3][BWI_NLEVELS + 1];
	uint32_t synset_members;               /* BWI_R_RELS index of the
	                                          first synonym member */
} bwi_image_toc;

/* The model: an image and where its regions are.  It owns the image only
 * when owned is set (an XML open); a mapped or bundled image belongs to
 * whoever mapped it. */
typedef struct bwi_model {
	const unsigned char *image;
	size_t size;
	void *owned;                   /* bwi_free'd by bwi_model_close */
	const bwi_image_toc *toc;
	const bw_entity *ents;
	const bw_fact *facts;
	const bw_rule *rules;
	const bwi_rel *rels;
	const uint32_t *ids;
	const bwi_hidden *hidden;
	const bwi_key *names;
	const bwi_key *codes;
	const bwi_code_range *ranges;
	const uint32_t *levels;
	const uint32_t *synsets;
	const bwi_bodymap *bodymap;    /* or NULL */
	/* a file's image checked record by record as it is read (lazy.c),
	 * else NULL: nothing to check */
	struct bwi_lazy *lazy;
} bwi_model;

/* ===== model/lazy.c: checking a file's image as it is read =====
 *
 * A compiled file is checked whole only by bw_validate.  An open checks
 * its header, its sections' places and the image's table of contents, and
 * every record is checked the first time something reaches it: an entity
 * with its facts, rules and lists when an accessor hands it out (below),
 * a search index list when a query first walks it (index/sections.c).  A
 * check that fails marks the database damaged; the accessor hands out an
 * empty stand-in of the same kind instead, and the next database call
 * reports BW_ECORPUS with what was wrong. */

/* How much of an image an open checks: nothing (the library's own), the
 * table of contents at open and each record as it is read, or everything
 * at open. */
enum { BWI_CHECK_LAZY = 0, BWI_CHECK_NONE = 1, BWI_CHECK_WHOLE = 2 };

/* The lazy checker's hooks, for the accessors below: entity ord checked
 * (or its stand-in); the entity at e, when e lies in an image being
 * checked, checked (else e); a table's string (NULL when outside the
 * strings); fact or rule number i checked with its owner (NULL when
 * damaged). */
struct bwi_lazy;
const bw_entity *bwi_lazy_at_slow(struct bwi_lazy *L, size_t ord);
const bw_entity *bwi_lazy_entity(const bw_entity *e);
const char *bwi_lazy_str(struct bwi_lazy *L, const bwi_rel *r);
const bw_fact *bwi_lazy_fact(struct bwi_lazy *L, size_t i);
const bw_rule *bwi_lazy_rule(struct bwi_lazy *L, size_t i);
/* How many images are being checked as read, in the whole process: while
 * none is, an entity reference needs no look at the registry. */
extern atomic_uint bwi_lazy_live;

/* The start of struct bwi_lazy, for the fast path below: the entities,
 * and a state byte for each. */
struct bwi_lazy_head {
	const bw_entity *ents;
	size_t nall;
	atomic_uchar *state;           /* BWI_LAZY_* bits */
};
enum { BWI_LAZY_OWN = 1, BWI_LAZY_READY = 2, BWI_LAZY_CHAIN = 4,
       BWI_LAZY_BAD = 8 };

static inline const bw_entity *bwi_lazy_at(struct bwi_lazy *L, size_t ord)
{
	const struct bwi_lazy_head *h = (const struct bwi_lazy_head *)L;
	if (ord < h->nall &&
	    (atomic_load_explicit(&h->state[ord], memory_order_relaxed) &
	     (BWI_LAZY_READY | BWI_LAZY_BAD)) == BWI_LAZY_READY)
		return &h->ents[ord];
	return bwi_lazy_at_slow(L, ord);
}

/* An entity a reference names, made safe to read. */
static inline const bw_entity *bwi_checked(const bw_entity *e)
{
	return e && atomic_load_explicit(&bwi_lazy_live, memory_order_relaxed) ?
	       bwi_lazy_entity(e) : e;
}

/* Record that the file behind m is damaged, saying what is wrong (the
 * first report is kept).  Any thread may call it, at any time. */
void bwi_model_damage(const bwi_model *m, const char *what);
/* What is wrong with m's file, or NULL while nothing found is; *file (when
 * file is not NULL) gets the file's name. */
const char *bwi_model_damaged(const bwi_model *m, const char **file);

/* ===== Reading the model =====
 *
 * Every stage above the model (index, plan, query, map, api) reads
 * entities, facts, rules and the model's tables through the public getters
 * (bodywork.h) and these accessors, never through the fields.  None checks
 * for NULL; the public getters do. */

/* The hot fields, for loops over many records; the public getters wrap
 * these. */
static inline bw_kind bwi_entity_kind(const bw_entity *e)
{
	return (bw_kind)e->kind;
}

static inline const char *bwi_entity_id(const bw_entity *e)
{
	return bwi_rel_str(&e->id);
}

static inline const char *bwi_entity_name(const bw_entity *e)
{
	return bwi_rel_str(&e->name);
}

static inline bw_field bwi_fact_field(const bw_fact *f)
{
	return (bw_field)f->field;
}

static inline const char *bwi_fact_text(const bw_fact *f)
{
	return bwi_rel_str(&f->text);
}

static inline const char *bwi_fact_qualifier(const bw_fact *f)
{
	/* (below BWI_NQUALIFIERS in any record handed out: checked) */
	return f->qualifier < BWI_NQUALIFIERS ?
	       bwi_qualifier_names[f->qualifier] : NULL;
}

static inline const bw_entity *bwi_fact_source(const bw_fact *f)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&f->source));
}

static inline const bw_entity *bwi_fact_target(const bw_fact *f)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&f->target));
}

static inline bw_evidence bwi_fact_evidence(const bw_fact *f)
{
	return (bw_evidence)f->evidence;
}

static inline uint32_t bwi_entity_ordinal(const bw_entity *e)
{
	return e->ordinal;
}

static inline uint32_t bwi_entity_index(const bw_entity *e)
{
	return e->index;
}

static inline unsigned long bwi_entity_column(const bw_entity *e)
{
	return e->column;
}

/* The first of the n facts at facts whose field is field or later; n when
 * none is.  The facts must be in field order, as an entity's are (the
 * check of a file's entity makes sure of it); the reads stay among the n
 * whatever their order.  An entity keeps only its count of facts, not
 * where each field's facts start: that table would cost the record more
 * than all its other members together (entities are the largest part of
 * a compiled file after the strings), and bisecting a few dozen facts'
 * fields is cheap. */
static inline size_t bwi_facts_from(const bw_fact *facts, size_t n,
                                    int field)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (facts[mid].field < field)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The facts of field (a bw_field below BW_FIELD_COUNT), contiguous, their
 * number in *n.  (Every entity's facts offset names its place in the facts
 * region, even when it has none.) */
static inline const bw_fact *bwi_entity_facts(const bw_entity *e,
                                              int field, size_t *n)
{
	const bw_fact *all = (const bw_fact *)bwi_rel_get(&e->facts);
	size_t first = bwi_facts_from(all, e->nfacts, field);
	/* the field's end: the first of a later field, among those after */
	*n = bwi_facts_from(all + first, e->nfacts - first, field + 1);
	return all + first;
}

/* Every fact of e, grouped by field in bw_field order, contiguous. */
static inline const bw_fact *bwi_entity_all_facts(const bw_entity *e,
                                                  size_t *n)
{
	*n = e->nfacts;
	return (const bw_fact *)bwi_rel_get(&e->facts);
}

/* The slot of e's attribute i (counting only those e has), or -1 past
 * the last. */
static inline int bwi_entity_attr_at(const bw_entity *e, int i)
{
	for (int s = 0; s < BWI_ENTITY_NATTR; s++)
		if (e->attr_value[s] && i-- == 0)
			return s;
	return -1;
}

/* Attribute i (below BWI_ENTITY_NATTR) of e, counting only those e has,
 * in slot order: its name, or NULL past the last; and its value. */
static inline const char *bwi_entity_attr_name(const bw_entity *e, int i)
{
	int s = bwi_entity_attr_at(e, i);
	/* (a record handed out has a known kind and no value in a slot its
	 * kind does not name: checked) */
	return s < 0 || e->kind >= BW_KIND_COUNT ? NULL :
	       bwi_entity_attr_names[e->kind][s];
}

static inline const char *bwi_entity_attr_value(const bw_entity *e, int i)
{
	int s = bwi_entity_attr_at(e, i);
	return s < 0 ? NULL : bwi_rel_str(&e->attr_value[s]);
}

/* Element i of an array of bwi_rel that the rel at r names. */
static inline const void *bwi_rel_at(const bwi_rel *r, size_t i)
{
	return bwi_rel_get((const bwi_rel *)bwi_rel_get(r) + i);
}

/* Where slot's back-references (BWI_BACK_*, or BWI_NBACK for the end of
 * the last) start among e's lists: after the regions and the earlier
 * slots'. */
static inline size_t bwi_entity_back_start(const bw_entity *e, int slot)
{
	size_t at = e->nregions;
	for (int b = 0; b < slot; b++)
		at += e->nback[b];
	return at;
}

/* Back-references in slot (BWI_BACK_*): how many, and the i-th referring
 * fact. */
static inline size_t bwi_entity_nback(const bw_entity *e, int slot)
{
	return e->nback[slot];
}

static inline const bw_fact *bwi_entity_back(const bw_entity *e, int slot,
                                             size_t i)
{
	return (const bw_fact *)bwi_rel_at(&e->lists,
	                                   bwi_entity_back_start(e, slot) + i);
}

/* Region i (below nregions) of e. */
static inline const char *bwi_entity_region(const bw_entity *e, size_t i)
{
	return (const char *)bwi_rel_at(&e->lists, i);
}

static inline const bw_entity *bwi_fact_owner(const bw_fact *f)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&f->owner));
}

static inline int bwi_fact_shared(const bw_fact *f)
{
	return f->shared;
}

static inline unsigned long bwi_fact_column(const bw_fact *f)
{
	return f->column;
}

static inline uint64_t bwi_fact_levels(const bw_fact *f)
{
	const bwi_fact_more *m = (const bwi_fact_more *)bwi_rel_get(&f->more);
	return m ? m->levels : 0;
}

static inline const char *bwi_fact_correction(const bw_fact *f)
{
	const bwi_fact_more *m = (const bwi_fact_more *)bwi_rel_get(&f->more);
	return m ? bwi_rel_str(&m->correction) : NULL;
}

static inline unsigned long bwi_rule_column(const bw_rule *r)
{
	return r->column;
}

/* Match i of rule r (below bw_rule_match_count). */
static inline const bwi_match *bwi_rule_match_at(const bw_rule *r, size_t i)
{
	return (const bwi_match *)bwi_rel_get(&r->matches) + i;
}

static inline const bw_entity *bwi_match_technique(const bwi_match *mt)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&mt->technique));
}

/* Attribute a (BWI_MATCH_*) the match requires, or NULL for any. */
static inline const char *bwi_match_attr(const bwi_match *mt, int a)
{
	return bwi_rel_str(&mt->attr[a]);
}

/* attr[BWI_MATCH_CONTACT] resolved to its body site, or NULL. */
static inline const bw_entity *bwi_match_site(const bwi_match *mt)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&mt->site));
}

/* Entities: how many in all, the one at an ordinal (below that), how many
 * of a kind, and the i-th of a kind in id order. */
static inline size_t bwi_model_nall(const bwi_model *m)
{
	return m->toc->n[BWI_R_ENTITIES];
}

static inline const bw_entity *bwi_model_at(const bwi_model *m, size_t ord)
{
	return m->lazy ? bwi_lazy_at(m->lazy, ord) : &m->ents[ord];
}

/* The kind of the entity at ordinal ord (below the entities' count), from
 * the kinds' ordinal ranges in t: no record is read. */
static inline bw_kind bwi_toc_kind_of(const bwi_image_toc *t, size_t ord)
{
	int k = 0;
	while (k + 1 < BW_KIND_COUNT && ord >= t->kind_start[k + 1])
		k++;
	return (bw_kind)k;
}

static inline bw_kind bwi_model_kind_of(const bwi_model *m, size_t ord)
{
	return bwi_toc_kind_of(m->toc, ord);
}

static inline size_t bwi_model_count(const bwi_model *m, int kind)
{
	return m->toc->kind_start[kind + 1] - m->toc->kind_start[kind];
}

static inline const bw_entity *bwi_model_kind_at(const bwi_model *m,
                                                 int kind, size_t i)
{
	return bwi_model_at(m, m->toc->kind_start[kind] + i);
}

/* The muscles whose field bwi_level_fields[f] names vertebral level l, in
 * index order: how many, and the i-th. */
static inline size_t bwi_model_nlevel(const bwi_model *m, int f, int l)
{
	return m->toc->level_start[f][l + 1] - m->toc->level_start[f][l];
}

static inline const bw_entity *bwi_model_level_at(const bwi_model *m, int f,
                                                  int l, size_t i)
{
	uint32_t ord = m->levels[m->toc->level_start[f][l] + i];
	if (m->lazy && (ord < m->toc->kind_start[BW_KIND_MUSCLE] ||
	                ord >= m->toc->kind_start[BW_KIND_MUSCLE + 1])) {
		bwi_model_damage(m, "not a usable compiled database: a level "
		                 "entry names no muscle");
		ord = m->toc->kind_start[BW_KIND_MUSCLE];
	}
	return bwi_model_at(m, ord);
}

/* Rules of all conditions, numbered in the image's order: how many, the
 * one numbered i (below that), and a rule's number. */
static inline size_t bwi_model_nrules(const bwi_model *m)
{
	return m->toc->n[BWI_R_RULES];
}

/* (NULL when a file's image is damaged there) */
static inline const bw_rule *bwi_model_rule(const bwi_model *m, size_t i)
{
	return m->lazy ? bwi_lazy_rule(m->lazy, i) : &m->rules[i];
}

/* A string of one of the model's tables (NULL when a file's image is
 * damaged there). */
static inline const char *bwi_model_str(const bwi_model *m, const bwi_rel *r)
{
	return m->lazy ? bwi_lazy_str(m->lazy, r) : bwi_rel_str(r);
}

/* Fact number i, as a table names it (NULL when a file's image is damaged
 * there). */
static inline const bw_fact *bwi_model_fact(const bwi_model *m, size_t i)
{
	return m->lazy ? bwi_lazy_fact(m->lazy, i) : &m->facts[i];
}

static inline uint32_t bwi_model_rule_number(const bwi_model *m,
                                             const bw_rule *r)
{
	return (uint32_t)(r - m->rules);
}

/* Synonym sets: how many, the size of set s, and its member i. */
static inline size_t bwi_model_nsynsets(const bwi_model *m)
{
	return m->toc->n[BWI_R_SYNSETS] - 1;
}

static inline size_t bwi_model_synset_size(const bwi_model *m, size_t s)
{
	return m->synsets[s + 1] - m->synsets[s];
}

static inline const char *bwi_model_synset_member(const bwi_model *m,
                                                  size_t s, size_t i)
{
	return bwi_rel_str(&m->rels[m->toc->synset_members + m->synsets[s] + i]);
}

/* The body map's views (none without a body map), and their parts. */
static inline size_t bwi_model_nviews(const bwi_model *m)
{
	return m->bodymap ? m->bodymap->nviews : 0;
}

static inline const bwi_map_view *bwi_model_view(const bwi_model *m,
                                                 size_t v)
{
	return (const bwi_map_view *)bwi_rel_get(&m->bodymap->views) + v;
}

static inline const char *bwi_view_outline(const bwi_map_view *v, size_t i)
{
	return (const char *)bwi_rel_at(&v->outlines, i);
}

static inline const bwi_map_region *bwi_view_region(const bwi_map_view *v,
                                                    size_t i)
{
	return (const bwi_map_region *)bwi_rel_get(&v->regions) + i;
}

/* A region's site, and its SVG path data. */
static inline const bw_entity *bwi_region_site(const bwi_map_region *r)
{
	return bwi_checked((const bw_entity *)bwi_rel_get(&r->site));
}

static inline const char *bwi_region_d(const bwi_map_region *r)
{
	return bwi_rel_str(&r->d);
}

static inline const char *bwi_view_name(const bwi_map_view *v)
{
	return bwi_rel_str(&v->name);
}

/* ===== model/image.c ===== */

/*
 * Read an image in place, checked as check says (BWI_CHECK_*: a file's
 * image lazily or whole, so that nothing it holds can lead a read outside
 * it), and fill m.  BW_ECORPUS naming what is wrong (file names the image
 * in the message), else BW_OK.  m refers to image, which must outlive it
 * and stay 8-byte aligned.
 */
bw_status bwi_model_open(bwi_model *m, const void *image, size_t size,
                         int check, const char *file, bw_error *err);
/* Release what the model owns (an image made by an XML open). */
void bwi_model_close(bwi_model *m);

/* ===== model/lookup.c ===== */

/* The entity with exactly this id, or NULL. */
const bw_entity *bwi_model_get(const bwi_model *m, const char *id);
/* When a layer hid the entity with exactly this id (and no later layer
 * brought one back), the file of the <hide>, with its line and column;
 * NULL otherwise.  Lookups treat such an id as found and gone. */
const char *bwi_model_hidden(const bwi_model *m, const char *id,
                             unsigned long *line, unsigned long *column);
/* The BWI_CODE_* of a system's name ("icd10"), or -1. */
int bwi_code_system(const char *name);
/* A code's key: the system's number, then the code's letters upper-cased,
 * digits, ':' and '-', nothing else ("i80.29" and "I8029" are both
 * "0I8029"); 0 when it does not fit in size bytes or holds nothing. */
size_t bwi_code_key(char *key, size_t size, int system, const char *code);
#define BWI_CODE_KEY_MAX 64

/* The code fact whose code covers code (see bw_db_lookup_code): exact,
 * else the longest code it starts with (ICD-10 and ATC shapes, down to
 * three characters), else an ICD-10 range holding its category; NULL
 * when none. */
const bw_fact *bwi_model_code(const bwi_model *m, const char *code);

/* The image's string pool: where it starts, its bytes into *n. */
static inline const char *bwi_model_pool(const bwi_model *m, size_t *n)
{
	*n = m->toc->n[BWI_R_STRINGS];
	return (const char *)m->image + m->toc->off[BWI_R_STRINGS];
}

/* Name key key[0..n) (bwi_name_key of a name or alias) as the name table
 * holds it, in the string pool; NULL when no entity has it. */
const char *bwi_model_name_key(const bwi_model *m, const char *key, size_t n);

/* The entity named name (see bw_db_lookup). */
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
/* The kind of entity such a field names, or BW_KIND_COUNT for other
 * fields. */
int bwi_target_kind(bw_field field);

/* The fields that carry vertebral levels, in level_start[] order. */
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
