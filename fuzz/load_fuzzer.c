/*
 * load_fuzzer.c: the loader from memory.  The input is one corpus file; it
 * goes through the same parse, schema check, build and finish as a file on
 * disk, and whatever it holds must end in BW_OK or an error with a message,
 * never a crash, a hang or a leak.
 */
#include <string.h>

#include "fuzz.h"
#include "api/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bwi_draft m;
	bwi_blob blob = { "fuzz.xml", data, size };
	bw_error err;
	bw_status st;
	bwi_draft_init(&m);
	st = bwi_load(&m, &bwi_bundled_schema, &blob, 1, NULL, 0, &err);
	if (st != BW_OK && err.message[0] == '\0')
		__builtin_trap(); /* every failure must say why */
	bwi_draft_free(&m);
	return 0;
}
