/*
 * access.c: the public getters of entities, facts and rules.  They only
 * read the frozen model; each checks its handle for NULL and its index for
 * range and answers with the documented neutral value otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"

/* ===== Entities ===== */

bw_kind bw_entity_kind(const bw_entity *e)
{
	return e ? bwi_entity_kind(e) : BW_KIND_COUNT;
}

const char *bw_entity_id(const bw_entity *e)
{
	return e ? bwi_entity_id(e) : NULL;
}

const char *bw_entity_name(const bw_entity *e)
{
	return e ? bwi_entity_name(e) : NULL;
}

const char *bw_entity_summary(const bw_entity *e)
{
	const bw_fact *f;
	size_t n;
	if (!e)
		return NULL;
	/* the loader takes an entity's summary from its summary element,
	 * the last when there are several; the record keeps no copy */
	f = bwi_entity_facts(e, BW_FIELD_SUMMARY, &n);
	return n ? bwi_fact_text(&f[n - 1]) : NULL;
}

const char *bw_entity_file(const bw_entity *e)
{
	return e ? bwi_rel_str(&e->file) : NULL;
}

unsigned long bw_entity_line(const bw_entity *e)
{
	return e ? e->line : 0;
}

const char *bw_entity_attr(const bw_entity *e, const char *name)
{
	int s;
	/* each value lies in the slot its kind gives the name */
	if (!e || (s = bwi_entity_attr_slot(e->kind, name)) < 0)
		return NULL;
	return bwi_rel_str(&e->attr_value[s]);
}

size_t bw_entity_region_count(const bw_entity *e)
{
	return e ? e->nregions : 0;
}

const char *bw_entity_region(const bw_entity *e, size_t i)
{
	return e && i < e->nregions ? bwi_entity_region(e, i) : NULL;
}

size_t bw_entity_fact_count(const bw_entity *e, bw_field field)
{
	size_t n;
	if (!e || (unsigned)field >= BW_FIELD_COUNT)
		return 0;
	bwi_entity_facts(e, (int)field, &n);
	return n;
}

const bw_fact *bw_entity_fact(const bw_entity *e, bw_field field, size_t i)
{
	const bw_fact *facts;
	size_t n;
	if (!e || (unsigned)field >= BW_FIELD_COUNT)
		return NULL;
	/* one search for the field's facts, not one to count and another
	 * to find them */
	facts = bwi_entity_facts(e, (int)field, &n);
	return i < n ? &facts[i] : NULL;
}

size_t bw_entity_backref_count(const bw_entity *e, bw_field field)
{
	int b = bwi_back_slot(field);
	return e && b >= 0 ? e->nback[b] : 0;
}

const bw_fact *bw_entity_backref(const bw_entity *e, bw_field field,
                                 size_t i, const bw_entity **from)
{
	const bw_fact *f = NULL;
	if (i < bw_entity_backref_count(e, field))
		f = bwi_entity_back(e, bwi_back_slot(field), i);
	if (from)
		*from = f ? bwi_fact_owner(f) : NULL;
	return f;
}

/* ===== Facts ===== */

bw_field bw_fact_field(const bw_fact *f)
{
	return f ? bwi_fact_field(f) : BW_FIELD_COUNT;
}

const char *bw_fact_text(const bw_fact *f)
{
	return f ? bwi_fact_text(f) : NULL;
}

const bw_entity *bw_fact_source(const bw_fact *f)
{
	return f ? bwi_fact_source(f) : NULL;
}

bw_evidence bw_fact_evidence(const bw_fact *f)
{
	return f ? bwi_fact_evidence(f) : BW_EVIDENCE_COUNT;
}

const char *bw_fact_correction(const bw_fact *f)
{
	return f ? bwi_fact_correction(f) : NULL;
}

const bw_entity *bw_fact_correction_source(const bw_fact *f)
{
	const bwi_fact_more *m = f ? (const bwi_fact_more *)bwi_rel_get(&f->more) : NULL;
	return m ? bwi_checked((const bw_entity *)bwi_rel_get(&m->correction_source)) :
	       NULL;
}

const bw_entity *bw_fact_target(const bw_fact *f)
{
	return f ? bwi_fact_target(f) : NULL;
}

const char *bw_fact_qualifier(const bw_fact *f)
{
	return f ? bwi_fact_qualifier(f) : NULL;
}

