/*
 * plan.c: the technique planner.
 *
 * Forward (bw_plan_new): the techniques aimed at a muscle come from its
 * back-references; each is tested against every rule of the client's
 * conditions.  A rule that applies excludes (absolute, local) or cautions
 * (caution), and every applying rule is kept as a reason with the match
 * that held, so the answer says why.
 *
 * Inverse (bw_plan_restrictions): which rules restrict one technique.  The
 * rule index, built once at load, files each rule under one attribute value
 * per match (the first the match constrains; a min-pressure match under each
 * pressure at or above it; a local rule without matches under its site), and
 * rules with no match at all in a list of their own.  A site key is filed
 * under every site that overlaps it (the site, those within it, those it
 * lies within), so a technique finds it through its own contact sites.
 * The candidates for a technique are the lists under its own values plus
 * that list, each checked in full with bwi_rule_match.
 *
 * The index is flat and holds no pointers (a sorted key set, each key's
 * run of rule numbers, baseline conditions by ordinal), so a compiled
 * database carries it as sections and an open maps it in place; what is
 * read from a file is checked whole at open, before the index is used
 * (it is small: no lazy check is worth its cost).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "../handle/handle.h"

/* ===== The rule index ===== */

/* One key's list while the index is built. */
typedef struct build_list {
	const char *key;
	size_t len;
	uint32_t *rules;              /* rule numbers, in filing order */
	size_t n, cap;
} build_list;

/* The index while it is built: lists found by key, then laid out flat. */
typedef struct builder {
	const bwi_model *m;
	bwi_map map;                  /* key -> build_list* */
	build_list **lists;           /* in the order first filed */
	size_t nlists, lcap;
	uint32_t *always, *baseline;
	size_t nalways, acap, nbaseline, bcap;
	size_t nrules;                /* entries over all lists */
	size_t key_bytes;             /* the keys, a NUL after each */
	bwi_arena arena;              /* keys and lists */
} builder;

static bw_status index_add(builder *b, const char *attr, const char *value,
                           const bw_rule *r)
{
	char key[160];
	int n = snprintf(key, sizeof(key), "%s=%s", attr, value);
	uint32_t num = bwi_model_rule_number(b->m, r);
	build_list *l;
	if (n < 0 || (size_t)n >= sizeof(key))
		return BW_OK; /* values are schema-bounded to 64 bytes */
	l = bwi_map_get(&b->map, key, (size_t)n);
	if (!l) {
		char *k = bwi_arena_strndup(&b->arena, key, (size_t)n);
		l = bwi_arena_alloc(&b->arena, sizeof(*l));
		if (!k || !l || bwi_grow(&b->lists, &b->lcap, b->nlists + 1,
		                         sizeof(*b->lists)) ||
		    bwi_map_put(&b->map, k, (size_t)n, l, NULL))
			return BW_ENOMEM;
		l->key = k;
		l->len = (size_t)n;
		b->lists[b->nlists++] = l;
		b->key_bytes += (size_t)n + 1;
	}
	/* a rule filed twice under one key (two matches alike) once */
	if (l->n && l->rules[l->n - 1] == num)
		return BW_OK;
	if (bwi_grow(&l->rules, &l->cap, l->n + 1, sizeof(*l->rules)))
		return BW_ENOMEM;
	l->rules[l->n++] = num;
	b->nrules++;
	return BW_OK;
}

/* File r under every site overlapping site. */
static bw_status index_site(builder *b, const bw_entity *site,
                            const bw_rule *r)
{
	for (size_t i = 0; i < bwi_model_count(b->m, BW_KIND_SITE); i++) {
		const bw_entity *s = bwi_model_kind_at(b->m, BW_KIND_SITE, i);
		bw_status st;
		if (bwi_sites_overlap(s, site) &&
		    (st = index_add(b, "contact", bwi_entity_id(s), r)))
			return st;
	}
	return BW_OK;
}

static bw_status index_match(builder *b, const bw_rule *r,
                             const bwi_match *mt)
{
	static const int order[] = {
		BWI_MATCH_CONTACT, BWI_MATCH_MOVEMENT, BWI_MATCH_METHOD,
		BWI_MATCH_POSITION, BWI_MATCH_PRESSURE, BWI_MATCH_LEVER,
		BWI_MATCH_MODALITY,
	};
	if (bwi_match_technique(mt))
		return index_add(b, "technique",
		                 bwi_entity_id(bwi_match_technique(mt)), r);
	if (bwi_match_site(mt))
		return index_site(b, bwi_match_site(mt), r);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (bwi_match_attr(mt, order[i]))
			return index_add(b, bwi_match_attr_names[order[i]],
			                 bwi_match_attr(mt, order[i]), r);
	if (bwi_match_attr(mt, BWI_MATCH_MIN_PRESSURE)) {
		for (int p = bwi_pressure_rank(bwi_match_attr(mt, BWI_MATCH_MIN_PRESSURE));
		     p >= 0 && p < 4; p++) {
			bw_status st = index_add(b, "pressure", bwi_pressure_name(p),
			                         r);
			if (st)
				return st;
		}
		return BW_OK;
	}
	return BW_OK; /* an empty <match/> cannot be written: the schema */
}

