"""Entities and facts: lookups by id, name and alias; the kind views;
attributes, every corpus field as an attribute, facts with their source,
evidence, corrections, targets and vertebral levels; back-references;
repr, equality, hashing and to_dict."""
import json

import pytest

import bodywork


def test_getitem(db):
    psoas = db["psoas-major"]
    assert isinstance(psoas, bodywork.Muscle) and isinstance(psoas, bodywork.Entity)
    assert (psoas.id, psoas.name, psoas.kind) == ("psoas-major", "Psoas major", "muscle")
    # a name or alias resolves as lookup() does, as `in` does
    assert db["Psoas major"] == db["hip hiker"] == db[psoas] == psoas
    with pytest.raises(bodywork.NotFound) as info:
        db["soas"]
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "no entity has the id, name or alias 'soas'"
    assert info.value.code == -7
    with pytest.raises(TypeError):
        db[0]
    with pytest.raises(bodywork.InvalidArgument):
        db["a\0b"]


@pytest.mark.parametrize("name", ["psoas-major", "Psoas Major", "PSOAS-major",
                                  "psoás major", "hip hiker", "HIP_HIKER",
                                  "so-as", "Músculus psoas major"])
def test_lookup_names_and_aliases(db, name):
    assert db.lookup(name).id == "psoas-major"
    assert db.get(name).id == "psoas-major"
    assert name in db


def test_get_and_lookup_missing(db):
    assert db.get("soas") is None  # typos are search's job
    sentinel = object()
    assert db.get("soas", sentinel) is sentinel
    with pytest.raises(bodywork.NotFound) as info:
        db.lookup("soas")
    assert "soas" in str(info.value)
    assert "soas" not in db
    assert 42 not in db and None not in db and "a\0b" not in db
    with pytest.raises(ValueError):
        db.get("a\0b")
    with pytest.raises(TypeError):
        db.get(42)
    with pytest.raises(TypeError):
        db.get()


def test_lookup_prefers_kinds_in_order(db):
    assert isinstance(db.get("endo"), bodywork.Condition)
    assert isinstance(db.get("TES"), bodywork.Technique)
    assert isinstance(db.get("LBP"), bodywork.Symptom)


def test_counts_and_views(db):
    assert len(db) == db.count() == db.count(None) == 18
    assert db.stats() == {"source": 2, "muscle": 2, "technique": 2,
                          "condition": 4, "symptom": 1, "site": 7,
                          "group": 0}
    assert db.count("muscle") == len(db.muscles) == 2
    assert [m.id for m in db.muscles] == ["iliacus", "psoas-major"]
    assert db.muscles.ids() == ("iliacus", "psoas-major")
    assert db.techniques.kind == "technique" and db.entities().kind is None
    assert [len(v) for v in (db.sources, db.muscles, db.techniques,
                             db.conditions, db.symptoms, db.sites)] == [2, 2, 2, 4, 1, 7]
    assert all(isinstance(s, bodywork.Site) for s in db.sites)
    assert all(isinstance(s, bodywork.Source) for s in db.sources)
    assert db.symptoms[0].id == "low-back-pain"
    assert db.muscles[-1].id == "psoas-major"
    assert [m.id for m in db.muscles[::-1]] == ["psoas-major", "iliacus"]
    assert db.entities()[:] == tuple(db)
    assert [e.kind for e in db] == ["source"] * 2 + ["muscle"] * 2 + \
        ["technique"] * 2 + ["condition"] * 4 + ["symptom"] + ["site"] * 7
    assert db.entities("condition")[2].id == "endometriosis"
    with pytest.raises(IndexError):
        db.muscles[2]
    with pytest.raises(IndexError):
        db.muscles[-3]
    with pytest.raises(TypeError):
        db.muscles["psoas-major"]
    with pytest.raises(ValueError):
        db.count("muscles")
    with pytest.raises(ValueError):
        db.entities("herb")
    assert "psoas-major" in db.muscles and "Psoas major" in db.muscles
    assert "endometriosis" not in db.muscles and "nothing" not in db.muscles
    assert db["iliacus"] in db.muscles and db["iliacus"] not in db.techniques
    assert repr(db.muscles) == "<bodywork.EntityList of 2 muscles>"
    assert repr(db) == "<bodywork.Database of 18 entities>"


def test_views_are_sequences(db):
    import collections.abc as abc
    assert isinstance(db.muscles, abc.Sequence)
    assert list(reversed(db.muscles))[0].id == "psoas-major"
    assert bodywork.EntityList[bodywork.Muscle] is not None


