/*
 * bench_load.c: load cost against the floor, and where it goes.  For one
 * corpus folder it times, in this process:
 *
 *   raw        a bare libxml2 xmlReader pass over every file (read every
 *              node, build nothing: the least any reader of this XML does);
 *   parse      the loader's own hardened parse of every file into a DOM,
 *              with its scan of start-tag positions (bwi_xml_parse);
 *   validate   that, plus RelaxNG validation against the bundled schema;
 *   model      bwi_load: parse, validate, build the entities, resolve
 *              references, names and back-references; then lay the draft
 *              out as the model's image (bwi_image_write);
 *   rules      the planner's rule index over the model;
 *   index      the search index over the model;
 *   open       bw_db_open, all of the above as a user calls it;
 *
 * each repeated and reported as the median; and the heap the open database
 * holds (glibc's mallinfo2, so memory the parser freed does not count),
 * in all and by part (model, rule index, search index),
 * per entity and against the XML's size, and the process's peak resident
 * size.  It links the library's own objects to reach the stages.  One JSON
 * object goes to standard output.
 *
 *   bench_load FOLDER [REPEATS]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <libxml/xmlreader.h>

#include <bodywork.h>

#include "api/db.h"
#include "load/xml.h"      /* the parse and validate steps, timed alone */
#include "index/index.h"
#include "plan/plan.h"
#include "bench_util.h"

/* Bytes of heap in use. */
static long heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();
	return (long)(mi.uordblks + mi.hblkhd);
}

/* The folder's *.xml files, read into memory, in name order. */
typedef struct files {
	char **path;
	char **data;
	size_t *size;
	size_t n, bytes;
} files;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void files_read(files *fs, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	memset(fs, 0, sizeof(*fs));
	while (d && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		fs->path = realloc(fs->path, (fs->n + 1) * sizeof(*fs->path));
		fs->path[fs->n] = malloc(strlen(dir) + n + 2);
		sprintf(fs->path[fs->n++], "%s/%s", dir, de->d_name);
	}
	if (d)
		closedir(d);
	qsort(fs->path, fs->n, sizeof(*fs->path), by_name);
	fs->data = calloc(fs->n + 1, sizeof(*fs->data));
	fs->size = calloc(fs->n + 1, sizeof(*fs->size));
	for (size_t i = 0; i < fs->n; i++) {
		FILE *f = fopen(fs->path[i], "rb");
		long len;
		if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET))
			exit(1);
		fs->data[i] = malloc((size_t)len + 1);
		fs->size[i] = fread(fs->data[i], 1, (size_t)len, f);
		fs->bytes += fs->size[i];
		fclose(f);
	}
}

static void files_free(files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->path[i]);
		free(fs->data[i]);
	}
	free(fs->path);
	free(fs->data);
	free(fs->size);
}

static void fail(const bw_error *err)
{
	fprintf(stderr, "bench_load: %s:%lu:%lu: %s\n", err->file, err->line,
	        err->column, err->message);
	exit(1);
}

/* The bare reader over the same bytes; returns the nodes read. */
static long raw_pass(const files *fs)
{
	long nodes = 0;
	for (size_t i = 0; i < fs->n; i++) {
		xmlTextReaderPtr r = xmlReaderForMemory(fs->data[i], (int)fs->size[i],
		                                        fs->path[i], NULL,
		                                        XML_PARSE_NONET);
		while (r && xmlTextReaderRead(r) == 1)
			nodes++;
		xmlFreeTextReader(r);
	}
	return nodes;
}

/* The loader's parse of every file, and its validation when schema. */
static void parse_pass(const files *fs, xmlRelaxNGPtr schema)
{
	bw_error err;
	for (size_t i = 0; i < fs->n; i++) {
		bwi_xml_doc d;
		if (bwi_xml_parse(&d, fs->path[i], fs->data[i], fs->size[i], &err) ||
		    (schema && bwi_xml_validate(&d, schema, &err)))
			fail(&err);
		bwi_xml_free(&d);
	}
}

enum { RAW, PARSE, VALIDATE, MODEL, RULES, INDEX, OPEN, NSTAGES };
static const char *const stage_name[NSTAGES] = {
	"raw_parse_s", "parse_s", "validate_s", "model_s", "rules_s", "index_s",
	"open_s"};

