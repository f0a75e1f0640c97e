/*
 * bench_load.c: load cost against the floor.  For one corpus folder it
 * times, in this process, a bare libxml2 xmlReader pass over every file
 * (read every node, build nothing: the least any reader of this XML must
 * do) and bw_db_open of the same folder, each repeated and reported as the
 * median; the heap the open database holds (glibc's mallinfo2, so memory
 * the parser freed does not count) and the process's peak resident size.
 * One JSON object
 * goes to standard output.
 *
 *   bench_load FOLDER [REPEATS]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <malloc.h>
#include <sys/resource.h>

#include <libxml/xmlreader.h>

#include <bodywork.h>

#include "bench_util.h"

/* Bytes of heap in use. */
static long heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();
	return (long)(mi.uordblks + mi.hblkhd);
}

static long raw_pass(const char *dir, size_t *bytes)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	long nodes = 0;
	*bytes = 0;
	while (d && (de = readdir(d)) != NULL) {
		char path[4096];
		size_t n = strlen(de->d_name);
		xmlTextReaderPtr r;
		FILE *f;
		if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((f = fopen(path, "rb")) != NULL) {
			fseek(f, 0, SEEK_END);
			*bytes += (size_t)ftell(f);
			fclose(f);
		}
		r = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
		while (r && xmlTextReaderRead(r) == 1)
			nodes++;
		xmlFreeTextReader(r);
	}
	if (d)
		closedir(d);
	return nodes;
}

int main(int argc, char **argv)
{
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	double *raw, *open_t;
	size_t bytes = 0, entities = 0;
	long nodes = 0, heap_before, heap_db = 0;
	struct rusage ru;
	const char *paths[1];
	if (argc < 2 || reps < 1) {
		fprintf(stderr, "usage: %s FOLDER [REPEATS]\n", argv[0]);
		return 2;
	}
	paths[0] = argv[1];
	raw = calloc((size_t)reps, sizeof(double));
	open_t = calloc((size_t)reps, sizeof(double));
	xmlInitParser();
	for (int i = 0; i < reps; i++) {
		double t0 = now();
		nodes = raw_pass(argv[1], &bytes);
		raw[i] = now() - t0;
	}
	heap_before = heap_bytes();
	for (int i = 0; i < reps; i++) {
		bw_db *db;
		bw_error err;
		double t0 = now();
		if (bw_db_open(&db, paths, 1, &err) != BW_OK) {
			fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line,
			        err.column, err.message);
			return 1;
		}
		open_t[i] = now() - t0;
		entities = bw_db_count(db, BW_KIND_COUNT);
		if (i == 0)
			heap_db = heap_bytes() - heap_before;
		bw_db_close(db);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("{\"entities\": %zu, \"xml_bytes\": %zu, \"xml_nodes\": %ld, "
	       "\"raw_parse_s\": %.6f, \"open_s\": %.6f, \"open_to_raw\": %.2f, "
	       "\"db_heap_bytes\": %ld, \"heap_to_xml\": %.2f, "
	       "\"bytes_per_entity\": %.0f, \"peak_rss_bytes\": %ld, "
	       "\"repeats\": %d}\n",
	       entities, bytes, nodes, quantile(raw, (size_t)reps, 0.5), quantile(open_t, (size_t)reps, 0.5),
	       quantile(open_t, (size_t)reps, 0.5) / quantile(raw, (size_t)reps, 0.5), heap_db,
	       (double)heap_db / (double)bytes,
	       (double)heap_db / (double)entities, ru.ru_maxrss * 1024L, reps);
	free(raw);
	free(open_t);
	return 0;
}
