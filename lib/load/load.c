/*
 * load.c: reading paths and applying layers.
 *
 * A path is a file or a folder; a folder contributes every regular *.xml
 * file in it, sorted by name with strcmp, and is one layer.  Files are read
 * into memory here (opened non-blocking and checked with fstat, so a FIFO
 * or device is refused rather than waited on, and a file over the size cap
 * is refused before it is read), parsed, validated and built.  When a layer
 * is complete its hides are applied, then its entities replace or join the
 * live set.  Parse state belongs to one call: two threads may load at once.
 * Every file read also goes into a SHA-256 digest of the load (see walk),
 * which bwi_load_digest computes alone, without parsing, to tell whether
 * a compiled database still matches its XML.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "xml.h"

#define BWI_MAX_FILE (256u * 1024u * 1024u)

static bw_status read_file(char **out, size_t *len, const char *path,
                           bw_error *err)
{
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	*out = NULL;
	if (fd < 0)
		return bwi_error_set(err, BW_EIO, path, 0, 0, "cannot open: %s",
		                     strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return bwi_error_set(err, BW_EIO, path, 0, 0,
		                     "not a regular file or folder");
	}
	if ((unsigned long long)sb.st_size > BWI_MAX_FILE) {
		close(fd);
		return bwi_error_set(err, BW_EPARSE, path, 0, 0,
		                     "file is larger than the 256 MiB limit");
	}
	buf = bwi_malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return bwi_error_code(err, BW_ENOMEM);
	}
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? errno : EIO;
			close(fd);
			bwi_free(buf);
			return bwi_error_set(err, BW_EIO, path, 0, 0,
			                     "cannot read: %s", strerror(e));
		}
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return BW_OK;
}

int bwi_sink_report(const bw_error *problem, void *data)
{
	bwi_sink *s = data;
	if (s->full)
		return 1;
	if (s->count++ == 0)
		s->first = *problem;
	if ((s->fn && s->fn(problem, s->data)) ||
	    (s->max && s->count >= s->max))
		s->full = 1;
	return s->full;
}

/* A problem st (described in err) in one file or hide: without a sink it
 * ends the load; with one it is reported and the load goes on, unless
 * memory ran out or the sink wants no more. */
static bw_status problem(bwi_sink *sink, bw_status st, const bw_error *err)
{
	if (!sink || !st || st == BW_ENOMEM)
		return st;
	return bwi_sink_report(err, sink) ? st : BW_OK;
}

/*
 * The walk over a load's files, shared by the load and by bwi_load_digest
 * so that both read the same files in the same order and hash them alike.
 * Layer i is the blobs when i == 0 and there are blobs, else a path.  Each
 * file read goes into the digest, then to fn (the load's parse and build;
 * NULL for the digest alone).  For each file the digest takes the layer
 * number (4 bytes, little-endian), the base name after the last '/' with
 * its NUL, the length (8 bytes, little-endian) and the bytes: the base name
 * so that the same corpus copied elsewhere digests alike, the framing so
 * that no two different loads run together into the same bytes.
 */
typedef struct walk {
	bw_status (*fn)(void *ctx, const char *name, const char *data,
	                size_t len, bw_error *err);
	void *ctx;
	bwi_sink *sink;               /* with one, a file or folder that
	                                 cannot be read is reported and skipped */
	bwi_sha256 sha;
	uint32_t layer;               /* the layer being walked */
} walk;

static void walk_init(walk *w, bw_status (*fn)(void *, const char *,
                                              const char *, size_t,
                                              bw_error *),
                      void *ctx, bwi_sink *sink)
{
	w->fn = fn;
	w->ctx = ctx;
	w->sink = sink;
	w->layer = 0;
	bwi_sha256_init(&w->sha);
}

static size_t layer_count(size_t nblobs, size_t npaths)
{
	return npaths + (nblobs ? 1 : 0);
}

static void put_le(unsigned char *out, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (unsigned char)(v >> (8 * i));
}

static bw_status walk_file(walk *w, const char *name, const char *data,
                           size_t len, bw_error *err)
{
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *base = slash ? slash + 1 : name ? name : "";
	unsigned char num[8];
	put_le(num, w->layer, 4);
	bwi_sha256_update(&w->sha, num, 4);
	bwi_sha256_update(&w->sha, base, strlen(base) + 1);
	put_le(num, len, 8);
	bwi_sha256_update(&w->sha, num, 8);
	bwi_sha256_update(&w->sha, data, len);
	return w->fn ? w->fn(w->ctx, name, data, len, err) : BW_OK;
}

