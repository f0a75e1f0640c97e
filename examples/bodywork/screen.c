/*
 * screen.c: "bodywork screen --condition C ...", what a client's conditions
 * mean for a whole session with no muscle named.  bw_screen_new turns every
 * rule and red-flag fact of the conditions into lines, strongest action
 * first (refer, clearance, no massage, avoid, limit, caution, prefer, ask);
 * this file prints them grouped by action, each with what it is about (a
 * body site, a position, a pressure ceiling, a kind of work or the whole
 * session), the condition, the reason, and its source and grade, under the
 * same banner plan prints when a condition says stop and refer or needs
 * medical clearance.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static json_t *j_line(const bw_screen *s, size_t i)
{
	int match;
	const bw_rule *r = bw_screen_line_rule(s, i, &match);
	const bw_fact *f = bw_screen_line_fact(s, i);
	const bw_entity *src = r ? bw_rule_source(r) : bw_fact_source(f);
	char buf[512];

	if (match >= 0)
		bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	                 "s:o}",
		"action", bw_screen_action_name(bw_screen_line_action(s, i)),
		"condition", j_ref(bw_screen_line_condition(s, i)),
		"site", j_ref(bw_screen_line_site(s, i)),
		"position", j_str(bw_screen_line_position(s, i)),
		"pressure", j_str(bw_screen_line_pressure(s, i)),
		"reason", j_str(r ? bw_rule_reason(r) : bw_fact_text(f)),
		"source", j_str(src ? bw_entity_id(src) : NULL),
		"evidence", j_str(src ? bw_evidence_name(r ? bw_rule_evidence(r)
		                                          : bw_fact_evidence(f))
		                      : NULL),
		"rule", r ? j_rule(r, NULL, -1) : json_null(),
		"matched", j_str(match >= 0 ? buf : NULL),
		"fact", f ? j_fact(f) : json_null());
}

json_t *screen_json(const bw_screen *s)
{
	json_t *conditions = json_array(), *lines = json_array();

	for (size_t i = 0; i < bw_screen_condition_count(s); i++)
		json_array_append_new(conditions, j_ref(bw_screen_condition(s, i)));
	for (size_t i = 0; i < bw_screen_count(s); i++)
		json_array_append_new(lines, j_line(s, i));
	return json_pack("{s:o, s:b, s:b, s:o}", "conditions", conditions,
	                 "refer", bw_screen_refer(s),
	                 "needs_clearance", bw_screen_needs_clearance(s),
	                 "lines", lines);
}

/*
 * Line i as rows: what it is about (the site, the position, the pressure
 * ceiling; else the work its match names, or the whole session), then
 * "for" the condition with the reason, source and grade, and the
 * adjustment.  An ask line is the red flag itself, then its condition.
 */
static void print_line(const bw_screen *s, size_t i)
{
	/* what a line about no site, position, pressure or work means */
	static const char *const whole[BW_SCREEN_ACTION_COUNT + 1] = {
		"stop and refer for medical attention",
		"no massage until a physician clears the client",
		"no massage today", "all work", "all work", "all work, with care",
		"", "", ""};
	int match, col;
	const bw_rule *r = bw_screen_line_rule(s, i, &match);
	const bw_fact *f = bw_screen_line_fact(s, i);
	const bw_entity *site = bw_screen_line_site(s, i);
	const bw_entity *condition = bw_screen_line_condition(s, i);
	const char *position = bw_screen_line_position(s, i);
	const char *pressure = bw_screen_line_pressure(s, i);
	entities at = {&site, 1, 1}, cond = {&condition, 1, 1};
	char buf[512];

	if (!r) {
		out_label(&col, 2, LABEL_WIDTH, "ask", OUT_MAGENTA);
		out_words(&col, 2 + LABEL_WIDTH, bw_fact_text(f), OUT_PLAIN);
		print_cite(&col, 2 + LABEL_WIDTH, bw_fact_source(f),
		           bw_fact_evidence(f));
		out_end(&col);
		print_refs_row(4, LABEL_WIDTH - 2, "for", OUT_DIM, &cond);
		return;
	}
	if (match >= 0)
		bw_rule_match_format(buf, sizeof(buf), r, (size_t)match);
	if (site)
		print_refs_row(2, LABEL_WIDTH, "site", OUT_CYAN, &at);
	if (position)
		print_row("position", position);
	if (pressure) {
		char ceiling[64];
		snprintf(ceiling, sizeof(ceiling), "up to %s%s", pressure,
		         site ? "" : " everywhere");
		print_row("pressure", ceiling);
	}
	if (!site && !position && !pressure)
		print_row(match >= 0 ? "work" : "session",
		          match >= 0 ? buf : whole[bw_screen_line_action(s, i)]);
	out_label(&col, 4, LABEL_WIDTH - 2, "for", OUT_DIM);
	print_ref(&col, 2 + LABEL_WIDTH, condition, ":");
	out_words(&col, 2 + LABEL_WIDTH, bw_rule_reason(r), OUT_PLAIN);
	print_cite(&col, 2 + LABEL_WIDTH, bw_rule_source(r), bw_rule_evidence(r));
	out_end(&col);
	if (match >= 0 && (site || position || pressure))
		print_subrow(2, "matched", buf);
	print_subrow(2, "adjustment", bw_rule_adjustment(r));
}

