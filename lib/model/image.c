/*
 * image.c: laying a finished draft out as an image (bwi_image_write), and
 * reading one in place (bwi_model_open).  model.h describes the records;
 * docs/compiled.md the layout.
 *
 * The writer works in two passes over the draft: the first counts every
 * region's records and gathers the strings into one pool (each distinct
 * string once, so strings equal in the draft stay one string), the second
 * fills the records, each reference written as the distance from its own
 * field to what it names.
 */
#include <stdlib.h>
#include <string.h>

#include "draft.h"

#define ALIGN 8u
#define IMAGE_MAX ((size_t)INT32_MAX)

/* ===== Writing ===== */

typedef struct writer {
	const bwi_draft *m;
	bw_error *err;
	unsigned char *img;
	bwi_image_toc toc;
	size_t off[BWI_NREGIONS];      /* region starts */
	size_t next[BWI_NREGIONS];     /* next free record, pass two */
	uint32_t *fact_base;           /* per ordinal: its first fact */
	uint32_t *rule_base;
	bwi_map pool;                  /* string -> pool offset + 1 */
	char *strings;
	size_t nstrings, capstrings;
	struct sort_key *names;        /* the name table, sorted in pass one */
} writer;

/* The pool offset of s, adding it on first sight. */
static bw_status pool_add(writer *w, const char *s)
{
	size_t n;
	if (!s)
		return BW_OK;
	n = strlen(s);
	if (bwi_map_get(&w->pool, s, n))
		return BW_OK;
	if (bwi_grow(&w->strings, &w->capstrings, w->nstrings + n + 1, 1))
		return BW_ENOMEM;
	memcpy(w->strings + w->nstrings, s, n + 1);
	if (bwi_map_put(&w->pool, s, n, (void *)(uintptr_t)(w->nstrings + 1),
	                NULL))
		return BW_ENOMEM;
	w->nstrings += n + 1;
	return BW_OK;
}

static size_t str_off(const writer *w, const char *s)
{
	uintptr_t v = (uintptr_t)bwi_map_get(&w->pool, s, strlen(s));
	return w->off[BWI_R_STRINGS] + (size_t)v - 1;
}

/* Point the rel at field to image offset target (0: nothing). */
static void set_at(writer *w, bwi_rel *field, size_t target)
{
	*field = target ? (bwi_rel)((ptrdiff_t)target -
	                            ((unsigned char *)field - w->img)) : 0;
}

static void set_str(writer *w, bwi_rel *field, const char *s)
{
	set_at(w, field, s ? str_off(w, s) : 0);
}

static size_t ent_off(const writer *w, const bwi_dentity *e)
{
	return e ? w->off[BWI_R_ENTITIES] + e->ordinal * sizeof(bw_entity) : 0;
}

static uint32_t fact_index(const writer *w, const bwi_dfact *f)
{
	return w->fact_base[f->owner->ordinal] +
	       (uint32_t)(f - f->owner->facts);
}

static size_t fact_off(const writer *w, const bwi_dfact *f)
{
	return w->off[BWI_R_FACTS] + fact_index(w, f) * sizeof(bw_fact);
}

/* Take n records of region r: their image offset. */
static size_t take(writer *w, int r, size_t n)
{
	size_t at = w->off[r] + w->next[r] * bwi_image_rec[r];
	w->next[r] += n;
	return at;
}

/* Whether e's record can be derived again from what the image keeps, as
 * the loader makes it: its attributes each one its kind names, in the
 * slots' order (the image keeps only the values, by slot), and its summary
 * the text of its last summary fact (the image keeps no copy).  Else
 * BW_ECORPUS. */
static bw_status entity_fits(writer *w, const bwi_dentity *e)
{
	size_t ns = e->field_start[BW_FIELD_SUMMARY + 1] -
	            e->field_start[BW_FIELD_SUMMARY];
	const char *summary = ns ?
	    e->facts[e->field_start[BW_FIELD_SUMMARY] + ns - 1].text : NULL;
	if (summary != e->summary &&
	    (!summary || !e->summary || strcmp(summary, e->summary) != 0))
		return bwi_error_set(w->err, BW_ECORPUS, e->file, e->line,
		                     e->column, "the summary of '%s' is not its "
		                     "summary element's", e->id);
	for (int a = 0, last = -1; a < BWI_ENTITY_NATTR && e->attr_name[a]; a++) {
		int s = bwi_entity_attr_slot(e->kind, e->attr_name[a]);
		if (s <= last || !e->attr_value[a])
			return bwi_error_set(w->err, BW_ECORPUS, e->file, e->line,
			                     e->column, "the attribute %s= of '%s' "
			                     "has no place in a compiled record",
			                     e->attr_name[a], e->id);
		last = s;
	}
	return BW_OK;
}

