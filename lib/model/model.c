/*
 * model.c: the live set of entities and the work done once loading ends.
 *
 * While layers load, the id map holds the live entities: a later layer's
 * entity replaces an earlier one with the same id, and a hide removes one.
 * bwi_draft_finish then freezes the set: it orders entities by kind and id
 * (the order every iterator and index uses), resolves each reference by id
 * into a pointer (checking the kind it must have), and derives the lookup
 * structures: the name map, back-references and per-level muscle lists.
 * Nothing is derived twice and nothing changes after it returns.
 */
#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "../text/text.h"

void bwi_draft_init(bwi_draft *m)
{
	memset(m, 0, sizeof(*m));
	bwi_arena_init(&m->arena);
	bwi_strtab_init(&m->strings, &m->arena);
	bwi_map_init(&m->ids);
	bwi_map_init(&m->hidden);
	bwi_map_init(&m->names);
	bwi_map_init(&m->codes);
}

void bwi_draft_free(bwi_draft *m)
{
	bwi_strtab_free(&m->strings);
	bwi_map_free(&m->ids);
	bwi_map_free(&m->hidden);
	bwi_map_free(&m->names);
	bwi_map_free(&m->codes);
	bwi_free(m->ranges);
	bwi_free(m->all);
	bwi_free(m->synsets);
	for (int f = 0; f < 3; f++)
		for (int l = 0; l < BWI_NLEVELS; l++)
			bwi_free((void *)m->at_level[f][l]);
	bwi_arena_free(&m->arena);
	memset(m, 0, sizeof(*m));
}

const char *bwi_draft_intern(bwi_draft *m, const char *s, size_t n)
{
	return bwi_intern(&m->strings, s, n);
}

static char lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Whether a and b are equal ignoring ASCII case. */
static int same_member(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower_ascii(*a) != lower_ascii(*b))
			return 0;
	return *a == *b;
}

static int has_member(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (same_member(list[i], s))
			return 1;
	return 0;
}

bw_status bwi_draft_add_synset(bwi_draft *m, const char *const *members,
                               size_t n)
{
	bwi_synset *set = NULL;
	const char **list;
	size_t had = 0;
	for (size_t i = 0; i < m->nsynsets && !set; i++)
		for (size_t k = 0; k < n && !set; k++)
			if (has_member(m->synsets[i].members, m->synsets[i].n,
			               members[k]))
				set = &m->synsets[i];
	if (!set) {
		if (bwi_grow(&m->synsets, &m->capsynsets, m->nsynsets + 1,
		             sizeof(*m->synsets)))
			return BW_ENOMEM;
		set = &m->synsets[m->nsynsets++];
		memset(set, 0, sizeof(*set));
	}
	had = set->n;
	/* sets are few and small: a new array in the arena per addition */
	list = bwi_arena_alloc(&m->arena, (had + n) * sizeof(*list));
	if (!list) {
		if (!had)
			m->nsynsets--;
		return BW_ENOMEM;
	}
	if (had)
		memcpy(list, set->members, had * sizeof(*list));
	for (size_t k = 0; k < n; k++)
		if (!has_member(list, set->n, members[k]))
			list[set->n++] = members[k];
	set->members = list;
	return BW_OK;
}

bw_status bwi_draft_put(bwi_draft *m, bwi_dentity *e, bwi_dentity **replaced)
{
	void *old = NULL;
	bw_status st = bwi_map_put(&m->ids, e->id, strlen(e->id), e, &old);
	if (replaced)
		*replaced = old;
	return st;
}

bwi_dentity *bwi_draft_hide_at(bwi_draft *m, const char *id, const char *file,
                             uint32_t line, uint32_t column)
{
	bwi_dentity *e = bwi_map_del(&m->ids, id, strlen(id));
	size_t n = strlen(id);
	bwi_hidden_at *h;
	char *key;
	if (!e)
		return NULL;
	h = bwi_arena_alloc(&m->arena, sizeof(*h));
	key = bwi_arena_strndup(&m->arena, id, n);
	if (h && key && file &&
	    (h->file = bwi_arena_strndup(&m->arena, file, strlen(file)))) {
		h->line = line;
		h->column = column;
		bwi_map_put(&m->hidden, key, n, h, NULL); /* no room: no place */
	}
	return e;
}

