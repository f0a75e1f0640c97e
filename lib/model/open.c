/*
 * open.c: reading an image in place (bwi_model_open), and checking one
 * that came from a file before anything reads it.
 *
 * The check is whole and structural: the table of contents places every
 * region inside the image, in order, apart and aligned; every reference in
 * every record lands on a record boundary of the region it must name (an
 * entity reference on an entity, of the kind the field requires, a string
 * reference inside the string pool, which ends with a NUL); every count and
 * index fits; each entity's facts are its own and grouped by field; and
 * body sites' within= chains end.  What the later stages rely on without
 * checking is therefore true of any image that passes, whatever its bytes.
 *
 * An open does not run the whole check (bw_validate does): it checks the
 * table of contents and the small tables, and each entity is checked the
 * first time an accessor hands it out (bwi_lazy_at, bwi_lazy_entity), by
 * the same functions.  Accessors that follow a reference get no database,
 * so a registry of the images being checked this way tells them, by
 * address, which image a record lies in.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "model.h"


const size_t bwi_image_rec[BWI_NREGIONS] = {
	[BWI_R_ENTITIES] = sizeof(bw_entity),
	[BWI_R_FACTS] = sizeof(bw_fact),
	[BWI_R_MORE] = sizeof(bwi_fact_more),
	[BWI_R_RULES] = sizeof(bw_rule),
	[BWI_R_MATCHES] = sizeof(bwi_match),
	[BWI_R_RELS] = sizeof(bwi_rel),
	[BWI_R_IDS] = sizeof(uint32_t),
	[BWI_R_HIDDEN] = sizeof(bwi_hidden),
	[BWI_R_NAMES] = sizeof(bwi_key),
	[BWI_R_CODES] = sizeof(bwi_key),
	[BWI_R_RANGES] = sizeof(bwi_code_range),
	[BWI_R_LEVELS] = sizeof(uint32_t),
	[BWI_R_SYNSETS] = sizeof(uint32_t),
	[BWI_R_BODYMAP] = sizeof(bwi_bodymap),
	[BWI_R_VIEWS] = sizeof(bwi_map_view),
	[BWI_R_REGIONS] = sizeof(bwi_map_region),
	[BWI_R_STRINGS] = 1,
};

static const char *const region_name[BWI_NREGIONS] = {
	"entities", "facts", "fact extras", "rules", "rule matches",
	"reference lists", "id table", "hidden ids", "name table",
	"code table", "code ranges", "level lists", "synonym sets",
	"body map", "body map views", "body map regions", "strings",
};

typedef struct checker {
	const unsigned char *img;
	size_t size;
	const bwi_image_toc *toc;
	const char *file;
	bw_error *err;
} checker;

static bw_status bad(checker *c, const char *what, const char *region,
                     size_t i)
{
	return bwi_error_set(c->err, BW_ECORPUS, c->file, 0, 0,
	                     "not a usable compiled database: %s (%s, record "
	                     "%zu)", what, region, i);
}

/* Where the rel at r lands, as an offset into the image; (size_t)-1 when
 * it names nothing, and a value past the image when it lands outside. */
static size_t landing(const checker *c, const bwi_rel *r)
{
	ptrdiff_t from = (const unsigned char *)r - c->img;
	if (!*r)
		return (size_t)-1;
	if (*r < 0 && (ptrdiff_t)-(int64_t)*r > from)
		return c->size; /* before the image */
	return (size_t)(from + *r);
}

/* Whether the rel at r names record i of region reg (or nothing, when
 * optional), with room for n records from there; the record's index into
 * *idx.  The record size comes from the table, which the compiler folds
 * into a constant where reg is one, sparing a division per check. */
static inline int lands_in(const checker *c, const bwi_rel *r, int reg,
                           size_t n, int optional, size_t *idx)
{
	const size_t size = bwi_image_rec[reg];
	size_t at, start = c->toc->off[reg], count = c->toc->n[reg];
	if (!*r)
		return optional;
	at = landing(c, r);
	if (at < start || at >= c->size)
		return 0;
	at -= start;
	if (at % size)
		return 0;
	at /= size;
	if (at > count || n > count - at)
		return 0;
	if (idx)
		*idx = at;
	return 1;
}

/* A string reference: into the pool (which ends with a NUL). */
static inline int str_ok(const checker *c, const bwi_rel *r, int optional)
{
	size_t i;
	return lands_in(c, r, BWI_R_STRINGS, 1, optional, &i);
}

/* An entity reference, of kind want (BW_KIND_COUNT: any kind).  The kind
 * is read from the ordinal's range rather than from the entity: each
 * entity's kind is checked against its range (check_entity), and the
 * range costs no read of a record elsewhere in the image. */