def test_muscle_attributes(db):
    m = db["psoas-major"]
    assert m.summary == "The deep hip flexor joining the lumbar spine to the femur."
    assert m.aliases == ("so-as", "hip hiker", "Músculus psoas major")
    assert [(a.text, a.qualifier, a.evidence) for a in m.alias][1] == \
        ("hip hiker", "nickname", "anecdote")
    assert m.regions == ("lumbar", "hip")
    assert m.depth == "deep" and m.attr("depth") == "deep"
    assert m.attr("nothing") is None
    assert m.file.endswith("base.xml") and m.line == 19
    assert m.database is db


def test_facts_of_every_field(db):
    m = db["psoas-major"]
    origin = m.origin
    assert isinstance(origin, tuple) and len(origin) == 2
    f = origin[0]
    assert isinstance(f, bodywork.Fact)
    assert f.text == "Sides of the vertebral bodies T12 to L4 and the discs between them."
    assert f.field == "origin"
    assert f.entity == m
    assert f.source.id == "anatomy-text" and isinstance(f.source, bodywork.Source)
    assert f.evidence == "established" and not f.disputed
    assert f.levels == "T12-L4"
    assert f.level_set == {"T12", "L1", "L2", "L3", "L4"}
    assert f.correction is None and f.correction_source is None
    assert f.target is None and f.qualifier is None
    assert f.line == 25
    assert m.shortened_by[0].text == "Long hours sitting."
    assert m.weakened_by[0].text == "Inactivity."
    assert m.blood_supply[0].text == "Lumbar arteries."
    assert m.self_care[0].evidence == "practice"
    assert m.association[0].evidence == "tradition"
    assert m.innervation[0].levels == "L1-L3"
    assert m.insertion[0].levels is None and m.insertion[0].level_set == frozenset()
    assert m.facts("blood-supply") == m.facts("blood_supply") == m.blood_supply
    assert m.facts("summary")[0].text == m.summary
    assert m.step == () and m.sign == () and m.title == ()  # other kinds' fields
    with pytest.raises(ValueError):
        m.facts("herb")
    with pytest.raises(AttributeError):
        m.herb
    for name in bodywork.FIELDS:
        if name != "summary":
            assert isinstance(getattr(m, name.replace("-", "_")), tuple)


def test_disputed_fact(db):
    action = db["psoas-major"].action
    assert [a.evidence for a in action] == ["established", "disputed"]
    d = action[1]
    assert d.disputed and d.text == "Extends the hip."
    assert d.correction.startswith("It flexes the hip")
    assert d.correction_source.id == "anatomy-text"


def test_relations_and_backrefs(db):
    psoas, iliacus = db["psoas-major"], db["iliacus"]
    rel = psoas.related[0]
    assert rel.target == iliacus and rel.qualifier == "blends-with"
    assert psoas.causes[0].target.id == "low-back-pain"
    assert db["low-back-pain"].caused_by == (iliacus, psoas)
    assert [t.id for t in psoas.techniques] == ["abdominal-release", "table-edge-stretch"]
    assert iliacus.techniques == (db["table-edge-stretch"],)
    assert psoas.related_from == (iliacus,)
    refs = db["low-back-pain"].referrers("causes")
    assert [(f.entity.id, f.text) for f in refs] == [("iliacus", "When tight."),
                                                      ("psoas-major", "When tight.")]
    assert all(f.target.id == "low-back-pain" for f in refs)
    assert psoas.referrers("target")[1].qualifier == "primary"


def test_technique_attributes(db):
    t = db["table-edge-stretch"]
    assert isinstance(t, bodywork.Technique)
    assert (t.modality, t.lever) == ("pnf", "long")
    assert t.muscles == (db["psoas-major"], db["iliacus"])
    assert [f.qualifier for f in t.target] == ["primary", "secondary"]
    assert [f.text for f in t.contact] == ["thigh", "knee"]
    assert t.sites == (db["thigh"], db["knee"])
    assert [f.target for f in t.contact] == list(t.sites)
    assert [s.text for s in t.step] == ["Bring the client to the table edge.",
                                        "Let the leg hang.",
                                        "Contract, relax, take up slack."]
    assert t.pressure[0].text == "light" and t.aliases == ("TES",)


