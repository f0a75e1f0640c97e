"""Compiled databases through Python: Database.compile writes a file that
bodywork.open maps and that answers exactly as the XML did; digest and
compiled; the opt-in cache of open(..., cache_dir=...); a truncated or
damaged file raises a CorpusError saying why."""
import os
import pathlib
import re
import shutil
import struct

import pytest

import bodywork
from conftest import CLINIC, DATA, HAS_BUNDLED, PLAN_LAYER, VALID

RANKING = DATA / "search" / "ranking.xml"
HEX64 = re.compile(r"[0-9a-f]{64}")
QUERIES = ["psoas", "hip flexor", "psoas strech", "kind:technique stretch",
           "groin pain", "-psoas muscle"]


def entities(db):
    return [e.to_dict() for e in db]


def hits(db, query, **kw):
    r = db.search(query, **kw)
    return r.total, r.correction, [
        (h.entity.id, h.score, h.match, h.fields, h.label, h.snippet)
        for h in r]


def assert_same(a, b, queries=QUERIES):
    """Two databases that answer alike: every entity as plain data, the
    search results of each query, a plan and a screen."""
    assert len(a) == len(b) and a.stats() == b.stats()
    assert entities(a) == entities(b)
    if bodywork.HAS_SEARCH:
        for q in queries:
            assert hits(a, q) == hits(b, q), q
            assert hits(a, q, kind="technique", limit=3, offset=1) == \
                hits(b, q, kind="technique", limit=3, offset=1), q
        assert [h.entity.id for h in a.suggest("ps")] == \
            [h.entity.id for h in b.suggest("ps")]
    if "psoas-major" in a and "endometriosis" in a:
        assert a.plan("psoas-major", ["endometriosis"]).to_dict() == \
            b.plan("psoas-major", ["endometriosis"]).to_dict()
        assert a.screen("endometriosis").to_dict() == \
            b.screen("endometriosis").to_dict()


@pytest.mark.parametrize("corpus", [[VALID], [RANKING], [VALID, PLAN_LAYER],
                                    [VALID, CLINIC]],
                         ids=["valid", "ranking", "plan-layer", "clinic"])
def test_round_trip(tmp_path, corpus):
    out = tmp_path / "corpus.bwdb"
    with bodywork.open(corpus) as xml:
        assert xml.compile(out) is None
        with bodywork.open(out) as compiled:
            assert compiled.compiled and not xml.compiled
            assert compiled.paths == (str(out),)
            assert compiled.digest == xml.digest
            assert_same(xml, compiled)
            # entities still name the XML files they were defined in
            e = next(iter(compiled))
            assert e.file == xml[e.id].file
            assert pathlib.Path(e.file).suffix == ".xml"


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_bundled_round_trip(tmp_path, monkeypatch):
    monkeypatch.delenv("BODYWORK_CORPUS", raising=False)
    out = tmp_path / "bundled.bwdb"
    with bodywork.open() as db:
        db.compile(out)
        with bodywork.open(out) as compiled:
            assert compiled.compiled
            assert compiled.digest == db.digest
            assert len(compiled) > 500
            assert_same(db, compiled, QUERIES + ["rotator cuff",
                                                 "deep tissue warfarin"])


def test_digest():
    with bodywork.open(VALID) as a, bodywork.open(VALID) as b, \
            bodywork.open([VALID, CLINIC]) as c, bodywork.open(RANKING) as d:
        assert HEX64.fullmatch(a.digest)
        assert a.digest == b.digest
        assert len({a.digest, c.digest, d.digest}) == 3
        assert not a.compiled and not c.compiled


def test_digest_follows_the_bytes(tmp_path):
    copy = tmp_path / "valid"
    shutil.copytree(VALID, copy)
    with bodywork.open(VALID) as a, bodywork.open(copy) as b:
        # the same files elsewhere digest alike
        assert a.digest == b.digest
        digest = a.digest
    base = copy / "base.xml"
    base.write_text(base.read_text().replace("Psoas major", "Psoas maior"))
    with bodywork.open(copy) as c:
        assert c.digest != digest


@pytest.mark.skipif(not HAS_BUNDLED, reason="no bundled corpus")
def test_default_bundled_is_compiled(monkeypatch):
    monkeypatch.delenv("BODYWORK_CORPUS", raising=False)
    monkeypatch.delenv("BODYWORK_BUNDLED_XML", raising=False)
    with bodywork.open() as db:
        assert db.compiled and HEX64.fullmatch(db.digest)
        digest = db.digest
    # the XML it was compiled from at build time digests alike
    monkeypatch.setenv("BODYWORK_BUNDLED_XML", "1")
    with bodywork.open() as xml:
        assert not xml.compiled
        assert xml.digest == digest