static inline int ent_ok(const checker *c, const bwi_rel *r, int want,
                         int optional)
{
	size_t i = 0;
	if (!lands_in(c, r, BWI_R_ENTITIES, 1, optional, &i))
		return 0;
	return !*r || want == BW_KIND_COUNT ||
	       (i >= c->toc->kind_start[want] && i < c->toc->kind_start[want + 1]);
}

/* A list of n rels in the RELS region, each passing ok(). */
static int list_ok(const checker *c, const bwi_rel *r, size_t n,
                   int (*ok)(const checker *c, const bwi_rel *r, int want),
                   int want)
{
	const bwi_rel *arr;
	if (!n)
		return 1;
	if (!lands_in(c, r, BWI_R_RELS, n, 0, NULL))
		return 0;
	arr = (const bwi_rel *)bwi_rel_get(r);
	for (size_t k = 0; k < n; k++)
		if (!ok(c, &arr[k], want))
			return 0;
	return 1;
}

static int str_item(const checker *c, const bwi_rel *r, int want)
{
	(void)want;
	return str_ok(c, r, 0);
}

static int ent_item(const checker *c, const bwi_rel *r, int want)
{
	return ent_ok(c, r, want, 0);
}

static int fact_item(const checker *c, const bwi_rel *r, int want)
{
	(void)want;
	return lands_in(c, r, BWI_R_FACTS, 1, 0, NULL);
}

static bw_status check_toc(checker *c)
{
	const bwi_image_toc *t = c->toc;
	size_t end = sizeof(bwi_image_toc);
	if (t->size != c->size)
		return bad(c, "its recorded size differs from its length",
		           "contents", 0);
	for (int r = 0; r < BWI_NREGIONS; r++) {
		size_t align = bwi_image_rec[r] >= 8 ? 8 : bwi_image_rec[r] >= 4 ? 4 : 1;
		if (t->off[r] < end || t->off[r] % align ||
		    t->off[r] > c->size ||
		    t->n[r] > (c->size - t->off[r]) / bwi_image_rec[r])
			return bad(c, "a region lies outside the file or "
			           "overlaps another", region_name[r], 0);
		end = t->off[r] + (size_t)t->n[r] * bwi_image_rec[r];
	}
	if (!t->n[BWI_R_STRINGS] ||
	    c->img[t->off[BWI_R_STRINGS] + t->n[BWI_R_STRINGS] - 1] != '\0')
		return bad(c, "the string pool does not end with a NUL",
		           "strings", 0);
	if (t->kind_start[0] != 0 ||
	    t->kind_start[BW_KIND_COUNT] != t->n[BWI_R_ENTITIES] ||
	    t->n[BWI_R_IDS] != t->n[BWI_R_ENTITIES] || t->n[BWI_R_BODYMAP] > 1 ||
	    !t->n[BWI_R_SYNSETS] || t->synset_members > t->n[BWI_R_RELS])
		return bad(c, "its counts disagree", "contents", 0);
	for (int k = 0; k < BW_KIND_COUNT; k++)
		if (t->kind_start[k + 1] < t->kind_start[k])
			return bad(c, "kind ranges out of order", "contents", 0);
	for (int f = 0; f < 3; f++)
		for (int l = 0; l < BWI_NLEVELS; l++)
			if (t->level_start[f][l + 1] < t->level_start[f][l] ||
			    t->level_start[f][l + 1] > t->n[BWI_R_LEVELS])
				return bad(c, "level lists out of range",
				           "level lists", (size_t)l);
	return BW_OK;
}

/* Whether an entity of kind may hold facts of reference field field, as
 * the schema places them (the planner, the relation queries and the maps
 * index per-kind arrays by the owner's index), and whether the field's
 * facts carry a qualifier (a target's role, a zone's extent, a relation's
 * type), which they read without a check. */
static int owner_ok(int field, int kind)
{
	switch (field) {
	case BW_FIELD_CAUSES: case BW_FIELD_RELATED:
		return kind == BW_KIND_MUSCLE;
	case BW_FIELD_TARGET: case BW_FIELD_CONTACT:
		return kind == BW_KIND_TECHNIQUE;
	case BW_FIELD_MEMBER:
		return kind == BW_KIND_GROUP;
	case BW_FIELD_ZONE:
		return kind == BW_KIND_MUSCLE || kind == BW_KIND_SYMPTOM;
	default:
		return 1;
	}
}

static int needs_qualifier(int field)
{
	return field == BW_FIELD_RELATED || field == BW_FIELD_ZONE ||
	       field == BW_FIELD_TARGET;
}

/* Whether q (a fact's BWI_QUAL_*) names a qualifier of field's own
 * vocabulary, or none where the field may go without. */
static int qualifier_ok(unsigned q, int field)
{
	if (q >= BWI_NQUALIFIERS)
		return 0;
	return q == BWI_QUAL_NONE ? !needs_qualifier(field) :
	       bwi_qualifier_field[q] == field;
}

/* Whether fact f of e is out of range or not e's.  Its field is below
 * BW_FIELD_COUNT: check_entity has made sure. */
