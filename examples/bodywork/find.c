/*
 * find.c: "bodywork search QUERY..." and "bodywork suggest PREFIX".  The
 * words of a search are joined into one query for bw_search, which ranks,
 * corrects typos and cuts snippets; suggest asks bw_suggest.  Both share
 * the options (--kind, --limit, --offset) and the report of a malformed
 * query, which points at the byte the library names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef bw_status (*query_fn)(bw_results **out, const bw_db *db,
                              const char *text, const bw_search_options *o,
                              bw_error *err);

/* How hit i matched: "exact", "prefix", "typo1" or "typo2". */
static const char *match_name(const bw_results *r, size_t i)
{
	static const char *const names[] = {"exact", "prefix", "typo1", "typo2"};
	bw_match m = bw_results_match(r, i);
	return m <= BW_MATCH_TYPO2 ? names[m] : "exact";
}

/* A malformed query: the message, then the query with a caret under the
 * byte at fault. */
static int query_error(const char *q, bw_status st, const bw_error *err)
{
	if (st != BW_EQUERY && st != BW_EUTF8)
		return out_status(st, err);
	out_fail(EXIT_USAGE, "query, byte %lu: %s", err->column, err->message);
	if (err->column > 0)
		out_caret(q, err->column - 1);
	return EXIT_USAGE;
}

/* Open the corpus and run fn on text with the options given; on success
 * *db and *r are the caller's to free. */
static int run_query(const cli *c, query_fn fn, const char *text,
                     bw_search_options *o, bw_db **db, bw_results **r)
{
	bw_error err;
	bw_status st;
	int x;

	if ((x = cli_number(c, "limit", 10, 1, 1000, &o->limit)) != EXIT_ANSWER ||
	    (x = cli_number(c, "offset", 0, 0, 1000000, &o->offset)) !=
	    EXIT_ANSWER ||
	    (x = cli_kinds(c, &o->kinds)) != EXIT_ANSWER ||
	    (x = cli_open(c, db)) != EXIT_ANSWER)
		return x;
	if ((st = fn(r, *db, text, o, &err)) != BW_OK) {
		bw_db_close(*db);
		return query_error(text, st, &err);
	}
	return EXIT_ANSWER;
}

static char *snippet(const bw_results *r, size_t i)
{
	size_t n = bw_results_snippet(NULL, 0, r, i) + 1;
	char *buf = malloc(n);
	if (buf)
		bw_results_snippet(buf, n, r, i);
	return buf;
}

json_t *search_json(const char *q, const bw_search_options *o,
                           const bw_results *r)
{
	json_t *hits = json_array();

	for (size_t i = 0; i < bw_results_count(r); i++) {
		uint64_t bits = bw_results_fields(r, i);
		json_t *hit = j_ref(bw_results_entity(r, i)), *fields = json_array();
		char *snip = snippet(r, i);
		if (bits & BW_NAME_BIT)
			json_array_append_new(fields, json_string("name"));
		for (int f = 0; f < BW_FIELD_COUNT; f++)
			if (bits & BW_FIELD_BIT(f))
				json_array_append_new(fields,
				                      j_str(bw_field_name((bw_field)f)));
		json_object_set_new(hit, "rank",
		                    json_integer((json_int_t)(o->offset + i + 1)));
		json_object_set_new(hit, "label", j_str(bw_results_label(r, i)));
		json_object_set_new(hit, "score", json_real(bw_results_score(r, i)));
		json_object_set_new(hit, "match", j_str(match_name(r, i)));
		json_object_set_new(hit, "fields", fields);
		json_object_set_new(hit, "snippet", j_str(snip));
		json_object_set_new(hit, "dropped", j_str(bw_results_dropped(r, i)));
		json_array_append_new(hits, hit);
		free(snip);
	}
	return json_pack("{s:s, s:o, s:I, s:I, s:I, s:o}", "query", q,
	                 "correction", j_str(bw_results_correction(r)),
	                 "total", (json_int_t)bw_results_total(r),
	                 "offset", (json_int_t)o->offset,
	                 "limit", (json_int_t)o->limit, "hits", hits);
}