const bwi_dentity *bwi_draft_get(const bwi_draft *m, const char *id)
{
	return bwi_map_get(&m->ids, id, strlen(id));
}

const char *bwi_draft_hidden(const bwi_draft *m, const char *id,
                             unsigned long *line, unsigned long *column)
{
	const bwi_hidden_at *h;
	if (bwi_draft_get(m, id))
		return NULL;
	h = bwi_map_get(&m->hidden, id, strlen(id));
	if (line)
		*line = h ? h->line : 0;
	if (column)
		*column = h ? h->column : 0;
	return h ? h->file : NULL;
}

static int entity_cmp(const void *a, const void *b)
{
	const bwi_dentity *x = *(bwi_dentity *const *)a;
	const bwi_dentity *y = *(bwi_dentity *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

static bw_status order_entities(bwi_draft *m)
{
	size_t n = 0;
	if (m->all)
		return BW_OK; /* bwi_draft_check ordered them already */
	m->all = bwi_calloc(m->ids.len ? m->ids.len : 1, sizeof(*m->all));
	if (!m->all)
		return BW_ENOMEM;
	for (size_t i = 0; i < m->ids.cap; i++)
		if (m->ids.slots[i].key)
			m->all[n++] = m->ids.slots[i].value;
	m->nall = n;
	qsort(m->all, n, sizeof(*m->all), entity_cmp);
	for (size_t i = 0; i < n; i++) {
		bwi_dentity *e = m->all[i];
		if (!m->by_kind[e->kind])
			m->by_kind[e->kind] = &m->all[i];
		e->index = (uint32_t)m->count[e->kind]++;
		e->ordinal = (uint32_t)i;
	}
	return BW_OK;
}

/* Resolve id (or NULL) into *out, the entity it names, of kind want.  The
 * caller stores it over the id: the two share storage (struct bwi_dfact). */
static bw_status resolve(const bwi_draft *m, const char *id,
                         const bwi_dentity **out, bw_kind want,
                         const bwi_dentity *from, uint32_t line, uint32_t column,
                         const char *what, bw_error *err)
{
	const bwi_dentity *t, *near = NULL;
	const bwi_hidden_at *hid;
	*out = NULL;
	if (!id)
		return BW_OK;
	t = bwi_draft_get(m, id);
	if (!t && (hid = bwi_map_get(&m->hidden, id, strlen(id))) != NULL)
		return bwi_error_set(err, BW_ECORPUS, from->file, line, column,
		                     "%s '%s' of %s '%s' names no entity: there is "
		                     "no %s with id '%s', hidden by %s:%lu:%lu "
		                     "(<hide id=\"%s\"/>)", what, id,
		                     bw_kind_name(from->kind), from->id,
		                     bw_kind_name(want), id, hid->file,
		                     (unsigned long)hid->line,
		                     (unsigned long)hid->column, id);
	if (!t) {
		int n = (near = bwi_draft_closest(m, want, id)) != NULL;
		return bwi_error_set(err, BW_ECORPUS, from->file, line, column,
		                     "%s '%s' of %s '%s' names no entity: there is "
		                     "no %s with id '%s'%s%s%s", what, id,
		                     bw_kind_name(from->kind), from->id,
		                     bw_kind_name(want), id,
		                     n ? "; did you mean '" : "",
		                     n ? near->id : "", n ? "'?" : "");
	}
	if (t->kind != want)
		return bwi_error_set(err, BW_ECORPUS, from->file, line, column,
		                     "%s '%s' of %s '%s' must name a %s, but '%s' "
		                     "is a %s", what, id, bw_kind_name(from->kind),
		                     from->id, bw_kind_name(want), id,
		                     bw_kind_name(t->kind));
	*out = t;
	return BW_OK;
}

int bwi_target_kind(bw_field f)
{
	switch (f) {
	case BW_FIELD_CAUSES: return BW_KIND_SYMPTOM;
	case BW_FIELD_CONTACT: case BW_FIELD_ZONE: return BW_KIND_SITE;
	case BW_FIELD_TARGET: case BW_FIELD_RELATED: case BW_FIELD_MEMBER:
		return BW_KIND_MUSCLE;
	default: return BW_KIND_COUNT;
	}
}

int bwi_back_slot(bw_field f)
{
	switch (f) {
	case BW_FIELD_CAUSES: return BWI_BACK_CAUSES;
	case BW_FIELD_TARGET: return BWI_BACK_TARGET;
	case BW_FIELD_RELATED: return BWI_BACK_RELATED;
	case BW_FIELD_CONTACT: return BWI_BACK_CONTACT;
	case BW_FIELD_MEMBER: return BWI_BACK_MEMBER;
	case BW_FIELD_ZONE: return BWI_BACK_ZONE;
	default: return -1;
	}
}

static bw_status resolve_entity(bwi_draft *m, bwi_dentity *e, bw_error *err)
{
	bw_status st;
	size_t nfacts = e->field_start[BW_FIELD_COUNT];
	for (size_t i = 0; i < nfacts; i++) {
		bwi_dfact *f = &e->facts[i];
		const bwi_dentity *src, *csrc, *tgt;
		if ((st = resolve(m, f->source_id, &src, BW_KIND_SOURCE, e,
		                  f->line, f->column, "source", err)) ||
		    (st = resolve(m, f->more ? f->more->correction_source_id : NULL,
		                  &csrc, BW_KIND_SOURCE, e, f->line, f->column,
		                  "correction source", err)) ||
		    (st = resolve(m, f->target_id, &tgt, (bw_kind)bwi_target_kind(f->field), e,
		                  f->line, f->column, bw_field_name(f->field), err)))
			return st;
		f->source = src;
		if (f->more)
			f->more->correction_source = csrc;
		f->target = tgt;
		if (tgt)
			((bwi_dentity *)tgt)->nback[bwi_back_slot(f->field)]++;
	}
	for (size_t r = 0; r < e->nrules; r++) {
		bwi_drule *rule = &e->rules[r];
		const bwi_dentity *src;
		if ((st = resolve(m, rule->source_id, &src, BW_KIND_SOURCE, e,
		                  rule->line, rule->column, "rule source", err)))
			return st;
		rule->source = src;
		if ((st = resolve(m, rule->site.id, &rule->site.entity,
		                  BW_KIND_SITE, e, rule->line, rule->column,
		                  "rule site", err)))
			return st;
		for (size_t k = 0; k < rule->nmatches; k++) {
			bwi_dmatch *mt = &rule->matches[k];
			const bwi_dentity *t;
			if ((st = resolve(m, mt->technique_id, &t, BW_KIND_TECHNIQUE,
			                  e, rule->line, rule->column,
			                  "rule technique", err)) ||
			    (st = resolve(m, mt->attr[BWI_MATCH_CONTACT], &mt->site,
			                  BW_KIND_SITE, e, rule->line, rule->column,
			                  "match contact", err)))
				return st;
			mt->technique = t;
		}
		for (size_t k = 0; k < rule->ninstead; k++)
			if ((st = resolve(m, rule->instead[k].id,
			                  &rule->instead[k].entity, BW_KIND_TECHNIQUE,
			                  e, rule->line, rule->column,
			                  "instead technique", err)))
				return st;
	}
	if (e->kind == BW_KIND_SITE)
		return resolve(m, e->within.id, &e->within.entity, BW_KIND_SITE, e,
		               e->line, e->column, "within", err);
	return BW_OK;
}

/* A reference checker for bwi_draft_check: resolves into a local, so the
 * entity keeps its ids, and counts and reports each failure. */
typedef struct checker {
	const bwi_draft *m;
	int (*report)(const bw_error *problem, void *data);
	void *data;
	size_t bad;
	int stop;
} checker;

static void check_ref(checker *c, const bwi_dentity *from, const char *id,
                      bw_kind want, uint32_t line, uint32_t column,
                      const char *what)
{
	const bwi_dentity *t;
	bw_error err;
	if (c->stop || !resolve(c->m, id, &t, want, from, line, column, what,
	                        &err))
		return;
	c->bad++;
	c->stop = c->report(&err, c->data) != 0;
}

/* Every reference of e, as resolve_entity resolves them. */
static void check_entity(checker *c, const bwi_dentity *e)
{
	size_t nfacts = e->field_start[BW_FIELD_COUNT];
	for (size_t i = 0; i < nfacts; i++) {
		const bwi_dfact *f = &e->facts[i];
		check_ref(c, e, f->source_id, BW_KIND_SOURCE, f->line, f->column,
		          "source");
		check_ref(c, e, f->more ? f->more->correction_source_id : NULL,
		          BW_KIND_SOURCE, f->line, f->column,
		          "correction source");
		check_ref(c, e, f->target_id, (bw_kind)bwi_target_kind(f->field), f->line,
		          f->column, bw_field_name(f->field));
	}
	for (size_t r = 0; r < e->nrules; r++) {
		const bwi_drule *rule = &e->rules[r];
		check_ref(c, e, rule->source_id, BW_KIND_SOURCE, rule->line,
		          rule->column, "rule source");
		check_ref(c, e, rule->site.id, BW_KIND_SITE, rule->line,
		          rule->column, "rule site");
		for (size_t k = 0; k < rule->nmatches; k++) {
			const bwi_dmatch *mt = &rule->matches[k];
			check_ref(c, e, mt->technique_id, BW_KIND_TECHNIQUE,
			          rule->line, rule->column, "rule technique");
			check_ref(c, e, mt->attr[BWI_MATCH_CONTACT], BW_KIND_SITE,
			          rule->line, rule->column, "match contact");
		}
		for (size_t k = 0; k < rule->ninstead; k++)
			check_ref(c, e, rule->instead[k].id, BW_KIND_TECHNIQUE,
			          rule->line, rule->column, "instead technique");
	}
	if (e->kind == BW_KIND_SITE)
		check_ref(c, e, e->within.id, BW_KIND_SITE, e->line, e->column,
		          "within");
}

bw_status bwi_draft_check(bwi_draft *m,
                          int (*report)(const bw_error *problem, void *data),
                          void *data)
{
	checker c = { m, report, data, 0, 0 };
	if (order_entities(m))
		return BW_ENOMEM;
	for (size_t i = 0; i < m->nall && !c.stop; i++)
		check_entity(&c, m->all[i]);
	return c.bad ? BW_ECORPUS : BW_OK;
}

/* A site may not lie within itself, however far round: walk each chain
 * at most as many steps as there are sites. */
static bw_status check_sites(const bwi_draft *m, bw_error *err)
{
	size_t n = m->count[BW_KIND_SITE];
	for (size_t i = 0; i < n; i++) {
		const bwi_dentity *s = m->by_kind[BW_KIND_SITE][i], *p = s;
		for (size_t steps = 0; p && steps <= n; steps++) {
			p = p->within.entity;
			if (p == s)
				return bwi_error_set(err, BW_ECORPUS, s->file, s->line,
				                     s->column, "site '%s' lies within "
				                     "itself through its within= chain",
				                     s->id);
		}
	}
	return BW_OK;
}

/* Fill every entity's back-reference arrays; counts are already known. */
static bw_status fill_backrefs(bwi_draft *m)
{
	for (size_t i = 0; i < m->nall; i++) {
		bwi_dentity *e = m->all[i];
		for (int b = 0; b < BWI_NBACK; b++) {
			if (!e->nback[b])
				continue;
			e->back[b] = bwi_arena_alloc(&m->arena,
			                             e->nback[b] * sizeof(bwi_dbackref));
			if (!e->back[b])
				return BW_ENOMEM;
			e->nback[b] = 0; /* refilled below */
		}
	}
	/* Referrers in id order, so each list comes out in id order. */
	for (size_t i = 0; i < m->nall; i++) {
		bwi_dentity *e = m->all[i];
		for (size_t k = 0; k < e->field_start[BW_FIELD_COUNT]; k++) {
			const bwi_dfact *f = &e->facts[k];
			bwi_dentity *t = (bwi_dentity *)f->target;
			int b;
			if (!t)
				continue;
			b = bwi_back_slot(f->field);
			t->back[b][t->nback[b]++].fact = f;
		}
	}
	return BW_OK;
}

static bw_status add_name(bwi_draft *m, const bwi_dentity *e, const char *text,
                          int priority)
{
	char *key;
	size_t klen;
	bwi_name_hit *hit;
	const char *ikey;
	bw_status st = bwi_name_key(&key, &klen, text, strlen(text));
	if (st)
		return st;
	if (klen == 0) {
		bwi_free(key);
		return BW_OK;
	}
	hit = bwi_map_get(&m->names, key, klen);
	if (hit) {
		/* Entities come in kind and id order, so on equal priority the
		 * first one stays. */
		if (priority < hit->priority) {
			hit->entity = e;
			hit->priority = priority;
		}
		bwi_free(key);
		return BW_OK;
	}
	ikey = bwi_draft_intern(m, key, klen);
	bwi_free(key);
	hit = bwi_arena_alloc(&m->arena, sizeof(*hit));
	if (!ikey || !hit)
		return BW_ENOMEM;
	hit->entity = e;
	hit->priority = priority;
	return bwi_map_put(&m->names, ikey, klen, hit, NULL);
}

static bw_status add_code(bwi_draft *m, const bwi_dfact *f)
{
	char key[BWI_CODE_KEY_MAX];
	int system = bwi_code_system(f->qualifier);
	size_t n = system < 0 ? 0 : bwi_code_key(key, sizeof key, system, f->text);
	const char *ikey;
	const bwi_dfact *held;
	if (!n)
		return BW_OK;
	if (system == BWI_CODE_ICD10 && strchr(key, '-')) {
		/* an ICD-10 range: three characters of category either side */
		const char *dash = strchr(key, '-');
		bwi_drange *r;
		if (bwi_grow(&m->ranges, &m->capranges, m->nranges + 1,
		             sizeof(*m->ranges)))
			return BW_ENOMEM;
		r = &m->ranges[m->nranges++];
		memcpy(r->lo, key + 1, 3);
		r->lo[3] = '\0';
		memcpy(r->hi, dash + 1, 3);
		r->hi[3] = '\0';
		r->fact = f;
		return BW_OK;
	}
	if ((held = bwi_map_get(&m->codes, key, n))) {
		/* held by several: the one that does not mark it shared answers,
		 * else the first in kind and id order */
		if (!held->shared || f->shared)
			return BW_OK;
	}
	if (!(ikey = bwi_draft_intern(m, key, n)))
		return BW_ENOMEM;
	return bwi_map_put(&m->codes, ikey, n, (void *)f, NULL);
}

static bw_status build_names(bwi_draft *m)
{
	bw_status st;
	for (size_t i = 0; i < m->nall; i++) {
		const bwi_dentity *e = m->all[i];
		if ((st = add_name(m, e, e->id, 0)) ||
		    (st = add_name(m, e, e->name, 1)))
			return st;
		for (uint32_t k = e->field_start[BW_FIELD_ALIAS];
		     k < e->field_start[BW_FIELD_ALIAS + 1]; k++)
			if ((st = add_name(m, e, e->facts[k].text, 2)))
				return st;
		for (uint32_t k = e->field_start[BW_FIELD_CODE];
		     k < e->field_start[BW_FIELD_CODE + 1]; k++)
			if ((st = add_code(m, &e->facts[k])))
				return st;
	}
	return BW_OK;
}

const bw_field bwi_level_fields[3] = {
	BW_FIELD_ORIGIN, BW_FIELD_INSERTION, BW_FIELD_INNERVATION
};

/* Per level and field, the muscles there in index order. */
static bw_status build_levels(bwi_draft *m)
{
	bwi_dentity **muscles = m->by_kind[BW_KIND_MUSCLE];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->count[BW_KIND_MUSCLE]; i++) {
			const bwi_dentity *e = muscles[i];
			for (int f = 0; f < 3; f++) {
				uint64_t mask = 0;
				bw_field field = bwi_level_fields[f];
				for (uint32_t k = e->field_start[field];
				     k < e->field_start[field + 1]; k++)
					mask |= bwi_dfact_levels(&e->facts[k]);
				for (int l = 0; l < BWI_NLEVELS; l++) {
					if (!(mask & ((uint64_t)1 << l)))
						continue;
					if (pass == 0)
						m->nat_level[f][l]++;
					else
						m->at_level[f][l][m->nat_level[f][l]++] = e;
				}
			}
		}
		if (pass == 1)
			break;
		for (int f = 0; f < 3; f++)
			for (int l = 0; l < BWI_NLEVELS; l++) {
				if (!m->nat_level[f][l])
					continue;
				m->at_level[f][l] = bwi_calloc(m->nat_level[f][l],
				                               sizeof(bwi_dentity *));
				if (!m->at_level[f][l])
					return BW_ENOMEM;
				m->nat_level[f][l] = 0;
			}
	}
	return BW_OK;
}

