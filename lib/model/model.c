/*
 * model.c: the live set of entities and the work done once loading ends.
 *
 * While layers load, the id map holds the live entities: a later layer's
 * entity replaces an earlier one with the same id, and a hide removes one.
 * bwi_model_finish then freezes the set: it orders entities by kind and id
 * (the order every iterator and index uses), resolves each reference by id
 * into a pointer (checking the kind it must have), and derives the lookup
 * structures: the name map, back-references and per-level muscle lists.
 * Nothing is derived twice and nothing changes after it returns.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "../text/text.h"

/* Where a layer hid an id (bwi_model_hide_at). */
typedef struct hidden_at {
	const char *file;
	uint32_t line, column;
} hidden_at;

/* A name-map entry: the best entity for one name key so far. */
typedef struct name_hit {
	const bw_entity *entity;
	int priority; /* 0 id, 1 name, 2 alias: lower wins */
} name_hit;

void bwi_model_init(bwi_model *m)
{
	memset(m, 0, sizeof(*m));
	bwi_arena_init(&m->arena);
	bwi_strtab_init(&m->strings, &m->arena);
	bwi_map_init(&m->ids);
	bwi_map_init(&m->hidden);
	bwi_map_init(&m->names);
	bwi_map_init(&m->codes);
}

void bwi_model_free(bwi_model *m)
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

const char *bwi_model_intern(bwi_model *m, const char *s, size_t n)
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

/* Whether s starts with the lower-case word w and a colon, case aside. */
static int prefixed(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if (lower_ascii(*s) != *w)
			return 0;
	return *s == ':';
}

static int has_member(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (same_member(list[i], s))
			return 1;
	return 0;
}

