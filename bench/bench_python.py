#!/usr/bin/python3
"""bench_python.py: the query set of bench_query, through the Python bindings.

Opens FOLDER with bodywork.open and runs every query of QUERIES.json the way
bench_query runs it in C: search (suggest for prefixes, plan for planner
calls), then the number of hits; one warm-up run, then REPEATS timed runs
whose median is the query's latency; per class the 50th and 99th percentile
of those.  One JSON object goes to standard output.

    PYTHONPATH=<build>/bindings/python bench/bench_python.py FOLDER QUERIES.json [REPEATS]
"""
import json
import statistics
import sys
import time

import bodywork


def quantile(values, q):
    """The same nearest-rank quantile as bench_query's."""
    v = sorted(values)
    i = int(q * (len(v) - 1) + 0.5)
    return v[min(i, len(v) - 1)]


def runner(db, cls):
    if cls == "plan":
        return lambda q: len(db.plan(q["muscle"], q["conditions"]).allowed)
    if cls == "prefix":
        return lambda q: len(db.suggest(q))
    return lambda q: len(db.search(q))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(sys.argv[2]) as f:
        queries = json.load(f)
    db = bodywork.open([sys.argv[1]])
    clock = time.perf_counter
    classes = {}
    for cls, qs in queries.items():
        run = runner(db, cls)
        latencies, hits = [], 0
        for q in qs:
            hits += run(q)
            times = []
            for _ in range(reps):
                t0 = clock()
                run(q)
                times.append(clock() - t0)
            latencies.append(statistics.median(times))
        classes[cls] = {"p50_us": quantile(latencies, 0.5) * 1e6,
                        "p99_us": quantile(latencies, 0.99) * 1e6,
                        "mean_hits": hits / len(qs)}
    json.dump({"entities": len(db), "repeats": reps, "classes": classes},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
