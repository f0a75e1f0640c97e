"""to_dict() of plans, screens, search results and answers: plain data that
json.dumps takes as it is, in the shape the command line prints with --json
for the same question (same keys, same values where both have a key)."""
import json
import os
import pathlib
import subprocess

import pytest

import bodywork
from bodywork import HAS_SEARCH
from conftest import VALID

BUILD = pathlib.Path(bodywork.__file__).resolve().parents[3]
CLI = os.environ.get("BODYWORK") or str(BUILD / "examples" / "bodywork")
needs_cli = pytest.mark.skipif(not os.access(CLI, os.X_OK),
                               reason="the bodywork command line is not built")
needs_search = pytest.mark.skipif(not HAS_SEARCH, reason="no search")


def plain(x):
    """Whether x is only dicts (str keys), lists, str, int, float, bool and
    None, and survives a JSON round trip unchanged."""
    def walk(v):
        if isinstance(v, dict):
            return all(isinstance(k, str) and walk(w) for k, w in v.items())
        if isinstance(v, list):
            return all(walk(w) for w in v)
        return v is None or isinstance(v, (str, int, float, bool))
    return walk(x) and json.loads(json.dumps(x)) == x


def cli(*args):
    p = subprocess.run([CLI, "--corpus", str(VALID), *args, "--json"],
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "BODYWORK_CORPUS": ""})
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)


def agree(py, doc, where="", compared=None):
    """py and doc hold the same values under every key both have, at any
    depth; a reference may be an id on one side and {"id", ...} on the
    other.  Returns how many values were compared."""
    compared = [0] if compared is None else compared
    if isinstance(py, dict) and isinstance(doc, dict):
        for k in py.keys() & doc.keys():
            agree(py[k], doc[k], f"{where}.{k}", compared)
    elif isinstance(py, list) and isinstance(doc, list):
        assert len(py) == len(doc), where
        for i, (a, b) in enumerate(zip(py, doc)):
            agree(a, b, f"{where}[{i}]", compared)
    elif isinstance(py, str) and isinstance(doc, dict) and "id" in doc:
        assert py == doc["id"], where
        compared[0] += 1
    elif isinstance(doc, str) and isinstance(py, dict) and "id" in py:
        assert doc == py["id"], where
        compared[0] += 1
    else:
        assert py == doc, where
        compared[0] += 1
    return compared[0]


def same_keys(py, doc, extra=()):
    """Every key of py is one the command line prints too."""
    assert set(py) - set(extra) <= set(doc), set(py) - set(doc)


PLANS = [("psoas-major", ["endometriosis"]),
         ("psoas-major", ["endometriosis", "anterior-pelvic-tilt"]),
         ("iliacus", ["blood-clot", "pulsing-mass"]),
         ("psoas-major", [])]


@needs_cli
@pytest.mark.parametrize("muscle,conditions", PLANS)
def test_plan(db, muscle, conditions):
    py = db.plan(muscle, conditions).to_dict()
    assert plain(py)
    doc = cli("plan", muscle, *[a for c in conditions
                                for a in ("--condition", c)])
    same_keys(py, doc)
    for entry, cli_entry in zip(py["allowed"] + py["excluded"],
                                doc["allowed"] + doc["excluded"]):
        same_keys(entry, cli_entry)
        for reason, cli_reason in zip(entry["reasons"], cli_entry["reasons"]):
            assert set(reason) == set(cli_reason)
    assert agree(py, doc) > 5
    assert py["excluded"] or not conditions


@needs_cli
@pytest.mark.parametrize("conditions", [["blood-clot"],
                                        ["blood-clot", "endometriosis"],
                                        ["pulsing-mass", "anterior-pelvic-tilt"]])
def test_screen(db, conditions):
    py = db.screen(conditions).to_dict()
    assert plain(py)
    doc = cli("screen", *[a for c in conditions for a in ("--condition", c)])
    assert set(py) == set(doc)
    for line, cli_line in zip(py["lines"], doc["lines"]):
        assert set(line) == set(cli_line)
    assert agree(py, doc) > 10 and py["lines"]