bw_status bwi_model_add_synset(bwi_model *m, const char *const *members,
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

bw_status bwi_model_put(bwi_model *m, bw_entity *e, bw_entity **replaced)
{
	void *old = NULL;
	bw_status st = bwi_map_put(&m->ids, e->id, strlen(e->id), e, &old);
	if (replaced)
		*replaced = old;
	return st;
}

bw_entity *bwi_model_hide_at(bwi_model *m, const char *id, const char *file,
                             uint32_t line, uint32_t column)
{
	bw_entity *e = bwi_map_del(&m->ids, id, strlen(id));
	size_t n = strlen(id);
	hidden_at *h;
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

const bw_entity *bwi_model_get(const bwi_model *m, const char *id)
{
	return bwi_map_get(&m->ids, id, strlen(id));
}

const char *bwi_model_hidden(const bwi_model *m, const char *id,
                             unsigned long *line, unsigned long *column)
{
	const hidden_at *h;
	if (bwi_model_get(m, id))
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
	const bw_entity *x = *(bw_entity *const *)a;
	const bw_entity *y = *(bw_entity *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

static bw_status order_entities(bwi_model *m)
{
	size_t n = 0;
	if (m->all)
		return BW_OK; /* bwi_model_check ordered them already */
	m->all = bwi_calloc(m->ids.len ? m->ids.len : 1, sizeof(*m->all));
	if (!m->all)
		return BW_ENOMEM;
	for (size_t i = 0; i < m->ids.cap; i++)
		if (m->ids.slots[i].key)
			m->all[n++] = m->ids.slots[i].value;
	m->nall = n;
	qsort(m->all, n, sizeof(*m->all), entity_cmp);
	for (size_t i = 0; i < n; i++) {
		bw_entity *e = m->all[i];
		if (!m->by_kind[e->kind])
			m->by_kind[e->kind] = &m->all[i];
		e->index = (uint32_t)m->count[e->kind]++;
		e->ordinal = (uint32_t)i;
	}
	return BW_OK;
}

/* Resolve id (or NULL) into *out, the entity it names, of kind want.  The
 * caller stores it over the id: the two share storage (struct bw_fact). */
static bw_status resolve(const bwi_model *m, const char *id,
                         const bw_entity **out, bw_kind want,
                         const bw_entity *from, uint32_t line, uint32_t column,
                         const char *what, bw_error *err)
{
	const bw_entity *t, *near = NULL;
	const hidden_at *hid;
	*out = NULL;
	if (!id)
		return BW_OK;
	t = bwi_model_get(m, id);
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
		int n = bwi_model_closest(m, want, id, &near, 1) == 1;
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

static bw_kind target_kind(bw_field f)
{
	return f == BW_FIELD_CAUSES ? BW_KIND_SYMPTOM :
	       f == BW_FIELD_CONTACT || f == BW_FIELD_ZONE ? BW_KIND_SITE :
	       BW_KIND_MUSCLE;
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

static bw_status resolve_entity(bwi_model *m, bw_entity *e, bw_error *err)
{
	bw_status st;
	size_t nfacts = e->field_start[BW_FIELD_COUNT];
	for (size_t i = 0; i < nfacts; i++) {
		bw_fact *f = &e->facts[i];
		const bw_entity *src, *csrc, *tgt;
		if ((st = resolve(m, f->source_id, &src, BW_KIND_SOURCE, e,
		                  f->line, f->column, "source", err)) ||
		    (st = resolve(m, f->more ? f->more->correction_source_id : NULL,
		                  &csrc, BW_KIND_SOURCE, e, f->line, f->column,
		                  "correction source", err)) ||
		    (st = resolve(m, f->target_id, &tgt, target_kind(f->field), e,
		                  f->line, f->column, bw_field_name(f->field), err)))
			return st;
		f->source = src;
		if (f->more)
			f->more->correction_source = csrc;
		f->target = tgt;
		if (tgt)
			((bw_entity *)tgt)->nback[bwi_back_slot(f->field)]++;
	}
	for (size_t r = 0; r < e->nrules; r++) {
		bw_rule *rule = &e->rules[r];
		const bw_entity *src;
		if ((st = resolve(m, rule->source_id, &src, BW_KIND_SOURCE, e,
		                  rule->line, rule->column, "rule source", err)))
			return st;
		rule->source = src;
		if ((st = resolve(m, rule->site.id, &rule->site.entity,
		                  BW_KIND_SITE, e, rule->line, rule->column,
		                  "rule site", err)))
			return st;
		for (size_t k = 0; k < rule->nmatches; k++) {
			bwi_match *mt = &rule->matches[k];
			const bw_entity *t;
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

/* A reference checker for bwi_model_check: resolves into a local, so the
 * entity keeps its ids, and counts and reports each failure. */
typedef struct checker {
	const bwi_model *m;
	int (*report)(const bw_error *problem, void *data);
	void *data;
	size_t bad;
	int stop;
} checker;

static void check_ref(checker *c, const bw_entity *from, const char *id,
                      bw_kind want, uint32_t line, uint32_t column,
                      const char *what)
{
	const bw_entity *t;
	bw_error err;
	if (c->stop || !resolve(c->m, id, &t, want, from, line, column, what,
	                        &err))
		return;
	c->bad++;
	c->stop = c->report(&err, c->data) != 0;
}

/* Every reference of e, as resolve_entity resolves them. */
static void check_entity(checker *c, const bw_entity *e)
{
	size_t nfacts = e->field_start[BW_FIELD_COUNT];
	for (size_t i = 0; i < nfacts; i++) {
		const bw_fact *f = &e->facts[i];
		check_ref(c, e, f->source_id, BW_KIND_SOURCE, f->line, f->column,
		          "source");
		check_ref(c, e, f->more ? f->more->correction_source_id : NULL,
		          BW_KIND_SOURCE, f->line, f->column,
		          "correction source");
		check_ref(c, e, f->target_id, target_kind(f->field), f->line,
		          f->column, bw_field_name(f->field));
	}
	for (size_t r = 0; r < e->nrules; r++) {
		const bw_rule *rule = &e->rules[r];
		check_ref(c, e, rule->source_id, BW_KIND_SOURCE, rule->line,
		          rule->column, "rule source");
		check_ref(c, e, rule->site.id, BW_KIND_SITE, rule->line,
		          rule->column, "rule site");
		for (size_t k = 0; k < rule->nmatches; k++) {
			const bwi_match *mt = &rule->matches[k];
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

bw_status bwi_model_check(bwi_model *m,
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
static bw_status check_sites(const bwi_model *m, bw_error *err)
{
	size_t n = m->count[BW_KIND_SITE];
	for (size_t i = 0; i < n; i++) {
		const bw_entity *s = m->by_kind[BW_KIND_SITE][i], *p = s;
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
static bw_status fill_backrefs(bwi_model *m)
{
	for (size_t i = 0; i < m->nall; i++) {
		bw_entity *e = m->all[i];
		for (int b = 0; b < BWI_NBACK; b++) {
			if (!e->nback[b])
				continue;
			e->back[b] = bwi_arena_alloc(&m->arena,
			                             e->nback[b] * sizeof(bwi_backref));
			if (!e->back[b])
				return BW_ENOMEM;
			e->nback[b] = 0; /* refilled below */
		}
	}
	/* Referrers in id order, so each list comes out in id order. */
	for (size_t i = 0; i < m->nall; i++) {
		bw_entity *e = m->all[i];
		for (size_t k = 0; k < e->field_start[BW_FIELD_COUNT]; k++) {
			const bw_fact *f = &e->facts[k];
			bw_entity *t = (bw_entity *)f->target;
			int b;
			if (!t)
				continue;
			b = bwi_back_slot(f->field);
			t->back[b][t->nback[b]++].fact = f;
		}
	}
	return BW_OK;
}

static bw_status add_name(bwi_model *m, const bw_entity *e, const char *text,
                          int priority)
{
	char *key;
	size_t klen;
	name_hit *hit;
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
	ikey = bwi_model_intern(m, key, klen);
	bwi_free(key);
	hit = bwi_arena_alloc(&m->arena, sizeof(*hit));
	if (!ikey || !hit)
		return BW_ENOMEM;
	hit->entity = e;
	hit->priority = priority;
	return bwi_map_put(&m->names, ikey, klen, hit, NULL);
}

/* The code systems by BWI_CODE_*, and the prefixes that name one in a
 * lookup ("atc:L01"). */
static const struct code_system {
	const char *name;
	const char *const prefixes[3];
} code_systems[BWI_NCODE_SYSTEMS] = {
	[BWI_CODE_ICD10] = {"icd10", {"icd10", "icd-10", "icd"}},
	[BWI_CODE_ATC] = {"atc", {"atc", NULL, NULL}},
	[BWI_CODE_FMA] = {"fma", {NULL, NULL, NULL}},
	[BWI_CODE_UBERON] = {"uberon", {NULL, NULL, NULL}},
	[BWI_CODE_TA98] = {"ta98", {"ta98", "ta", NULL}},
	[BWI_CODE_LOCAL] = {"local", {"local", NULL, NULL}},
};
#define NSYSTEMS BWI_NCODE_SYSTEMS

int bwi_code_system(const char *name)
{
	for (size_t i = 0; name && i < NSYSTEMS; i++)
		if (strcmp(code_systems[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A code's key: the system's number, then the code's letters upper-cased,
 * digits, ':' and '-', nothing else ("i80.29" and "I8029" are both
 * "0I8029"); 0 when it does not fit in size bytes or holds nothing. */
static size_t code_key(char *key, size_t size, int system, const char *code)
{
	size_t n = 1;
	key[0] = (char)('0' + system);
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ':' || c == '-'))
			continue;
		if (n + 1 >= size)
			return 0;
		key[n++] = c;
	}
	key[n] = '\0';
	return n > 1 ? n : 0;
}

#define CODE_KEY_MAX 64

static bw_status add_code(bwi_model *m, const bw_fact *f)
{
	char key[CODE_KEY_MAX];
	int system = bwi_code_system(f->qualifier);
	size_t n = system < 0 ? 0 : code_key(key, sizeof key, system, f->text);
	const char *ikey;
	const bw_fact *held;
	if (!n)
		return BW_OK;
	if (system == BWI_CODE_ICD10 && strchr(key, '-')) {
		/* an ICD-10 range: three characters of category either side */
		const char *dash = strchr(key, '-');
		bwi_code_range *r;
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
	if (!(ikey = bwi_model_intern(m, key, n)))
		return BW_ENOMEM;
	return bwi_map_put(&m->codes, ikey, n, (void *)f, NULL);
}

static bw_status build_names(bwi_model *m)
{
	bw_status st;
	for (size_t i = 0; i < m->nall; i++) {
		const bw_entity *e = m->all[i];
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

/* Whether a key's code has the shape of an ICD-10 or ATC code: a letter,
 * then two digits (ICD-10 allows a letter third), then letters and
 * digits. */
static int hierarchical(const char *key, size_t n)
{
	if (n < 4 || key[1] < 'A' || key[1] > 'Z' || key[2] < '0' ||
	    key[2] > '9' || !((key[3] >= '0' && key[3] <= '9') ||
	                      (key[3] >= 'A' && key[3] <= 'Z')))
		return 0;
	return !strchr(key, '-') && !strchr(key, ':');
}

/* The code fact of system for code exactly (else NULL), with its key and
 * the key's length in key and *n. */
static const bw_fact *code_exact(const bwi_model *m, int system,
                                 const char *code, char *key, size_t *n)
{
	*n = code_key(key, CODE_KEY_MAX, system, code);
	return *n ? bwi_map_get(&m->codes, key, *n) : NULL;
}

/* The code fact of system for code: exact, else (ICD-10 and ATC) the
 * longest held code it starts with, else an ICD-10 range. */
static const bw_fact *code_in(const bwi_model *m, int system, const char *code)
{
	char key[CODE_KEY_MAX];
	size_t n;
	const bw_fact *f = code_exact(m, system, code, key, &n);
	if (f || !n || (system != BWI_CODE_ICD10 && system != BWI_CODE_ATC) ||
	    !hierarchical(key, n))
		return f;
	/* more specific than the corpus holds: "I80.29" is under "I80.2" */
	for (size_t k = n - 1; k >= 4; k--)
		if ((f = bwi_map_get(&m->codes, key, k)))
			return f;
	for (size_t i = 0; system == BWI_CODE_ICD10 && i < m->nranges; i++)
		if (strncmp(key + 1, m->ranges[i].lo, 3) >= 0 &&
		    strncmp(key + 1, m->ranges[i].hi, 3) <= 0)
			return m->ranges[i].fact;
	return NULL;
}

/* Whether an unprefixed code reads as ATC before ICD-10: no dot, and a
 * letter after its first three characters ("B01AA03", not "I80.2"). */
static int atc_first(const char *code)
{
	char key[CODE_KEY_MAX];
	size_t n = code_key(key, sizeof key, BWI_CODE_ATC, code);
	return !strchr(code, '.') && n >= 5 && key[4] >= 'A' && key[4] <= 'Z';
}

const bw_fact *bwi_model_code(const bwi_model *m, const char *code)
{
	char key[CODE_KEY_MAX];
	const bw_fact *f = NULL;
	size_t n = strlen(code);
	int first;
	/* a code is one word: words with spaces between are names, and
	 * answering them costs a lookup per system for nothing */
	while (n && code[n - 1] == ' ')
		n--;
	for (const char *p = code + strspn(code, " "); p < code + n; p++)
		if (*p == ' ')
			return NULL;
	/* "atc:L01" names its system; "FMA:" and "UBERON:" are part of
	 * their codes */
	for (size_t i = 0; i < NSYSTEMS; i++)
		for (size_t k = 0; k < 3 && code_systems[i].prefixes[k]; k++)
			if (prefixed(code, code_systems[i].prefixes[k]))
				return code_in(m, (int)i, code +
				               strlen(code_systems[i].prefixes[k]) + 1);
	/* unprefixed: a code held exactly, in the systems' order ("L01" is
	 * ICD-10's before ATC's); then a broader code or range of the
	 * hierarchical system the code's shape suggests first */
	for (size_t i = 0; i < NSYSTEMS && !f; i++)
		f = code_exact(m, (int)i, code, key, &n);
	first = atc_first(code) ? BWI_CODE_ATC : BWI_CODE_ICD10;
	if (!f)
		f = code_in(m, first, code);
	if (!f)
		f = code_in(m, first == BWI_CODE_ATC ? BWI_CODE_ICD10 : BWI_CODE_ATC,
		            code);
	return f;
}

const bw_field bwi_level_fields[3] = {
	BW_FIELD_ORIGIN, BW_FIELD_INSERTION, BW_FIELD_INNERVATION
};

/* Per level and field, the muscles there in index order. */
static bw_status build_levels(bwi_model *m)
{
	bw_entity **muscles = m->by_kind[BW_KIND_MUSCLE];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->count[BW_KIND_MUSCLE]; i++) {
			const bw_entity *e = muscles[i];
			for (int f = 0; f < 3; f++) {
				uint64_t mask = 0;
				bw_field field = bwi_level_fields[f];
				for (uint32_t k = e->field_start[field];
				     k < e->field_start[field + 1]; k++)
					mask |= bwi_fact_levels(&e->facts[k]);
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
				                               sizeof(bw_entity *));
				if (!m->at_level[f][l])
					return BW_ENOMEM;
				m->nat_level[f][l] = 0;
			}
	}
	return BW_OK;
}

/* Each region of the body map names a body site. */
static bw_status resolve_bodymap(bwi_model *m, bw_error *err)
{
	for (size_t v = 0; m->bodymap && v < m->bodymap->nviews; v++) {
		bwi_map_view *view = &m->bodymap->views[v];
		for (size_t i = 0; i < view->nregions; i++) {
			bwi_map_region *r = &view->regions[i];
			const bw_entity *site = bwi_model_get(m, r->site_id);
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

bw_status bwi_model_finish(bwi_model *m, bw_error *err)
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

bw_status bwi_model_lookup(const bw_entity **out, const bwi_model *m,
                           const char *name)
{
	const name_hit *hit;
	char *key;
	size_t klen;
	bw_status st;
	*out = bwi_model_get(m, name);
	if (*out)
		return BW_OK;
	if (bwi_model_hidden(m, name, NULL, NULL))
		return BW_ENOTFOUND; /* a hidden id ends the search */
	st = bwi_name_key(&key, &klen, name, strlen(name));
	if (st)
		return st;
	hit = bwi_map_get(&m->names, key, klen);
	bwi_free(key);
	if (!hit) {
		/* a code another system uses: "I80.2", "B01AA03" */
		const bw_fact *f = bwi_model_code(m, name);
		if (!f)
			return BW_ENOTFOUND;
		*out = f->owner;
		return BW_OK;
	}
	*out = hit->entity;
	return BW_OK;
}

/* The distance from key to the closest of e's id, name and aliases. */
static size_t entity_distance(const bw_entity *e, const char *key, size_t klen)
{
	size_t best = (size_t)-1;
	size_t nalias = e->field_start[BW_FIELD_ALIAS + 1] -
	                e->field_start[BW_FIELD_ALIAS];
	for (size_t i = 0; i < 2 + nalias; i++) {
		const char *text = i == 0 ? e->id : i == 1 ? e->name :
		                   e->facts[e->field_start[BW_FIELD_ALIAS] + i - 2].text;
		char *k;
		size_t kn, d;
		if (bwi_name_key(&k, &kn, text, strlen(text)))
			continue;
		d = bwi_edit_distance(key, klen, k, kn, 64);
		/* a name holding the key as a word ("hernia" in "Umbilical
		 * hernia") is nearer than one merely spelled alike */
		for (size_t at = 0; at < kn;) {
			size_t end = at, wd;
			while (end < kn && k[end] != ' ')
				end++;
			wd = 1 + 2 * bwi_edit_distance(key, klen, k + at, end - at, 32);
			if (wd < d)
				d = wd;
			at = end + 1;
		}
		bwi_free(k);
		if (d < best)
			best = d;
	}
	return best;
}

size_t bwi_model_closest(const bwi_model *m, bw_kind kind, const char *name,
                         const bw_entity **out, size_t n)
{
	size_t dist[8], got = 0, klen;
	char *key;
	if (n > 8)
		n = 8;
	if (!n || (unsigned)kind >= BW_KIND_COUNT ||
	    bwi_name_key(&key, &klen, name, strlen(name)))
		return 0;
	for (size_t i = 0; i < m->count[kind]; i++) {
		const bw_entity *e = m->by_kind[kind][i];
		size_t d = entity_distance(e, key, klen), j;
		if (got == n && d >= dist[n - 1])
			continue;
		/* insertion into the sorted top n; ties keep id order */
		j = got < n ? got++ : n - 1;
		while (j > 0 && dist[j - 1] > d) {
			dist[j] = dist[j - 1];
			out[j] = out[j - 1];
			j--;
		}
		dist[j] = d;
		out[j] = e;
	}
	bwi_free(key);
	return got;
}