static int fact_bad(checker *c, const bw_fact *f, const bw_entity *e)
{
	int field = f->field;
	size_t mi;
	int want = bwi_target_kind((bw_field)field);
	const bwi_fact_more *mo;
	if (f->evidence >= BW_EVIDENCE_COUNT ||
	    !owner_ok(field, e->kind) ||
	    !qualifier_ok(f->qualifier, field) ||
	    !str_ok(c, &f->text, 0) ||
	    !ent_ok(c, &f->source, BW_KIND_SOURCE, 1) ||
	    !ent_ok(c, &f->target, want, want == BW_KIND_COUNT) ||
	    (want == BW_KIND_COUNT && f->target) ||
	    bwi_rel_get(&f->owner) != (const void *)e ||
	    !lands_in(c, &f->more, BWI_R_MORE, 1, 1, &mi))
		return 1;
	mo = (const bwi_fact_more *)bwi_rel_get(&f->more);
	return mo && (!str_ok(c, &mo->correction, 1) ||
	              !ent_ok(c, &mo->correction_source, BW_KIND_SOURCE, 1));
}

static int rule_bad(checker *c, const bw_rule *r, const bw_entity *e)
{
	const bwi_match *mt;
	if (r->severity >= BW_SEVERITY_COUNT ||
	    r->evidence >= BW_EVIDENCE_COUNT ||
	    !ent_ok(c, &r->site, BW_KIND_SITE, 1) || !str_ok(c, &r->reason, 0) ||
	    !str_ok(c, &r->adjustment, 1) ||
	    !ent_ok(c, &r->source, BW_KIND_SOURCE, 1) ||
	    bwi_rel_get(&r->owner) != (const void *)e ||
	    !list_ok(c, &r->instead, r->ninstead, ent_item, BW_KIND_TECHNIQUE) ||
	    !list_ok(c, &r->prefer, r->nprefer, str_item, 0) ||
	    (r->nmatches &&
	     !lands_in(c, &r->matches, BWI_R_MATCHES, r->nmatches, 0, NULL)))
		return 1;
	mt = (const bwi_match *)bwi_rel_get(&r->matches);
	for (size_t k = 0; k < r->nmatches; k++) {
		if (!ent_ok(c, &mt[k].technique, BW_KIND_TECHNIQUE, 1) ||
		    !ent_ok(c, &mt[k].site, BW_KIND_SITE, 1))
			return 1;
		for (int a = 0; a < BWI_MATCH_NATTR; a++)
			if (!str_ok(c, &mt[k].attr[a], 1))
				return 1;
	}
	return 0;
}

static bw_status check_entity(checker *c, const bw_entity *e, size_t i)
{
	const char *R = "entities";
	size_t first, nf = e->nfacts;
	const bw_fact *facts;
	const bw_rule *rules;
	const bwi_rel *lists;
	uint64_t nlists = e->nregions;
	if (e->kind >= BW_KIND_COUNT || e->ordinal != i ||
	    i < c->toc->kind_start[e->kind] || i >= c->toc->kind_start[e->kind + 1] ||
	    e->index != i - c->toc->kind_start[e->kind])
		return bad(c, "an entity is out of its kind's order", R, i);
	/* (the summary is a summary fact's text, checked with the facts) */
	if (!str_ok(c, &e->id, 0) || !str_ok(c, &e->name, 0) ||
	    !str_ok(c, &e->file, 1))
		return bad(c, "an entity's text lies outside the strings", R, i);
	/* a value only in a slot its kind names (bwi_entity_attr_names) */
	for (int a = 0; a < BWI_ENTITY_NATTR; a++)
		if (!str_ok(c, &e->attr_value[a], 1) ||
		    (e->attr_value[a] && !bwi_entity_attr_names[e->kind][a]))
			return bad(c, "an attribute lies outside the strings or "
			           "its kind's attributes", R, i);
	/* the regions and then each slot's back-references, one after
	 * another: all of them inside the reference lists */
	for (int b = 0; b < BWI_NBACK; b++)
		nlists += e->nback[b];
	if (nlists && (nlists > c->toc->n[BWI_R_RELS] ||
	               !lands_in(c, &e->lists, BWI_R_RELS, (size_t)nlists, 0,
	                         NULL)))
		return bad(c, "an entity's lists lie outside the reference lists",
		           R, i);
	lists = (const bwi_rel *)bwi_rel_get(&e->lists);
	for (size_t k = 0; k < e->nregions; k++)
		if (!str_ok(c, &lists[k], 0))
			return bad(c, "an entity's regions or site are out of range",
			           R, i);
	if (!ent_ok(c, &e->within, BW_KIND_SITE, 1) ||
	    (e->within && e->kind != BW_KIND_SITE))
		return bad(c, "an entity's regions or site are out of range", R, i);
	if (!lands_in(c, &e->facts, BWI_R_FACTS, nf, 0, &first))
		return bad(c, "an entity's facts lie outside the facts", R, i);
	facts = (const bw_fact *)bwi_rel_get(&e->facts);
	/* a field's facts are found by bisecting the entity's on their
	 * fields (bwi_entity_facts), which finds them all only when each is
	 * a field and they never decrease; checked first, so that a fact
	 * moved out of its group is reported as that */
	for (size_t k = 0; k < nf; k++)
		if (facts[k].field >= BW_FIELD_COUNT ||
		    (k && facts[k].field < facts[k - 1].field))
			return bad(c, "an entity's fields are out of order", R, i);
	for (size_t k = 0; k < nf; k++)
		if (fact_bad(c, &facts[k], e))
			return bad(c, "a fact is out of range or not its "
			           "entity's", "facts", first + k);
	if (e->nrules && !lands_in(c, &e->rules, BWI_R_RULES, e->nrules, 0, NULL))
		return bad(c, "an entity's rules lie outside the rules", R, i);
	rules = (const bw_rule *)bwi_rel_get(&e->rules);
	for (size_t r = 0; r < e->nrules; r++)
		if (e->kind != BW_KIND_CONDITION || rule_bad(c, &rules[r], e))
			return bad(c, "a rule is out of range", "rules", r);
	for (int b = 0; b < BWI_NBACK; b++) {
		const bwi_rel *arr;
		if (!e->nback[b])
			continue;
		arr = lists + bwi_entity_back_start(e, b);
		for (size_t k = 0; k < e->nback[b]; k++)
			if (!fact_item(c, &arr[k], 0))
				return bad(c, "a back-reference is out of range", R, i);
		for (size_t k = 0; k < e->nback[b]; k++) {
			const bw_fact *f = (const bw_fact *)bwi_rel_get(&arr[k]);
			if (bwi_rel_get(&f->target) != (const void *)e ||
			    f->field >= BW_FIELD_COUNT ||
			    bwi_back_slot((bw_field)f->field) != b)
				return bad(c, "a back-reference names a fact that "
				           "does not refer here", R, i);
		}
	}
	return BW_OK;
}