/* Whether fact f's qualifier is one of its field's vocabulary, which the
 * image stores by index.  Else BW_ECORPUS. */
static bw_status qualifier_fits(writer *w, const bwi_dentity *e,
                                const bwi_dfact *f)
{
	if (bwi_qualifier_index(f->field, f->qualifier) >= 0)
		return BW_OK;
	return bwi_error_set(w->err, BW_ECORPUS, e->file, f->line, f->column,
	                     "\"%.40s\" of a <%s> of '%s' is none of the "
	                     "schema's values", f->qualifier,
	                     bw_field_name((bw_field)f->field), e->id);
}

/* A key and what it leads to, for sorting a table before it is written
 * (a rel cannot be moved, so the records are written in sorted order).
 * at is the hidden id's record in the draft. */
typedef struct sort_key {
	const char *key;
	uint32_t value;
	const bwi_hidden_at *at;
} sort_key;

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const sort_key *)a)->key, ((const sort_key *)b)->key);
}

/* The keys of a draft map (for the names map, values are bwi_name_hit;
 * for codes, facts; for hidden ids, bwi_hidden_at), sorted, into keys. */
static size_t sorted_keys(const writer *w, const bwi_map *map, int which,
                          sort_key *keys)
{
	size_t k = 0;
	for (size_t i = 0; i < map->cap; i++) {
		const bwi_map_slot *sl = &map->slots[i];
		if (!sl->key)
			continue;
		keys[k].key = sl->key;
		keys[k].at = which == 2 ? sl->value : NULL;
		keys[k].value = which == 0 ?
		    ((const bwi_name_hit *)sl->value)->entity->ordinal :
		    which == 1 ? fact_index(w, sl->value) : 0;
		k++;
	}
	qsort(keys, k, sizeof(*keys), key_cmp);
	return k;
}

/* The name table's keys, first in the pool and in their order: the
 * suggestion labels lie in them (lib/index), and a prefix walk over the
 * labels then reads a few compact megabytes instead of the whole pool. */
static bw_status pool_names(writer *w)
{
	const bwi_draft *m = w->m;
	size_t k;
	bw_status st = BW_OK;
	w->names = bwi_malloc((m->names.len ? m->names.len : 1) *
	                      sizeof(*w->names));
	if (!w->names)
		return BW_ENOMEM;
	k = sorted_keys(w, &m->names, 0, w->names);
	w->next[BWI_R_NAMES] = k;
	for (size_t i = 0; i < k && !st; i++)
		st = pool_add(w, w->names[i].key);
	return st;
}

/* Pass one: count records and pool strings.  BW_ENOMEM, or BW_ECORPUS
 * (in w->err) for a draft the image cannot hold. */