static void builder_free(builder *b)
{
	for (size_t i = 0; i < b->nlists; i++)
		bwi_free(b->lists[i]->rules);
	bwi_free(b->lists);
	bwi_map_free(&b->map);
	bwi_free(b->always);
	bwi_free(b->baseline);
	bwi_arena_free(&b->arena);
}

static int list_cmp(const void *a, const void *b)
{
	const build_list *const *x = a, *const *y = b;
	return strcmp((*x)->key, (*y)->key);
}

/* Where an empty array points: a section's data, even of no elements, is
 * never NULL. */
static const uint32_t no_entries[1];

/*
 * Lay the built lists out flat in one block that ix owns: the offsets,
 * key_start, the lists, always and baseline (uint32 each, so aligned) and
 * then the key blob, keys in byte order as bwi_strset_find wants them.
 */
static bw_status flatten(bwi_rule_index *ix, builder *b)
{
	size_t words = b->nlists + (b->nlists + 1) + b->nrules + b->nalways +
	               b->nbaseline;
	uint32_t *off, *start, *rules, *always, *baseline;
	char *blob;
	size_t pos = 0, at = 0;
	/* offsets and list positions are uint32: a corpus past that would
	 * need more memory than any allocation gets */
	if (b->key_bytes > UINT32_MAX || b->nrules > UINT32_MAX ||
	    words > (SIZE_MAX - b->key_bytes) / sizeof(uint32_t))
		return BW_ENOMEM;
	if (!(ix->own = bwi_malloc(words * sizeof(uint32_t) + b->key_bytes)))
		return BW_ENOMEM;
	off = ix->own;
	start = off + b->nlists;
	rules = start + b->nlists + 1;
	always = rules + b->nrules;
	baseline = always + b->nalways;
	blob = (char *)(baseline + b->nbaseline);
	if (b->nlists)
		qsort(b->lists, b->nlists, sizeof(*b->lists), list_cmp);
	for (size_t i = 0; i < b->nlists; i++) {
		const build_list *l = b->lists[i];
		off[i] = (uint32_t)pos;
		memcpy(blob + pos, l->key, l->len + 1);
		pos += l->len + 1;
		start[i] = (uint32_t)at;
		memcpy(rules + at, l->rules, l->n * sizeof(*rules));
		at += l->n;
	}
	start[b->nlists] = (uint32_t)at;
	if (b->nalways)
		memcpy(always, b->always, b->nalways * sizeof(*always));
	if (b->nbaseline)
		memcpy(baseline, b->baseline, b->nbaseline * sizeof(*baseline));
	ix->keys.blob = blob;
	ix->keys.off = off;
	ix->keys.n = b->nlists;
	ix->key_bytes = b->key_bytes;
	ix->key_start = start;
	ix->rules = rules;
	ix->nrules = b->nrules;
	ix->always = always;
	ix->nalways = b->nalways;
	ix->baseline = baseline;
	ix->nbaseline = b->nbaseline;
	return BW_OK;
}

void bwi_rule_index_free(bwi_rule_index *ix)
{
	if (!ix)
		return;
	bwi_free(ix->own); /* NULL when the arrays lie in a compiled file */
	bwi_free(ix);
}