static bw_status walk_path_file(walk *w, const char *path, bw_error *err)
{
	char *data;
	size_t len = 0;
	bw_status st = read_file(&data, &len, path, err);
	if (st)
		return problem(w->sink, st, err);
	st = walk_file(w, path, data, len, err);
	bwi_free(data);
	return st;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_xml_name(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && s[0] != '.' && strcmp(s + n - 4, ".xml") == 0;
}

static bw_status walk_folder(walk *w, const char *path, bw_error *err)
{
	DIR *dir = opendir(path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	bw_status st = BW_OK;
	struct dirent *de;
	if (!dir)
		return problem(w->sink, bwi_error_set(err, BW_EIO, path, 0, 0,
		               "cannot open folder: %s", strerror(errno)), err);
	while ((de = readdir(dir)) != NULL) {
		size_t plen = strlen(path), nlen = strlen(de->d_name);
		char *full;
		if (!is_xml_name(de->d_name))
			continue;
		if (bwi_grow(&names, &cap, n + 1, sizeof(*names)) ||
		    !(full = bwi_malloc(plen + nlen + 2))) {
			st = bwi_error_code(err, BW_ENOMEM);
			break;
		}
		memcpy(full, path, plen);
		full[plen] = '/';
		memcpy(full + plen + 1, de->d_name, nlen + 1);
		names[n++] = full;
	}
	closedir(dir);
	if (!st && n == 0)
		st = problem(w->sink, bwi_error_set(err, BW_EIO, path, 0, 0,
		             "folder holds no .xml corpus files"), err);
	if (!st)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && !st; i++)
		st = walk_path_file(w, names[i], err);
	for (size_t i = 0; i < n; i++)
		bwi_free(names[i]);
	bwi_free(names);
	return st;
}

static bw_status walk_path(walk *w, const char *path, bw_error *err)
{
	struct stat sb;
	if (!path || !*path)
		return problem(w->sink, bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		               "empty corpus path"), err);
	if (stat(path, &sb) != 0)
		return problem(w->sink, bwi_error_set(err, BW_EIO, path, 0, 0,
		               "cannot open: %s", strerror(errno)), err);
	if (S_ISDIR(sb.st_mode))
		return walk_folder(w, path, err);
	return walk_path_file(w, path, err);
}

/* Every file of layer i (see walk). */
static bw_status walk_layer(walk *w, const bwi_blob *blobs, size_t nblobs,
                            const char *const *paths, size_t i,
                            bw_error *err)
{
	bw_status st = BW_OK;
	w->layer = (uint32_t)i;
	if (nblobs && i == 0) {
		for (size_t k = 0; k < nblobs && !st; k++)
			st = walk_file(w, blobs[k].name,
			               (const char *)blobs[k].data, blobs[k].size,
			               err);
		return st;
	}
	return walk_path(w, paths[i - (nblobs ? 1 : 0)], err);
}

/* What the load's walk carries to each file: the layer being built. */
typedef struct loading {
	bwi_draft *m;
	bwi_layer layer;
	xmlRelaxNGPtr schema;
	bwi_sink *sink;
} loading;

/* Parse, validate and build one file of a layer. */
static bw_status load_file(void *ctx, const char *name, const char *data,
                           size_t len, bw_error *err)
{
	loading *l = ctx;
	bwi_xml_doc d;
	bw_status st = bwi_xml_parse(&d, name, data, len, err);
	if (st)
		return problem(l->sink, st, err);
	st = bwi_xml_check(&d, l->schema, l->sink, err);
	if (st && l->sink && st != BW_ENOMEM)
		st = l->sink->full ? st : BW_OK; /* each went to the sink */
	else if (!st)
		st = problem(l->sink, bwi_build(l->m, &l->layer, &d, err), err);
	bwi_xml_free(&d);
	return st;
}

/* Hides first (they name entities of earlier layers), then the layer's
 * entities join the live set. */