/* Each region of the body map names a body site. */
static bw_status resolve_bodymap(bwi_draft *m, bw_error *err)
{
	for (size_t v = 0; m->bodymap && v < m->bodymap->nviews; v++) {
		bwi_dview *view = &m->bodymap->views[v];
		for (size_t i = 0; i < view->nregions; i++) {
			bwi_dregion *r = &view->regions[i];
			const bwi_dentity *site = bwi_draft_get(m, r->site_id);
			if (!site || site->kind != BW_KIND_SITE)
				return bwi_error_set(err, BW_ECORPUS, r->file, r->line,
				                     r->column, "region site '%s' of body "
				                     "map view '%s' names no body site",
				                     r->site_id, view->name);
			r->site = site;
		}
	}
	return BW_OK;
}

bw_status bwi_draft_finish(bwi_draft *m, bw_error *err)
{
	bw_status st;
	if ((st = order_entities(m)))
		return bwi_error_code(err, st);
	for (size_t i = 0; i < m->nall; i++)
		if ((st = resolve_entity(m, m->all[i], err)))
			return st;
	if ((st = check_sites(m, err)) || (st = resolve_bodymap(m, err)))
		return st;
	if ((st = fill_backrefs(m)) || (st = build_names(m)) ||
	    (st = build_levels(m)))
		return bwi_error_code(err, st);
	/* Interning is done: drop the map, keep the strings.  The hidden
	 * map stays: a lookup of a hidden id must not find another entity. */
	bwi_strtab_free(&m->strings);
	return BW_OK;
}