bw_status bwi_rule_index_build(bwi_rule_index **out, const bwi_model *m)
{
	bwi_rule_index *ix = bwi_calloc(1, sizeof(*ix));
	builder b;
	bw_status st = BW_OK;
	*out = NULL;
	if (!ix)
		return BW_ENOMEM;
	memset(&b, 0, sizeof(b));
	b.m = m;
	bwi_map_init(&b.map);
	bwi_arena_init(&b.arena);
	for (size_t c = 0; c < bwi_model_count(m, BW_KIND_CONDITION) && !st; c++) {
		const bw_entity *cond = bwi_model_kind_at(m, BW_KIND_CONDITION, c);
		const char *cat = bw_entity_attr(cond, "category");
		if (cat && strcmp(cat, "baseline") == 0) {
			st = bwi_grow(&b.baseline, &b.bcap, b.nbaseline + 1,
			              sizeof(*b.baseline));
			if (!st)
				b.baseline[b.nbaseline++] = bwi_entity_ordinal(cond);
		}
		for (size_t k = 0; k < bw_entity_rule_count(cond) && !st; k++) {
			const bw_rule *r = bw_entity_rule(cond, k);
			size_t nmatches = bw_rule_match_count(r);
			if (nmatches == 0 && bw_rule_severity(r) == BW_SEVERITY_LOCAL)
				st = index_site(&b, bw_rule_site(r), r);
			else if (nmatches == 0) {
				st = bwi_grow(&b.always, &b.acap, b.nalways + 1,
				              sizeof(*b.always));
				if (!st)
					b.always[b.nalways++] =
						bwi_model_rule_number(m, r);
			}
			for (size_t i = 0; i < nmatches && !st; i++)
				st = index_match(&b, r, bwi_rule_match_at(r, i));
		}
	}
	if (!st)
		st = flatten(ix, &b);
	builder_free(&b);
	if (st) {
		bwi_rule_index_free(ix);
		return st;
	}
	*out = ix;
	return BW_OK;
}

/* ===== The rule index in a compiled database ===== */

bw_status bwi_rule_index_sections(const bwi_rule_index *ix,
                                  bwi_sections *out)
{
	/* an empty array still gets a section (a reader tells a missing one
	 * from an empty one) and a pointer a writer may copy from */
	const struct { uint32_t id; size_t elem; const void *data; size_t n; }
	sec[] = {
		{ BWI_SEC_RULE_KEYS, 1, ix->keys.blob, ix->key_bytes },
		{ BWI_SEC_RULE_KEY_OFF, 4, ix->keys.off, ix->keys.n },
		{ BWI_SEC_RULE_KEY_START, 4, ix->key_start, ix->keys.n + 1 },
		{ BWI_SEC_RULE_LIST, 4, ix->rules, ix->nrules },
		{ BWI_SEC_RULE_ALWAYS, 4, ix->always, ix->nalways },
		{ BWI_SEC_RULE_BASELINE, 4, ix->baseline, ix->nbaseline },
	};
	for (size_t i = 0; i < sizeof(sec) / sizeof(sec[0]); i++) {
		const void *data = sec[i].n ? sec[i].data : no_entries;
		if (bwi_sections_add(out, sec[i].id, data, sec[i].elem, sec[i].n))
			return BW_ENOMEM;
	}
	return BW_OK;
}

static bw_status unusable(bw_error *err, const char *file, const char *fmt,
                          ...)
{
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bwi_error_set(err, BW_ECORPUS, file, 0, 0,
	                     "not a usable compiled database: %s", what);
}

/* Section id's data, elem bytes apiece and aligned to them, with its count
 * in *n; NULL when it is missing, of another element size or misaligned.
 * A present section with no elements gets a non-NULL pointer whatever its
 * data pointer is. */
static const void *section(const bwi_sections *s, uint32_t id, size_t elem,
                           size_t *n)
{
	const void *p = bwi_sections_find(s, id, elem, n);
	if (!p) {
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].id == id)
				return s->v[i].elem == elem && s->v[i].count == 0 ?
				       (const void *)no_entries : NULL;
		return NULL;
	}
	return (uintptr_t)p % elem ? NULL : p;
}

