#!/usr/bin/python3
"""bench_python.py: the query set of bench_query, through the Python bindings.

Opens FOLDER with bodywork.open and runs every query of QUERIES.json the way
bench_query runs it in C: search (suggest for prefixes, plan for planner
calls), then the number of hits; one warm-up run, then REPEATS timed
batches (several calls when a call is quick), whose median time per call
is the query's latency; per class the 50th and 99th percentile of those.  One JSON object goes to standard output.

    PYTHONPATH=<build>/bindings/python bench/bench_python.py FOLDER QUERIES.json [REPEATS]
"""
import functools
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


def call(db, cls, q):
    """The bound method and arguments of one query, as the C side calls."""
    if cls == "plan":
        return db.plan, (q["muscle"], q["conditions"])
    if cls == "prefix":
        return db.suggest, (q,)
    if cls == "three_words_no_typo":
        return functools.partial(db.search, typo_threshold=0), (q,)
    return db.search, (q,)


def run(f, args, n):
    """Call f(*args) n times; the number of hits of the last answer."""
    for _ in range(n):
        r = f(*args)
    return len(r.allowed if isinstance(r, bodywork.Plan) else r)


def batch_size(warm):
    """bench_query's rule: batches of about 20 us, 1 to 100 calls."""
    return max(1, min(100, int(20e-6 / max(warm, 1e-9))))


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
        latencies, hits = [], 0
        for q in qs:
            f, args = call(db, cls, q)
            t0 = clock()
            hits += run(f, args, 1)
            batch = batch_size(clock() - t0)
            times = []
            for _ in range(reps):
                t0 = clock()
                run(f, args, batch)
                times.append((clock() - t0) / batch)
            latencies.append(statistics.median(times))
        classes[cls] = {"p50_us": quantile(latencies, 0.5) * 1e6,
                        "p99_us": quantile(latencies, 0.99) * 1e6,
                        "mean_hits": hits / len(qs)}
    json.dump({"entities": len(db), "repeats": reps, "classes": classes},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