void search_text(const bw_search_options *o, const bw_results *r)
{
	size_t n = bw_results_count(r);
	char buf[128];
	int col = 0;

	if (bw_results_correction(r)) {
		out_words(&col, 0, "did you mean:", OUT_YELLOW);
		out_words(&col, 14, bw_results_correction(r), OUT_BOLD);
		out_end(&col);
	}
	for (size_t i = 0; i < n; i++) {
		const bw_entity *e = bw_results_entity(r, i);
		const char *label = bw_results_label(r, i);
		char *snip = snippet(r, i);
		printf("%s%3zu.%s", out_sgr(OUT_DIM), o->offset + i + 1,
		       out_sgr(OUT_PLAIN));
		col = 4;
		print_ref_kind(&col, 5, e);
		if (label && strcmp(label, bw_entity_name(e)) != 0) {
			snprintf(buf, sizeof(buf), "matched %s:", match_name(r, i));
			out_words(&col, 5, buf, OUT_DIM);
			out_words(&col, 5, label, OUT_PLAIN);
		}
		out_end(&col);
		if (bw_results_dropped(r, i)) {
			out_words(&col, 5, "without:", OUT_YELLOW);
			out_words(&col, 5, bw_results_dropped(r, i), OUT_PLAIN);
			out_end(&col);
		}
		out_marked(&col, 5, snip);
		out_end(&col);
		free(snip);
	}
	if (n)
		snprintf(buf, sizeof(buf), "%zu-%zu of %zu", o->offset + 1,
		         o->offset + n, bw_results_total(r));
	else
		snprintf(buf, sizeof(buf), "no hits (%zu in all)", bw_results_total(r));
	out_words(&col, 0, buf, OUT_DIM);
	out_end(&col);
}

int cmd_search(const cli *c)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	char *q;
	bw_db *db;
	bw_results *r;
	int st;

	if (!(q = cli_join(c)))
		return out_status(BW_ENOMEM, NULL);
	if (!c->json) { /* mark matches in colour on a terminal */
		o.mark_open = out_mark(0);
		o.mark_close = out_mark(1);
	}
	if ((st = run_query(c, bw_search, q, &o, &db, &r)) == EXIT_ANSWER) {
		st = bw_results_total(r) ? EXIT_ANSWER : EXIT_NOTHING;
		if (c->json)
			st = out_json(search_json(q, &o, r), st);
		else
			search_text(&o, r);
		bw_results_free(r);
		st = cli_close(db, st);
	}
	free(q);
	return st;
}

int cmd_suggest(const cli *c)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_db *db;
	bw_results *r;
	json_t *list;
	char buf[300];
	int st, col = 0, w = 0;

	if ((st = run_query(c, bw_suggest, c->args[0], &o, &db, &r)) != EXIT_ANSWER)
		return st;
	st = bw_results_count(r) ? EXIT_ANSWER : EXIT_NOTHING;
	list = c->json ? json_array() : NULL;
	for (size_t i = 0; i < bw_results_count(r); i++)
		if ((int)strlen(bw_results_label(r, i)) + 2 > w)
			w = (int)strlen(bw_results_label(r, i)) + 2;
	if (w > 32) /* a longer label puts its entity on the next line */
		w = 32;
	for (size_t i = 0; i < bw_results_count(r); i++) {
		const bw_entity *e = bw_results_entity(r, i);
		if (list) {
			json_t *s = j_ref(e);
			json_object_set_new(s, "label", j_str(bw_results_label(r, i)));
			json_array_append_new(list, s);
			continue;
		}
		out_label(&col, 0, w, bw_results_label(r, i), OUT_BOLD);
		if (strcmp(bw_results_label(r, i), bw_entity_name(e)) != 0)
			out_words(&col, w, bw_entity_name(e), OUT_PLAIN);
		snprintf(buf, sizeof(buf), "(%s)", bw_entity_id(e));
		out_words(&col, w, buf, OUT_DIM);
		out_words(&col, w, bw_kind_name(bw_entity_kind(e)), OUT_MAGENTA);
		out_end(&col);
	}
	if (list)
		st = out_json(json_pack("{s:s, s:o}", "prefix", c->args[0],
		                        "suggestions", list), st);
	bw_results_free(r);
	st = cli_close(db, st);
	return st;
}