bw_status bwi_rule_index_from_sections(bwi_rule_index **out,
                                       const bwi_sections *s,
                                       const bwi_model *m, const char *file,
                                       bw_error *err)
{
	static const struct { uint32_t id; size_t elem; const char *what; }
	need[] = {
		{ BWI_SEC_RULE_KEYS, 1, "rule index keys" },
		{ BWI_SEC_RULE_KEY_OFF, 4, "rule index key offsets" },
		{ BWI_SEC_RULE_KEY_START, 4, "rule index key starts" },
		{ BWI_SEC_RULE_LIST, 4, "rule index lists" },
		{ BWI_SEC_RULE_ALWAYS, 4, "rule index unmatched rules" },
		{ BWI_SEC_RULE_BASELINE, 4, "rule index baseline" },
	};
	const void *data[sizeof(need) / sizeof(need[0])];
	size_t n[sizeof(need) / sizeof(need[0])];
	const char *blob;
	const uint32_t *off, *start, *rules, *always, *baseline;
	size_t nkeys, nrules = bwi_model_nrules(m), nall = bwi_model_nall(m);
	bwi_rule_index *ix;
	*out = NULL;
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!(data[i] = section(s, need[i].id, need[i].elem, &n[i])))
			return unusable(err, file, "%s (section 0x%x) missing, "
			                "or not of %zu-byte elements aligned",
			                need[i].what, (unsigned)need[i].id,
			                need[i].elem);
	blob = data[0];
	off = data[1];
	start = data[2];
	rules = data[3];
	always = data[4];
	baseline = data[5];
	nkeys = n[1];

	/* the keys: each starts inside the blob, whose last byte ends the
	 * last key, and they ascend (bwi_strset_find searches them) */
	if (n[0] && blob[n[0] - 1] != '\0')
		return unusable(err, file, "rule index keys do not end with NUL");
	for (size_t i = 0; i < nkeys; i++) {
		if (off[i] >= n[0])
			return unusable(err, file, "rule index key %zu at offset %lu, "
			                "past the %zu bytes of keys", i,
			                (unsigned long)off[i], n[0]);
		if (i && strcmp(blob + off[i - 1], blob + off[i]) >= 0)
			return unusable(err, file, "rule index key %zu out of order",
			                i);
	}
	/* each key's list lies within the lists, one after another */
	if (n[2] != nkeys + 1)
		return unusable(err, file, "rule index has %zu key starts for %zu "
		                "keys", n[2], nkeys);
	if (start[0] != 0)
		return unusable(err, file, "rule index lists start at %lu, not 0",
		                (unsigned long)start[0]);
	for (size_t i = 1; i <= nkeys; i++)
		if (start[i] < start[i - 1])
			return unusable(err, file, "rule index key starts decrease at "
			                "key %zu", i);
	if (start[nkeys] != n[3])
		return unusable(err, file, "rule index lists end at %lu, not at "
		                "their %zu entries", (unsigned long)start[nkeys],
		                n[3]);
	for (size_t i = 0; i < n[3]; i++)
		if (rules[i] >= nrules)
			return unusable(err, file, "rule index names rule %lu of %zu",
			                (unsigned long)rules[i], nrules);
	for (size_t i = 0; i < n[4]; i++)
		if (always[i] >= nrules)
			return unusable(err, file, "rule index names rule %lu of %zu",
			                (unsigned long)always[i], nrules);
	for (size_t i = 0; i < n[5]; i++) {
		if (baseline[i] >= nall)
			return unusable(err, file, "rule index baseline names entity "
			                "%lu of %zu", (unsigned long)baseline[i], nall);
		if (baseline[i] < m->toc->kind_start[BW_KIND_CONDITION] ||
		    baseline[i] >= m->toc->kind_start[BW_KIND_CONDITION + 1])
			return unusable(err, file, "rule index baseline entity %lu "
			                "is not a condition",
			                (unsigned long)baseline[i]);
	}

	if (!(ix = bwi_calloc(1, sizeof(*ix))))
		return bwi_error_code(err, BW_ENOMEM);
	/* bwi_strset's pointers are not const, but nothing writes through a
	 * set once built: the file's bytes are only read */
	ix->keys.blob = (char *)(uintptr_t)blob;
	ix->keys.off = (uint32_t *)(uintptr_t)off;
	ix->keys.n = nkeys;
	ix->key_bytes = n[0];
	ix->key_start = start;
	ix->rules = rules;
	ix->nrules = n[3];
	ix->always = always;
	ix->nalways = n[4];
	ix->baseline = baseline;
	ix->nbaseline = n[5];
	*out = ix;
	return BW_OK;
}

/* ===== Plans ===== */

typedef struct plan_reason {
	const bw_rule *rule;
	int match;
} plan_reason;

typedef struct plan_item {
	const bw_entity *technique;
	int secondary;                /* the muscle is only a secondary target */
	plan_reason *reasons;         /* strongest first; cautions last */
	size_t nreasons;
	const bw_entity **instead;    /* named instead, and allowed */
	size_t ninstead;
} plan_item;

struct bw_plan {
	const bw_entity *muscle;
	const bw_entity **conditions;
	size_t nconditions;
	plan_item *items[BW_PLAN_LIST_COUNT];
	size_t n[BW_PLAN_LIST_COUNT], cap[BW_PLAN_LIST_COUNT];
};

void bw_plan_free(bw_plan *p)
{
	if (!p)
		return;
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++) {
		for (size_t i = 0; i < p->n[l]; i++) {
			bwi_free(p->items[l][i].reasons);
			bwi_free(p->items[l][i].instead);
		}
		bwi_free(p->items[l]);
	}
	bwi_free(p->conditions);
	bwi_free(p);
}