uint64_t bw_fact_levels(const bw_fact *f)
{
	return f ? bwi_fact_levels(f) : 0;
}

unsigned long bw_fact_line(const bw_fact *f)
{
	return f ? f->line : 0;
}

/* ===== Rules ===== */

size_t bw_entity_rule_count(const bw_entity *e)
{
	return e ? e->nrules : 0;
}

const bw_rule *bw_entity_rule(const bw_entity *e, size_t i)
{
	return e && i < e->nrules ? (const bw_rule *)bwi_rel_get(&e->rules) + i : NULL;
}

bw_severity bw_rule_severity(const bw_rule *r)
{
	return r ? (bw_severity)r->severity : BW_SEVERITY_COUNT;
}

const bw_entity *bw_rule_condition(const bw_rule *r)
{
	return r ? bwi_checked((const bw_entity *)bwi_rel_get(&r->owner)) : NULL;
}

const bw_entity *bw_rule_site(const bw_rule *r)
{
	return r ? bwi_checked((const bw_entity *)bwi_rel_get(&r->site)) : NULL;
}

size_t bw_rule_instead_count(const bw_rule *r)
{
	return r ? r->ninstead : 0;
}

const bw_entity *bw_rule_instead(const bw_rule *r, size_t i)
{
	return r && i < r->ninstead ?
	       bwi_checked((const bw_entity *)bwi_rel_at(&r->instead, i)) : NULL;
}

size_t bw_rule_prefer_count(const bw_rule *r)
{
	return r ? r->nprefer : 0;
}

const char *bw_rule_prefer(const bw_rule *r, size_t i)
{
	return r && i < r->nprefer ? (const char *)bwi_rel_at(&r->prefer, i) : NULL;
}

const char *bw_rule_reason(const bw_rule *r)
{
	return r ? bwi_rel_str(&r->reason) : NULL;
}

const char *bw_rule_adjustment(const bw_rule *r)
{
	return r ? bwi_rel_str(&r->adjustment) : NULL;
}

const bw_entity *bw_rule_source(const bw_rule *r)
{
	return r ? bwi_checked((const bw_entity *)bwi_rel_get(&r->source)) : NULL;
}

bw_evidence bw_rule_evidence(const bw_rule *r)
{
	return r ? (bw_evidence)r->evidence : BW_EVIDENCE_COUNT;
}

unsigned long bw_rule_line(const bw_rule *r)
{
	return r ? r->line : 0;
}

size_t bw_rule_match_count(const bw_rule *r)
{
	return r ? r->nmatches : 0;
}

const bw_entity *bw_rule_match_technique(const bw_rule *r, size_t i)
{
	return r && i < r->nmatches ? bwi_match_technique(bwi_rule_match_at(r, i)) : NULL;
}

const char *bw_rule_match_attr(const bw_rule *r, size_t i, const char *attr)
{
	if (!r || i >= r->nmatches || !attr)
		return NULL;
	for (int a = 0; a < BWI_MATCH_NATTR; a++)
		if (strcmp(bwi_match_attr_names[a], attr) == 0)
			return bwi_match_attr(bwi_rule_match_at(r, i), a);
	return NULL;
}

int bwi_has_value(const bw_entity *t, bw_field field, const char *value)
{
	size_t n;
	const bw_fact *fs = bwi_entity_facts(t, (int)field, &n);
	for (size_t k = 0; k < n; k++)
		if (strcmp(bwi_fact_text(&fs[k]), value) == 0)
			return 1;
	return 0;
}

/* Whether site a is b or lies within it.  Chains are acyclic and no
 * longer than the number of sites: bwi_draft_finish checks both, and so
 * does the check of an image from a file. */
static int lies_within(const bw_entity *a, const bw_entity *b)
{
	for (; a; a = (const bw_entity *)bwi_rel_get(&a->within))
		if (a == b)
			return 1;
	return 0;
}

int bwi_sites_overlap(const bw_entity *a, const bw_entity *b)
{
	return a && b && (lies_within(a, b) || lies_within(b, a));
}

const bw_entity *bw_site_within(const bw_entity *site)
{
	return site && site->kind == BW_KIND_SITE ?
	       bwi_checked((const bw_entity *)bwi_rel_get(&site->within)) : NULL;
}