static bw_status count_all(writer *w)
{
	const bwi_draft *m = w->m;
	size_t *n = w->next;
	bw_status st = BW_OK;
	n[BWI_R_ENTITIES] = n[BWI_R_IDS] = m->nall;
	if ((st = pool_names(w)))
		return st;
	for (size_t i = 0; i < m->nall && !st; i++) {
		const bwi_dentity *e = m->all[i];
		size_t nf = e->field_start[BW_FIELD_COUNT];
		w->fact_base[i] = (uint32_t)n[BWI_R_FACTS];
		w->rule_base[i] = (uint32_t)n[BWI_R_RULES];
		n[BWI_R_FACTS] += nf;
		n[BWI_R_RULES] += e->nrules;
		n[BWI_R_RELS] += e->nregions;
		for (int b = 0; b < BWI_NBACK; b++)
			n[BWI_R_RELS] += e->nback[b];
		/* (the summary is a summary fact's text, below) */
		if ((st = entity_fits(w, e)) || (st = pool_add(w, e->id)) ||
		    (st = pool_add(w, e->name)) || (st = pool_add(w, e->file)))
			break;
		for (int a = 0; a < BWI_ENTITY_NATTR && !st; a++)
			st = pool_add(w, e->attr_value[a]);
		for (size_t k = 0; k < e->nregions && !st; k++)
			st = pool_add(w, e->regions[k]);
		for (size_t k = 0; k < nf && !st; k++) {
			const bwi_dfact *f = &e->facts[k];
			if (f->more) {
				n[BWI_R_MORE]++;
				st = pool_add(w, f->more->correction);
			}
			if (!st && !(st = qualifier_fits(w, e, f)))
				st = pool_add(w, f->text);
		}
		for (size_t r = 0; r < e->nrules && !st; r++) {
			const bwi_drule *ru = &e->rules[r];
			n[BWI_R_MATCHES] += ru->nmatches;
			n[BWI_R_RELS] += ru->ninstead + ru->nprefer;
			if (!(st = pool_add(w, ru->reason)))
				st = pool_add(w, ru->adjustment);
			for (size_t k = 0; k < ru->nprefer && !st; k++)
				st = pool_add(w, ru->prefer[k]);
			for (size_t k = 0; k < ru->nmatches && !st; k++)
				for (int a = 0; a < BWI_MATCH_NATTR && !st; a++)
					st = pool_add(w, ru->matches[k].attr[a]);
		}
	}
	for (size_t i = 0; i < m->hidden.cap && !st; i++)
		if (m->hidden.slots[i].key) {
			const bwi_hidden_at *h = m->hidden.slots[i].value;
			n[BWI_R_HIDDEN]++;
			if (!(st = pool_add(w, m->hidden.slots[i].key)))
				st = pool_add(w, h->file);
		}
	for (size_t i = 0; i < m->codes.cap && !st; i++)
		if (m->codes.slots[i].key) {
			n[BWI_R_CODES]++;
			st = pool_add(w, m->codes.slots[i].key);
		}
	n[BWI_R_RANGES] = m->nranges;
	for (int f = 0; f < 3; f++)
		for (int l = 0; l < BWI_NLEVELS; l++)
			n[BWI_R_LEVELS] += m->nat_level[f][l];
	n[BWI_R_SYNSETS] = m->nsynsets + 1;
	w->toc.synset_members = (uint32_t)n[BWI_R_RELS];
	for (size_t s = 0; s < m->nsynsets && !st; s++) {
		n[BWI_R_RELS] += m->synsets[s].n;
		for (size_t k = 0; k < m->synsets[s].n && !st; k++)
			st = pool_add(w, m->synsets[s].members[k]);
	}
	if (m->bodymap && !st) {
		n[BWI_R_BODYMAP] = 1;
		n[BWI_R_VIEWS] = m->bodymap->nviews;
		st = pool_add(w, m->bodymap->id);
		for (size_t v = 0; v < m->bodymap->nviews && !st; v++) {
			const bwi_dview *view = &m->bodymap->views[v];
			n[BWI_R_RELS] += view->noutlines;
			n[BWI_R_REGIONS] += view->nregions;
			st = pool_add(w, view->name);
			for (size_t k = 0; k < view->noutlines && !st; k++)
				st = pool_add(w, view->outlines[k]);
			for (size_t k = 0; k < view->nregions && !st; k++)
				if (!(st = pool_add(w, view->regions[k].d)))
					st = pool_add(w, view->regions[k].file);
		}
	}
	if (!st)
		st = pool_add(w, ""); /* so the pool is never empty */
	n[BWI_R_STRINGS] = w->nstrings;
	return st;
}

