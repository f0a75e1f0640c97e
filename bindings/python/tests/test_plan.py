"""Condition rules and the technique planner: rule attributes and matches,
rule.applies, plans for a muscle under conditions (allowed with cautions,
excluded with every reason), restrictions of one technique, and the
errors for unknown or wrong-kind names."""
import json

import pytest

import bodywork


def test_rules(db):
    endo = db["endometriosis"]
    assert isinstance(endo, bodywork.Condition)
    (rule,) = endo.rules
    assert isinstance(rule, bodywork.Rule)
    assert rule.severity == "local" and rule.area == "abdominal"
    assert rule.reason == "Pressure on the abdomen can cause severe pain."
    assert rule.adjustment == "Stretch the psoas through the leg instead."
    assert rule.source.id == "forum" and rule.evidence == "practice"
    assert rule.condition == endo and rule.matches == ()
    assert rule.line == 94
    assert repr(rule) == ("<Rule endometriosis local at abdominal "
                          "'Pressure on the abdomen can cause severe pain.'>")
    assert rule == db["endometriosis"].rules[0] and hash(rule) == hash(endo.rules[0])


def test_rule_matches(db):
    caution, absolute = db["anterior-pelvic-tilt"].rules
    assert caution.severity == "caution" and caution.area is None
    assert caution.adjustment is None
    m0, m1 = caution.matches
    assert isinstance(m0, bodywork.RuleMatch)
    assert m0.text == "lever=long movement=hip-extension"
    assert m0.technique is None and m0.attrs == {"lever": "long", "movement": "hip-extension"}
    assert m1.technique == db["abdominal-release"] and m1.attrs == {}
    assert m1.text == "technique abdominal-release"
    text, technique, attrs = absolute.matches[0]  # a tuple too
    assert attrs == {"contact": "abdominal", "min-pressure": "moderate"}
    assert json.loads(json.dumps(absolute.to_dict()))["condition"] == "anterior-pelvic-tilt"


def test_rule_applies(db):
    (local,) = db["endometriosis"].rules
    caution, absolute = db["anterior-pelvic-tilt"].rules
    assert local.applies(db["abdominal-release"])
    assert not local.applies("table-edge-stretch")
    assert caution.applies("Table-edge stretch") and caution.applies("abdominal-release")
    assert absolute.applies("abdominal-release") and not absolute.applies("TES")
    assert not caution.applies(db["psoas-major"])  # not a technique
    with pytest.raises(bodywork.NotFound):
        caution.applies("no such technique")
    with pytest.raises(TypeError):
        caution.applies(3)


def test_plan(db):
    plan = db.plan("psoas major", ["endo", db["anterior-pelvic-tilt"]])
    assert isinstance(plan, bodywork.Plan)
    assert plan.muscle == db["psoas-major"]
    assert plan.conditions == (db["endometriosis"], db["anterior-pelvic-tilt"])
    (ok,) = plan.allowed
    assert isinstance(ok, bodywork.PlanEntry)
    assert ok.technique.id == "table-edge-stretch"
    (caution,) = ok.reasons
    assert isinstance(caution, bodywork.Reason)
    assert caution.severity == "caution" and caution.condition.id == "anterior-pelvic-tilt"
    assert caution.match.text == "lever=long movement=hip-extension"
    assert caution.rule == db["anterior-pelvic-tilt"].rules[0]
    (no,) = plan.excluded
    assert no.technique.id == "abdominal-release"
    assert [(r.condition.id, r.severity) for r in no.reasons] == [
        ("endometriosis", "local"), ("anterior-pelvic-tilt", "absolute"),
        ("anterior-pelvic-tilt", "caution")]
    local = no.reasons[0]
    assert local.match is None and local.reason == local.rule.reason
    assert local.adjustment == "Stretch the psoas through the leg instead."
    muscle, conditions, allowed, excluded = plan


def test_plan_forms(db, planned):
    psoas = db["psoas-major"]
    none = db.plan(psoas)
    assert none.conditions == () and none.excluded == ()
    assert [e.technique.id for e in none.allowed] == ["abdominal-release",
                                                      "table-edge-stretch"]
    assert db.plan(psoas, None) == none
    assert db.plan(psoas, "endometriosis") == db.plan(psoas, ["endometriosis"])
    assert db.plan(psoas, db["endometriosis"]).excluded[0].technique.id == "abdominal-release"
    assert psoas.plan(["endometriosis"]) == db.plan(psoas, ("endometriosis",))
    assert db.plan(psoas, conditions=iter(["endo", "endo"])).conditions == (db["endometriosis"],)
    # secondary targets after primary ones, then by name
    ids = [e.technique.id for e in planned.plan("iliacus").allowed]
    assert ids == ["aa-iliacus-lunge", "zz-iliacus-hook", "table-edge-stretch"]


def test_plan_errors(db):
    with pytest.raises(bodywork.NotFound) as info:
        db.plan("psoas", ["endometriosis"])
    assert "psoas-major" in str(info.value)  # names the closest muscles
    with pytest.raises(bodywork.NotFound) as info:
        db.plan("psoas-major", ["endometriosis", "pregnancy"])
    assert "pregnancy" in str(info.value)
    with pytest.raises(bodywork.NotFound):
        db.plan("endometriosis")  # not a muscle
    with pytest.raises(TypeError):
        db.plan("psoas-major", 5)
    with pytest.raises(TypeError):
        db.plan("psoas-major", [5])
    with pytest.raises(TypeError):
        db.plan()
    with bodywork.open(db.paths) as other:
        with pytest.raises(ValueError):
            db.plan(other["psoas-major"])


def test_restrictions(db):
    r = db.restrictions("abdominal-release")
    assert r.muscle is None and r.allowed == ()
    (entry,) = r.excluded
    assert entry.technique == db["abdominal-release"]
    assert {(x.condition.id, x.severity) for x in entry.reasons} == {
        ("endometriosis", "local"), ("anterior-pelvic-tilt", "absolute"),
        ("anterior-pelvic-tilt", "caution")}
    t = db["table-edge-stretch"].restrictions()
    assert t.excluded == () and [x.severity for x in t.allowed[0].reasons] == ["caution"]
    with pytest.raises(bodywork.NotFound):
        db.restrictions("nothing")


def test_plan_after_hide(layered):
    # the clinic layer hides anterior-pelvic-tilt: its rules are gone
    plan = layered.plan("psoas-major", ["endometriosis"])
    assert {e.technique.id for e in plan.excluded} == {"abdominal-release",
                                                       "clinic-belly-glide"}
    with pytest.raises(bodywork.NotFound):
        layered.plan("psoas-major", ["anterior-pelvic-tilt"])
