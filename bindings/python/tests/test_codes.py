"""Codes other systems use: db.lookup_code finds the entity a code (or a
more specific one, or one inside an ICD-10 range) names and the code fact
that matched; lookup and plan take codes as names; to_dict carries them."""
import json
import pathlib

import pytest

import bodywork

from conftest import VALID

CODES = pathlib.Path(__file__).resolve().parents[3] / "tests" / "cli" / "data" / "codes.xml"


@pytest.fixture
def cdb():
    with bodywork.open([VALID / "base.xml", CODES]) as db:
        yield db


def test_lookup_code(cdb):
    e, f = cdb.lookup_code("I80.29")
    assert e.id == "clot-in-leg"
    assert (f.field, f.text, f.qualifier, f.evidence) == ("code", "I80.2", "icd10",
                                                          "established")
    assert cdb.lookup_code("b01aa03")[0].id == "thinning-pills"
    assert cdb.lookup_code("E11.9")[1].text == "E10-E14"
    with pytest.raises(bodywork.NotFound) as err:
        cdb.lookup_code("Z99.9")
    assert "Z99.9" in str(err.value)
    with pytest.raises(TypeError):
        cdb.lookup_code(42)


def test_codes_are_names(cdb):
    assert cdb.lookup("I80.2").id == "clot-in-leg"
    assert "B01AA03" in cdb and cdb["B01AA03"].id == "thinning-pills"
    plan = cdb.plan("psoas-major", ["B01AA03", "E11.9"])
    assert [c.id for c in plan.conditions] == ["thinning-pills", "sugar-disease"]


def test_codes_as_facts_and_json(cdb):
    loin = cdb["loin"]
    assert [(f.qualifier, f.text) for f in loin.code] == [
        ("fma", "FMA:22310"), ("uberon", "UBERON:0001298"), ("ta98", "A04.7.02.004"),
        ("local", "clinic:LOIN-1")]
    d = cdb["thinning-pills"].to_dict()
    json.dumps(d)
    assert [c["text"] for c in d["code"]] == ["B01AA", "B01AF"]