/* The tables: ids, hidden ids, names, codes, ranges, levels, synonym
 * sets; and the body map. */
static bw_status check_tables(checker *c, int whole)
{
	const bwi_image_toc *t = c->toc;
	const unsigned char *img = c->img;
	const uint32_t *ids = (const uint32_t *)(img + t->off[BWI_R_IDS]);
	const uint32_t *lv = (const uint32_t *)(img + t->off[BWI_R_LEVELS]);
	const uint32_t *syn = (const uint32_t *)(img + t->off[BWI_R_SYNSETS]);
	const bwi_hidden *hid = (const bwi_hidden *)(img + t->off[BWI_R_HIDDEN]);
	const bwi_key *names = (const bwi_key *)(img + t->off[BWI_R_NAMES]);
	const bwi_key *codes = (const bwi_key *)(img + t->off[BWI_R_CODES]);
	const bwi_code_range *rg =
		(const bwi_code_range *)(img + t->off[BWI_R_RANGES]);
	size_t nall = t->n[BWI_R_ENTITIES], nfacts = t->n[BWI_R_FACTS];
	/* the large tables, checked entry by entry as lookups read them
	 * unless whole (lookup.c) */
	for (size_t i = 0; whole && i < t->n[BWI_R_IDS]; i++)
		if (ids[i] >= nall)
			return bad(c, "an id entry names no entity", "id table", i);
	for (size_t i = 0; i < t->n[BWI_R_HIDDEN]; i++)
		if (!str_ok(c, &hid[i].id, 0) || !str_ok(c, &hid[i].file, 0))
			return bad(c, "a hidden id is out of range", "hidden ids", i);
	for (size_t i = 0; whole && i < t->n[BWI_R_NAMES]; i++)
		if (!str_ok(c, &names[i].key, 0) || names[i].value >= nall)
			return bad(c, "a name entry is out of range", "name table", i);
	for (size_t i = 0; whole && i < t->n[BWI_R_CODES]; i++) {
		const bw_fact *f;
		if (!str_ok(c, &codes[i].key, 0) || codes[i].value >= nfacts)
			return bad(c, "a code entry is out of range", "code table", i);
		f = (const bw_fact *)(img + t->off[BWI_R_FACTS]) + codes[i].value;
		if (f->field != BW_FIELD_CODE)
			return bad(c, "a code entry names a fact that is no code",
			           "code table", i);
	}
	for (size_t i = 0; i < t->n[BWI_R_RANGES]; i++)
		if (rg[i].fact >= nfacts || rg[i].lo[3] || rg[i].hi[3])
			return bad(c, "a code range is out of range", "code ranges", i);
	for (size_t i = 0; whole && i < t->n[BWI_R_LEVELS]; i++)
		if (lv[i] < t->kind_start[BW_KIND_MUSCLE] ||
		    lv[i] >= t->kind_start[BW_KIND_MUSCLE + 1])
			return bad(c, "a level entry names no muscle", "level lists", i);
	if (syn[0] != 0)
		return bad(c, "synonym sets out of order", "synonym sets", 0);
	for (size_t s = 0; s + 1 < t->n[BWI_R_SYNSETS]; s++)
		if (syn[s + 1] < syn[s] ||
		    syn[s + 1] > t->n[BWI_R_RELS] - t->synset_members)
			return bad(c, "synonym sets out of range", "synonym sets", s);
	for (size_t k = 0; k < syn[t->n[BWI_R_SYNSETS] - 1]; k++)
		if (!str_ok(c, (const bwi_rel *)(img + t->off[BWI_R_RELS]) +
		            t->synset_members + k, 0))
			return bad(c, "a synonym is out of range", "synonym sets", k);
	return BW_OK;
}