void screen_text(const bw_screen *s, const alerts *a)
{
	static const char *const titles[BW_SCREEN_ACTION_COUNT] = {
		"Refer", "Clearance", "No massage", "Avoid", "Limit", "Caution",
		"Prefer", "Ask"};
	entities conditions = {0};
	char buf[64];

	print_alerts(a);
	printf("Session screen\n");
	for (size_t i = 0; i < bw_screen_condition_count(s); i++)
		entities_add(&conditions, bw_screen_condition(s, i), 0);
	print_refs_row(2, LABEL_WIDTH, "conditions", OUT_CYAN, &conditions);
	free(conditions.v);
	for (size_t i = 0, n; i < bw_screen_count(s); i += n) {
		bw_screen_action act = bw_screen_line_action(s, i);
		for (n = 1; i + n < bw_screen_count(s) &&
		            bw_screen_line_action(s, i + n) == act; n++)
			;
		snprintf(buf, sizeof(buf), "%s (%zu)", act < BW_SCREEN_ACTION_COUNT ?
		         titles[act] : "?", n);
		print_heading(buf);
		for (size_t k = i; k < i + n; k++)
			print_line(s, k);
	}
	if (!bw_screen_count(s))
		printf("\nNothing in these conditions restricts the session.\n");
}

/* The screen's alerts (refer and clearance lines); -1 when out of
 * memory. */
int screen_alerts(const bw_screen *s, alerts *a)
{
	int failed = 0;
	for (size_t i = 0; i < bw_screen_count(s); i++)
		failed |= alerts_add(a, bw_screen_line_rule(s, i, NULL));
	return failed;
}

int cmd_screen(const cli *c)
{
	size_t n;
	const char **conditions = cli_values_alloc(c, "condition", &n);
	bw_db *db = NULL;
	bw_screen *s = NULL;
	alerts a = {0};
	bw_error err;
	int st;

	if (!conditions)
		return out_status(BW_ENOMEM, NULL);
	if (!n) {
		free(conditions);
		return out_fail(EXIT_USAGE, "screen needs at least one --condition; "
		                "try 'bodywork screen --help'");
	}
	if ((st = cli_open(c, &db)) == EXIT_ANSWER) {
		bw_status x = bw_screen_new(&s, db, conditions, n, &err);
		if (x != BW_OK)
			st = out_status(x, &err);
		else if (!bw_screen_count(s))
			st = EXIT_NOTHING;
	}
	if (s && screen_alerts(s, &a) != 0)
		st = out_status(BW_ENOMEM, NULL);
	if (s && st != EXIT_USAGE) {
		if (c->json)
			st = out_json(screen_json(s), st);
		else
			screen_text(s, &a);
	}
	free(a.v);
	bw_screen_free(s);
	st = cli_close(db, st);
	free(conditions);
	return st;
}
