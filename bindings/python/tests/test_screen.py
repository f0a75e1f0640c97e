"""The session screen (Database.screen): what a client's conditions mean for
a whole session with no muscle named, on the test corpus and on the
bundled corpus; and the body sites the screen and the rules name."""
import pytest

import bodywork

from conftest import HAS_BUNDLED

ORDER = {a: i for i, a in enumerate(bodywork.SCREEN_ACTIONS)}


def lines(screen, action):
    return [l for l in screen.lines if l.action == action]


def test_screen_record(db):
    s = db.screen(["blood clot in the leg"])
    assert isinstance(s, bodywork.Screen)
    assert s.conditions == (db["blood-clot"],)
    assert s.needs_clearance is True and s.refer is False
    conditions, needs_clearance, refer, all_lines = s  # a tuple too
    assert all_lines == s.lines and all(isinstance(l, bodywork.ScreenLine)
                                        for l in s.lines)
    # strongest action first
    assert [ORDER[l.action] for l in s.lines] == sorted(ORDER[l.action]
                                                        for l in s.lines)
    assert [l.action for l in s.lines] == ["clearance", "avoid", "limit",
                                           "caution", "ask"]


def test_screen_lines(db):
    s = db["blood-clot"].screen()
    clearance, leg, limit, prone, ask = s.lines
    # clearance for the whole session: no site, position or ceiling
    assert clearance.rule == db["blood-clot"].rules[0]
    assert (clearance.site, clearance.position, clearance.pressure) == (None,) * 3
    assert clearance.match is None and clearance.fact is None
    # the leg is off, and stays off once cleared
    assert leg.site == db["leg"] and leg.rule.severity == "local"
    assert isinstance(leg.site, bodywork.Site)
    # excluding deep pressure leaves moderate as the ceiling, everywhere
    assert (limit.pressure, limit.site) == ("moderate", None)
    assert limit.match.attrs == {"min-pressure": "deep"}
    assert (prone.position, prone.rule.severity) == ("prone", "caution")
    # a red flag to ask about comes from a fact, not a rule
    assert ask.rule is None and ask.match is None
    assert ask.fact == db["blood-clot"].red_flag[0]
    assert ask.fact.text == "New calf pain, swelling or warmth."
    assert ask.fact.source.id == "anatomy-text"
    assert all(l.condition == db["blood-clot"] for l in s.lines)


def test_screen_several_conditions(db):
    s = db.screen([db["endometriosis"], "anterior-pelvic-tilt", "pulsing mass in the belly"])
    assert [c.id for c in s.conditions] == ["endometriosis", "anterior-pelvic-tilt",
                                            "pulsing-mass"]
    assert s.refer and not s.needs_clearance
    (refer,) = lines(s, "refer")
    assert refer.condition.id == "pulsing-mass" and refer.rule.label == "stop and refer"
    assert s.lines[0] == refer
    (avoid,) = lines(s, "avoid")
    assert avoid.site == db["abdomen"] and avoid.condition.id == "endometriosis"
    (prefer,) = lines(s, "prefer")
    assert prefer.position == "side-lying" and prefer.rule == avoid.rule
    # pressure of moderate or more on the abdomen: light is the ceiling there
    (limit,) = lines(s, "limit")
    assert (limit.site, limit.pressure) == (db["abdomen"], "light")
    # duplicates go, the order given stays
    assert db.screen(["endo", "endometriosis"]).conditions == (db["endometriosis"],)
    assert db.screen("endometriosis") == db.screen(["endometriosis"])


def test_screen_errors(db):
    with pytest.raises(bodywork.NotFound) as info:
        db.screen(["endometriosis", "pregnancy"])
    assert "pregnancy" in str(info.value)
    with pytest.raises(TypeError):
        db.screen(5)
    with pytest.raises(TypeError):
        db.screen([5])
    db.close()
    with pytest.raises(bodywork.ClosedError):
        db.screen("endometriosis")


def test_sites(db):
    leg, thigh, ft = db["leg"], db["thigh"], db["femoral-triangle"]
    assert isinstance(ft, bodywork.Site) and ft.kind == "site"
    assert (ft.type, leg.type) == ("endangerment", "region")
    assert ft.within == thigh and thigh.within == leg and leg.within is None
    assert ft.attr("within") == "thigh"
    assert ft.structure[0].text == "Femoral artery, vein and nerve."
    assert ft.overlaps(leg) and leg.overlaps("femoral triangle") and ft.overlaps(ft)
    assert not ft.overlaps("knee") and not ft.overlaps(db["abdomen"])
    assert not leg.overlaps("psoas-major")  # not a site
    assert thigh.techniques == (db["table-edge-stretch"],)
    assert leg.techniques == ()  # contact is at the thigh and knee within it
    assert db.sites.kind == "site" and ft in db.sites
    assert db.count("site") == len(db.sites)
    d = ft.to_dict()
    assert (d["type"], d["within"]) == ("endangerment", "thigh")


def test_condition_category(db):
    assert db["blood-clot"].category == "medication"
    assert db["pulsing-mass"].category == "sign"
    assert db["endometriosis"].category == "condition"  # the default


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_deep_vein_thrombosis():
    with bodywork.open() as db:
        s = db.screen("deep-vein-thrombosis")
        assert s.needs_clearance
        assert lines(s, "clearance")
        leg = db["leg"]
        # the leg is off, even once the client is cleared
        assert any(l.site is not None and leg.overlaps(l.site)
                   and l.rule.severity == "local" for l in lines(s, "avoid"))
        assert lines(s, "ask")
        for l in s.lines:
            assert (l.rule is None) == (l.action == "ask")
            assert (l.fact is None) != (l.action == "ask")


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_anticoagulant_limits_deep_pressure_everywhere():
    with bodywork.open() as db:
        s = db.screen(["anticoagulant-therapy"])
        assert s.conditions[0].category == "medication"
        everywhere = [l for l in lines(s, "limit") if l.site is None]
        assert everywhere
        assert all(l.pressure in ("none", "light", "moderate") for l in everywhere)


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_plan_never_offers_an_excluded_technique():
    with bodywork.open() as db:
        for conditions in (["pregnancy"], ["endometriosis"],
                           ["pregnancy", "anticoagulant-therapy"],
                           ["abdominal-aortic-aneurysm"], ["fever"]):
            plan = db.plan("psoas-major", conditions)
            excluded = {e.technique for e in plan.excluded}
            for entry in plan.allowed + plan.excluded:
                assert not set(entry.instead) & excluded, (conditions, entry)
                assert entry.technique not in entry.instead
