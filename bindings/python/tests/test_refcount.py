"""No reference or memory leaks: a mix of every call, BODYWORK_TEST_CALLS
times in all (200,000 by default; set it to 1000000 for the full check),
must leave the reference counts of the objects passed in unchanged, Python's
traced memory flat, and the C heap (where the library's own allocations
live) flat."""
import ctypes
import gc
import os
import sys
import tracemalloc

import pytest

import bodywork

CALLS = int(os.environ.get("BODYWORK_TEST_CALLS", "200000"))


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
        "fsmblks", "uordblks", "fordblks", "keepcost")]


def c_heap_bytes():
    """Bytes malloc has handed out and not had back (glibc's mallinfo2),
    which is where the library's own memory lives; None elsewhere."""
    try:
        fn = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return None
    fn.restype = _MallInfo2
    info = fn()
    return info.uordblks + info.hblkhd


def operations(db, sentinel, name, query):
    psoas = db["psoas-major"]
    rule = db["anterior-pelvic-tilt"].rules[0]
    ops = [
        lambda: db["psoas-major"],
        lambda: db.get(name),
        lambda: db.get("no such thing", sentinel),
        lambda: name in db,
        lambda: db.lookup(name).origin[0].source.name,
        lambda: psoas.to_dict(),
        lambda: [f.level_set for f in psoas.origin],
        lambda: psoas.action[1].correction_source,
        lambda: db["low-back-pain"].caused_by,
        lambda: db.muscles[1].techniques,
        lambda: db.muscles_at_levels("L3"),
        lambda: rule.matches,
        lambda: rule.applies("table-edge-stretch"),
        lambda: db.plan("psoas-major", ["endometriosis", "anterior-pelvic-tilt"]),
        lambda: db.restrictions("abdominal-release"),
        lambda: db.screen(["blood-clot", "endometriosis"]),
        lambda: (rule.site, rule.instead, rule.prefer, rule.to_dict()),
        lambda: db["femoral-triangle"].within,
        lambda: repr(psoas.origin[0]),
        lambda: list(db),
        lambda: bodywork.parse_levels("T12-L4"),
        lambda: db[name],
        lambda: db[psoas],
        lambda: db.plan("psoas-major", ["anterior-pelvic-tilt"]).to_dict(),
        lambda: db.screen(["blood-clot"]).to_dict(),
        lambda: (db.digest, db.compiled),
    ]

    def not_found():
        try:
            db[name + "?"]
        except bodywork.NotFound:
            pass

    def bad_plan():
        try:
            db.plan("psoas-major", ["nothing"])
        except bodywork.NotFound:
            pass

    def bad_kind():
        try:
            db.count("vein")
        except bodywork.InvalidArgument:
            pass

    def missing_file():
        try:
            bodywork.open("/nonexistent/corpus.xml")
        except bodywork.FileError as e:
            return e.errno

    ops += [not_found, bad_plan, bad_kind, missing_file]
    if bodywork.HAS_SEARCH:
        def search():
            res = db.search(query, limit=5)
            return [(h.entity.id, h.snippet, h.fields, h.score) for h in res]

        def bad_query():
            try:
                db.search('"unclosed')
            except bodywork.QueryError:
                pass

        ops += [search, bad_query, lambda: db.suggest("ps")[0].label,
                lambda: db.search(query, limit=3).to_dict(),
                lambda: db.muscles_for_symptom("back pain")[0].to_dict(),
                lambda: db.ask("what causes LBP").to_dict()]
    return ops


@pytest.mark.slow
def test_no_leaks_over_many_calls(db):
    sentinel = object()
    name = "".join(["hip ", "hiker"])  # a fresh str object
    query = "".join(["psoas ", "flexor"])
    ops = operations(db, sentinel, name, query)
    rounds = max(1, CALLS // len(ops))

    def run(n):
        for _ in range(n):
            for op in ops:
                op()

    run(200)  # warm caches, interned strings, free lists
    gc.collect()
    before = [sys.getrefcount(o) for o in (db, sentinel, name, query)]
    heap_before = c_heap_bytes()
    tracemalloc.start()
    snap = tracemalloc.take_snapshot()
    run(rounds)
    gc.collect()
    diff = tracemalloc.take_snapshot().compare_to(snap, "lineno")
    tracemalloc.stop()
    grown = sum(s.size_diff for s in diff)
    top = "\n".join(str(s) for s in diff[:5])
    after = [sys.getrefcount(o) for o in (db, sentinel, name, query)]
    assert after == before
    # A leak of one small object per call would be megabytes.
    assert grown < 256 * 1024, f"Python memory grew by {grown} bytes:\n{top}"
    if heap_before is not None:
        grown = c_heap_bytes() - heap_before
        assert grown < 256 * 1024, f"the C heap grew by {grown} bytes"