int bw_sites_overlap(const bw_entity *a, const bw_entity *b)
{
	return a && b && a->kind == BW_KIND_SITE && b->kind == BW_KIND_SITE &&
	       bwi_sites_overlap(a, b);
}

int bwi_contacts(const bw_entity *t, const bw_entity *site)
{
	size_t n;
	const bw_fact *fs = bwi_entity_facts(t, BW_FIELD_CONTACT, &n);
	for (size_t k = 0; k < n; k++)
		if (bwi_sites_overlap(bwi_fact_target(&fs[k]), site))
			return 1;
	return 0;
}

static const char *first_value(const bw_entity *t, bw_field field)
{
	size_t n;
	const bw_fact *fs = bwi_entity_facts(t, (int)field, &n);
	return n ? bwi_fact_text(&fs[0]) : NULL;
}

static int match_holds(const bwi_match *mt, const bw_entity *t)
{
	static const bw_field fact_fields[BWI_MATCH_NATTR] = {
		[BWI_MATCH_POSITION] = BW_FIELD_POSITION,
		[BWI_MATCH_PRESSURE] = BW_FIELD_PRESSURE,
		[BWI_MATCH_METHOD] = BW_FIELD_METHOD,
		[BWI_MATCH_MOVEMENT] = BW_FIELD_MOVEMENT,
	};
	if (mt->technique)
		return bwi_match_technique(mt) == t;
	for (int a = 0; a < BWI_MATCH_NATTR; a++) {
		const char *want = bwi_match_attr(mt, a);
		if (!want)
			continue;
		switch (a) {
		case BWI_MATCH_MODALITY:
		case BWI_MATCH_LEVER:
			if (strcmp(bw_entity_attr(t, bwi_match_attr_names[a]) ?
			           bw_entity_attr(t, bwi_match_attr_names[a]) : "",
			           want) != 0)
				return 0;
			break;
		case BWI_MATCH_CONTACT:
			if (!bwi_contacts(t, bwi_match_site(mt)))
				return 0;
			break;
		case BWI_MATCH_MIN_PRESSURE: {
			const char *p = first_value(t, BW_FIELD_PRESSURE);
			if (!p || bwi_pressure_rank(p) < bwi_pressure_rank(want))
				return 0;
			break;
		}
		default:
			if (!bwi_has_value(t, fact_fields[a], want))
				return 0;
		}
	}
	return 1;
}

int bwi_rule_match(const bw_rule *r, const bw_entity *t)
{
	if (r->severity == BW_SEVERITY_LOCAL &&
	    !bwi_contacts(t, bw_rule_site(r)))
		return -2;
	if (r->nmatches == 0)
		return -1;
	for (size_t i = 0; i < r->nmatches; i++)
		if (match_holds(bwi_rule_match_at(r, i), t))
			return (int)i;
	return -2;
}

int bw_rule_applies(const bw_rule *r, const bw_entity *t)
{
	if (!r || !t || t->kind != BW_KIND_TECHNIQUE)
		return 0;
	return bwi_rule_match(r, t) != -2;
}

size_t bw_rule_match_format(char *buf, size_t size, const bw_rule *r, size_t i)
{
	char tmp[512];
	size_t len = 0;
	tmp[0] = '\0';
	if (r && i < r->nmatches) {
		const bwi_match *mt = bwi_rule_match_at(r, i);
		if (mt->technique) {
			len = (size_t)snprintf(tmp, sizeof(tmp), "technique %s",
			                       bwi_entity_id(bwi_match_technique(mt)));
		} else {
			for (int a = 0; a < BWI_MATCH_NATTR; a++) {
				int n;
				const char *v = bwi_match_attr(mt, a);
				if (!v || len >= sizeof(tmp))
					continue;
				n = a == BWI_MATCH_MIN_PRESSURE ?
				    snprintf(tmp + len, sizeof(tmp) - len, "%spressure>=%s",
				             len ? " " : "", v) :
				    snprintf(tmp + len, sizeof(tmp) - len, "%s%s=%s",
				             len ? " " : "", bwi_match_attr_names[a],
				             v);
				len += n > 0 ? (size_t)n : 0;
			}
		}
	}
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	if (buf && size) {
		size_t c = len < size ? len : size - 1;
		memcpy(buf, tmp, c);
		buf[c] = '\0';
	}
	return len;
}
