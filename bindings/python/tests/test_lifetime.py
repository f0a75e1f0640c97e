"""Lifetimes: a context manager closes the database; anything used after
close raises ClosedError; entities, facts, rules and results keep their
database alive after the last variable naming it is gone."""
import gc
import weakref

import pytest

import bodywork
from conftest import VALID


def test_context_manager_closes():
    with bodywork.open(VALID) as db:
        psoas = db["psoas-major"]
        fact = psoas.origin[0]
        rule = db["endometriosis"].rules[0]
        muscles = db.muscles
        assert psoas.name == "Psoas major"
    assert db.closed
    assert repr(db) == "<bodywork.Database (closed)>"
    assert repr(psoas) == "<Muscle of a closed database>"
    assert repr(fact) == "<Fact of a closed database>"
    assert repr(rule) == "<Rule of a closed database>"
    for use in (lambda: db["psoas-major"], lambda: db.get("psoas"), lambda: len(db),
                lambda: "psoas-major" in db, lambda: list(db), lambda: db.muscles,
                lambda: db.count(), lambda: db.plan("psoas-major"),
                lambda: db.restrictions("x"), lambda: db.muscles_at_levels("L3"),
                lambda: psoas.name, lambda: psoas.origin, lambda: psoas.to_dict(),
                lambda: fact.text, lambda: rule.reason, lambda: rule.applies("x"),
                lambda: len(muscles), lambda: muscles[0], lambda: db.stats(),
                lambda: db.__enter__()):
        with pytest.raises(bodywork.ClosedError):
            use()
    assert psoas == psoas and hash(psoas) == hash(psoas)  # identity survives
    db.close()  # twice is fine


def test_exception_in_with_block_still_closes():
    with pytest.raises(RuntimeError):
        with bodywork.open(VALID) as db:
            raise RuntimeError("boom")
    assert db.closed


def test_entity_outlives_its_db_variable():
    db = bodywork.open(VALID)
    ref = weakref.ref(db)
    psoas = db["psoas-major"]
    del db
    gc.collect()
    assert ref() is not None  # the entity holds it
    assert psoas.origin[0].source.name == "Test Anatomy"
    assert psoas.database is ref()
    del psoas
    gc.collect()
    assert ref() is None  # and lets it go


def test_fact_and_rule_outlive_everything_else():
    fact = bodywork.open(VALID)["psoas-major"].origin[0]
    rule = bodywork.open(VALID)["endometriosis"].rules[0]
    gc.collect()
    assert fact.levels == "T12-L4" and fact.entity.id == "psoas-major"
    assert rule.condition.name == "Endometriosis"
    plan = bodywork.open(VALID).plan("psoas-major", ["endometriosis"])
    gc.collect()
    assert plan.excluded[0].reasons[0].rule.site.id == "abdomen"
    assert plan.excluded[0].instead[0].id == "table-edge-stretch"


def test_view_outlives_db_variable():
    muscles = bodywork.open(VALID).muscles
    gc.collect()
    assert [m.id for m in muscles] == ["iliacus", "psoas-major"]


def test_closing_while_iterating():
    db = bodywork.open(VALID)
    it = iter(db.muscles)
    next(it)
    db.close()
    with pytest.raises(bodywork.ClosedError):
        next(it)


CALLS = [
    lambda db, e: e.to_dict(),
    lambda db, e: e.origin,
    lambda db, e: e.aliases,
    lambda db, e: e.techniques,
    lambda db, e: e.referrers("related"),
    lambda db, e: e.origin[0].to_dict(),
    lambda db, e: db["anterior-pelvic-tilt"].rules[0].matches,
    lambda db, e: db["anterior-pelvic-tilt"].rules[0].to_dict(),
    lambda db, e: db.muscles[:],
    lambda db, e: db.muscles.ids(),
    lambda db, e: db.muscles_at_levels("L3"),
    lambda db, e: db.stats(),
    lambda db, e: db.plan(e, ["endometriosis", "anterior-pelvic-tilt"]),
    lambda db, e: db.get("hip hiker"),
]


@pytest.mark.parametrize("call", CALLS)
def test_finaliser_closing_the_database_mid_call(call):
    """A finaliser run by the garbage collector while a call allocates may
    close the database; the call finishes or raises ClosedError, and never
    reads freed memory (the ASan build of these tests checks that)."""
    db = bodywork.open(VALID)
    psoas = db["psoas-major"]

    class Closer:
        def __del__(self):
            db.close()

    cycle = Closer()
    cycle.me = cycle
    del cycle  # garbage now, collected at the next collection
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # collect at (nearly) every container allocation
    try:
        call(db, psoas)
    except bodywork.ClosedError:
        pass
    finally:
        gc.set_threshold(*threshold)
    gc.collect()
    assert db.closed
    with pytest.raises(bodywork.ClosedError):
        psoas.name
