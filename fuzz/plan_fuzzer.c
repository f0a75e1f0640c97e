/*
 * plan_fuzzer.c: the planner on the bundled corpus.  The input is split at
 * newlines: the first line names a muscle, the rest conditions; both the
 * forward plan and the inverse query (the first line as a technique) run.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "bodywork.h"

static bw_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *lines[16];
	size_t n = 0;
	bw_plan *p;
	bw_error err;
	if (!db && bw_db_open_bundled(&db, NULL, 0, &err) != BW_OK)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *s = text; s && n < 16; n++) {
		lines[n] = s;
		s = strchr(s, '\n');
		if (s)
			*s++ = '\0';
	}
	if (bw_plan_new(&p, db, lines[0], (const char *const *)lines + 1, n - 1,
	                &err) == BW_OK)
		bw_plan_free(p);
	if (bw_plan_restrictions(&p, db, lines[0], &err) == BW_OK)
		bw_plan_free(p);
	free(text);
	return 0;
}
