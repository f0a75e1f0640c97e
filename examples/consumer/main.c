/*
 * main.c: a program outside the libbodywork tree, compiled against the
 * installed header and linked to the installed library.  It checks that the
 * library it runs with is the one it was compiled for, opens the corpus
 * paths given (or the bundled corpus), and counts the entities of each kind.
 */
#include <stdio.h>

#include <bodywork.h>

#if !defined(BW_VERSION_NUMBER) || BW_VERSION_NUMBER < BW_VERSION_CHECK(0, 1, 0)
#error "libbodywork 0.1 or later is needed"
#endif

int main(int argc, char **argv)
{
	bw_db *db;
	bw_error err;
	bw_status st;

	if (bw_version_number() != BW_VERSION_NUMBER) {
		fprintf(stderr, "compiled for libbodywork %d, running with %s\n",
		        BW_VERSION_NUMBER, bw_version());
		return 1;
	}
	st = argc > 1 ? bw_db_open(&db, (const char *const *)argv + 1,
	                           (size_t)argc - 1, &err)
	              : bw_db_open_default(&db, &err);
	if (st != BW_OK) {
		fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.column,
		        err.message);
		return 1;
	}
	printf("libbodywork %s:", bw_version());
	for (int k = 0; k < BW_KIND_COUNT; k++)
		printf(" %zu %s", bw_db_count(db, (bw_kind)k),
		       bw_kind_name((bw_kind)k));
	printf("\n");
	bw_db_close(db);
	return 0;
}