static bw_status check_bodymap(checker *c)
{
	const bwi_image_toc *t = c->toc;
	const bwi_bodymap *bm;
	const bwi_map_view *views;
	if (!t->n[BWI_R_BODYMAP])
		return BW_OK;
	bm = (const bwi_bodymap *)(c->img + t->off[BWI_R_BODYMAP]);
	if (!str_ok(c, &bm->id, 0) ||
	    (bm->nviews && !lands_in(c, &bm->views, BWI_R_VIEWS, bm->nviews, 0,
	                             NULL)))
		return bad(c, "the body map is out of range", "body map", 0);
	views = (const bwi_map_view *)bwi_rel_get(&bm->views);
	for (size_t v = 0; v < bm->nviews; v++) {
		const bwi_map_view *view = &views[v];
		const bwi_map_region *rg;
		if (!str_ok(c, &view->name, 0) ||
		    !list_ok(c, &view->outlines, view->noutlines, str_item, 0) ||
		    (view->nregions && !lands_in(c, &view->regions, BWI_R_REGIONS,
		                                 view->nregions, 0, NULL)))
			return bad(c, "a body map view is out of range",
			           "body map views", v);
		rg = (const bwi_map_region *)bwi_rel_get(&view->regions);
		for (size_t i = 0; i < view->nregions; i++)
			if (!ent_ok(c, &rg[i].site, BW_KIND_SITE, 0) ||
			    !str_ok(c, &rg[i].d, 0) || !str_ok(c, &rg[i].file, 1))
				return bad(c, "a body map region is out of range",
				           "body map regions", i);
	}
	return BW_OK;
}

/* Every site's within= chain ends within as many steps as there are
 * sites. */
static bw_status check_sites(checker *c)
{
	const bwi_image_toc *t = c->toc;
	const bw_entity *ents = (const bw_entity *)(c->img + t->off[BWI_R_ENTITIES]);
	size_t lo = t->kind_start[BW_KIND_SITE], hi = t->kind_start[BW_KIND_SITE + 1];
	for (size_t i = lo; i < hi; i++) {
		const bw_entity *p = &ents[i];
		size_t steps = 0;
		while (p && steps++ <= hi - lo)
			p = (const bw_entity *)bwi_rel_get(&p->within);
		if (p)
			return bad(c, "a site lies within itself", "entities", i);
	}
	return BW_OK;
}

/* The whole check, or (whole 0) what an open checks before reading
 * records lazily. */
static bw_status check_image(checker *c, int whole)
{
	bw_status st;
	const bw_entity *ents;
	if ((st = check_toc(c)))
		return st;
	ents = (const bw_entity *)(c->img + c->toc->off[BWI_R_ENTITIES]);
	for (size_t i = 0; whole && i < c->toc->n[BWI_R_ENTITIES]; i++)
		if ((st = check_entity(c, &ents[i], i)))
			return st;
	if ((st = check_tables(c, whole)) || (st = check_bodymap(c)) ||
	    (whole && (st = check_sites(c))))
		return st;
	return BW_OK;
}

/* ===== Checking as it is read ===== */

/* Per entity (BWI_LAZY_*): its own records checked; and the facts
 * referring to it too (their owners checked), so that it may be handed
 * out; its within= chain known to end; found damaged. */
enum { ST_OWN = BWI_LAZY_OWN, ST_READY = BWI_LAZY_READY,
       ST_CHAIN = BWI_LAZY_CHAIN, ST_BAD = BWI_LAZY_BAD };

/* What a damaged entity is handed out as: of its kind, the first of it,
 * with no name, no facts and no rules. */
typedef struct blank_entity {
	bw_entity e;
	char empty[8];
} blank_entity;

struct bwi_lazy {
	struct bwi_lazy_head h;        /* first: model.h reads it */
	checker c;                     /* err unused: each check has its own */
	char file[1024];               /* c.file: the caller's may go */
	atomic_int damaged;            /* 0; 1 while message is written; 2 */
	char message[512];
	blank_entity blank[BW_KIND_COUNT];
	int slot;                      /* in the registry, or -1 */
};

