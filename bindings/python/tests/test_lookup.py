"""One rule for every name a Database is asked about: db[x], `x in db`,
db.get(x) and db.lookup(x) always agree, also when a layer hides an entity
whose id is another entity's name."""
import pytest

import bodywork
from conftest import HAS_BUNDLED, VALID

# Hides the condition anterior-pelvic-tilt and adds a source titled with
# the same words, so the hidden id is also another entity's name.
HIDE_TILT = """<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="tilt-notes" kind="website"><title>Anterior pelvic tilt</title></source>
  <hide id="anterior-pelvic-tilt"/>
</corpus>
"""

HIDE_SWIMMING = """<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <hide id="muscle-swimming"/>
</corpus>
"""


def resolutions(db, key):
    """What each way of asking says about key: (in, get, [], lookup), each
    the entity found or None."""
    try:
        item = db[key]
    except KeyError:
        item = None
    try:
        found = db.lookup(key)
    except bodywork.NotFound:
        found = None
    return (db[key] if key in db else None), db.get(key), item, found


def assert_agree(db, key):
    inside, got, item, found = resolutions(db, key)
    assert inside == got == item == found, key
    assert (key in db) == (got is not None), key
    return got


@pytest.mark.parametrize("key", ["psoas-major", "Psoas major", "hip hiker",
                                 "PSOAS-major", "endometriosis", "soas",
                                 "nothing", ""])
def test_agree_without_hides(db, key):
    assert_agree(db, key)


def test_hidden_id_is_not_another_entitys_name(tmp_path):
    layer = tmp_path / "hide-tilt.xml"
    layer.write_text(HIDE_TILT)
    with bodywork.open([VALID, layer]) as db:
        notes = db["tilt-notes"]
        assert notes.name == "Anterior pelvic tilt"
        for key in ("anterior-pelvic-tilt", "Anterior pelvic tilt",
                    "ANTERIOR_PELVIC_TILT", "tilt-notes"):
            assert_agree(db, key)
        # the hidden id is gone: not found, and not taken for the source
        # whose title has the same words
        assert "anterior-pelvic-tilt" not in db
        assert db.get("anterior-pelvic-tilt") is None
        with pytest.raises(bodywork.NotFound) as info:
            db["anterior-pelvic-tilt"]
        assert "hidden" in str(info.value) and str(layer) in str(info.value)
        assert "anterior-pelvic-tilt" not in db.conditions
        assert "anterior-pelvic-tilt" not in db.sources
        with pytest.raises(bodywork.NotFound):
            db.plan("psoas-major", ["anterior-pelvic-tilt"])
        with pytest.raises(bodywork.NotFound):
            db.screen("anterior-pelvic-tilt")
        # an entity object is in the database it came from
        assert notes in db and db[notes] == notes


def test_hidden_id_elsewhere_in_the_stack(tmp_path):
    # hidden by one layer and added again by a later one: found again
    hide = tmp_path / "1-hide.xml"
    hide.write_text(HIDE_TILT)
    again = tmp_path / "2-again.xml"
    again.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <condition id="anterior-pelvic-tilt">
    <name>Tilt again</name>
    <summary source="forum" evidence="practice">Added back.</summary>
    <rule severity="caution" source="forum" evidence="practice">
      <reason>Go gently.</reason>
    </rule>
  </condition>
</corpus>
""")
    with bodywork.open([VALID, hide, again]) as db:
        assert assert_agree(db, "anterior-pelvic-tilt").name == "Tilt again"


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_hidden_technique_in_the_bundled_corpus(tmp_path):
    layer = tmp_path / "hide-swimming.xml"
    layer.write_text(HIDE_SWIMMING)
    with bodywork.open([layer], bundled=True) as db:
        # the source titled "Muscle Swimming" stays, under its own id
        assert db["muscle-swimming-method"].kind == "source"
        for key in ("muscle-swimming", "Muscle Swimming",
                    "muscle-swimming-method"):
            assert_agree(db, key)
        assert "muscle-swimming" not in db
        with pytest.raises(bodywork.NotFound):
            db["muscle-swimming"]


def test_other_keys(db):
    with bodywork.open(VALID) as other:
        foreign = other["psoas-major"]
        assert foreign not in db
        with pytest.raises(bodywork.NotFound):
            db[foreign]
    assert 42 not in db and None not in db and "a\0b" not in db
    with pytest.raises(TypeError):
        db[42]
