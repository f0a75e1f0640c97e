"""Condition rules and the technique planner: rule attributes (severity and
its words, site, techniques instead, positions to prefer) and matches,
rule.applies, plans for a muscle under conditions (allowed with cautions,
excluded with every reason, and what to use instead), restrictions of one
technique, and the errors for unknown or wrong-kind names."""
import json

import pytest

import bodywork


def test_rules(db):
    endo = db["endometriosis"]
    assert isinstance(endo, bodywork.Condition)
    (rule,) = endo.rules
    assert isinstance(rule, bodywork.Rule)
    assert rule.severity == "local" and rule.site == db["abdomen"]
    assert isinstance(rule.site, bodywork.Site)
    assert rule.label == "local contraindication" and rule.excludes
    assert rule.instead == (db["table-edge-stretch"],)
    assert rule.prefer == ("side-lying",)
    assert rule.reason == "Pressure on the abdomen can cause severe pain."
    assert rule.adjustment == "Stretch the psoas through the leg instead."
    assert rule.source.id == "forum" and rule.evidence == "practice"
    assert rule.condition == endo and rule.matches == ()
    assert rule.line == 94
    assert repr(rule) == ("<Rule endometriosis local at abdomen "
                          "'Pressure on the abdomen can cause severe pain.'>")
    assert rule == db["endometriosis"].rules[0] and hash(rule) == hash(endo.rules[0])


def test_severities(db):
    assert bodywork.SEVERITIES == ("contraindicated", "local", "caution",
                                   "clearance", "red-flag")
    assert dict(zip(bodywork.SEVERITIES, bodywork.SEVERITY_LABELS)) == {
        "contraindicated": "contraindicated",
        "local": "local contraindication", "caution": "caution",
        "clearance": "medical clearance needed", "red-flag": "stop and refer"}
    clearance, local, deep, prone = db["blood-clot"].rules
    assert [r.severity for r in (clearance, local, deep, prone)] == [
        "clearance", "local", "contraindicated", "caution"]
    assert [r.excludes for r in (clearance, local, deep, prone)] == [
        True, True, True, False]
    assert local.site.id == "leg" and clearance.site is None
    (red,) = db["pulsing-mass"].rules
    assert (red.severity, red.label) == ("red-flag", "stop and refer")
    assert red.instead == () and red.prefer == ()
    d = db["endometriosis"].rules[0].to_dict()
    assert (d["site"], d["label"]) == ("abdomen", "local contraindication")
    assert (d["instead"], d["prefer"]) == (["table-edge-stretch"], ["side-lying"])
    assert "site" not in clearance.to_dict() and "area" not in d


def test_rule_matches(db):
    caution, contra = db["anterior-pelvic-tilt"].rules
    assert caution.severity == "caution" and caution.site is None
    assert caution.adjustment is None
    m0, m1 = caution.matches
    assert isinstance(m0, bodywork.RuleMatch)
    assert m0.text == "lever=long movement=hip-extension"
    assert m0.technique is None and m0.attrs == {"lever": "long", "movement": "hip-extension"}
    assert m1.technique == db["abdominal-release"] and m1.attrs == {}
    assert m1.text == "technique abdominal-release"
    text, technique, attrs = contra.matches[0]  # a tuple too
    assert attrs == {"contact": "abdomen", "min-pressure": "moderate"}
    assert json.loads(json.dumps(contra.to_dict()))["condition"] == "anterior-pelvic-tilt"


def test_rule_applies(db):
    (local,) = db["endometriosis"].rules
    caution, contra = db["anterior-pelvic-tilt"].rules
    # the abdomen's rule reaches work on the lower abdomen within it
    assert local.applies(db["abdominal-release"])
    assert not local.applies("table-edge-stretch")
    assert caution.applies("Table-edge stretch") and caution.applies("abdominal-release")
    assert contra.applies("abdominal-release") and not contra.applies("TES")
    # the leg's rule reaches work on the thigh and knee within it
    assert db["blood-clot"].rules[1].applies("table-edge-stretch")
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
    # strongest first, then the cautions
    assert [(r.condition.id, r.severity) for r in no.reasons] == [
        ("anterior-pelvic-tilt", "contraindicated"), ("endometriosis", "local"),
        ("anterior-pelvic-tilt", "caution")]
    local = no.reasons[1]
    assert local.match is None and local.reason == local.rule.reason
    assert local.adjustment == "Stretch the psoas through the leg instead."
    muscle, conditions, allowed, excluded = plan
    technique, reasons = no  # instead is an attribute, not unpacked


def test_plan_instead(db):
    plan = db.plan("psoas-major", ["endometriosis", "anterior-pelvic-tilt"])
    (ok,), (no,) = plan.allowed, plan.excluded
    # endometriosis names the table-edge stretch, which the plan allows
    assert no.instead == (db["table-edge-stretch"],)
    # the tilt's caution names the abdominal release, which it excludes
    assert db["anterior-pelvic-tilt"].rules[0].instead == (db["abdominal-release"],)
    assert ok.instead == ()
    # never a technique the client's conditions exclude
    plan = db.plan("psoas-major", ["endometriosis", "blood-clot"])
    excluded = {e.technique for e in plan.excluded}
    assert db["table-edge-stretch"] in excluded
    assert all(not (set(e.instead) & excluded) for e in plan.excluded + plan.allowed)
    assert plan.allowed == () and all(e.instead == () for e in plan.excluded)


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
        ("endometriosis", "local"), ("anterior-pelvic-tilt", "contraindicated"),
        ("anterior-pelvic-tilt", "caution"), ("blood-clot", "clearance"),
        ("blood-clot", "contraindicated"), ("pulsing-mass", "red-flag")}
    assert entry.reasons[0].severity == "red-flag"  # strongest first
    t = db["table-edge-stretch"].restrictions()
    (entry,) = t.excluded
    assert [(x.condition.id, x.severity) for x in entry.reasons] == [
        ("pulsing-mass", "red-flag"), ("blood-clot", "clearance"),
        ("blood-clot", "local"), ("anterior-pelvic-tilt", "caution")]
    with pytest.raises(bodywork.NotFound):
        db.restrictions("nothing")


def test_plan_after_hide(layered):
    # the clinic layer hides anterior-pelvic-tilt: its rules are gone
    plan = layered.plan("psoas-major", ["endometriosis"])
    assert {e.technique.id for e in plan.excluded} == {"abdominal-release",
                                                       "clinic-belly-glide"}
    with pytest.raises(bodywork.NotFound):
        layered.plan("psoas-major", ["anterior-pelvic-tilt"])
