/*
 * ask.c: "bodywork ask QUESTION...", a question in plain words.  The
 * arguments are joined into one question for bw_ask, which reads it as a
 * relation query, a plan, a screen or a search; this file prints how it
 * was read and the entities it recognised, then the result with the
 * printers of search, plan and screen (or their JSON under "result").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const match_names[] = {"exact", "prefix", "typo1",
                                          "typo2"};

static json_t *ask_json(const char *q, const bw_search_options *o,
                        const bw_answer *a, const alerts *al)
{
	json_t *ents = json_array(), *result = json_null();

	for (size_t i = 0; i < bw_answer_entity_count(a); i++) {
		json_t *e = j_ref(bw_answer_entity(a, i));
		json_object_set_new(e, "words", j_str(bw_answer_entity_words(a, i)));
		json_object_set_new(e, "match",
		                    j_str(match_names[bw_answer_entity_match(a, i) & 3]));
		json_array_append_new(ents, e);
	}
	if (bw_answer_results(a))
		result = search_json(q, o, bw_answer_results(a));
	else if (bw_answer_plan(a))
		result = plan_json(bw_answer_plan(a), al);
	else if (bw_answer_screen(a))
		result = screen_json(bw_answer_screen(a));
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "question", q,
	                 "kind", bw_ask_kind_name(bw_answer_kind(a)),
	                 "reading", bw_answer_reading(a), "entities", ents,
	                 "result", result);
}

static void ask_text(const bw_search_options *o, const bw_answer *a,
                     const alerts *al)
{
	int col = 0;

	out_words(&col, 0, "reading:", OUT_DIM);
	out_words(&col, 9, bw_answer_reading(a), OUT_BOLD);
	out_end(&col);
	for (size_t i = 0; i < bw_answer_entity_count(a); i++) {
		char buf[300];
		snprintf(buf, sizeof(buf), "\"%s\"%s", bw_answer_entity_words(a, i),
		         bw_answer_entity_match(a, i) == BW_MATCH_EXACT ? ""
		                                                       : " (typo)");
		out_words(&col, 2, buf, OUT_DIM);
		print_ref_kind(&col, 4, bw_answer_entity(a, i));
		out_end(&col);
	}
	printf("\n");
	if (bw_answer_results(a))
		search_text(o, bw_answer_results(a));
	else if (bw_answer_plan(a))
		plan_text(bw_answer_plan(a), al);
	else if (bw_answer_screen(a))
		screen_text(bw_answer_screen(a), al);
}

/* Whether the answer found anything. */
static int answered(const bw_answer *a)
{
	const bw_plan *p = bw_answer_plan(a);
	if (bw_answer_results(a))
		return bw_results_total(bw_answer_results(a)) > 0;
	if (p)
		return bw_plan_count(p, BW_PLAN_ALLOWED) +
		       bw_plan_count(p, BW_PLAN_EXCLUDED) > 0;
	return bw_answer_screen(a) && bw_screen_count(bw_answer_screen(a)) > 0;
}

int cmd_ask(const cli *c)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	char *q;
	bw_db *db = NULL;
	bw_answer *a = NULL;
	alerts al = {0};
	bw_error err;
	bw_status s;
	int st;

	if ((st = cli_number(c, "limit", 10, 1, 1000, &o.limit)) != EXIT_ANSWER)
		return st;
	if (!(q = cli_join(c)))
		return out_status(BW_ENOMEM, NULL);
	if (!c->json) {
		o.mark_open = out_mark(0);
		o.mark_close = out_mark(1);
	}
	if ((st = cli_open(c, &db)) == EXIT_ANSWER &&
	    (s = bw_ask(&a, db, q, &o, &err)) != BW_OK) {
		st = out_status(s, &err);
		if ((s == BW_EQUERY || s == BW_EUTF8) && err.column > 0)
			out_caret(q, err.column - 1);
	}
	if (a && ((bw_answer_plan(a) && plan_alerts(bw_answer_plan(a), &al)) ||
	          (bw_answer_screen(a) &&
	           screen_alerts(bw_answer_screen(a), &al))))
		st = out_status(BW_ENOMEM, NULL);
	else if (a) {
		st = answered(a) ? EXIT_ANSWER : EXIT_NOTHING;
		if (c->json)
			st = out_json(ask_json(q, &o, a, &al), st);
		else
			ask_text(&o, a, &al);
	}
	free(al.v);
	bw_answer_free(a);
	st = cli_close(db, st);
	free(q);
	return st;
}