static void lazy_damage(struct bwi_lazy *L, const char *what)
{
	int none = 0;
	if (!atomic_compare_exchange_strong(&L->damaged, &none, 1))
		return;
	snprintf(L->message, sizeof(L->message), "%s", what);
	atomic_store_explicit(&L->damaged, 2, memory_order_release);
}

void bwi_model_damage(const bwi_model *m, const char *what)
{
	if (m->lazy)
		lazy_damage(m->lazy, what);
}

const char *bwi_model_damaged(const bwi_model *m, const char **file)
{
	int d = m->lazy ? atomic_load_explicit(&m->lazy->damaged,
	                                       memory_order_acquire) : 0;
	if (file)
		*file = m->lazy ? m->lazy->file : NULL;
	return d == 2 ? m->lazy->message :
	       d == 1 ? "not a usable compiled database: it is damaged" : NULL;
}

static void state_set(struct bwi_lazy *L, size_t i, unsigned char bits)
{
	atomic_fetch_or_explicit(&L->h.state[i], bits, memory_order_relaxed);
}

/* Site i's within= chain ends (each link a site) within as many steps as
 * there are sites, or at a site already known to end. */
static int chain_ok(struct bwi_lazy *L, size_t i)
{
	size_t lo = L->c.toc->kind_start[BW_KIND_SITE];
	size_t hi = L->c.toc->kind_start[BW_KIND_SITE + 1], steps = 0, j = i;
	for (;;) {
		const bw_entity *p = &L->h.ents[j];
		size_t next;
		if (atomic_load_explicit(&L->h.state[j], memory_order_relaxed) &
		    ST_CHAIN)
			break;
		if (!p->within)
			break;
		if (!lands_in(&L->c, &p->within, BWI_R_ENTITIES, 1, 0, &next) ||
		    next < lo || next >= hi || ++steps > hi - lo)
			return 0;
		j = next;
	}
	for (j = i; !(atomic_load_explicit(&L->h.state[j], memory_order_relaxed) &
	              ST_CHAIN);) {
		state_set(L, j, ST_CHAIN);
		if (!L->h.ents[j].within)
			break;
		j = (size_t)((const bw_entity *)bwi_rel_get(&L->h.ents[j].within) -
		             L->h.ents);
	}
	return 1;
}

/* Entity i's own records: check_entity's checks, and its chain. */
static int own_ok(struct bwi_lazy *L, size_t i)
{
	unsigned char s = atomic_load_explicit(&L->h.state[i], memory_order_relaxed);
	checker c = L->c;
	bw_error err;
	if (s & (ST_OWN | ST_BAD))
		return !(s & ST_BAD);
	c.err = &err;
	if (check_entity(&c, &L->h.ents[i], i) == BW_OK) {
		if (L->h.ents[i].kind != BW_KIND_SITE || chain_ok(L, i)) {
			state_set(L, i, ST_OWN);
			return 1;
		}
		bad(&c, "a site lies within itself", "entities", i);
	}
	state_set(L, i, ST_BAD);
	lazy_damage(L, err.message);
	return 0;
}

/* Whether rec, a record (a fact or a rule: reg) on a record boundary, lies
 * among the n records from the one list names. */
static int among(const void *rec, const bwi_rel *list, size_t n, int reg)
{
	const char *first = bwi_rel_get(list), *at = rec;
	return n && first && at >= first &&
	       (size_t)(at - first) < n * bwi_image_rec[reg];
}

/* Whether rec's owner (the rel at owner) is an entity that passes ok() and
 * holds rec among its own facts or rules (reg). */
static int owned(struct bwi_lazy *L, const void *rec, const bwi_rel *owner,
                 int reg, int (*ok)(struct bwi_lazy *L, size_t i))
{
	const bw_entity *o;
	size_t j;
	if (!lands_in(&L->c, owner, BWI_R_ENTITIES, 1, 0, &j) || !ok(L, j))
		return 0;
	o = &L->h.ents[j];
	return reg == BWI_R_FACTS ?
	       among(rec, &o->facts, o->nfacts, reg) :
	       among(rec, &o->rules, o->nrules, reg);
}

/* Entity i ready to hand out: its own records, and those of every fact
 * referring to it, which its accessors hand out. */
static int ready(struct bwi_lazy *L, size_t i)
{
	const bw_entity *e = &L->h.ents[i];
	unsigned char s = atomic_load_explicit(&L->h.state[i], memory_order_relaxed);
	if (s & (ST_READY | ST_BAD))
		return !(s & ST_BAD);
	if (!own_ok(L, i))
		return 0;
	for (int b = 0; b < BWI_NBACK; b++)
		for (size_t k = 0; k < e->nback[b]; k++) {
			const bw_fact *f = bwi_entity_back(e, b, k);
			if (!owned(L, f, &f->owner, BWI_R_FACTS, own_ok)) {
				state_set(L, i, ST_BAD);
				lazy_damage(L, "not a usable compiled database: a fact "
				            "referring to an entity is damaged or not "
				            "its owner's");
				return 0;
			}
		}
	state_set(L, i, ST_READY);
	return 1;
}

