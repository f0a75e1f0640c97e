/*
 * clinic.c: what a clinic's own layer changes.  A layer is a corpus file or
 * folder opened on top of the bundled corpus (bw_db_open_bundled) or another
 * base (bw_db_open with the base first): it may add entities, replace ones
 * with the same id, and hide ones.  This opens the base alone and again
 * with the layers, and compares the two.
 *
 *   bw_clinic LAYER...               layers on top of the bundled corpus
 *   bw_clinic --base PATH LAYER...   layers on top of another corpus
 */
#include <stdio.h>
#include <string.h>

#include <bodywork.h>

static int fail(const bw_error *err)
{
	fprintf(stderr, "%s:%lu:%lu: %s\n", err->file, err->line, err->column,
	        err->message);
	return 2;
}

int main(int argc, char **argv)
{
	const char *const *layers = (const char *const *)argv + 1;
	size_t n = argc > 1 ? (size_t)argc - 1 : 0;
	int based = argc > 3 && strcmp(argv[1], "--base") == 0;
	bw_db *base, *db;
	const bw_entity *e, *old;
	bw_error err;

	if (n == 0 || (argc > 1 && !based && strcmp(argv[1], "--base") == 0)) {
		fprintf(stderr, "usage: %s [--base PATH] LAYER...\n", argv[0]);
		return 2;
	}
	if (based) { /* argv[2] is the base, then the layers: one list */
		layers = (const char *const *)argv + 2;
		n = (size_t)argc - 2;
	}
	if ((based ? bw_db_open(&base, layers, 1, &err)
	           : bw_db_open_bundled(&base, NULL, 0, &err)) != BW_OK)
		return fail(&err);
	if ((based ? bw_db_open(&db, layers, n, &err)
	           : bw_db_open_bundled(&db, layers, n, &err)) != BW_OK) {
		bw_db_close(base);
		return fail(&err);
	}
	/* Every entity of the layered database, in kind and id order. */
	for (size_t i = 0; (e = bw_db_entity_at(db, BW_KIND_COUNT, i)); i++) {
		if (bw_db_get(&old, base, bw_entity_id(e), NULL) != BW_OK)
			printf("added     %-9s %-24s from %s\n",
			       bw_kind_name(bw_entity_kind(e)), bw_entity_id(e),
			       bw_entity_file(e));
		else if (strcmp(bw_entity_file(e), bw_entity_file(old)) != 0)
			printf("replaced  %-9s %-24s by %s:%lu\n",
			       bw_kind_name(bw_entity_kind(e)), bw_entity_id(e),
			       bw_entity_file(e), bw_entity_line(e));
	}
	/* Entities of the base that the layers hide. */
	for (size_t i = 0; (e = bw_db_entity_at(base, BW_KIND_COUNT, i)); i++)
		if (bw_db_get(&old, db, bw_entity_id(e), NULL) != BW_OK)
			printf("hidden    %-9s %s\n", bw_kind_name(bw_entity_kind(e)),
			       bw_entity_id(e));
	printf("%zu entities before the layers, %zu after\n",
	       bw_db_count(base, BW_KIND_COUNT), bw_db_count(db, BW_KIND_COUNT));
	bw_db_close(db);
	bw_db_close(base);
	return 0;
}
