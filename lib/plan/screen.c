/*
 * screen.c: a whole session screened for a client's conditions.
 *
 * Each rule becomes lines, one per match (one when it has none).  The
 * severity picks the action for red flags, clearance and cautions; for the
 * excluding severities (contraindicated, local) the match decides: a match
 * that constrains only pressure (and perhaps the contact site) sets a
 * ceiling, the pressure below the least it excludes; one that names only a
 * position puts that position off; anything else puts the named work off.
 * A rule with no match is a whole-body "no massage" when contraindicated
 * and the whole site off when local.  Preferred positions and red-flag facts
 * add lines of their own.  The lines are then ordered by action, stably,
 * so within an action they keep the order of the conditions and rules.
 */
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "../handle/handle.h"

typedef struct screen_line {
	int action;                   /* bw_screen_action */
	int match;                    /* the rule's match, -1 for none */
	int ceiling;                  /* limit lines: highest pressure allowed */
	const bw_entity *condition;
	const bw_rule *rule;          /* NULL for ask lines */
	const bw_fact *fact;          /* ask lines */
	const bw_entity *site;
	const char *position;
} screen_line;

struct bw_screen {
	const bw_entity **conditions;
	size_t nconditions;
	screen_line *lines;
	size_t n, cap;
	int clearance, refer;
};

static const char *const action_names[BW_SCREEN_ACTION_COUNT] = {
	"refer", "clearance", "no-massage", "avoid", "limit", "caution",
	"prefer", "ask"
};

const char *bw_screen_action_name(bw_screen_action action)
{
	return (unsigned)action < BW_SCREEN_ACTION_COUNT ? action_names[action]
	                                                 : NULL;
}

static screen_line *add_line(bw_screen *s, bw_screen_action action,
                             const bw_entity *condition)
{
	screen_line *l;
	if (bwi_grow(&s->lines, &s->cap, s->n + 1, sizeof(*s->lines)))
		return NULL;
	l = &s->lines[s->n++];
	memset(l, 0, sizeof(*l));
	l->action = (int)action;
	l->match = -1;
	l->condition = condition;
	return l;
}

/* How many attributes match mt constrains besides those in except[]. */
static int others(const bwi_match *mt, const int *except, size_t nexcept)
{
	int n = bwi_match_technique(mt) != NULL;
	for (int a = 0; a < BWI_MATCH_NATTR; a++) {
		int skip = 0;
		for (size_t k = 0; k < nexcept; k++)
			skip |= except[k] == a;
		n += bwi_match_attr(mt, a) && !skip;
	}
	return n;
}

/* The lowest pressure rank match mt excludes when it constrains pressure
 * alone (besides contact), or -1. */
static int excluded_from(const bwi_match *mt)
{
	static const int pressure_only[] = {
		BWI_MATCH_MIN_PRESSURE, BWI_MATCH_PRESSURE, BWI_MATCH_CONTACT
	};
	const char *min = bwi_match_attr(mt, BWI_MATCH_MIN_PRESSURE);
	const char *exact = bwi_match_attr(mt, BWI_MATCH_PRESSURE);
	if (others(mt, pressure_only, 3))
		return -1;
	if (min && !exact)
		return bwi_pressure_rank(min);
	/* exactly "deep" excludes deep: the same as at least deep */
	if (exact && !min && bwi_pressure_rank(exact) == 3)
		return 3;
	return -1;
}

/* One line for rule r of condition c, match i (-1: the rule has none). */
static bw_status rule_line(bw_screen *s, const bw_entity *c, const bw_rule *r,
                           int i)
{
	static const int position_only[] = { BWI_MATCH_POSITION };
	const bwi_match *mt = i >= 0 ? bwi_rule_match_at(r, (size_t)i) : NULL;
	bw_severity severity = bw_rule_severity(r);
	bw_screen_action action;
	screen_line *l;
	int from = -1;
	switch (severity) {
	case BW_SEVERITY_RED_FLAG: action = BW_SCREEN_REFER; break;
	case BW_SEVERITY_CLEARANCE: action = BW_SCREEN_CLEARANCE; break;
	case BW_SEVERITY_CAUTION: action = BW_SCREEN_CAUTION; break;
	default:
		if (!mt)
			action = severity == BW_SEVERITY_LOCAL ? BW_SCREEN_AVOID
			                                          : BW_SCREEN_NO_MASSAGE;
		else if ((from = excluded_from(mt)) > 1) /* light is left */
			action = BW_SCREEN_LIMIT;
		else
			action = BW_SCREEN_AVOID;
	}
	if (!(l = add_line(s, action, c)))
		return BW_ENOMEM;
	l->rule = r;
	l->match = i;
	l->site = bw_rule_site(r);
	if (mt && bwi_match_site(mt) && !l->site)
		l->site = bwi_match_site(mt);
	if (mt && bwi_match_attr(mt, BWI_MATCH_POSITION) &&
	    !others(mt, position_only, 1))
		l->position = bwi_match_attr(mt, BWI_MATCH_POSITION);
	if (action == BW_SCREEN_LIMIT)
		l->ceiling = from - 1;
	return BW_OK;
}

