/*
 * check_digest.c: the SHA-256 of the XML a database comes from.  The hash
 * itself against the published test vectors (FIPS 180-4 examples and the
 * padding edges around a block), fed whole and in uneven pieces; then the
 * loader's corpus digest: bwi_load_digest agrees with what bwi_load and
 * bwi_load_check store in the draft, follows the documented framing, sees
 * a one-byte change, ignores where the corpus lives, and reports a missing
 * path as the loader does.  (tests/digest.h is something else: the FNV
 * digest of answers that other suites compare.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "util/util.h"
#include "load/load.h"
#include "api/db.h"

/* ----- SHA-256 ----- */

static void sha_hex(char out[65], const void *data, size_t n)
{
	bwi_sha256 s;
	unsigned char d[32];
	bwi_sha256_init(&s);
	bwi_sha256_update(&s, data, n);
	bwi_sha256_final(&s, d);
	bwi_hex(out, d, 32);
}

START_TEST(test_sha256_vectors)
{
	char hex[65];
	sha_hex(hex, "", 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	                      "27ae41e4649b934ca495991b7852b855");
	sha_hex(hex, "abc", 3);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	                      "b00361a396177a9cb410ff61f20015ad");
	sha_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	        56);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
	                      "a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

/* Lengths either side of where the padding needs a second block (55/56)
 * and of a whole block, one byte at a time and all at once. */
START_TEST(test_sha256_padding_edges)
{
	static const struct {
		size_t n;
		const char *hex;
	} v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char a[128], hex[65];
	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bwi_sha256 s;
		unsigned char d[32];
		sha_hex(hex, a, v[i].n);
		ck_assert_str_eq(hex, v[i].hex);
		bwi_sha256_init(&s);
		for (size_t k = 0; k < v[i].n; k++)
			bwi_sha256_update(&s, a + k, 1);
		bwi_sha256_final(&s, d);
		bwi_hex(hex, d, 32);
		ck_assert_str_eq(hex, v[i].hex);
	}
}
END_TEST

/* One million 'a' in pieces of 1, 2, ... 127 bytes and empty updates in
 * between, so a piece starts at every offset within a block. */