def test_closed():
    db = bodywork.open(VALID)
    db.close()
    with pytest.raises(bodywork.ClosedError):
        db.digest
    with pytest.raises(bodywork.ClosedError):
        db.compiled
    with pytest.raises(bodywork.ClosedError):
        db.compile("never-written.bwdb")
    assert not os.path.exists("never-written.bwdb")


@pytest.mark.parametrize("form", [str, pathlib.Path, os.fsencode])
def test_path_forms(tmp_path, db, form):
    out = tmp_path / "forms.bwdb"
    db.compile(form(out))
    with bodywork.open(form(out)) as compiled:
        assert compiled.compiled and len(compiled) == len(db)


def test_compile_replaces_whole(tmp_path, db):
    out = tmp_path / "x.bwdb"
    out.write_text("an older file")
    db.compile(out)
    assert out.read_bytes()[:4] == b"BWDB"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bwdb"]


def test_compile_errors(tmp_path, db):
    missing = tmp_path / "no" / "folder" / "x.bwdb"
    with pytest.raises(bodywork.FileError) as info:
        db.compile(missing)
    e = info.value
    assert e.file == str(missing) and e.filename == str(missing)
    assert "cannot write the compiled database" in e.message
    with pytest.raises(TypeError):
        db.compile(42)
    with pytest.raises(ValueError):
        db.compile("a\0b")


def truncated(tmp_path, db, keep):
    whole = tmp_path / "whole.bwdb"
    db.compile(whole)
    cut = tmp_path / "cut.bwdb"
    cut.write_bytes(whole.read_bytes()[:keep(whole.stat().st_size)])
    return cut


