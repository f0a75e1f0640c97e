/*
 * compiled.c: compiled databases (docs/compiled.md).  A compiled file is a
 * header, a table of sections and the sections themselves, each aligned to
 * 8 bytes: the model's image (model.h), the search index's arrays
 * (index/sections.c) and the rule index's (plan/plan.c).  Opening one maps
 * the file read-only and points the three stages into it, so processes
 * that open the same file share its pages; nothing is parsed or rebuilt
 * but a few dozen synonym records.
 *
 * A file is untrusted input.  The header is checked first (magic, format,
 * byte order, word size, library version, the file's length and a
 * checksum of header and table), then every section's place in the file,
 * then each stage checks its own sections whole before any query can read
 * them.
 */
#define _XOPEN_SOURCE 700   /* realpath */
#define _DEFAULT_SOURCE     /* MAP_POPULATE (glibc) */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "bodywork_version.h"
#include "../plan/plan.h"
#include "../index/index.h"

#ifdef MAP_POPULATE
#define POPULATE MAP_POPULATE
#else
#define POPULATE 0
#endif

#define MAGIC "BWDB\r\n\032\n"
#define FORMAT 2u
#define ORDER 0x01020304u
#define MODEL_SECTION 0x100u
#define MAX_SECTIONS 4096u

typedef struct file_head {
	char magic[8];
	uint32_t format;
	uint32_t byte_order;          /* ORDER as the writer stores it */
	uint32_t word_size;           /* sizeof(void *) of the writer */
	uint32_t nsections;
	uint64_t file_size;
	char library[24];             /* the writer's version, NUL-padded */
	unsigned char digest[32];     /* SHA-256 of the XML */
	uint64_t check;               /* FNV-1a of the head above and table */
	unsigned char reserved[16];
} file_head;

typedef struct file_section {
	uint32_t id, elem;
	uint64_t offset, count;
} file_section;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t head_check(const file_head *h, const file_section *t)
{
	uint64_t c = fnv(0xcbf29ce484222325ull, h, offsetof(file_head, check));
	return fnv(c, t, h->nsections * sizeof(*t));
}

int bwi_compiled_magic(const void *data, size_t size)
{
	return size >= 8 && memcmp(data, MAGIC, 8) == 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : -1;
}

/* ===== Writing ===== */

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