START_TEST(test_sha256_million_chunks)
{
	static char a[1000];
	bwi_sha256 s;
	unsigned char d[32];
	char hex[65];
	size_t done = 0, piece = 1;
	memset(a, 'a', sizeof(a));
	bwi_sha256_init(&s);
	while (done < 1000000) {
		size_t n = 1000000 - done < piece ? 1000000 - done : piece;
		bwi_sha256_update(&s, a, n);
		bwi_sha256_update(&s, a, 0);
		done += n;
		piece = piece % 127 + 1;
	}
	bwi_sha256_final(&s, d);
	bwi_hex(hex, d, 32);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                      "f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_hex)
{
	static const unsigned char b[] = { 0x00, 0x0f, 0xa0, 0xff, 0x5c };
	char out[11];
	memset(out, 'x', sizeof(out));
	bwi_hex(out, b, sizeof(b));
	ck_assert_str_eq(out, "000fa0ff5c");
	bwi_hex(out, b, 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* ----- the corpus digest ----- */


/* The documented framing of one file, added to s by hand. */
static void frame(bwi_sha256 *s, uint32_t layer, const char *base,
                  const char *data, size_t len)
{
	unsigned char num[8];
	for (int i = 0; i < 4; i++)
		num[i] = (unsigned char)(layer >> (8 * i));
	bwi_sha256_update(s, num, 4);
	bwi_sha256_update(s, base, strlen(base) + 1);
	for (int i = 0; i < 8; i++)
		num[i] = (unsigned char)((uint64_t)len >> (8 * i));
	bwi_sha256_update(s, num, 8);
	bwi_sha256_update(s, data, len);
}

static void digest_of(unsigned char out[32], const char *const *paths,
                      size_t n)
{
	bw_error err;
	memset(out, 0xee, 32);
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, paths, n, &err), BW_OK);
}

/* What bwi_load stores for these paths (and bwi_load_check likewise). */
static void loaded_digest(unsigned char out[32], const char *const *paths,
                          size_t n)
{
	bwi_draft d;
	bwi_sink sink;
	bw_error err;
	bwi_draft_init(&d);
	ck_assert_msg(bwi_load(&d, &bwi_bundled_schema, NULL, 0, paths, n,
	                       &err) == BW_OK, "load: %s", err.message);
	memcpy(out, d.digest, 32);
	bwi_draft_free(&d);

	memset(&sink, 0, sizeof(sink));
	bwi_draft_init(&d);
	ck_assert_int_eq(bwi_load_check(&d, &bwi_bundled_schema, NULL, 0,
	                                paths, n, &sink, &err), BW_OK);
	ck_assert_mem_eq(d.digest, out, 32);
	bwi_draft_free(&d);
}

static char data_paths[3][1024];

static const char *const *corpus_paths(void)
{
	static const char *p[3];
	static const char *rel[3] = { "valid", "layers/clinic",
	                              "layers/plan/more.xml" };
	for (int i = 0; i < 3; i++) {
		snprintf(data_paths[i], sizeof(data_paths[i]), "%s",
		         tu_data(rel[i]));
		p[i] = data_paths[i];
	}
	return p;
}

START_TEST(test_digest_matches_load)
{
	const char *const *p = corpus_paths();
	unsigned char a[32], b[32], zero[32] = { 0 };
	digest_of(a, p, 3);
	loaded_digest(b, p, 3);
	ck_assert_mem_eq(a, b, 32);
	ck_assert(memcmp(a, zero, 32) != 0);
	/* the same files as fewer layers are a different load */
	digest_of(b, p, 2);
	ck_assert(memcmp(a, b, 32) != 0);
	loaded_digest(a, p, 2);
	ck_assert_mem_eq(a, b, 32);
}
END_TEST

/* The digest is the documented framing: layer number, base name, length,
 * bytes, file by file; a folder's files in name order. */
START_TEST(test_digest_framing)
{
	const char *const *p = corpus_paths();
	static const char *const files[] = {
		"valid/base.xml", "layers/clinic/10-replace.xml",
		"layers/clinic/20-add.xml", "layers/plan/more.xml"
	};
	static const uint32_t layer[] = { 0, 1, 1, 2 };
	bwi_sha256 s;
	unsigned char want[32], got[32];
	bwi_sha256_init(&s);
	for (int i = 0; i < 4; i++) {
		size_t len;
		char *data = (char *)tu_slurp(tu_data(files[i]), &len);
		frame(&s, layer[i], strrchr(files[i], '/') + 1, data, len);
		free(data);
	}
	bwi_sha256_final(&s, want);
	digest_of(got, p, 3);
	ck_assert_mem_eq(got, want, 32);
}
END_TEST

/* Blobs are layer 0 and named by their base name too, so a blob holding a
 * file's bytes digests as that file would as the first path. */
START_TEST(test_digest_blobs)
{
	size_t len;
	char *data = (char *)tu_slurp(tu_data("valid/base.xml"), &len);
	bwi_blob blob = { "somewhere/else/base.xml",
	                  (const unsigned char *)data, len };
	const char *p[1];
	unsigned char a[32], b[32];
	bw_error err;
	p[0] = tu_data("valid");
	ck_assert_int_eq(bwi_load_digest(a, &blob, 1, NULL, 0, &err), BW_OK);
	digest_of(b, p, 1);
	ck_assert_mem_eq(a, b, 32);
	/* a blob layer then the same path: two layers, not one */
	ck_assert_int_eq(bwi_load_digest(b, &blob, 1, p, 1, &err), BW_OK);
	ck_assert(memcmp(a, b, 32) != 0);
	free(data);
}
END_TEST

static char tmpdir[1024];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/bw-digest-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* A copy of the test corpus in a temporary folder: valid/base.xml there
 * as a folder of its own and as more.xml beside it. */
START_TEST(test_digest_copy_and_change)
{
	const char *const *orig = corpus_paths();
	char sub[1200], copy_base[1300], copy_more[1300];
	char clinic[1024];
	const char *cp[3];
	unsigned char a[32], b[32], c[32];
	size_t len, mlen;
	char *base, *more;
	bw_error err;

	make_tmpdir();
	snprintf(sub, sizeof(sub), "%s/valid", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(copy_base, sizeof(copy_base), "%s/base.xml", sub);
	snprintf(copy_more, sizeof(copy_more), "%s/more.xml", tmpdir);
	snprintf(clinic, sizeof(clinic), "%s", orig[1]);
	base = (char *)tu_slurp(tu_data("valid/base.xml"), &len);
	more = (char *)tu_slurp(tu_data("layers/plan/more.xml"), &mlen);
	tu_spill(copy_base, base, len);
	tu_spill(copy_more, more, mlen);
	cp[0] = sub;
	cp[1] = clinic;
	cp[2] = copy_more;

	/* the same files elsewhere: the same digest, by either route */
	digest_of(a, orig, 3);
	digest_of(b, cp, 3);
	ck_assert_mem_eq(a, b, 32);
	loaded_digest(c, cp, 3);
	ck_assert_mem_eq(a, c, 32);

	/* one byte changed: the newline after the root element becomes a
	 * space, so the copy still loads and the load can be compared too */
	ck_assert_uint_gt(len, 2);
	ck_assert_int_eq(base[len - 1], '\n');
	base[len - 1] = ' ';
	tu_spill(copy_base, base, len);
	digest_of(b, cp, 3);
	ck_assert(memcmp(a, b, 32) != 0);
	loaded_digest(c, cp, 3);
	ck_assert_mem_eq(b, c, 32);

	/* put back, it matches again; then a file renamed (same bytes) is a
	 * different corpus */
	base[len - 1] = '\n';
	tu_spill(copy_base, base, len);
	digest_of(b, cp, 3);
	ck_assert_mem_eq(a, b, 32);
	{
		char renamed[1300];
		snprintf(renamed, sizeof(renamed), "%s/other.xml", tmpdir);
		ck_assert_int_eq(rename(copy_more, renamed), 0);
		cp[2] = renamed;
		digest_of(b, cp, 3);
		ck_assert(memcmp(a, b, 32) != 0);
		ck_assert_int_eq(rename(renamed, copy_more), 0);
		cp[2] = copy_more;
	}

	/* gone: the loader's error, naming the path */
	ck_assert_int_eq(unlink(copy_more), 0);
	memset(b, 0xee, sizeof(b));
	ck_assert_int_eq(bwi_load_digest(b, NULL, 0, cp, 3, &err), BW_EIO);
	ck_assert_int_eq(err.code, BW_EIO);
	ck_assert_str_eq(err.file, copy_more);
	memset(c, 0, sizeof(c));
	ck_assert_mem_eq(b, c, 32); /* no stale digest on failure */

	ck_assert_int_eq(unlink(copy_base), 0);
	ck_assert_int_eq(rmdir(sub), 0);
	ck_assert_int_eq(rmdir(tmpdir), 0);
	free(base);
	free(more);
}
END_TEST

START_TEST(test_digest_errors)
{
	unsigned char out[32];
	bw_error err;
	const char *missing[] = { tu_data("no-such-folder") };
	const char *empty[] = { "" };
	const char *nullp[] = { NULL };
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, missing, 1, &err),
	                 BW_EIO);
	ck_assert_str_eq(err.file, tu_data("no-such-folder"));
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, empty, 1, &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, nullp, 1, &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bwi_load_digest(NULL, NULL, 0, missing, 1, &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, NULL, 1, &err),
	                 BW_EINVAL);
	/* a folder with no corpus files, as the loader refuses it */
	make_tmpdir();
	{
		const char *p[] = { tmpdir };
		ck_assert_int_eq(bwi_load_digest(out, NULL, 0, p, 1, &err),
		                 BW_EIO);
		ck_assert_str_eq(err.file, tmpdir);
	}
	ck_assert_int_eq(rmdir(tmpdir), 0);
	/* NULL err is allowed */
	ck_assert_int_eq(bwi_load_digest(out, NULL, 0, missing, 1, NULL),
	                 BW_EIO);
}
END_TEST

static Suite *digest_suite(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tcase_create("digest");
	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_sha256_padding_edges);
	tcase_add_test(tc, test_sha256_million_chunks);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_digest_matches_load);
	tcase_add_test(tc, test_digest_framing);
	tcase_add_test(tc, test_digest_blobs);
	tcase_add_test(tc, test_digest_copy_and_change);
	tcase_add_test(tc, test_digest_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(digest_suite());
}