/* Resolve name to an entity of kind, or fail naming the closest ones. */
static bw_status resolve_name(const bw_entity **out, const bw_db *db,
                              bw_kind kind, const char *name, bw_error *err)
{
	const bw_entity *near[3];
	char list[400];
	size_t n, len = 0;
	bw_status st;
	if (!name)
		return bwi_error_code(err, BW_EINVAL);
	st = bwi_model_lookup(out, &db->model, name);
	/* a muscle may be named by its group: "hamstrings" plans them all */
	if (st == BW_OK && (bwi_entity_kind(*out) == kind ||
	                    (kind == BW_KIND_MUSCLE &&
	                     bwi_entity_kind(*out) == BW_KIND_GROUP)))
		return BW_OK;
	if (st != BW_OK && st != BW_ENOTFOUND)
		return bwi_error_code(err, st);
	n = bwi_model_closest(&db->model, kind, name, near, 3);
	list[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(list); i++) {
		int w = snprintf(list + len, sizeof(list) - len, "%s%s (%s)",
		                 i ? ", " : "", bwi_entity_name(near[i]),
		                 bwi_entity_id(near[i]));
		len += w > 0 ? (size_t)w : 0;
	}
	*out = NULL;
	return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
	                     "unknown %s '%s'%s%s", bw_kind_name(kind), name,
	                     n ? "; closest known: " : "", list);
}

static bw_status add_reason(plan_item *it, size_t *cap, const bw_rule *r,
                            int match)
{
	if (bwi_grow(&it->reasons, cap, it->nreasons + 1,
	             sizeof(*it->reasons)))
		return BW_ENOMEM;
	it->reasons[it->nreasons].rule = r;
	it->reasons[it->nreasons].match = match;
	it->nreasons++;
	return BW_OK;
}

static int is_exclusion(const bw_rule *r)
{
	return bw_severity_excludes(bw_rule_severity(r));
}

/* How strongly a rule speaks: stop and refer, clearance, contraindicated,
 * local, caution. */
static int strength(const bw_rule *r)
{
	static const int rank[BW_SEVERITY_COUNT] = {
		[BW_SEVERITY_RED_FLAG] = 0, [BW_SEVERITY_CLEARANCE] = 1,
		[BW_SEVERITY_CONTRAINDICATED] = 2, [BW_SEVERITY_LOCAL] = 3,
		[BW_SEVERITY_CAUTION] = 4,
	};
	return rank[bw_rule_severity(r)];
}

/* Strongest reasons first, each strength in the order found (a stable
 * insertion sort: reasons are few). */
static void order_reasons(plan_item *it)
{
	for (size_t i = 1; i < it->nreasons; i++) {
		plan_reason t = it->reasons[i];
		size_t j = i;
		while (j > 0 && strength(it->reasons[j - 1].rule) > strength(t.rule)) {
			it->reasons[j] = it->reasons[j - 1];
			j--;
		}
		it->reasons[j] = t;
	}
}

/* Whether some excluding rule of the conditions applies to technique t. */
static int excluded_by(const bw_entity *t, const bw_entity *const *conds,
                       size_t n)
{
	for (size_t c = 0; c < n; c++)
		for (size_t k = 0; k < bw_entity_rule_count(conds[c]); k++)
			if (is_exclusion(bw_entity_rule(conds[c], k)) &&
			    bwi_rule_match(bw_entity_rule(conds[c], k), t) != -2)
				return 1;
	return 0;
}

/*
 * The techniques item it's reasons name instead, each once, leaving out
 * the technique itself and any that the conditions exclude: a plan never
 * recommends what it rules out.  conds NULL means each rule's own
 * condition (the inverse query has no client).
 */
static bw_status offer_instead(plan_item *it, const bw_entity *const *conds,
                               size_t nconds)
{
	size_t cap = 0;
	for (size_t i = 0; i < it->nreasons; i++) {
		const bw_rule *r = it->reasons[i].rule;
		const bw_entity *owner = bw_rule_condition(r);
		for (size_t k = 0; k < bw_rule_instead_count(r); k++) {
			const bw_entity *t = bw_rule_instead(r, k);
			int seen = t == it->technique;
			for (size_t j = 0; j < it->ninstead && !seen; j++)
				seen = it->instead[j] == t;
			if (seen || (conds ? excluded_by(t, conds, nconds) :
			                     excluded_by(t, &owner, 1)))
				continue;
			if (bwi_grow(&it->instead, &cap, it->ninstead + 1,
			             sizeof(*it->instead)))
				return BW_ENOMEM;
			it->instead[it->ninstead++] = t;
		}
	}
	return BW_OK;
}