def test_truncated_file(tmp_path, db):
    cut = truncated(tmp_path, db, lambda n: n // 2)
    with pytest.raises(bodywork.CorpusError) as info:
        bodywork.open(cut)
    e = info.value
    assert isinstance(e, bodywork.IntegrityError)
    assert e.message == "not a usable compiled database: it is truncated"
    assert e.file == str(cut) and e.line is None
    assert str(e) == f"{cut}: {e.message}"
    # a cut inside the header, too
    cut = truncated(tmp_path, db, lambda n: 40)
    with pytest.raises(bodywork.CorpusError) as info:
        bodywork.open(cut)
    assert info.value.message.startswith("not a usable compiled database: ")


def test_damaged_file(tmp_path, db):
    out = tmp_path / "damaged.bwdb"
    db.compile(out)
    data = bytearray(out.read_bytes())
    data[60] ^= 0xFF  # the header's copy of the digest
    out.write_bytes(bytes(data))
    with pytest.raises(bodywork.CorpusError) as info:
        bodywork.open(out)
    assert info.value.message.startswith("not a usable compiled database: ")
    assert info.value.file == str(out)


def test_damage_found_when_read(tmp_path, db):
    # the first entity's name pointed far outside the file: the open
    # checks no entity record; the first entity Python is handed raises
    out = tmp_path / "bad-entity.bwdb"
    db.compile(out)
    data = bytearray(out.read_bytes())
    nsect = struct.unpack_from("<I", data, 20)[0]
    image = [off for sid, _, off, _ in
             (struct.unpack_from("<IIQQ", data, 112 + 24 * i)
              for i in range(nsect)) if sid == 0x100][0]
    entities = struct.unpack_from("<I", data, image + 4)[0]
    struct.pack_into("<i", data, image + entities + 16, 0x3FFFFFFF)
    out.write_bytes(bytes(data))
    bad = bodywork.open(out)
    with pytest.raises(bodywork.IntegrityError) as info:
        list(bad)
    assert info.value.message == ("not a usable compiled database: an "
                                  "entity's text lies outside the strings "
                                  "(entities, record 0)")
    assert info.value.file == str(out)
    # and from then on, whatever is asked
    with pytest.raises(bodywork.IntegrityError):
        bad["psoas-major"]


def test_not_a_layer(tmp_path, db):
    out = tmp_path / "valid.bwdb"
    db.compile(out)
    for paths in ([out, CLINIC], [VALID, out]):
        with pytest.raises(bodywork.InvalidArgument) as info:
            bodywork.open(paths)
        assert "cannot be one layer" in info.value.message


# ----- the cache -----


def header_digest(path):
    """The XML digest a compiled file records (docs/compiled.md: 32 bytes
    at offset 56).  Cache files are named by it and the corpus's absolute
    paths hashed together, so tests find them by what they record."""
    with open(path, "rb") as f:
        return f.read(88)[56:88].hex()


def test_cache_compiles_once_then_maps(tmp_path):
    cache = tmp_path / "cache"
    with bodywork.open(VALID) as xml:
        with bodywork.open(VALID, cache_dir=cache) as first:
            assert not first.compiled  # built from the XML, then compiled
            assert_same(xml, first)
        files = list(cache.iterdir())
        assert len(files) == 1 and files[0].suffix == ".bwdb"
        assert header_digest(files[0]) == xml.digest
        stamp = files[0].stat().st_mtime_ns, files[0].stat().st_ino
        with bodywork.open(str(VALID), cache_dir=str(cache)) as second:
            assert second.compiled
            assert second.digest == xml.digest
            assert second.paths == (str(VALID),)
            assert_same(xml, second)
        assert (files[0].stat().st_mtime_ns, files[0].stat().st_ino) == stamp


def test_cache_follows_the_xml(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(VALID, corpus)
    with bodywork.open(corpus, cache_dir=cache) as db:
        old = db.digest
    base = corpus / "base.xml"
    base.write_text(base.read_text().replace("<name>Psoas major</name>",
                                             "<name>Psoas maior</name>"))
    with bodywork.open(corpus, cache_dir=cache) as db:
        assert not db.compiled and db.digest != old
        assert db["psoas-major"].name == "Psoas maior"
    with bodywork.open(corpus, cache_dir=cache) as db:
        assert db.compiled and db["psoas-major"].name == "Psoas maior"
    assert len(list(cache.iterdir())) == 2


def test_cache_damaged_file_is_replaced(tmp_path):
    cache = tmp_path / "cache"
    with bodywork.open(VALID, cache_dir=cache) as db:
        (cached,) = cache.iterdir()
        assert header_digest(cached) == db.digest
    cached.write_bytes(cached.read_bytes()[:100])
    with bodywork.open(VALID, cache_dir=cache) as db:
        assert not db.compiled and len(db) == 18
    with bodywork.open(VALID, cache_dir=cache) as db:
        assert db.compiled and len(db) == 18


def test_cache_layers_and_environment(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    with bodywork.open([VALID, CLINIC]) as xml:
        digest = xml.digest
    monkeypatch.setenv("BODYWORK_CORPUS", f"{VALID}::{CLINIC}:")
    for compiled in (False, True):
        with bodywork.open(cache_dir=cache) as db:
            assert db.compiled == compiled
            assert db.paths is None and db.digest == digest
            assert db["iliacus"].name == "Iliacus (clinic)"
    assert [header_digest(f) for f in cache.iterdir()] == [digest]


def test_cache_not_used(tmp_path, db, monkeypatch):
    cache = tmp_path / "cache"
    # the bundled corpus (and layers on it) and compiled files need none
    monkeypatch.delenv("BODYWORK_CORPUS", raising=False)
    if HAS_BUNDLED:
        bodywork.open([VALID], bundled=True, cache_dir=cache).close()
        bodywork.open(cache_dir=cache).close()
    assert not cache.exists()
    out = tmp_path / "valid.bwdb"
    db.compile(out)
    with pytest.raises(bodywork.InvalidArgument) as info:
        bodywork.open(out, cache_dir=cache)
    assert "needs no cache" in info.value.message
    with pytest.raises(TypeError):
        bodywork.open(VALID, cache_dir=3)
    with pytest.raises(TypeError):
        bodywork.open(VALID, None, cache_dir=cache)  # keyword-only


def test_unwritable_cache_is_passed_over(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for _ in range(2):
        with bodywork.open(VALID, cache_dir=blocker) as db:
            assert not db.compiled and len(db) == 18


def test_cache_errors_are_the_open_errors(tmp_path):
    bad = DATA / "invalid" / "duplicate-id" / "input.xml"
    with pytest.raises(bodywork.IntegrityError) as plain:
        bodywork.open(bad)
    with pytest.raises(bodywork.IntegrityError) as cached:
        bodywork.open(bad, cache_dir=tmp_path / "cache")
    assert str(cached.value) == str(plain.value)
    assert not (tmp_path / "cache").exists() or \
        not list((tmp_path / "cache").iterdir())