int main(int argc, char **argv)
{
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	double *t[NSTAGES];
	size_t entities = 0;
	long nodes = 0, heap_before, heap_db = 0, heap[3] = {0, 0, 0};
	struct rusage ru;
	const char *paths[1];
	xmlRelaxNGPtr schema;
	bw_error err;
	files fs;

	if (argc < 2 || reps < 1) {
		fprintf(stderr, "usage: %s FOLDER [REPEATS]\n", argv[0]);
		return 2;
	}
	paths[0] = argv[1];
	files_read(&fs, argv[1]);
	for (int s = 0; s < NSTAGES; s++)
		t[s] = calloc((size_t)reps, sizeof(double));
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, bwi_xml_silent);
	if (bwi_schema_parse(&schema, &bwi_bundled_schema, &err))
		fail(&err);
	for (int i = 0; i < reps; i++) {
		bwi_draft d;
		bwi_model m;
		void *img;
		size_t size;
		bwi_rule_index *rules;
		bwi_index *ix;
		double t0 = now();
		nodes = raw_pass(&fs);
		t[RAW][i] = now() - t0;
		t0 = now();
		parse_pass(&fs, NULL);
		t[PARSE][i] = now() - t0;
		t0 = now();
		parse_pass(&fs, schema);
		t[VALIDATE][i] = now() - t0;
		bwi_draft_init(&d);
		heap_before = heap_bytes();
		t0 = now();
		if (bwi_load(&d, &bwi_bundled_schema, NULL, 0, paths, 1, &err) ||
		    bwi_image_write(&img, &size, &d, &err))
			fail(&err);
		bwi_draft_free(&d);
		if (bwi_model_open(&m, img, size, 1, NULL, &err))
			fail(&err);
		m.owned = img;
		t[MODEL][i] = now() - t0;
		heap[0] = heap_bytes() - heap_before;
		t0 = now();
		if (bwi_rule_index_build(&rules, &m))
			exit(1);
		t[RULES][i] = now() - t0;
		heap[1] = heap_bytes() - heap_before - heap[0];
		t0 = now();
		if (bwi_index_build(&ix, &m, NULL))
			exit(1);
		t[INDEX][i] = now() - t0;
		heap[2] = heap_bytes() - heap_before - heap[0] - heap[1];
		bwi_index_free(ix);
		bwi_rule_index_free(rules);
		bwi_model_close(&m);
	}
	xmlRelaxNGFree(schema);
	heap_before = heap_bytes();
	for (int i = 0; i < reps; i++) {
		bw_db *db;
		double t0 = now();
		if (bw_db_open(&db, paths, 1, &err) != BW_OK)
			fail(&err);
		t[OPEN][i] = now() - t0;
		entities = bw_db_count(db, BW_KIND_COUNT);
		if (i == 0)
			heap_db = heap_bytes() - heap_before;
		bw_db_close(db);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("{\"entities\": %zu, \"xml_bytes\": %zu, \"xml_nodes\": %ld, ",
	       entities, fs.bytes, nodes);
	for (int s = 0; s < NSTAGES; s++)
		printf("\"%s\": %.6f, ", stage_name[s],
		       quantile(t[s], (size_t)reps, 0.5));
	printf("\"model_heap_bytes\": %ld, \"rules_heap_bytes\": %ld, "
	       "\"index_heap_bytes\": %ld, ", heap[0], heap[1], heap[2]);
	printf("\"open_to_raw\": %.2f, \"db_heap_bytes\": %ld, "
	       "\"heap_to_xml\": %.2f, \"bytes_per_entity\": %.0f, "
	       "\"peak_rss_bytes\": %ld, \"repeats\": %d}\n",
	       quantile(t[OPEN], (size_t)reps, 0.5) /
	       quantile(t[RAW], (size_t)reps, 0.5),
	       heap_db, (double)heap_db / (double)fs.bytes,
	       (double)heap_db / (double)entities, ru.ru_maxrss * 1024L, reps);
	for (int s = 0; s < NSTAGES; s++)
		free(t[s]);
	files_free(&fs);
	return 0;
}