/* File the finished item in its list. */
static bw_status file_item(bw_plan *p, plan_item *it)
{
	int excluded = it->nreasons && is_exclusion(it->reasons[0].rule);
	int l = excluded ? BW_PLAN_EXCLUDED : BW_PLAN_ALLOWED;
	if (bwi_grow(&p->items[l], &p->cap[l], p->n[l] + 1,
	             sizeof(*p->items[l])))
		return BW_ENOMEM;
	p->items[l][p->n[l]++] = *it;
	return BW_OK;
}

static size_t count_cautions(const plan_item *it)
{
	size_t n = 0;
	for (size_t i = 0; i < it->nreasons; i++)
		n += !is_exclusion(it->reasons[i].rule);
	return n;
}

static int allowed_cmp(const void *a, const void *b)
{
	const plan_item *x = a, *y = b;
	size_t cx = count_cautions(x), cy = count_cautions(y);
	if (x->secondary != y->secondary)
		return x->secondary - y->secondary;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return strcmp(bwi_entity_name(x->technique),
	              bwi_entity_name(y->technique));
}

static int excluded_cmp(const void *a, const void *b)
{
	const plan_item *x = a, *y = b;
	return strcmp(bwi_entity_name(x->technique),
	              bwi_entity_name(y->technique));
}

static bw_status plan_alloc(bw_plan **out, bw_error *err)
{
	*out = bwi_calloc(1, sizeof(**out));
	return *out ? BW_OK : bwi_error_code(err, BW_ENOMEM);
}

/* The planned item for technique t, or NULL. */
static plan_item *planned(bw_plan *p, const bw_entity *t)
{
	for (int l = 0; l < BW_PLAN_LIST_COUNT; l++)
		for (size_t i = 0; i < p->n[l]; i++)
			if (p->items[l][i].technique == t)
				return &p->items[l][i];
	return NULL;
}

/* Attach every rule of condition c that applies to the item's technique. */
static bw_status judge(plan_item *it, size_t *cap, const bw_entity *c)
{
	bw_status st = BW_OK;
	for (size_t k = 0; k < bw_entity_rule_count(c) && !st; k++) {
		const bw_rule *r = bw_entity_rule(c, k);
		int match = bwi_rule_match(r, it->technique);
		if (match != -2)
			st = add_reason(it, cap, r, match);
	}
	return st;
}

/* Judge every technique aimed at muscle m against the plan's conditions
 * and the baseline every client gets (care at endangerment sites)
 * and file it.  done (one bit per technique, by index) marks techniques
 * already judged: for a group, a technique aimed at several members is
 * judged once, primary if it is primary for any of them. */
static bw_status plan_muscle(bw_plan *p, const bw_entity *m,
                             const bw_db *db, unsigned char *done)
{
	const bwi_rule_index *ix = db->rules;
	bw_status st = BW_OK;
	for (size_t i = 0; i < bwi_entity_nback(m, BWI_BACK_TARGET) && !st; i++) {
		const bw_fact *target = bwi_entity_back(m, BWI_BACK_TARGET, i);
		plan_item it = { bwi_fact_owner(target), 0, NULL, 0, NULL, 0 };
		uint32_t t = bwi_entity_index(it.technique);
		size_t cap = 0;
		it.secondary = strcmp(bwi_fact_qualifier(target), "secondary") == 0;
		if (done[t / 8] & (1u << (t % 8))) {
			plan_item *seen = planned(p, it.technique);
			if (seen)
				seen->secondary &= it.secondary;
			continue;
		}
		done[t / 8] |= (unsigned char)(1u << (t % 8));
		for (size_t c = 0; c < p->nconditions && !st; c++)
			st = judge(&it, &cap, p->conditions[c]);
		for (size_t c = 0; c < ix->nbaseline && !st; c++) {
			const bw_entity *b = bwi_model_at(&db->model, ix->baseline[c]);
			int named = 0; /* the client named it too: judged above */
			for (size_t k = 0; k < p->nconditions; k++)
				named |= p->conditions[k] == b;
			if (!named)
				st = judge(&it, &cap, b);
		}
		if (!st) {
			order_reasons(&it);
			st = offer_instead(&it, p->conditions, p->nconditions);
		}
		if (!st)
			st = file_item(p, &it);
		if (st) {
			bwi_free(it.reasons);
			bwi_free(it.instead);
		}
	}
	return st;
}