static bw_status screen_condition(bw_screen *s, const bw_entity *c)
{
	bw_status st;
	size_t nflags;
	const bw_fact *flags;
	for (size_t k = 0; k < bw_entity_rule_count(c); k++) {
		const bw_rule *r = bw_entity_rule(c, k);
		size_t nmatches = bw_rule_match_count(r);
		s->clearance |= bw_rule_severity(r) == BW_SEVERITY_CLEARANCE;
		s->refer |= bw_rule_severity(r) == BW_SEVERITY_RED_FLAG;
		if (nmatches == 0 && (st = rule_line(s, c, r, -1)))
			return st;
		for (size_t i = 0; i < nmatches; i++)
			if ((st = rule_line(s, c, r, (int)i)))
				return st;
		for (size_t i = 0; i < bw_rule_prefer_count(r); i++) {
			screen_line *l = add_line(s, BW_SCREEN_PREFER, c);
			if (!l)
				return BW_ENOMEM;
			l->rule = r;
			l->position = bw_rule_prefer(r, i);
		}
	}
	flags = bwi_entity_facts(c, BW_FIELD_RED_FLAG, &nflags);
	for (size_t k = 0; k < nflags; k++) {
		screen_line *l = add_line(s, BW_SCREEN_ASK, c);
		if (!l)
			return BW_ENOMEM;
		l->fact = &flags[k];
	}
	return BW_OK;
}

/* Stable by action: a merge sort would do, but lines are few, and an
 * insertion sort keeps equal actions in the order they were made. */
static void order_lines(bw_screen *s)
{
	for (size_t i = 1; i < s->n; i++) {
		screen_line t = s->lines[i];
		size_t j = i;
		while (j > 0 && s->lines[j - 1].action > t.action) {
			s->lines[j] = s->lines[j - 1];
			j--;
		}
		s->lines[j] = t;
	}
}

void bw_screen_free(bw_screen *s)
{
	if (!s)
		return;
	bwi_free(s->conditions);
	bwi_free(s->lines);
	bwi_free(s);
}

bw_status bw_screen_new(bw_screen **out, const bw_db *db,
                        const char *const *conditions, size_t nconditions,
                        bw_error *err)
{
	bw_screen *s;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!db || (nconditions && !conditions))
		return bwi_error_code(err, BW_EINVAL);
	if (!(s = bwi_calloc(1, sizeof(*s))))
		return bwi_error_code(err, BW_ENOMEM);
	if ((st = bwi_resolve_conditions(&s->conditions, &s->nconditions, db,
	                                 conditions, nconditions, err))) {
		bw_screen_free(s);
		return st;
	}
	for (size_t i = 0; i < s->nconditions; i++)
		if ((st = screen_condition(s, s->conditions[i]))) {
			bw_screen_free(s);
			return bwi_error_code(err, st);
		}
	order_lines(s);
	if ((st = bwi_db_intact(db, err))) {
		bw_screen_free(s);
		return st;
	}
	*out = s;
	return BW_OK;
}

size_t bw_screen_condition_count(const bw_screen *s)
{
	return s ? s->nconditions : 0;
}

const bw_entity *bw_screen_condition(const bw_screen *s, size_t i)
{
	return s && i < s->nconditions ? s->conditions[i] : NULL;
}

int bw_screen_needs_clearance(const bw_screen *s)
{
	return s ? s->clearance : 0;
}

int bw_screen_refer(const bw_screen *s)
{
	return s ? s->refer : 0;
}

size_t bw_screen_count(const bw_screen *s)
{
	return s ? s->n : 0;
}

static const screen_line *line(const bw_screen *s, size_t i)
{
	return s && i < s->n ? &s->lines[i] : NULL;
}

bw_screen_action bw_screen_line_action(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l ? (bw_screen_action)l->action : BW_SCREEN_ACTION_COUNT;
}

const bw_entity *bw_screen_line_condition(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l ? l->condition : NULL;
}

const bw_entity *bw_screen_line_site(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l ? l->site : NULL;
}

const char *bw_screen_line_position(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l ? l->position : NULL;
}

const char *bw_screen_line_pressure(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l && l->action == BW_SCREEN_LIMIT ? bwi_pressure_name(l->ceiling)
	                                         : NULL;
}

const bw_rule *bw_screen_line_rule(const bw_screen *s, size_t i, int *match)
{
	const screen_line *l = line(s, i);
	if (match)
		*match = l ? l->match : -1;
	return l ? l->rule : NULL;
}

const bw_fact *bw_screen_line_fact(const bw_screen *s, size_t i)
{
	const screen_line *l = line(s, i);
	return l ? l->fact : NULL;
}
