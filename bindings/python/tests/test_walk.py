"""Every getter over every entity of every test corpus, and of the bundled
corpus when it is compiled in: nothing raises, every reference resolves to
an entity of the same database, to_dict is JSON, and lookups by id, name and
alias come back to the entity.  On the bundled corpus, the names people use
for the psoas find it."""
import json

import pytest

import bodywork
from conftest import CLINIC, DATA, HAS_BUNDLED, PLAN_LAYER, VALID

CORPORA = [[VALID], [VALID, CLINIC], [VALID, PLAN_LAYER], [DATA / "search" / "ranking.xml"]]


def walk(db):
    seen = 0
    for e in db:
        seen += 1
        assert db[e.id] == e and e in db.entities(e.kind)
        assert e.kind in bodywork.KINDS and e.database is db
        assert isinstance(e.name, str) and e.line > 0 and e.file
        for name in (e.id, e.name, *e.aliases):
            assert name in db and db.get(name) is not None
        json.dumps(e.to_dict())
        repr(e)
        for field in bodywork.FIELDS:
            for f in e.facts(field):
                assert f.entity == e and f.field == field
                assert f.evidence in bodywork.EVIDENCE
                for ref in (f.source, f.correction_source, f.target):
                    assert ref is None or ref.database is db
                if f.disputed:
                    assert f.correction
                assert (f.levels is None) == (not f.level_set)
                if f.levels:
                    assert set(bodywork.parse_levels(f.levels)) == f.level_set
                json.dumps(f.to_dict())
                repr(f)
            for f in e.referrers(field):
                assert f.target == e
        for r in getattr(e, "rules", ()):
            assert r.condition == e and r.severity in bodywork.SEVERITIES
            for m in r.matches:
                assert m.text and (m.technique is not None or m.attrs)
            for t in db.techniques:
                assert r.applies(t) in (True, False)
            json.dumps(r.to_dict())
        if isinstance(e, bodywork.Muscle):
            plan = e.plan(db.conditions[:])
            assert {x.technique for x in plan.allowed + plan.excluded} == set(e.techniques)
        if isinstance(e, bodywork.Technique):
            e.restrictions()
    assert seen == len(db) == sum(db.stats().values())


@pytest.mark.parametrize("paths", CORPORA, ids=lambda p: "+".join(x.name for x in p))
def test_walk_test_corpora(paths):
    if not paths[-1].exists():
        pytest.skip(f"{paths[-1]} is missing")
    with bodywork.open(paths) as db:
        walk(db)


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus compiled in")
def test_bundled_corpus(monkeypatch):
    monkeypatch.delenv("BODYWORK_CORPUS", raising=False)
    with bodywork.open() as db:
        assert db.paths is None
        psoas = db["psoas-major"]
        assert isinstance(psoas, bodywork.Muscle)
        assert psoas.file.startswith("bundled:")
        assert db.lookup("Psoas Major") == psoas
        assert any(f.levels for f in psoas.origin)
        assert psoas in db.muscles_at_levels("L3")
        walk(db)
        for name in ("fight or flight muscle", "iliopsoas", "so-as"):
            assert db.get(name) == psoas, name
        if bodywork.HAS_SEARCH:
            for query in ("soas", "fight or flight muscle", "iliopsoas"):
                assert db.search(query)[0].entity == psoas, query
            assert db.search("TRE")[0].entity.kind == "technique"
        # "Which psoas techniques are safe for a client with endometriosis
        # and an anterior pelvic tilt, and why is each excluded one excluded?"
        plan = db.plan("psoas", ["endometriosis", "anterior pelvic tilt"])
        assert [c.id for c in plan.conditions] == ["endometriosis",
                                                   "anterior-pelvic-tilt"]
        assert plan.allowed and plan.excluded
        abdomen = db["abdomen"]
        excluded = {e.technique for e in plan.excluded}
        for entry in plan.excluded:
            assert any(r.rule.excludes for r in entry.reasons)
            assert all(r.reason and r.rule.condition == r.condition for r in entry.reasons)
            if any(abdomen.overlaps(s) for s in entry.technique.sites):
                assert "endometriosis" in {r.condition.id for r in entry.reasons}
        for entry in plan.allowed + plan.excluded:
            assert not set(entry.instead) & excluded
        for entry in plan.allowed:
            assert all(r.severity == "caution" for r in entry.reasons)
            assert not any(abdomen.overlaps(s) for s in entry.technique.sites)
