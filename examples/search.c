/*
 * search.c: ranked, typo-tolerant search with snippets, and the "did you
 * mean" line when the query was corrected.
 *
 *   bw_search QUERY...          search the bundled corpus
 *   BODYWORK_CORPUS=PATH bw_search QUERY...   search another corpus
 *
 * The words are joined into one query: words, "phrases", -exclusions and
 * field:value filters such as kind:technique (docs/search.md).
 */
#include <stdio.h>
#include <string.h>

#include <bodywork.h>

int main(int argc, char **argv)
{
	char query[1024] = "", snippet[512];
	bw_search_options opts = BW_SEARCH_OPTIONS_INIT;
	bw_results *hits;
	bw_db *db;
	bw_error err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s QUERY...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (strlen(query) + strlen(argv[i]) + 2 < sizeof(query))
			strcat(strcat(query, i > 1 ? " " : ""), argv[i]);
	if (bw_db_open_default(&db, &err) != BW_OK) {
		fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.column,
		        err.message);
		return 2;
	}
	opts.limit = 5;
	opts.mark_open = "*";
	opts.mark_close = "*";
	if (bw_search(&hits, db, query, &opts, &err) != BW_OK) {
		fprintf(stderr, "query, byte %lu: %s\n", err.column, err.message);
		bw_db_close(db);
		return 2;
	}
	if (bw_results_correction(hits))
		printf("did you mean: %s\n", bw_results_correction(hits));
	for (size_t i = 0; i < bw_results_count(hits); i++) {
		const bw_entity *e = bw_results_entity(hits, i);
		bw_results_snippet(snippet, sizeof(snippet), hits, i);
		printf("%zu. %s (%s %s, matched \"%s\")\n   %s\n", i + 1,
		       bw_entity_name(e), bw_kind_name(bw_entity_kind(e)),
		       bw_entity_id(e), bw_results_label(hits, i), snippet);
	}
	printf("%zu of %zu hits\n", bw_results_count(hits),
	       bw_results_total(hits));
	bw_results_free(hits);
	bw_db_close(db);
	return 0;
}
