/*
 * bench_ask.c: how long bw_ask takes on the bundled corpus.  Each question
 * of a fixed set (every reading bw_ask makes, typos and the search
 * fallback) is asked once to warm up, then REPS times; the latencies of
 * each class and of all of them together are reported as p50 and p99 in
 * microseconds, with the median of the slowest question (a figure a busy
 * machine's preemptions barely move), one JSON object on stdout.  It
 * measures, never asserts.
 *
 *     bench_ask [REPS]        (default 200)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bodywork.h>

#include "bench_util.h"

static const struct {
	const char *cls, *q;
} questions[] = {
	{"causes", "groin pain when running"},
	{"causes", "which muscles cause low back pain"},
	{"causes", "what causes a stiff neck in the morning"},
	{"techniques", "QL stretch"},
	{"techniques", "how to release the psoas"},
	{"techniques", "techniques for the hamstrings"},
	{"plan", "can I massage psoas with warfarin"},
	{"plan", "psoas contraindications"},
	{"screen", "is deep tissue safe on warfarin"},
	{"screen", "is massage ok during pregnancy"},
	{"relation", "which muscles does the femoral nerve supply"},
	{"relation", "muscles at L3"},
	{"relation", "what is in the rotator cuff"},
	{"typo", "pirformis stretch"},
	{"typo", "what causes snaping hip"},
	{"search", "flibbertigibbet wozzle"},
	{"search", "piriformis muscle"},
	{"search", "pain getting up from a chair after sitting for a long time"},
};
#define NQ (sizeof questions / sizeof *questions)

static const char *const classes[] = {"causes", "techniques", "plan",
                                      "screen", "relation", "typo", "search"};
#define NC (sizeof classes / sizeof *classes)

int main(int argc, char **argv)
{
	size_t reps = argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
	double *all, *one, worst_all = 0;
	size_t nall = 0;
	bw_db *db;
	bw_error err;

	if (!reps)
		reps = 1;
	if (bw_db_open_bundled(&db, NULL, 0, &err) != BW_OK) {
		fprintf(stderr, "bench_ask: %s\n", err.message);
		return 2;
	}
	all = malloc(NQ * reps * sizeof *all);
	one = malloc(NQ * reps * sizeof *one);
	if (!all || !one)
		return 2;
	printf("{\"corpus\": \"bundled\", \"repeats\": %zu, \"classes\": {", reps);
	for (size_t c = 0; c < NC; c++) {
		size_t n = 0;
		double worst = 0;
		for (size_t q = 0; q < NQ; q++) {
			bw_answer *a;
			if (strcmp(questions[q].cls, classes[c]) != 0)
				continue;
			if (bw_ask(&a, db, questions[q].q, NULL, &err) != BW_OK) {
				fprintf(stderr, "bench_ask: '%s': %s\n", questions[q].q,
				        err.message);
				return 2;
			}
			bw_answer_free(a); /* warm */
			for (size_t r = 0; r < reps; r++) {
				double t0 = now();
				bw_ask(&a, db, questions[q].q, NULL, NULL);
				one[n] = now() - t0;
				all[nall++] = one[n++];
				bw_answer_free(a);
			}
			{
				/* quantile sorts: take this question's median from a copy */
				double med, *mine = malloc(reps * sizeof *mine);
				if (!mine)
					return 2;
				memcpy(mine, one + n - reps, reps * sizeof *mine);
				med = quantile(mine, reps, 0.5);
				free(mine);
				if (med > worst)
					worst = med;
			}
		}
		if (worst > worst_all)
			worst_all = worst;
		printf("%s\"%s\": {\"p50_us\": %.1f, \"p99_us\": %.1f, "
		       "\"slowest_median_us\": %.1f}", c ? ", " : "", classes[c],
		       quantile(one, n, 0.5) * 1e6, quantile(one, n, 0.99) * 1e6,
		       worst * 1e6);
	}
	printf("}, \"all\": {\"p50_us\": %.1f, \"p99_us\": %.1f, "
	       "\"slowest_median_us\": %.1f}}\n",
	       quantile(all, nall, 0.5) * 1e6, quantile(all, nall, 0.99) * 1e6,
	       worst_all * 1e6);
	free(all);
	free(one);
	bw_db_close(db);
	return 0;
}
