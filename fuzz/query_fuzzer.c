/*
 * query_fuzzer.c: the query parser and search on the bundled corpus.  The
 * input is one query, run through bw_search (with a kind filter and paging
 * taken from its first byte), bw_suggest and the symptom relation query;
 * each must return results or an error, and every hit's snippet must be
 * writable.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "bodywork.h"

static bw_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bw_search_options o = BW_SEARCH_OPTIONS_INIT;
	bw_results *r;
	bw_error err;
	char *q, snip[256];
	if (!db && bw_db_open_bundled(&db, NULL, 0, &err) != BW_OK)
		return 0;
	q = malloc(size + 1);
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	if (size) {
		o.kinds = data[0] & 0x1f;
		o.offset = data[0] >> 5;
		o.typo_threshold = data[0] & 1 ? 5 : 50;
	}
	if (bw_search(&r, db, q, &o, &err) == BW_OK) {
		for (size_t i = 0; i < bw_results_count(r); i++)
			bw_results_snippet(snip, sizeof(snip), r, i);
		bw_results_free(r);
	}
	if (bw_suggest(&r, db, q, NULL, &err) == BW_OK)
		bw_results_free(r);
	if (bw_muscles_for_symptom_text(&r, db, q, NULL, &err) == BW_OK)
		bw_results_free(r);
	free(q);
	return 0;
}
