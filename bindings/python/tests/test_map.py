"""Body maps from Python: db.map_muscle, map_symptom and map_screen give
SVG text that parses, carries a title, a description and a title for every
marked region, and refuses what the C calls refuse."""
import xml.etree.ElementTree as ET

import pytest

import bodywork

from conftest import DATA, VALID

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def mdb():
    with bodywork.open([VALID, DATA / "map" / "layer.xml"]) as db:
        yield db


def marks(svg):
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.find(SVG + "title") is not None and root.find(SVG + "desc") is not None
    out = []
    for path in root.iter(SVG + "path"):
        if path.get("role") == "img":
            out.append(path.find(SVG + "title").text.split(" (")[0])
    return out


def test_maps(mdb):
    assert marks(mdb.map_muscle("test-flexor")) == [
        "Thigh: spillover: pain may spread here", "Low back: primary: pain is felt here",
        "Low back: where the muscle lies"]
    assert marks(mdb.map_symptom(mdb["thigh-ache"]))[0] == "Thigh: primary: pain is felt here"
    svg = mdb.map_screen(["cuts-and-scrapes"])
    assert "Cuts &amp; &lt;scrapes&gt;" in svg
    assert marks(svg) == ["Thigh: caution: allowed with care", "Knee: off: no work here"]


def test_refused(mdb):
    with pytest.raises(bodywork.NotFound):
        mdb.map_muscle("thigh-ache")
    with pytest.raises(bodywork.NotFound):
        mdb.map_symptom("nonesuch")
    with pytest.raises(TypeError):
        mdb.map_muscle(3)
    with bodywork.open([VALID]) as plain, pytest.raises(bodywork.NotFound) as err:
        plain.map_muscle("psoas-major")
    assert "no body map" in str(err.value)
