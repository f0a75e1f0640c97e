/*
 * texts.c: which texts of an entity are searchable, and in which field
 * group.  The index build and the result accessors (matched fields,
 * snippets) both walk an entity through here, so what is marked in a
 * snippet is exactly what was indexed.
 *
 * The order is fixed: name, aliases, regions and attributes (tags), then
 * every fact field in bw_field order (a fact's text, a disputed fact's
 * correction, the name of the entity a reference fact points to), then a
 * names of the groups a muscle belongs to, then a condition's rules
 * (reason, adjustment, site).  A technique's target
 * fact holds the muscle's id, so its muscle's name stands in for it.  A
 * source's title fact is its name and is not repeated.
 */
#include "index.h"

static int fact_group(int field)
{
	switch (field) {
	case BW_FIELD_SUMMARY:
		return BWI_GROUP_SUMMARY;
	case BW_FIELD_POSITION: case BW_FIELD_CONTACT: case BW_FIELD_PRESSURE:
	case BW_FIELD_METHOD: case BW_FIELD_MOVEMENT: case BW_FIELD_TARGET:
		return BWI_GROUP_TAGS;
	default:
		return BWI_GROUP_BODY;
	}
}

static int emit(bwi_text_fn fn, void *data, const char *text, int group,
                int field, const bw_fact *fact, int side)
{
	bwi_text t;
	if (!text)
		return 0;
	t.text = text;
	t.group = group;
	t.field = field;
	t.fact = fact;
	t.side = side;
	return fn(&t, data);
}

int bwi_entity_texts(const bw_entity *e, bwi_text_fn fn, void *data)
{
	int r;
	size_t nf;
	const bw_fact *fs;
	if ((r = emit(fn, data, bwi_entity_name(e), BWI_GROUP_NAME,
	              BWI_TEXT_NAME, NULL, 0)))
		return r;
	fs = bwi_entity_facts(e, BW_FIELD_ALIAS, &nf);
	for (size_t i = 0; i < nf; i++)
		if ((r = emit(fn, data, bwi_fact_text(&fs[i]), BWI_GROUP_ALIAS,
		              BW_FIELD_ALIAS, &fs[i], 0)))
			return r;
	for (size_t i = 0, n = bw_entity_region_count(e); i < n; i++)
		if ((r = emit(fn, data, bw_entity_region(e, i), BWI_GROUP_TAGS,
		              BWI_TEXT_TAG, NULL, 0)))
			return r;
	for (int i = 0; i < BWI_ENTITY_NATTR && bwi_entity_attr_name(e, i); i++)
		if ((r = emit(fn, data, bwi_entity_attr_value(e, i),
		              BWI_GROUP_TAGS, BWI_TEXT_TAG, NULL, 0)))
			return r;
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		int group = fact_group(f);
		int side = bwi_entity_kind(e) == BW_KIND_MUSCLE &&
		           (f == BW_FIELD_REFERRAL || f == BW_FIELD_CAUSES);
		/* codes are looked up whole (bw_db_lookup_code), and zones are
		 * sites drawn on maps, not words: neither is searched */
		if (f == BW_FIELD_ALIAS || f == BW_FIELD_TITLE ||
		    f == BW_FIELD_CODE || f == BW_FIELD_ZONE)
			continue;
		fs = bwi_entity_facts(e, f, &nf);
		for (size_t i = 0; i < nf; i++) {
			const bw_fact *x = &fs[i];
			const bw_entity *to = bwi_fact_target(x);
			int ref = f == BW_FIELD_TARGET || f == BW_FIELD_MEMBER;
			const char *text = ref && to ? bwi_entity_name(to)
			                             : bwi_fact_text(x);
			if ((r = emit(fn, data, text, group, f, x, side)) ||
			    (r = emit(fn, data, bwi_fact_correction(x),
			              BWI_GROUP_BODY, f, x, side)) ||
			    (!ref && to &&
			     (r = emit(fn, data, bwi_entity_name(to),
			               BWI_GROUP_BODY, f, x, 0))))
				return r;
		}
	}
	/* a muscle is found by the names of the groups it belongs to, weighed
	 * like an alias: "rotator cuff" answers with the group's members */
	nf = bwi_entity_nback(e, BWI_BACK_MEMBER);
	for (size_t i = 0; i < nf; i++) {
		const bw_fact *m = bwi_entity_back(e, BWI_BACK_MEMBER, i);
		if ((r = emit(fn, data, bwi_entity_name(bwi_fact_owner(m)),
		              BWI_GROUP_ALIAS, BW_FIELD_MEMBER, m, 0)))
			return r;
	}
	for (size_t i = 0, n = bw_entity_rule_count(e); i < n; i++) {
		const bw_rule *ru = bw_entity_rule(e, i);
		const bw_entity *site = bw_rule_site(ru);
		if ((r = emit(fn, data, bw_rule_reason(ru), BWI_GROUP_BODY,
		              BWI_TEXT_RULE, NULL, 0)) ||
		    (r = emit(fn, data, bw_rule_adjustment(ru), BWI_GROUP_BODY,
		              BWI_TEXT_RULE, NULL, 0)) ||
		    (r = emit(fn, data, site ? bwi_entity_name(site) : NULL,
		              BWI_GROUP_TAGS, BWI_TEXT_RULE,
		              NULL, 0)))
			return r;
	}
	return 0;
}
