/*
 * plan_fuzzer.c: the planner on the bundled corpus.  The input is split at
 * newlines: the first line names a muscle, the rest conditions; the forward
 * plan, the inverse query (the first line as a technique) and the screen
 * of the conditions run, and each answer must satisfy invariants.h: plan
 * lists disjoint, every technique aimed at the planned muscle or a member
 * of the planned group, reasons that agree with the list; screen lines
 * ordered by action.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "invariants.h"

static bw_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *lines[16];
	size_t n = 0;
	bw_plan *p;
	bw_screen *sc;
	bw_error err;
	if (!db && bw_db_open_bundled(&db, NULL, 0, &err) != BW_OK)
		__builtin_trap(); /* the bundled corpus must open */
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
	                &err) == BW_OK) {
		INVARIANT(bw_plan_muscle(p) != NULL);
		check_plan(db, p);
		bw_plan_free(p);
	}
	if (bw_plan_restrictions(&p, db, lines[0], &err) == BW_OK) {
		INVARIANT(bw_plan_muscle(p) == NULL);
		INVARIANT(bw_plan_count(p, BW_PLAN_ALLOWED) +
		          bw_plan_count(p, BW_PLAN_EXCLUDED) == 1);
		check_plan(db, p);
		bw_plan_free(p);
	}
	if (n > 1 && bw_screen_new(&sc, db, (const char *const *)lines + 1, n - 1,
	                           &err) == BW_OK) {
		check_screen(sc);
		bw_screen_free(sc);
	}
	free(text);
	return 0;
}
