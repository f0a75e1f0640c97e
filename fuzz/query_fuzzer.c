/*
 * query_fuzzer.c: the query parser and search on the bundled corpus.  The
 * input is one query, run through bw_search (with a kind filter, paging,
 * a limit and the typo threshold taken from its first byte), bw_suggest
 * and the symptom relation query; the first muscle any of them finds has
 * its techniques listed.  Each answer must satisfy invariants.h: hit
 * counts within the limit, every hit an entity of the database and of an
 * allowed kind (muscles for a symptom, techniques aimed at the muscle for
 * the techniques), each once, every snippet within its buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "invariants.h"

static bw_db *db;

/* The first muscle among r's hits, or m as it was. */
static const bw_entity *first_muscle(const bw_results *r, const bw_entity *m)
{
	for (size_t i = 0; !m && i < bw_results_count(r); i++)
		if (bw_entity_kind(bw_results_entity(r, i)) == BW_KIND_MUSCLE)
			m = bw_results_entity(r, i);
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	const bw_entity *m = NULL;
	bw_results *r;
	bw_error err;
	char *q;
	if (!db && bw_db_open_bundled(&db, NULL, 0, &err) != BW_OK)
		__builtin_trap(); /* the bundled corpus must open */
	q = malloc(size + 1);
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	if (size) {
		o.kinds = data[0] & 0x1f;
		o.offset = data[0] >> 5;
		o.limit = data[0] & 0x20 ? 3 : 10;
		o.typo_threshold = data[0] & 1 ? 5 : 50;
		o.snippet_words = data[0] & 2 ? 4 : 0;
	}
	if (bw_search(&r, db, q, &o, &err) == BW_OK) {
		check_results(db, r, &o, o.kinds);
		m = first_muscle(r, m);
		bw_results_free(r);
	}
	if (bw_suggest(&r, db, q, NULL, &err) == BW_OK) {
		check_results(db, r, NULL, 0);
		for (size_t i = 0; i < bw_results_count(r); i++)
			INVARIANT(bw_results_label(r, i) != NULL);
		m = first_muscle(r, m);
		bw_results_free(r);
	}
	if (bw_muscles_for_symptom_text(&r, db, q, NULL, &err) == BW_OK) {
		check_results(db, r, NULL, 1u << BW_KIND_MUSCLE);
		m = first_muscle(r, m);
		bw_results_free(r);
	}
	if (m) {
		INVARIANT(bw_techniques_for_muscle(&r, db, m, &o, &err) == BW_OK);
		check_results(db, r, &o, 1u << BW_KIND_TECHNIQUE);
		for (size_t i = 0; i < bw_results_count(r); i++) {
			INVARIANT(aimed_at(bw_results_entity(r, i), m));
			INVARIANT(bw_fact_target(bw_results_fact(r, i)) == m);
		}
		bw_results_free(r);
	}
	free(q);
	return 0;
}