const bwi_dentity *bwi_draft_closest(const bwi_draft *m, bw_kind kind,
                                     const char *name)
{
	const bwi_dentity *best = NULL;
	size_t bestd = (size_t)-1, klen;
	char *key;
	if (bwi_name_key(&key, &klen, name, strlen(name)))
		return NULL;
	for (size_t i = 0; i < m->count[kind]; i++) {
		const bwi_dentity *e = m->by_kind[kind][i];
		size_t nalias = e->field_start[BW_FIELD_ALIAS + 1] -
		                e->field_start[BW_FIELD_ALIAS];
		for (size_t k = 0; k < 2 + nalias; k++) {
			const char *text = k == 0 ? e->id : k == 1 ? e->name :
			    e->facts[e->field_start[BW_FIELD_ALIAS] + k - 2].text;
			size_t d = bwi_name_distance(key, klen, text);
			if (d < bestd) {
				bestd = d;
				best = e;
			}
		}
	}
	bwi_free(key);
	return best;
}

const char *bwi_dentity_attr(const bwi_dentity *e, const char *name)
{
	for (int i = 0; i < BWI_ENTITY_NATTR && e->attr_name[i]; i++)
		if (strcmp(e->attr_name[i], name) == 0)
			return e->attr_value[i];
	return NULL;
}