/* The stand-in for entity i, damaged. */
static const bw_entity *blank_for(const struct bwi_lazy *L, size_t i)
{
	return &L->blank[bwi_toc_kind_of(L->c.toc, i)].e;
}

const bw_entity *bwi_lazy_at_slow(struct bwi_lazy *L, size_t ord)
{
	if (ord >= L->h.nall) {
		lazy_damage(L, "not a usable compiled database: an entity number "
		            "is out of range");
		return &L->blank[0].e;
	}
	return ready(L, ord) ? &L->h.ents[ord] : blank_for(L, ord);
}

const char *bwi_lazy_str(struct bwi_lazy *L, const bwi_rel *r)
{
	if (str_ok(&L->c, r, 1))
		return bwi_rel_str(r);
	lazy_damage(L, "not a usable compiled database: a table's string lies "
	            "outside the strings");
	return NULL;
}

/* Record i of region reg (facts or rules), as a table names it: in range,
 * and among the records of an owner ready to hand out; else NULL, with
 * the file marked damaged (what). */
static const void *table_record(struct bwi_lazy *L, int reg, size_t i,
                                const char *what)
{
	const unsigned char *rec;
	const bwi_rel *owner;
	if (i < L->c.toc->n[reg]) {
		rec = L->c.img + L->c.toc->off[reg] + i * bwi_image_rec[reg];
		owner = reg == BWI_R_FACTS ? &((const bw_fact *)rec)->owner :
		        &((const bw_rule *)rec)->owner;
		if (owned(L, rec, owner, reg, ready))
			return rec;
	}
	lazy_damage(L, what);
	return NULL;
}

const bw_fact *bwi_lazy_fact(struct bwi_lazy *L, size_t i)
{
	return table_record(L, BWI_R_FACTS, i, "not a usable compiled database: "
	                    "a table names a fact out of range");
}

const bw_rule *bwi_lazy_rule(struct bwi_lazy *L, size_t i)
{
	return table_record(L, BWI_R_RULES, i, "not a usable compiled database: "
	                    "a rule is out of range");
}

/* The registry: where the images checked as read lie.  Opens and closes
 * take a slot under a spin lock; readers take none and read a slot as a
 * sequence lock (an odd seq: being written), so that a record of any
 * other database never waits. */
#define SLOTS 64

static struct slot {
	atomic_uint seq;
	atomic_uintptr_t lo, hi;       /* the entity region */
	_Atomic(struct bwi_lazy *) lazy;
} slots[SLOTS];
static atomic_flag slots_lock = ATOMIC_FLAG_INIT;
static atomic_uint slots_used;         /* slots below this were used */
atomic_uint bwi_lazy_live;

static void slot_write(struct slot *sl, uintptr_t lo, uintptr_t hi,
                       struct bwi_lazy *L)
{
	unsigned s = atomic_load_explicit(&sl->seq, memory_order_relaxed);
	atomic_store_explicit(&sl->seq, s + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&sl->lo, lo, memory_order_relaxed);
	atomic_store_explicit(&sl->hi, hi, memory_order_relaxed);
	atomic_store_explicit(&sl->lazy, L, memory_order_relaxed);
	atomic_store_explicit(&sl->seq, s + 2, memory_order_release);
}

static int slot_take(struct bwi_lazy *L)
{
	int got = -1;
	while (atomic_flag_test_and_set_explicit(&slots_lock,
	                                         memory_order_acquire))
		;
	for (int i = 0; i < SLOTS && got < 0; i++)
		if (!atomic_load_explicit(&slots[i].lazy, memory_order_relaxed)) {
			slot_write(&slots[i], (uintptr_t)L->h.ents,
			           (uintptr_t)(L->h.ents + L->h.nall), L);
			got = i;
			if ((unsigned)i >= atomic_load(&slots_used))
				atomic_store(&slots_used, (unsigned)i + 1);
			atomic_fetch_add(&bwi_lazy_live, 1);
		}
	atomic_flag_clear_explicit(&slots_lock, memory_order_release);
	return got;
}

static void slot_give(int i)
{
	while (atomic_flag_test_and_set_explicit(&slots_lock,
	                                         memory_order_acquire))
		;
	slot_write(&slots[i], 0, 0, NULL);
	atomic_fetch_sub(&bwi_lazy_live, 1);
	atomic_flag_clear_explicit(&slots_lock, memory_order_release);
}