bw_status bwi_resolve_conditions(const bw_entity ***out, size_t *n,
                                 const bw_db *db, const char *const *names,
                                 size_t nnames, bw_error *err)
{
	const bw_entity **conds = bwi_calloc(nnames ? nnames : 1, sizeof(*conds));
	size_t got = 0;
	*out = NULL;
	*n = 0;
	if (!conds)
		return bwi_error_code(err, BW_ENOMEM);
	for (size_t i = 0; i < nnames; i++) {
		const bw_entity *c;
		int dup = 0;
		bw_status st = resolve_name(&c, db, BW_KIND_CONDITION, names[i], err);
		if (st) {
			bwi_free(conds);
			return st;
		}
		for (size_t k = 0; k < got; k++)
			dup |= conds[k] == c;
		if (!dup)
			conds[got++] = c;
	}
	*out = conds;
	*n = got;
	return BW_OK;
}

bw_status bw_plan_new(bw_plan **out, const bw_db *db, const char *muscle,
                      const char *const *conditions, size_t nconditions,
                      bw_error *err)
{
	const bw_entity *m;
	unsigned char *done;
	bw_plan *p;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !muscle || (nconditions && !conditions))
		return bwi_error_code(err, BW_EINVAL);
	if ((st = resolve_name(&m, db, BW_KIND_MUSCLE, muscle, err)))
		return st;
	if ((st = plan_alloc(&p, err)))
		return st;
	p->muscle = m;
	if ((st = bwi_resolve_conditions(&p->conditions, &p->nconditions, db,
	                                 conditions, nconditions, err))) {
		bw_plan_free(p);
		return st;
	}
	done = bwi_calloc(bwi_model_count(&db->model, BW_KIND_TECHNIQUE) / 8 + 1,
	                  1);
	if (!done)
		st = BW_ENOMEM;
	else if (bwi_entity_kind(m) == BW_KIND_GROUP) {
		size_t nmembers;
		const bw_fact *members = bwi_entity_facts(m, BW_FIELD_MEMBER,
		                                          &nmembers);
		for (size_t k = 0; k < nmembers && !st; k++)
			st = plan_muscle(p, bwi_fact_target(&members[k]), db, done);
	} else
		st = plan_muscle(p, m, db, done);
	bwi_free(done);
	if (st) {
		bw_plan_free(p);
		return bwi_error_code(err, st);
	}
	if (p->n[BW_PLAN_ALLOWED]) /* qsort's base may not be NULL */
		qsort(p->items[BW_PLAN_ALLOWED], p->n[BW_PLAN_ALLOWED],
		      sizeof(plan_item), allowed_cmp);
	if (p->n[BW_PLAN_EXCLUDED])
		qsort(p->items[BW_PLAN_EXCLUDED], p->n[BW_PLAN_EXCLUDED],
		      sizeof(plan_item), excluded_cmp);
	if ((st = bwi_db_intact(db, err))) {
		bw_plan_free(p);
		return st;
	}
	*out = p;
	return BW_OK;
}

/* Order restricting rules by condition, then by their place in it. */
static int reason_cmp(const void *a, const void *b)
{
	const plan_reason *x = a, *y = b;
	const bw_entity *xc = bw_rule_condition(x->rule);
	const bw_entity *yc = bw_rule_condition(y->rule);
	if (xc != yc)
		return bwi_entity_index(xc) < bwi_entity_index(yc) ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Add the rules numbered rules[0..n) that apply to the item's technique
 * and are not among its reasons yet. */
static bw_status collect(plan_item *it, size_t *cap, const bwi_model *m,
                         const uint32_t *rules, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const bw_rule *r = bwi_model_rule(m, rules[i]);
		int match, seen = 0;
		bw_status st;
		if (!r)
			continue; /* a damaged file's: the call reports it */
		for (size_t k = 0; k < it->nreasons && !seen; k++)
			seen = it->reasons[k].rule == r;
		if (seen || (match = bwi_rule_match(r, it->technique)) == -2)
			continue;
		if ((st = add_reason(it, cap, r, match)))
			return st;
	}
	return BW_OK;
}

static bw_status collect_key(const bw_db *db, plan_item *it, size_t *cap,
                             const char *attr, const char *value)
{
	const bwi_rule_index *ix = db->rules;
	char key[160];
	int n = snprintf(key, sizeof(key), "%s=%s", attr, value ? value : "");
	size_t k;
	if (!value || n < 0 || (size_t)n >= sizeof(key))
		return BW_OK;
	k = bwi_strset_find(&ix->keys, key, (size_t)n);
	if (k == (size_t)-1)
		return BW_OK;
	return collect(it, cap, &db->model, ix->rules + ix->key_start[k],
	               ix->key_start[k + 1] - ix->key_start[k]);
}