@needs_cli
@needs_search
@pytest.mark.parametrize("args,kw", [
    (("search", "psoas"), {}),
    (("search", "psoas", "--limit", "2", "--offset", "1"),
     {"limit": 2, "offset": 1}),
    (("search", "psaos"), {}),  # corrected
    (("search", "psoas", "--kind", "technique"), {"kind": "technique"}),
    (("search", "psoas zzyzx"), {})])  # a word no entity matches
def test_results(db, args, kw):
    results = db.search(args[1], **kw)
    py = results.to_dict()
    assert plain(py)
    doc = cli(*args)
    assert set(py) == set(doc)
    assert (py["offset"], py["limit"]) == (results.offset, results.limit)
    for hit, cli_hit, h in zip(py["hits"], doc["hits"], results):
        same_keys(hit, cli_hit, extra={"fact"})
        assert hit == h.to_dict() and hit["id"] == h.entity.id
        assert hit["dropped"] == h.dropped
        assert (hit["dropped"] == "zzyzx") == ("zzyzx" in args[1])
        assert hit["rank"] == results.offset + h.rank + 1
        assert set(hit["fields"]) == h.fields and hit["fields"] == sorted(
            hit["fields"], key=lambda f: (f != "name",
                                          bodywork.FIELDS.index(f)
                                          if f in bodywork.FIELDS else 0))
    assert py["hits"] and agree(py, doc) > 10


@needs_cli
@needs_search
def test_suggestions(db):
    # suggest --json lists the hits as "suggestions" under the "prefix"
    py = db.suggest("ps").to_dict()
    doc = cli("suggest", "ps")
    assert py["query"] == doc["prefix"] and plain(py)
    for hit, cli_hit in zip(py["hits"], doc["suggestions"]):
        assert set(cli_hit) <= set(hit)
    assert agree(py["hits"], doc["suggestions"]) > 5


@needs_search
def test_relation_hits_carry_their_fact(db):
    py = db.muscles_for_symptom("low back pain").to_dict()
    assert plain(py) and py["hits"]
    for hit in py["hits"]:
        assert hit["fact"]["target"] == "low-back-pain"


@needs_cli
@needs_search
@pytest.mark.parametrize("question", [
    "what causes LBP", "is so-as safe with endo",
    "is it safe with a blood clot in the leg", "psoas stretch"])
def test_answer(db, question):
    answer = db.ask(question)
    py = answer.to_dict()
    assert plain(py)
    doc = cli("ask", *question.split())
    assert set(py) == set(doc)
    for e, cli_e in zip(py["entities"], doc["entities"]):
        assert e == cli_e
    assert py["result"] is not None
    assert agree(py, doc) > 5
    kind = ("results" if answer.results is not None else
            "plan" if answer.plan is not None else "screen")
    assert py["result"] == getattr(answer, kind).to_dict()


def test_records_alone(db):
    plan = db.plan("psoas-major", ["endometriosis", "anterior-pelvic-tilt"])
    entry = plan.excluded[0]
    assert plain(entry.to_dict()) and entry.to_dict() == \
        plan.to_dict()["excluded"][0]
    reason = entry.reasons[0]
    assert plain(reason.to_dict())
    assert reason.to_dict()["condition"]["id"] == reason.condition.id
    matched = [r for e in plan.allowed + plan.excluded for r in e.reasons
               if r.match is not None]
    assert matched
    for r in matched:
        d = r.match.to_dict()
        assert plain(d) and d["text"] == r.to_dict()["matched"]
    restrictions = db.restrictions("abdominal-release").to_dict()
    assert plain(restrictions) and restrictions["muscle"] is None
    screen = db.screen(["blood-clot"])
    assert all(plain(line.to_dict()) for line in screen.lines)
    asks = [line for line in screen.lines if line.action == "ask"]
    assert asks and asks[0].to_dict()["rule"] is None
    assert asks[0].to_dict()["fact"]["text"] == asks[0].fact.text


def test_closed_database(db):
    plan = db.plan("psoas-major", ["endometriosis"])
    db.close()
    with pytest.raises(bodywork.ClosedError):
        plan.to_dict()
