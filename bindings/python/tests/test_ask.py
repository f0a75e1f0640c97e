"""Database.ask: a question in plain words, read as a relation query, a
plan, a screen or a search; the Answer says how it was read and holds the
entities named and one result (Results, Plan or Screen)."""
import gc

import pytest

import bodywork
from conftest import HAS_BUNDLED

pytestmark = pytest.mark.skipif(not bodywork.HAS_SEARCH,
                                reason="built without search")


def ids(results):
    return [h.entity.id for h in results]


def test_causes(db):
    a = db.ask("Which muscles cause low back pain?")
    assert isinstance(a, bodywork.Answer)
    assert a.question == "Which muscles cause low back pain?"
    assert (a.kind, a.reading) == ("causes", "muscles that cause: Low back pain")
    [e] = a.entities
    assert isinstance(e, bodywork.AskEntity)
    assert (e.entity.id, e.words, e.match) == ("low-back-pain", "low back pain",
                                               "exact")
    assert ids(a.results) == ["iliacus", "psoas-major"]
    assert a.results[0].fact.target == e.entity
    assert a.plan is None and a.screen is None


def test_techniques_and_typo(db):
    a = db.ask("stretches for the iliacsu")
    assert a.reading == "techniques for: Iliacus"
    assert (a.entities[0].words, a.entities[0].match) == ("iliacsu", "typo1")
    assert ids(a.results) == ["table-edge-stretch"]


def test_plan_screen_restrictions(db):
    a = db.ask("can I massage psoas major with endo")
    assert (a.kind, a.reading) == ("plan", "plan: Psoas major with Endometriosis")
    assert isinstance(a.plan, bodywork.Plan) and a.results is None
    assert [e.technique.id for e in a.plan.excluded] == ["abdominal-release"]
    a = db.ask("is deep pressure safe with a blood clot in the leg")
    assert a.kind == "screen" and isinstance(a.screen, bodywork.Screen)
    assert a.screen.needs_clearance
    a = db.ask("table-edge stretch contraindications")
    assert a.kind == "restrictions" and a.plan.muscle is None


def test_levels_nerve_search(db):
    assert ids(db.ask("muscles at L4").results) == ["psoas-major"]
    a = db.ask("which muscles does the femoral nerve supply")
    assert (a.kind, ids(a.results)) == ("nerve", ["iliacus"])
    a = db.ask("zzyzx quux")
    assert (a.kind, a.reading, len(a.results)) == ("search", "search: zzyzx quux", 0)


def test_paging_and_errors(db):
    assert ids(db.ask("muscles that cause LBP", limit=1, offset=1).results) == [
        "psoas-major"]
    with pytest.raises(bodywork.QueryError):
        db.ask("a " * 65)
    with pytest.raises(bodywork.InvalidArgument):
        db.ask("LBP", limit=0)
    with pytest.raises(ValueError):
        db.ask("LBP", limit=-1)
    with pytest.raises(TypeError):
        db.ask(b"LBP")


def test_results_outlive_answer_and_db(db):
    results = db.ask("what causes LBP").results
    gc.collect()
    assert [h.snippet for h in results]
    db.close()
    with pytest.raises(bodywork.ClosedError):
        results[0].entity
    del results
    gc.collect()


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_questions():
    with bodywork.open() as db:
        a = db.ask("groin pain when running", limit=30)
        assert a.reading == "muscles that cause: Groin pain"
        assert {"adductor-longus", "adductor-brevis", "psoas-major"} <= set(
            ids(a.results))
        assert db.ask("QL stretch").reading == "techniques for: Quadratus lumborum"
        a = db.ask("is deep tissue safe on warfarin")
        assert a.reading == "screen: Anticoagulant medication"
        assert ids(db.ask("what is in the rotator cuff").results) == [
            "supraspinatus", "infraspinatus", "teres-minor", "subscapularis"]
        assert db.ask("psoas contraindications").kind == "plan"
        assert db.ask("flibbertigibbet wozzle").kind == "search"