const bw_entity *bwi_lazy_entity(const bw_entity *e)
{
	uintptr_t p = (uintptr_t)e;
	unsigned used = atomic_load_explicit(&slots_used, memory_order_acquire);
	for (unsigned i = 0; i < used; i++) {
		struct slot *sl = &slots[i];
		uintptr_t lo, hi;
		struct bwi_lazy *L;
		unsigned s1, s2;
		do {
			s1 = atomic_load_explicit(&sl->seq, memory_order_acquire);
			lo = atomic_load_explicit(&sl->lo, memory_order_relaxed);
			hi = atomic_load_explicit(&sl->hi, memory_order_relaxed);
			L = atomic_load_explicit(&sl->lazy, memory_order_relaxed);
			atomic_thread_fence(memory_order_acquire);
			s2 = atomic_load_explicit(&sl->seq, memory_order_relaxed);
		} while (s1 != s2 || (s1 & 1));
		if (L && p >= lo && p < hi)
			/* references land on record boundaries (checked with
			 * the record holding them) */
			return bwi_lazy_at(L, (p - lo) / sizeof(bw_entity));
	}
	return e;
}

/* A checker's state for m's image, registered; NULL when out of memory or
 * slots (the caller checks the image whole instead). */
static struct bwi_lazy *lazy_new(const checker *c)
{
	struct bwi_lazy *L = bwi_calloc(1, sizeof(*L));
	if (!L)
		return NULL;
	L->c = *c;
	L->c.err = NULL;
	snprintf(L->file, sizeof(L->file), "%s", c->file ? c->file : "");
	L->c.file = L->file;
	L->h.ents = (const bw_entity *)(c->img + c->toc->off[BWI_R_ENTITIES]);
	L->h.nall = c->toc->n[BWI_R_ENTITIES];
	L->h.state = bwi_calloc(L->h.nall + 1, 1);
	for (int k = 0; k < BW_KIND_COUNT; k++) {
		blank_entity *b = &L->blank[k];
		b->e.kind = (uint8_t)k;
		b->e.ordinal = c->toc->kind_start[k];
		b->e.id = (bwi_rel)(offsetof(blank_entity, empty) -
		                    offsetof(blank_entity, e.id));
		b->e.name = (bwi_rel)(offsetof(blank_entity, empty) -
		                      offsetof(blank_entity, e.name));
		/* an empty list of facts, somewhere */
		b->e.facts = (bwi_rel)(offsetof(blank_entity, empty) -
		                       offsetof(blank_entity, e.facts));
	}
	if (!L->h.state || (L->slot = slot_take(L)) < 0) {
		bwi_free(L->h.state);
		bwi_free(L);
		return NULL;
	}
	return L;
}

static void lazy_free(struct bwi_lazy *L)
{
	if (!L)
		return;
	slot_give(L->slot);
	bwi_free(L->h.state);
	bwi_free(L);
}

bw_status bwi_model_open(bwi_model *m, const void *image, size_t size,
                         int check, const char *file, bw_error *err)
{
	const unsigned char *img = image;
	const bwi_image_toc *t = image;
	memset(m, 0, sizeof(*m));
	if (((uintptr_t)img & 7u) || size < sizeof(bwi_image_toc))
		return bwi_error_set(err, BW_ECORPUS, file, 0, 0, "not a usable "
		                     "compiled database: too short or misaligned");
	if (check != BWI_CHECK_NONE) {
		checker c = { img, size, t, file, err };
		bw_status st = check_image(&c, check == BWI_CHECK_WHOLE);
		if (!st && check == BWI_CHECK_LAZY && !(m->lazy = lazy_new(&c)))
			st = check_image(&c, 1);
		if (st)
			return st;
	}
	m->image = img;
	m->size = size;
	m->toc = t;
	m->ents = (const bw_entity *)(img + t->off[BWI_R_ENTITIES]);
	m->facts = (const bw_fact *)(img + t->off[BWI_R_FACTS]);
	m->rules = (const bw_rule *)(img + t->off[BWI_R_RULES]);
	m->rels = (const bwi_rel *)(img + t->off[BWI_R_RELS]);
	m->ids = (const uint32_t *)(img + t->off[BWI_R_IDS]);
	m->hidden = (const bwi_hidden *)(img + t->off[BWI_R_HIDDEN]);
	m->names = (const bwi_key *)(img + t->off[BWI_R_NAMES]);
	m->codes = (const bwi_key *)(img + t->off[BWI_R_CODES]);
	m->ranges = (const bwi_code_range *)(img + t->off[BWI_R_RANGES]);
	m->levels = (const uint32_t *)(img + t->off[BWI_R_LEVELS]);
	m->synsets = (const uint32_t *)(img + t->off[BWI_R_SYNSETS]);
	m->bodymap = t->n[BWI_R_BODYMAP] ?
	             (const bwi_bodymap *)(img + t->off[BWI_R_BODYMAP]) : NULL;
	return BW_OK;
}

void bwi_model_close(bwi_model *m)
{
	lazy_free(m->lazy);
	bwi_free(m->owned);
	memset(m, 0, sizeof(*m));
}
