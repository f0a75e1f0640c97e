"""Groups of muscles (Group): a group's members, a muscle's groups, the
member facts with their sources and grades, Database.groups; on a small
layer of the test corpus and on the bundled corpus (the rotator cuff, the
hamstrings, the quadriceps)."""
import pytest

import bodywork

from conftest import HAS_BUNDLED, VALID

LAYER = """<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <group id="hip-flexor-pair">
    <name>Hip flexor pair</name>
    <alias type="nickname" source="forum" evidence="anecdote">the flexors</alias>
    <summary source="anatomy-text" evidence="established">Two deep hip flexors.</summary>
    <member muscle="psoas-major" source="anatomy-text" evidence="established"/>
    <member muscle="iliacus" source="forum" evidence="practice"/>
  </group>
</corpus>
"""
CUFF = ("supraspinatus", "infraspinatus", "teres-minor", "subscapularis")


@pytest.fixture
def grouped(tmp_path):
    (tmp_path / "group.xml").write_text(LAYER)
    with bodywork.open([VALID, tmp_path / "group.xml"]) as d:
        yield d


def test_group_members(grouped):
    g = grouped["hip-flexor-pair"]
    assert isinstance(g, bodywork.Group) and g.kind == "group"
    assert g.members == (grouped["psoas-major"], grouped["iliacus"])
    assert all(isinstance(m, bodywork.Muscle) for m in g.members)
    # each member is a fact of its own, with its source and grade
    assert [(f.text, f.source.id, f.evidence) for f in g.member] == [
        ("psoas-major", "anatomy-text", "established"),
        ("iliacus", "forum", "practice")]
    assert [f.target for f in g.member] == list(g.members)
    assert g.facts("member") == g.member
    assert g.to_dict()["member"][1] == {
        "text": "iliacus", "evidence": "practice", "source": "forum",
        "target": "iliacus"}
    assert repr(g) == "<Group hip-flexor-pair 'Hip flexor pair'>"


def test_muscle_groups(grouped):
    g = grouped["hip-flexor-pair"]
    for m in g.members:
        assert m.groups == (g,)
        assert isinstance(m.groups[0], bodywork.Group)
    (back,) = grouped["iliacus"].referrers("member")
    assert back.entity == g and back.evidence == "practice"
    assert grouped["iliacus"].member == ()


def test_groups_view_and_counts(grouped, db):
    assert grouped.groups.kind == "group"
    assert list(grouped.groups) == [grouped["hip-flexor-pair"]]
    assert grouped.count("group") == len(grouped.groups) == 1
    assert grouped.stats()["group"] == 1
    assert grouped.entities("group").ids() == ("hip-flexor-pair",)
    assert [e.kind for e in grouped][-1] == "group"  # the last kind
    assert grouped.lookup("the flexors") == grouped["hip-flexor-pair"]
    # the test corpus alone has none, and its muscles belong to none
    assert len(db.groups) == 0 and db.stats()["group"] == 0
    assert db["iliacus"].groups == ()
    with pytest.raises(ValueError, match='"group"'):
        db.count("groupz")


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_groups():
    with bodywork.open() as db:
        for name, id in (("hamstrings", "hamstrings"),
                         ("quads", "quadriceps")):
            g = db.lookup(name)
            assert isinstance(g, bodywork.Group) and g.id == id
            assert g.members and all(g in m.groups for m in g.members)
        cuff = db["rotator-cuff"]
        assert sorted(m.id for m in cuff.members) == sorted(CUFF)
        assert cuff in db["supraspinatus"].groups
        assert cuff in db.groups and len(db.groups) == db.count("group")
        if bodywork.HAS_SEARCH:
            hits = db.search("rotator cuff").entities()
            assert hits[0] == cuff
            # the members directly after it
            assert set(CUFF) == {e.id for e in hits[1:5]}


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_plan_for_a_group():
    with bodywork.open() as db:
        cuff = db["rotator-cuff"]
        plan = db.plan("rotator cuff")
        assert plan.muscle == cuff and isinstance(plan.muscle, bodywork.Group)
        techniques = [e.technique for e in plan.allowed]
        # each once, and each aimed at a member
        assert len(techniques) == len(set(techniques)) > 1
        members = set(cuff.members)
        for t in techniques:
            assert members & {f.target for f in t.target}