static bw_status apply_layer(bwi_draft *m, bwi_layer *layer,
                             bwi_sink *sink, bw_error *err)
{
	bw_status st = BW_OK;
	for (size_t i = 0; i < layer->nhides && !st; i++) {
		const bwi_hide *h = &layer->hides[i];
		if (bwi_map_get(&layer->seen, h->id, strlen(h->id)))
			st = problem(sink, bwi_error_set(err, BW_ECORPUS, h->file,
			             h->line, h->column, "'%s' is both defined and "
			             "hidden in the same layer", h->id), err);
		else if (!bwi_draft_hide_at(m, h->id, h->file, h->line,
		                            h->column))
			st = problem(sink, bwi_error_set(err, BW_ECORPUS, h->file,
			             h->line, h->column, "<hide id=\"%s\"/> names "
			             "no entity of an earlier layer", h->id), err);
	}
	if (st)
		return st;
	for (size_t i = 0; i < layer->nentities; i++)
		if (bwi_draft_put(m, layer->entities[i], NULL))
			return bwi_error_code(err, BW_ENOMEM);
	return BW_OK;
}

/* bwi_load and bwi_load_check: without a sink the first problem ends the
 * load; with one, each is reported and the load goes on. */
static bw_status load_layers(bwi_draft *m, const bwi_blob *schema_blob,
                             const bwi_blob *blobs, size_t nblobs,
                             const char *const *paths, size_t npaths,
                             bwi_sink *sink, bw_error *err)
{
	xmlRelaxNGPtr schema;
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	loading l;
	walk w;
	bw_status st;
	int lost_memory = 0;

	l.m = m;
	l.sink = sink;
	walk_init(&w, load_file, &l, sink);
	xmlInitParser();
	/* libxml2's fallback handlers are per thread; silence them for the
	 * length of this call so nothing reaches stderr, then restore. */
	xmlSetGenericErrorFunc(NULL, bwi_xml_silent);
	xmlSetStructuredErrorFunc(&lost_memory, bwi_xml_note_oom);
	st = bwi_schema_parse(&schema, schema_blob, err);
	l.schema = schema;
	for (size_t i = 0; !st && i < layer_count(nblobs, npaths); i++) {
		bwi_layer_init(&l.layer);
		st = walk_layer(&w, blobs, nblobs, paths, i, err);
		if (!st)
			st = apply_layer(m, &l.layer, sink, err);
		bwi_layer_free(&l.layer);
	}
	bwi_sha256_final(&w.sha, m->digest);
	if (schema)
		xmlRelaxNGFree(schema);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	if (!st && sink) {
		/* every dangling reference, then (with none) what finishing
		 * checks besides, such as a site within itself */
		st = bwi_draft_check(m, bwi_sink_report, sink);
		if (st == BW_ENOMEM)
			return bwi_error_code(err, st);
		if (!st)
			st = problem(sink, bwi_draft_finish(m, err), err);
	} else if (!st) {
		st = bwi_draft_finish(m, err);
	}
	if (sink && st != BW_ENOMEM)
		return sink->count ? sink->first.code : st;
	return st;
}

bw_status bwi_load(bwi_draft *m, const bwi_blob *schema_blob,
                   const bwi_blob *blobs, size_t nblobs,
                   const char *const *paths, size_t npaths, bw_error *err)
{
	return load_layers(m, schema_blob, blobs, nblobs, paths, npaths, NULL,
	                   err);
}

bw_status bwi_load_check(bwi_draft *m, const bwi_blob *schema_blob,
                         const bwi_blob *blobs, size_t nblobs,
                         const char *const *paths, size_t npaths,
                         bwi_sink *sink, bw_error *err)
{
	bw_error scratch;
	bw_status st;
	memset(&scratch, 0, sizeof(scratch));
	st = load_layers(m, schema_blob, blobs, nblobs, paths, npaths, sink,
	                 &scratch);
	if (st == BW_ENOMEM || (st && !sink->count))
		bwi_error_set(err, scratch.code ? scratch.code : st,
		              scratch.file[0] ? scratch.file : NULL, scratch.line,
		              scratch.column, "%s", scratch.message);
	else if (st && err)
		*err = sink->first;
	return st;
}

bw_status bwi_load_digest(unsigned char out[32], const bwi_blob *blobs,
                          size_t nblobs, const char *const *paths,
                          size_t npaths, bw_error *err)
{
	walk w;
	bw_status st = BW_OK;
	if (!out || (nblobs && !blobs) || (npaths && !paths))
		return bwi_error_code(err, BW_EINVAL);
	walk_init(&w, NULL, NULL, NULL);
	for (size_t i = 0; !st && i < layer_count(nblobs, npaths); i++)
		st = walk_layer(&w, blobs, nblobs, paths, i, err);
	bwi_sha256_final(&w.sha, out);
	if (st)
		memset(out, 0, 32);
	return st;
}