def test_source_and_symptom(db):
    s = db["anatomy-text"]
    assert isinstance(s, bodywork.Source)
    assert s.name == "Test Anatomy" and s.source_kind == "textbook"
    assert [a.text for a in s.author] == ["A. Author", "B. Author"]
    assert s.isbn[0].text == "978-0-00-000000-2" and s.year[0].text == "2020"
    assert s.title[0].source is None
    sym = db["low-back-pain"]
    assert isinstance(sym, bodywork.Symptom)
    assert sym.clue[0].text == "Pain standing up from sitting."
    assert not hasattr(sym, "rules") and not hasattr(s, "depth")


def test_muscles_at_levels(db):
    psoas, iliacus = db["psoas-major"], db["iliacus"]
    assert db.muscles_at_levels("L3") == (iliacus, psoas)
    assert db.muscles_at_levels("L3", "origin") == (psoas,)
    assert db.muscles_at_levels("L5") == (psoas,)
    assert db.muscles_at_levels("T12-L1,S1") == (psoas,)
    assert db.muscles_at_levels("C1") == ()
    assert db.muscles_at_levels("L2", field="innervation") == (iliacus, psoas)
    with pytest.raises(ValueError):
        db.muscles_at_levels("L9")
    with pytest.raises(ValueError):
        db.muscles_at_levels("L4-T12")
    with pytest.raises(ValueError):
        db.muscles_at_levels("L3", "nope")
    with pytest.raises(bodywork.InvalidArgument):
        db.muscles_at_levels("L3", "action")


def test_level_helpers():
    assert bodywork.parse_levels("T12-L2") == ("T12", "L1", "L2")
    assert bodywork.parse_levels(["S1", "C1"]) == ("C1", "S1")
    assert bodywork.format_levels(["L1", "T12", "L2"]) == "T12-L2"
    assert bodywork.format_levels("L1,L3") == "L1,L3"
    assert bodywork.format_levels([]) == ""
    with pytest.raises(ValueError):
        bodywork.parse_levels("X7")
    with pytest.raises(TypeError):
        bodywork.parse_levels([3])


def test_repr(db):
    assert repr(db["psoas-major"]) == "<Muscle psoas-major 'Psoas major'>"
    r = repr(db["psoas-major"].origin[0])
    assert r.startswith("<Fact origin 'Sides of the vertebral bodies")
    assert r.endswith("...' [T12-L4] (anatomy-text, established)>")
    assert repr(db["anatomy-text"].author[0]) == "<Fact author 'A. Author' (established)>"


def test_equality_and_hash(db):
    a, b = db["psoas-major"], db.lookup("hip hiker")
    assert a == b and not (a != b) and a is not b
    assert hash(a) == hash(b)
    assert len({a, b, db["iliacus"]}) == 2
    assert a != db["iliacus"] and a != "psoas-major"
    assert a.origin[0] == db["psoas-major"].origin[0]
    assert a.origin[0] != a.origin[1]
    assert len(set(a.origin + b.origin)) == 2
    with bodywork.open(db.paths) as other:
        assert other["psoas-major"] != a  # another database's entity


def test_read_only(db):
    m = db["psoas-major"]
    with pytest.raises(AttributeError):
        m.name = "x"
    with pytest.raises(AttributeError):
        m.origin[0].text = "x"
    with pytest.raises(TypeError):
        bodywork.Entity()
    with pytest.raises(TypeError):
        bodywork.Database()


def test_to_dict(db):
    d = db["psoas-major"].to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["id"] == "psoas-major" and d["kind"] == "muscle"
    assert d["aliases"] == ["so-as", "hip hiker", "Músculus psoas major"]
    assert d["regions"] == ["lumbar", "hip"] and d["depth"] == "deep"
    assert d["origin"][0] == {"text": "Sides of the vertebral bodies T12 to L4 "
                              "and the discs between them.", "evidence": "established",
                              "source": "anatomy-text", "levels": "T12-L4"}
    assert d["action"][1]["correction_source"] == "anatomy-text"
    assert d["related"][0] == {"text": "Shares the iliopsoas tendon.",
                               "evidence": "established", "source": "anatomy-text",
                               "target": "iliacus", "qualifier": "blends-with"}
    assert "summary" in d and "step" not in d and "rules" not in d
    t = db["table-edge-stretch"].to_dict()
    assert (t["modality"], t["lever"]) == ("pnf", "long")
    assert db["anatomy-text"].to_dict()["source_kind"] == "textbook"
    assert db["forum"].to_dict()["summary"] is None
    c = db["anterior-pelvic-tilt"].to_dict()
    assert c["rules"][0]["matches"] == [{"lever": "long", "movement": "hip-extension"},
                                        {"technique": "abdominal-release"}]
    assert db["psoas-major"].origin[0].to_dict() == d["origin"][0]
