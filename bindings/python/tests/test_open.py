"""Opening databases: the default and bundled corpus, paths and layers in
every accepted form, and each corpus error mapped to its exception class
with the file, line and column the library reports."""
import os
import pathlib

import pytest

import bodywork
from conftest import CLINIC, DATA, HAS_BUNDLED, INVALID, VALID

CLASSES = {
    "BW_EIO": bodywork.FileError,
    "BW_EPARSE": bodywork.ParseError,
    "BW_ESCHEMA": bodywork.SchemaError,
    "BW_ECORPUS": bodywork.IntegrityError,
}


def test_open_one_folder():
    db = bodywork.open(VALID)
    assert isinstance(db, bodywork.Database)
    assert len(db) == 18
    assert db.paths == (str(VALID),)
    assert not db.closed
    db.close()
    assert db.closed


@pytest.mark.parametrize("form", [str, pathlib.Path, os.fsencode,
                                  lambda p: [str(p)], lambda p: (p,),
                                  lambda p: iter([p])])
def test_path_forms(form):
    with bodywork.open(form(VALID)) as db:
        assert "psoas-major" in db


def test_file_path():
    with bodywork.open(VALID / "base.xml") as db:
        assert db.count() == 18


def test_layers_replace_add_hide(layered):
    assert layered["iliacus"].name == "Iliacus (clinic)"
    assert "clinic-belly-glide" in layered
    assert "anterior-pelvic-tilt" not in layered
    assert layered.count("technique") == 3
    assert layered.paths == (str(VALID), str(CLINIC))


def test_layer_order_matters():
    with pytest.raises(bodywork.IntegrityError):
        bodywork.open([CLINIC, VALID])  # hides what no earlier layer has


def test_default_without_bundled_corpus_or_env(monkeypatch):
    monkeypatch.delenv("BODYWORK_CORPUS", raising=False)
    if HAS_BUNDLED:
        with bodywork.open() as db:
            assert db.paths is None and len(db) > 0
    else:
        with pytest.raises(bodywork.InvalidArgument):
            bodywork.open()


def test_default_reads_env(monkeypatch):
    monkeypatch.setenv("BODYWORK_CORPUS", f"{VALID}:{CLINIC}")
    with bodywork.open() as db:
        assert db["iliacus"].name == "Iliacus (clinic)"
        assert db.paths is None


def test_bundled_flag_with_layers():
    with bodywork.open([VALID], bundled=True) as db:
        assert len(db) >= 9
        assert db["psoas-major"].file == str(VALID / "base.xml")


def test_empty_path_list():
    with pytest.raises(bodywork.InvalidArgument) as info:
        bodywork.open([])
    assert info.value.code == -1
    assert isinstance(info.value, ValueError)


def test_bad_path_types():
    with pytest.raises(TypeError):
        bodywork.open(42)
    with pytest.raises(TypeError):
        bodywork.open([VALID, 3])
    with pytest.raises(TypeError):
        bodywork.open(VALID, True)  # bundled is keyword-only


def test_missing_path_is_file_error(tmp_path):
    missing = tmp_path / "nothing.xml"
    with pytest.raises(bodywork.FileError) as info:
        bodywork.open(missing)
    e = info.value
    assert isinstance(e, OSError) and isinstance(e, bodywork.CorpusError)
    assert e.code == -3
    assert e.file == str(missing) and e.filename == str(missing)
    assert str(missing) in str(e)


def invalid_cases():
    for case in sorted(INVALID.iterdir()):
        code, pos, message = (case / "expected-error").read_text().strip().split(" ", 2)
        line, column = map(int, pos.split(":"))
        yield pytest.param(case / "input.xml", code, line, column, message, id=case.name)


@pytest.mark.parametrize("path,code,line,column,message", invalid_cases())
def test_invalid_corpus(path, code, line, column, message):
    with pytest.raises(CLASSES[code]) as info:
        bodywork.open(path)
    e = info.value
    assert isinstance(e, bodywork.CorpusError) and isinstance(e, bodywork.Error)
    assert (e.file, e.line, e.column) == (str(path), line, column)
    assert message in e.message
    assert str(e).startswith(f"{path}:{line}:{column}: ")
    assert bodywork.strerror(e.code)
    assert e.position is None


def test_error_in_second_layer_names_its_file():
    bad = INVALID / "duplicate-id" / "input.xml"
    with pytest.raises(bodywork.IntegrityError) as info:
        bodywork.open([VALID, bad])
    assert info.value.file == str(bad)


def test_error_classes():
    assert issubclass(bodywork.NotFound, KeyError)
    assert issubclass(bodywork.QueryError, ValueError)
    assert issubclass(bodywork.ClosedError, bodywork.Error)
    assert issubclass(bodywork.OutOfMemory, MemoryError)
    for cls in (bodywork.ParseError, bodywork.SchemaError,
                bodywork.IntegrityError, bodywork.FileError):
        assert issubclass(cls, bodywork.CorpusError)
    e = bodywork.Error("raised by hand")
    assert e.file is None and e.line is None and e.code is None


def test_module_constants():
    assert bodywork.KINDS == ("source", "muscle", "technique", "condition",
                              "symptom", "site", "group")
    assert "shortened-by" in bodywork.FIELDS
    assert bodywork.EVIDENCE[-1] == "disputed"
    assert bodywork.SEVERITIES == ("contraindicated", "local", "caution",
                                   "clearance", "red-flag")
    assert len(bodywork.SEVERITY_LABELS) == len(bodywork.SEVERITIES)
    assert bodywork.SCREEN_ACTIONS == ("refer", "clearance", "no-massage", "avoid",
                                       "limit", "caution", "prefer", "ask")
    assert bodywork.library_version == bodywork.__version__
    assert bodywork.strerror(-7)
    assert bodywork.strerror(12345) == "unknown error"
    assert set(bodywork.__all__) <= set(dir(bodywork))
    assert DATA.is_dir()