bw_status bwi_db_write(const bw_db *db, unsigned char **out, size_t *len,
                       bw_error *err)
{
	bwi_sections s = { NULL, 0, 0 };
	void *keep = NULL;
	unsigned char *buf = NULL;
	file_head h;
	file_section *table;
	size_t at, total;
	bw_status st;
	*out = NULL;
	*len = 0;
	if ((st = bwi_sections_add(&s, MODEL_SECTION, db->model.image, 1,
	                           db->model.size)) ||
	    (st = bwi_index_sections(db->index, &s, &keep)) ||
	    (st = bwi_rule_index_sections(db->rules, &s)))
		goto done;
	at = align8(sizeof(h) + s.n * sizeof(file_section));
	total = at;
	for (size_t i = 0; i < s.n; i++)
		total = align8(total + s.v[i].count * s.v[i].elem);
	if (!(buf = bwi_calloc(1, total))) {
		st = BW_ENOMEM;
		goto done;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.format = FORMAT;
	h.byte_order = ORDER;
	h.word_size = (uint32_t)sizeof(void *);
	h.nsections = (uint32_t)s.n;
	h.file_size = total;
	snprintf(h.library, sizeof(h.library), "%s", BW_VERSION_STRING);
	for (size_t i = 0; i < 32; i++)
		h.digest[i] = (unsigned char)(hexval(db->digest[2 * i]) << 4 |
		                              hexval(db->digest[2 * i + 1]));
	table = (file_section *)(buf + sizeof(h));
	for (size_t i = 0; i < s.n; i++) {
		size_t bytes = s.v[i].count * s.v[i].elem;
		table[i].id = s.v[i].id;
		table[i].elem = s.v[i].elem;
		table[i].offset = at;
		table[i].count = s.v[i].count;
		if (bytes)
			memcpy(buf + at, s.v[i].data, bytes);
		at = align8(at + bytes);
	}
	h.check = head_check(&h, table);
	memcpy(buf, &h, sizeof(h));
	*out = buf;
	*len = total;
	buf = NULL;
done:
	bwi_free(buf);
	bwi_index_sections_free(keep);
	bwi_sections_free(&s);
	return st ? bwi_error_code(err, st) : BW_OK;
}

bw_status bw_db_compile(const bw_db *db, const char *path, bw_error *err)
{
	unsigned char *buf;
	size_t len, plen;
	char *tmp;
	FILE *f;
	bw_status st;
	int ok;
	if (!db || !path || !*path)
		return bwi_error_code(err, BW_EINVAL);
	if ((st = bwi_db_write(db, &buf, &len, err)))
		return st;
	plen = strlen(path);
	if (!(tmp = bwi_malloc(plen + 32))) {
		bwi_free(buf);
		return bwi_error_code(err, BW_ENOMEM);
	}
	snprintf(tmp, plen + 32, "%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	ok = f && fwrite(buf, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	bwi_free(buf);
	if (!ok || rename(tmp, path) != 0) {
		st = bwi_error_set(err, BW_EIO, path, 0, 0, "cannot write the "
		                   "compiled database: %s", strerror(errno));
		remove(tmp);
	}
	bwi_free(tmp);
	return st;
}

/* ===== Reading ===== */

static bw_status refuse(bw_error *err, const char *file, const char *why)
{
	return bwi_error_set(err, BW_ECORPUS, file, 0, 0, "not a usable "
	                     "compiled database: %s", why);
}

/* Check the header and table of data[0..size) and list its sections. */
static bw_status read_head(bwi_sections *s, char digest[65],
                           const unsigned char *data, size_t size,
                           const char *file, bw_error *err)
{
	file_head h;
	const file_section *t;
	size_t end;
	if (size < sizeof(h) || !bwi_compiled_magic(data, size))
		return refuse(err, file, "it does not start with a compiled "
		              "database's header");
	memcpy(&h, data, sizeof(h));
	if (h.byte_order != ORDER)
		return refuse(err, file, "it was written on a machine of the "
		              "other byte order");
	if (h.format != FORMAT)
		return bwi_error_set(err, BW_ECORPUS, file, 0, 0, "not a usable "
		                     "compiled database: format %lu, and this "
		                     "library reads format %u (compile it again)",
		                     (unsigned long)h.format, FORMAT);
	if (h.word_size != sizeof(void *))
		return refuse(err, file, "it was written for another word size");
	if (memchr(h.library, '\0', sizeof(h.library)) == NULL ||
	    strcmp(h.library, BW_VERSION_STRING) != 0)
		return bwi_error_set(err, BW_ECORPUS, file, 0, 0, "not a usable "
		                     "compiled database: written by libbodywork "
		                     "%.23s, and this is %s (compile it again)",
		                     h.library, BW_VERSION_STRING);
	if (h.file_size != size)
		return refuse(err, file, h.file_size > size ? "it is truncated" :
		              "it is longer than its header says");
	if (h.nsections > MAX_SECTIONS ||
	    h.nsections * sizeof(file_section) > size - sizeof(h))
		return refuse(err, file, "its section table does not fit");
	for (size_t i = 0; i < sizeof(h.reserved); i++)
		if (h.reserved[i])
			return refuse(err, file, "its reserved header bytes are "
			              "not zero");
	t = (const file_section *)(data + sizeof(h));
	if (head_check(&h, t) != h.check)
		return refuse(err, file, "its header or section table is damaged");
	end = sizeof(h) + h.nsections * sizeof(file_section);
	for (uint32_t i = 0; i < h.nsections; i++) {
		uint64_t off = t[i].offset, n = t[i].count, el = t[i].elem;
		if ((el != 1 && el != 2 && el != 4 && el != 8) || off % 8 ||
		    off < end || off > size || n > (size - off) / el)
			return refuse(err, file, "a section lies outside the file");
		if (bwi_sections_add(s, t[i].id, data + off, (size_t)el,
		                     (size_t)n))
			return bwi_error_code(err, BW_ENOMEM);
	}
	bwi_hex(digest, h.digest, 32);
	return BW_OK;
}

bw_status bwi_db_from_compiled(bw_db **out, const void *data, size_t size,
                               int check, const char *file, bw_error *err)
{
	bwi_sections s = { NULL, 0, 0 };
	bw_db *db = bwi_calloc(1, sizeof(*db));
	const void *img;
	size_t n;
	bw_status st;
	*out = NULL;
	if (!db)
		return bwi_error_code(err, BW_ENOMEM);
	db->compiled = 1;
	st = read_head(&s, db->digest, data, size, file, err);
	if (!st && !(img = bwi_sections_find(&s, MODEL_SECTION, 1, &n)))
		st = refuse(err, file, "it holds no model");
	if (!st)
		st = bwi_model_open(&db->model, img, n, check, file, err);
	if (!st)
		st = bwi_rule_index_from_sections(&db->rules, &s, &db->model, file,
		                                  err);
	if (!st)
		st = bwi_index_from_sections(&db->index, &s, &db->model, check,
		                             file, err);
	bwi_sections_free(&s);
	if (st) {
		bw_db_close(db);
		return st;
	}
	*out = db;
	return BW_OK;
}

/* Open path for reading if it is a regular file, else -1: without
 * O_NONBLOCK an open of a FIFO would wait for a writer. */
static int open_regular(const char *path, struct stat *sb)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Whether path is a regular file that starts like a compiled database. */
int bwi_path_compiled(const char *path)
{
	unsigned char head[8];
	struct stat sb;
	int fd = open_regular(path, &sb), yes;
	if (fd < 0)
		return 0;
	yes = read(fd, head, 8) == 8 && bwi_compiled_magic(head, 8);
	close(fd);
	return yes;
}

bw_status bwi_no_compiled_layer(const char *const *paths, size_t npaths,
                                bw_error *err)
{
	for (size_t i = 0; i < npaths; i++)
		if (paths[i] && bwi_path_compiled(paths[i]))
			return bwi_error_set(err, BW_EINVAL, paths[i], 0, 0,
			                     "a compiled database cannot be one "
			                     "layer of several: compile the layers "
			                     "together");
	return BW_OK;
}

bw_status bwi_db_open_compiled(bw_db **out, const char *path, int check,
                               bw_error *err)
{
	struct stat sb;
	int fd = open_regular(path, &sb);
	void *map;
	bw_status st;
	*out = NULL;
	if (fd < 0)
		return bwi_error_set(err, BW_EIO, path, 0, 0, "cannot open: %s",
		                     errno == EINVAL ? "not a regular file" :
		                     strerror(errno));
	if (sb.st_size <= 0) {
		close(fd);
		return refuse(err, path, "it is empty");
	}
	/* a whole check reads every page at once: fault them in in one go;
	 * otherwise only the pages read are */
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ,
	           MAP_SHARED | (check == BWI_CHECK_WHOLE ? POPULATE : 0), fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return bwi_error_set(err, BW_EIO, path, 0, 0, "cannot map: %s",
		                     strerror(errno));
	st = bwi_db_from_compiled(out, map, (size_t)sb.st_size, check, path,
	                          err);
	if (st) {
		munmap(map, (size_t)sb.st_size);
		return st;
	}
	(*out)->map = map;
	(*out)->map_len = (size_t)sb.st_size;
	return BW_OK;
}

void bwi_db_unmap(bw_db *db)
{
	if (db->map)
		munmap(db->map, db->map_len);
	db->map = NULL;
}

const char *bw_db_digest(const bw_db *db)
{
	return db ? db->digest : NULL;
}

int bw_db_is_compiled(const bw_db *db)
{
	return db ? db->compiled : 0;
}

/* ===== The cache ===== */

/* Create the folders above file that are missing (mkdir -p of its
 * folder); whether they all exist now. */
static int make_folders(char *file)
{
	for (char *p = file + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(file, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return 0;
		}
		*p = '/';
	}
	return 1;
}

bw_status bw_db_open_cached(bw_db **out, const char *const *paths,
                            size_t npaths, const char *cache_dir,
                            bw_error *err)
{
	unsigned char digest[32], key[32];
	char hex[65], khex[65], *file;
	size_t dlen;
	bwi_sha256 h;
	bw_status st;
	if (!out)
		return bwi_error_code(err, BW_EINVAL);
	*out = NULL;
	if (!cache_dir || !*cache_dir || !paths || !npaths)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0, "%s",
		                     !paths || !npaths ? "no corpus paths given" :
		                     "no cache folder given");
	for (size_t i = 0; i < npaths; i++)
		if (!paths[i] || bwi_path_compiled(paths[i]))
			return bwi_error_set(err, BW_EINVAL, paths[i], 0, 0, "%s",
			                     paths[i] ? "a compiled database needs "
			                     "no cache" : "a corpus path is NULL");
	if ((st = bwi_load_digest(digest, NULL, 0, paths, npaths, err)))
		return st;
	bwi_hex(hex, digest, 32);
	/* the file's name: the digest and where the files lie, hashed
	 * together, so a copy of the corpus elsewhere (whose entities name
	 * other files) has a cache file of its own */
	bwi_sha256_init(&h);
	bwi_sha256_update(&h, digest, sizeof(digest));
	for (size_t i = 0; i < npaths; i++) {
		char *real = realpath(paths[i], NULL);
		const char *p = real ? real : paths[i];
		bwi_sha256_update(&h, p, strlen(p) + 1);
		free(real); /* realpath's, from the C library's malloc */
	}
	bwi_sha256_final(&h, key);
	bwi_hex(khex, key, 32);
	dlen = strlen(cache_dir);
	if (!(file = bwi_malloc(dlen + 64 + 8)))
		return bwi_error_code(err, BW_ENOMEM);
	snprintf(file, dlen + 72, "%s/%s.bwdb", cache_dir, khex);
	/* a file named by the digest that opens and says the same digest */
	if (bwi_db_open_compiled(out, file, BWI_CHECK_LAZY, NULL) == BW_OK) {
		if (strcmp((*out)->digest, hex) == 0) {
			bwi_free(file);
			return BW_OK;
		}
		bw_db_close(*out);
		*out = NULL;
	}
	st = bw_db_open(out, paths, npaths, err);
	/* best effort: a cache that cannot be written costs a parse next
	 * time, never an error now */
	if (!st && make_folders(file))
		(void)bw_db_compile(*out, file, NULL);
	bwi_free(file);
	return st;
}