bw_status bw_plan_restrictions(bw_plan **out, const bw_db *db,
                               const char *technique, bw_error *err)
{
	static const struct { const char *attr; bw_field field; } lists[] = {
		{ "contact", BW_FIELD_CONTACT }, { "movement", BW_FIELD_MOVEMENT },
		{ "method", BW_FIELD_METHOD }, { "position", BW_FIELD_POSITION },
		{ "pressure", BW_FIELD_PRESSURE },
	};
	const bw_entity *t;
	plan_item it = { NULL, 0, NULL, 0, NULL, 0 };
	size_t cap = 0;
	bw_plan *p;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || !technique)
		return bwi_error_code(err, BW_EINVAL);
	if ((st = resolve_name(&t, db, BW_KIND_TECHNIQUE, technique, err)))
		return st;
	it.technique = t;
	st = collect(&it, &cap, &db->model, db->rules->always,
	             db->rules->nalways);
	if (!st)
		st = collect_key(db, &it, &cap, "technique", bwi_entity_id(t));
	for (size_t a = 0; a < sizeof(lists) / sizeof(lists[0]) && !st; a++) {
		size_t nfacts;
		const bw_fact *fs = bwi_entity_facts(t, lists[a].field, &nfacts);
		for (size_t k = 0; k < nfacts && !st; k++)
			st = collect_key(db, &it, &cap, lists[a].attr,
			                 bwi_fact_text(&fs[k]));
	}
	if (!st)
		st = collect_key(db, &it, &cap, "lever", bw_entity_attr(t, "lever"));
	if (!st)
		st = collect_key(db, &it, &cap, "modality",
		                 bw_entity_attr(t, "modality"));
	if (!st && it.nreasons)
		qsort(it.reasons, it.nreasons, sizeof(*it.reasons), reason_cmp);
	if (!st) {
		order_reasons(&it);
		st = offer_instead(&it, NULL, 0);
	}
	if (!st) {
		st = plan_alloc(&p, err);
		if (!st && (st = file_item(p, &it)) != BW_OK)
			bw_plan_free(p);
	}
	if (st) {
		bwi_free(it.reasons);
		bwi_free(it.instead);
		return err && err->code == st ? st : bwi_error_code(err, st);
	}
	if ((st = bwi_db_intact(db, err))) {
		bw_plan_free(p);
		return st;
	}
	*out = p;
	return BW_OK;
}

/* ===== Getters ===== */

const bw_entity *bw_plan_muscle(const bw_plan *p)
{
	return p ? p->muscle : NULL;
}

size_t bw_plan_condition_count(const bw_plan *p)
{
	return p ? p->nconditions : 0;
}

const bw_entity *bw_plan_condition(const bw_plan *p, size_t i)
{
	return p && i < p->nconditions ? p->conditions[i] : NULL;
}

size_t bw_plan_count(const bw_plan *p, bw_plan_list list)
{
	return p && (unsigned)list < BW_PLAN_LIST_COUNT ? p->n[list] : 0;
}

static const plan_item *item(const bw_plan *p, bw_plan_list list, size_t i)
{
	return i < bw_plan_count(p, list) ? &p->items[list][i] : NULL;
}

const bw_entity *bw_plan_technique(const bw_plan *p, bw_plan_list list,
                                   size_t i)
{
	const plan_item *it = item(p, list, i);
	return it ? it->technique : NULL;
}

size_t bw_plan_reason_count(const bw_plan *p, bw_plan_list list, size_t i)
{
	const plan_item *it = item(p, list, i);
	return it ? it->nreasons : 0;
}

const bw_rule *bw_plan_reason(const bw_plan *p, bw_plan_list list, size_t i,
                              size_t k, const bw_entity **condition,
                              int *match)
{
	const plan_item *it = item(p, list, i);
	const plan_reason *r = it && k < it->nreasons ? &it->reasons[k] : NULL;
	if (condition)
		*condition = r ? bw_rule_condition(r->rule) : NULL;
	if (match)
		*match = r ? r->match : -1;
	return r ? r->rule : NULL;
}

size_t bw_plan_instead_count(const bw_plan *p, bw_plan_list list, size_t i)
{
	const plan_item *it = item(p, list, i);
	return it ? it->ninstead : 0;
}

const bw_entity *bw_plan_instead(const bw_plan *p, bw_plan_list list,
                                 size_t i, size_t k)
{
	const plan_item *it = item(p, list, i);
	return it && k < it->ninstead ? it->instead[k] : NULL;
}
