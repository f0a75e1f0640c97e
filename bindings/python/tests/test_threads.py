"""Threads: eight threads share one database for lookups, plans and (when
built) searches, and every answer matches the single-threaded one; closing
the database while they run never crashes: each call either answers or
raises ClosedError."""
import threading

import pytest

import bodywork
from conftest import VALID

NAMES = ["psoas-major", "Psoas Major", "hip hiker", "so-as", "TES", "endo",
         "LBP", "iliacus", "Test Anatomy", "release thread"]


def work(db):
    out = []
    for name in NAMES:
        e = db.get(name)
        out.append((e.id, e.name, len(e.origin), e.summary) if e else None)
    out.append(tuple(m.id for m in db.muscles_at_levels("L3")))
    plan = db.plan("psoas-major", ["endometriosis", "anterior-pelvic-tilt"])
    out.append(tuple(e.technique.id for e in plan.excluded))
    if bodywork.HAS_SEARCH:
        out.append(tuple(h.entity.id for h in db.search("psoas")))
    return out


def run_threads(n, target):
    start = threading.Barrier(n)
    errors = []

    def body(i):
        try:
            start.wait()
            target(i)
        except BaseException as e:  # reported below, in the main thread
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_eight_threads_share_one_database(db):
    expected = work(db)
    results = [None] * 8

    def target(i):
        for _ in range(300):
            r = work(db)
            if r != expected:
                raise AssertionError(f"thread {i}: {r} != {expected}")
        results[i] = r

    assert run_threads(8, target) == []
    assert results == [expected] * 8


def test_close_while_threads_run():
    for _ in range(20):
        db = bodywork.open(VALID)
        done = [0] * 8

        def target(i):
            try:
                while True:
                    work(db)
                    done[i] += 1
            except bodywork.ClosedError:
                pass

        closer = threading.Timer(0.01, db.close)
        closer.start()
        assert run_threads(8, target) == []
        closer.join()
        assert db.closed


def test_open_in_threads():
    dbs = [None] * 8

    def target(i):
        dbs[i] = bodywork.open(VALID)

    assert run_threads(8, target) == []
    assert all(len(d) == 18 for d in dbs)
    for d in dbs:
        d.close()


@pytest.mark.skipif(not bodywork.HAS_SEARCH, reason="built without search")
def test_results_keep_closed_database_memory(db):
    res = db.search("psoas")
    db.close()
    assert len(res) > 0 and res.total >= 1  # counts live in the results
    with pytest.raises(bodywork.ClosedError):
        res[0].entity