/* Region starts from the counts; the image's size into *size. */
static bw_status lay_out(writer *w, size_t *size, bw_error *err)
{
	size_t at = (sizeof(bwi_image_toc) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	for (int r = 0; r < BWI_NREGIONS; r++) {
		w->off[r] = at;
		if (w->next[r] > UINT32_MAX ||
		    w->next[r] > (IMAGE_MAX - at) / bwi_image_rec[r])
			return bwi_error_set(err, BW_ECORPUS, NULL, 0, 0, "the "
			                     "corpus does not fit in one image "
			                     "(2 GiB)");
		at += w->next[r] * bwi_image_rec[r];
		at = (at + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		w->toc.off[r] = (uint32_t)w->off[r];
		w->toc.n[r] = (uint32_t)w->next[r];
	}
	if (at > IMAGE_MAX)
		return bwi_error_set(err, BW_ECORPUS, NULL, 0, 0, "the corpus "
		                     "does not fit in one image (2 GiB)");
	w->toc.size = (uint32_t)at;
	*size = at;
	return BW_OK;
}

/* A rel array of n elements in the RELS region: its offset (0 when
 * empty), each element filled by the caller. */
static bwi_rel *rels(writer *w, size_t n, size_t *at)
{
	*at = take(w, BWI_R_RELS, n);
	return (bwi_rel *)(w->img + *at);
}

static void write_fact(writer *w, bw_fact *out, const bwi_dfact *f)
{
	set_str(w, &out->text, f->text);
	/* (count_all has made sure it is one of the field's) */
	out->qualifier = (uint8_t)bwi_qualifier_index(f->field, f->qualifier);
	set_at(w, &out->source, ent_off(w, f->source));
	set_at(w, &out->target, ent_off(w, f->target));
	set_at(w, &out->owner, ent_off(w, f->owner));
	out->line = f->line;
	out->column = f->column;
	out->field = (uint8_t)f->field;
	out->evidence = f->evidence;
	out->shared = f->shared;
	if (f->more) {
		size_t at = take(w, BWI_R_MORE, 1);
		bwi_fact_more *mo = (bwi_fact_more *)(w->img + at);
		mo->levels = f->more->levels;
		set_str(w, &mo->correction, f->more->correction);
		set_at(w, &mo->correction_source,
		       ent_off(w, f->more->correction_source));
		set_at(w, &out->more, at);
	}
}

static void write_rule(writer *w, bw_rule *out, const bwi_drule *r)
{
	size_t at;
	bwi_rel *arr;
	out->severity = r->severity;
	out->evidence = r->evidence;
	set_at(w, &out->site, ent_off(w, r->site.entity));
	set_str(w, &out->reason, r->reason);
	set_str(w, &out->adjustment, r->adjustment);
	set_at(w, &out->source, ent_off(w, r->source));
	set_at(w, &out->owner, ent_off(w, r->owner));
	out->line = r->line;
	out->column = r->column;
	at = take(w, BWI_R_MATCHES, r->nmatches);
	set_at(w, &out->matches, r->nmatches ? at : 0);
	out->nmatches = (uint32_t)r->nmatches;
	for (size_t k = 0; k < r->nmatches; k++) {
		bwi_match *mt = (bwi_match *)(w->img + at) + k;
		const bwi_dmatch *dm = &r->matches[k];
		set_at(w, &mt->technique, ent_off(w, dm->technique));
		for (int a = 0; a < BWI_MATCH_NATTR; a++)
			set_str(w, &mt->attr[a], dm->attr[a]);
		set_at(w, &mt->site, ent_off(w, dm->site));
	}
	arr = rels(w, r->ninstead, &at);
	set_at(w, &out->instead, r->ninstead ? at : 0);
	out->ninstead = (uint32_t)r->ninstead;
	for (size_t k = 0; k < r->ninstead; k++)
		set_at(w, &arr[k], ent_off(w, r->instead[k].entity));
	arr = rels(w, r->nprefer, &at);
	set_at(w, &out->prefer, r->nprefer ? at : 0);
	out->nprefer = (uint32_t)r->nprefer;
	for (size_t k = 0; k < r->nprefer; k++)
		set_str(w, &arr[k], r->prefer[k]);
}

static void write_entity(writer *w, const bwi_dentity *e)
{
	bw_entity *out = (bw_entity *)(w->img + ent_off(w, e));
	size_t nf = e->field_start[BW_FIELD_COUNT], at, nlists = e->nregions;
	bwi_rel *arr;
	out->kind = e->kind;
	out->index = e->index;
	out->ordinal = e->ordinal;
	set_str(w, &out->id, e->id);
	set_str(w, &out->name, e->name);
	set_str(w, &out->file, e->file);
	out->line = e->line;
	out->column = e->column;
	/* each value in its name's slot (count_all has made sure there is
	 * one, and that the draft's order is the slots') */
	for (int a = 0; a < BWI_ENTITY_NATTR && e->attr_name[a]; a++)
		set_str(w, &out->attr_value[bwi_entity_attr_slot(e->kind,
		                                                 e->attr_name[a])],
		        e->attr_value[a]);
	/* the regions and the back-references, one list after another */
	for (int b = 0; b < BWI_NBACK; b++)
		nlists += e->nback[b];
	arr = rels(w, nlists, &at);
	set_at(w, &out->lists, nlists ? at : 0);
	out->nregions = (uint32_t)e->nregions;
	for (size_t k = 0; k < e->nregions; k++)
		set_str(w, arr++, e->regions[k]);
	for (int b = 0; b < BWI_NBACK; b++) {
		out->nback[b] = (uint32_t)e->nback[b];
		for (size_t k = 0; k < e->nback[b]; k++)
			set_at(w, arr++, fact_off(w, e->back[b][k].fact));
	}
	set_at(w, &out->within, ent_off(w, e->within.entity));
	/* the facts offset is set even when there are none: readers add an
	 * index to it */
	at = take(w, BWI_R_FACTS, nf);
	set_at(w, &out->facts, at);
	/* the draft's facts are grouped by field in field order already;
	 * readers find a field's by bisecting them */
	out->nfacts = (uint32_t)nf;
	for (size_t k = 0; k < nf; k++)
		write_fact(w, (bw_fact *)(w->img + at) + k, &e->facts[k]);
	at = take(w, BWI_R_RULES, e->nrules);
	set_at(w, &out->rules, at);
	out->nrules = (uint32_t)e->nrules;
	for (size_t r = 0; r < e->nrules; r++)
		write_rule(w, (bw_rule *)(w->img + at) + r, &e->rules[r]);
}

/* The sorted tables: ids, hidden ids, names, codes and ranges. */
static bw_status write_tables(writer *w)
{
	const bwi_draft *m = w->m;
	uint32_t *ids = (uint32_t *)(w->img + w->off[BWI_R_IDS]);
	bwi_hidden *hid = (bwi_hidden *)(w->img + w->off[BWI_R_HIDDEN]);
	bwi_key *names = (bwi_key *)(w->img + w->off[BWI_R_NAMES]);
	bwi_key *codes = (bwi_key *)(w->img + w->off[BWI_R_CODES]);
	bwi_code_range *ranges = (bwi_code_range *)(w->img + w->off[BWI_R_RANGES]);
	size_t most = m->nall, k;
	sort_key *keys;
	if (m->hidden.len > most)
		most = m->hidden.len;
	if (m->codes.len > most)
		most = m->codes.len;
	if (!(keys = bwi_calloc(most + 1, sizeof(*keys))))
		return BW_ENOMEM;
	for (uint32_t i = 0; i < m->nall; i++) {
		keys[i].key = m->all[i]->id;
		keys[i].value = i;
	}
	qsort(keys, m->nall, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < m->nall; i++)
		ids[i] = keys[i].value;
	k = sorted_keys(w, &m->hidden, 2, keys);
	for (size_t i = 0; i < k; i++) {
		set_str(w, &hid[i].id, keys[i].key);
		set_str(w, &hid[i].file, keys[i].at->file);
		hid[i].line = keys[i].at->line;
		hid[i].column = keys[i].at->column;
	}
	for (size_t i = 0; i < w->toc.n[BWI_R_NAMES]; i++) {
		set_str(w, &names[i].key, w->names[i].key);
		names[i].value = w->names[i].value;
	}
	k = sorted_keys(w, &m->codes, 1, keys);
	for (size_t i = 0; i < k; i++) {
		set_str(w, &codes[i].key, keys[i].key);
		codes[i].value = keys[i].value;
	}
	bwi_free(keys);
	for (size_t i = 0; i < m->nranges; i++) {
		memcpy(ranges[i].lo, m->ranges[i].lo, 4);
		memcpy(ranges[i].hi, m->ranges[i].hi, 4);
		ranges[i].fact = fact_index(w, m->ranges[i].fact);
	}
	return BW_OK;
}

/* Levels, synonym sets and the body map. */
static void write_rest(writer *w)
{
	const bwi_draft *m = w->m;
	uint32_t *lv = (uint32_t *)(w->img + w->off[BWI_R_LEVELS]);
	uint32_t *syn = (uint32_t *)(w->img + w->off[BWI_R_SYNSETS]);
	uint32_t k = 0;
	for (int f = 0; f < 3; f++)
		for (int l = 0; l < BWI_NLEVELS; l++) {
			w->toc.level_start[f][l] = k;
			for (size_t i = 0; i < m->nat_level[f][l]; i++)
				lv[k++] = m->at_level[f][l][i]->ordinal;
			w->toc.level_start[f][l + 1] = k;
		}
	k = 0;
	for (size_t s = 0; s < m->nsynsets; s++) {
		size_t at;
		bwi_rel *arr = rels(w, m->synsets[s].n, &at);
		syn[s] = k;
		for (size_t i = 0; i < m->synsets[s].n; i++)
			set_str(w, &arr[i], m->synsets[s].members[i]);
		k += (uint32_t)m->synsets[s].n;
	}
	syn[m->nsynsets] = k;
	if (m->bodymap) {
		bwi_bodymap *bm = (bwi_bodymap *)(w->img + take(w, BWI_R_BODYMAP, 1));
		size_t vat = take(w, BWI_R_VIEWS, m->bodymap->nviews);
		set_str(w, &bm->id, m->bodymap->id);
		set_at(w, &bm->views, vat);
		bm->nviews = (uint32_t)m->bodymap->nviews;
		for (size_t v = 0; v < m->bodymap->nviews; v++) {
			const bwi_dview *dv = &m->bodymap->views[v];
			bwi_map_view *view = (bwi_map_view *)(w->img + vat) + v;
			size_t at, rat;
			bwi_rel *arr = rels(w, dv->noutlines, &at);
			set_str(w, &view->name, dv->name);
			view->width = dv->width;
			view->height = dv->height;
			set_at(w, &view->outlines, dv->noutlines ? at : 0);
			view->noutlines = (uint32_t)dv->noutlines;
			for (size_t i = 0; i < dv->noutlines; i++)
				set_str(w, &arr[i], dv->outlines[i]);
			rat = take(w, BWI_R_REGIONS, dv->nregions);
			set_at(w, &view->regions, dv->nregions ? rat : 0);
			view->nregions = (uint32_t)dv->nregions;
			for (size_t i = 0; i < dv->nregions; i++) {
				bwi_map_region *r = (bwi_map_region *)(w->img + rat) + i;
				set_at(w, &r->site, ent_off(w, dv->regions[i].site));
				set_str(w, &r->d, dv->regions[i].d);
				set_str(w, &r->file, dv->regions[i].file);
				r->line = dv->regions[i].line;
				r->column = dv->regions[i].column;
			}
		}
	}
}

bw_status bwi_image_write(void **out, size_t *size, const bwi_draft *m,
                          bw_error *err)
{
	writer w;
	bw_status st;
	*out = NULL;
	*size = 0;
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.err = err;
	bwi_map_init(&w.pool);
	w.fact_base = bwi_calloc(m->nall + 1, sizeof(uint32_t));
	w.rule_base = bwi_calloc(m->nall + 1, sizeof(uint32_t));
	if (!w.fact_base || !w.rule_base) {
		st = bwi_error_code(err, BW_ENOMEM);
		goto done;
	}
	if ((st = count_all(&w))) {
		if (st == BW_ENOMEM)
			bwi_error_code(err, st);
		goto done;
	}
	if ((st = lay_out(&w, size, err)))
		goto done;
	w.toc.kind_start[0] = 0;
	for (int k = 0; k < BW_KIND_COUNT; k++)
		w.toc.kind_start[k + 1] = w.toc.kind_start[k] +
		                          (uint32_t)m->count[k];
	if (!(w.img = bwi_calloc(1, *size))) {
		st = bwi_error_code(err, BW_ENOMEM);
		goto done;
	}
	memcpy(w.img + w.off[BWI_R_STRINGS], w.strings, w.nstrings);
	memset(w.next, 0, sizeof(w.next));
	for (size_t i = 0; i < m->nall; i++)
		write_entity(&w, m->all[i]);
	if ((st = write_tables(&w))) {
		bwi_error_code(err, st);
		goto done;
	}
	write_rest(&w);
	memcpy(w.img, &w.toc, sizeof(w.toc));
	*out = w.img;
	w.img = NULL;
done:
	if (st)
		*size = 0;
	bwi_free(w.img);
	bwi_free(w.fact_base);
	bwi_free(w.rule_base);
	bwi_free(w.strings);
	bwi_free(w.names);
	bwi_map_free(&w.pool);
	return st;
}
