"""Every error the binding raises is a bodywork.Error: an argument refused
by value (a kind, field or level name, a number out of range) is
InvalidArgument, which old code still catches as ValueError; a corpus path
that cannot be read is FileError, an OSError with errno and filename."""
import errno
import os

import pytest

import bodywork
from bodywork import HAS_SEARCH


def refused(call):
    with pytest.raises(bodywork.InvalidArgument) as info:
        call()
    e = info.value
    assert isinstance(e, bodywork.Error) and isinstance(e, ValueError)
    assert e.code == -1 and e.message == str(e)
    assert bodywork.strerror(e.code)
    return str(e)


def test_bad_kinds(db):
    assert "'vein'" in refused(lambda: db.count("vein"))
    assert '"muscle"' in refused(lambda: db.entities("muscles"))
    if HAS_SEARCH:
        refused(lambda: db.search("psoas", kind="vein"))
        refused(lambda: db.search("psoas", kind=["muscle", "vein"]))
        refused(lambda: db.suggest("ps", kind="vein"))


def test_bad_levels_and_fields(db):
    assert "'L9'" in refused(lambda: db.muscles_at_levels("L9"))
    refused(lambda: db.muscles_at_levels("L3", "colour"))
    refused(lambda: db.muscles_at_levels("L3", "summary"))
    refused(lambda: bodywork.parse_levels("Q1"))
    refused(lambda: bodywork.format_levels(["L1", "nope"]))
    refused(lambda: db["psoas-major"].facts("colour"))
    refused(lambda: db["psoas-major"].referrers("colour"))


def test_bad_numbers_and_text(db):
    refused(lambda: db.get("a\0b"))
    if HAS_SEARCH:
        refused(lambda: db.search("psoas", limit=0))
        refused(lambda: db.search("psoas", offset=-1))
        refused(lambda: db.ask("LBP", limit=-1))
        refused(lambda: db.ask("LBP", limit=0))


def test_entity_of_another_database(db):
    with bodywork.open(db.paths) as other:
        refused(lambda: db.plan(other["psoas-major"]))


def test_missing_file_has_errno(tmp_path):
    missing = tmp_path / "nothing.xml"
    with pytest.raises(bodywork.FileError) as info:
        bodywork.open(missing)
    e = info.value
    assert isinstance(e, OSError) and isinstance(e, bodywork.CorpusError)
    assert e.errno == errno.ENOENT and e.strerror == os.strerror(errno.ENOENT)
    assert e.filename == e.file == str(missing)
    # the message stays the library's, with the path in front
    assert str(e).startswith(f"{missing}: ")
    # caught as the built-in exception for the errno, by its errno
    try:
        bodywork.open(tmp_path / "missing-folder" / "x.xml")
    except OSError as caught:
        assert caught.errno == errno.ENOENT
    # a second layer missing names that layer
    with pytest.raises(bodywork.FileError) as info:
        bodywork.open([db_path(), missing])
    assert (info.value.errno, info.value.filename) == (errno.ENOENT,
                                                       str(missing))


def test_unreadable_file_has_errno(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.xml"
    locked.write_text("<corpus version='1'/>")
    locked.chmod(0)
    with pytest.raises(bodywork.FileError) as info:
        bodywork.open(locked)
    assert info.value.errno == errno.EACCES


def test_not_a_file_has_no_errno(tmp_path):
    # a folder with no corpus files: readable, so nothing errno can say
    with pytest.raises(bodywork.FileError) as info:
        bodywork.open(tmp_path)
    assert info.value.errno is None and info.value.filename == str(tmp_path)


def db_path():
    from conftest import VALID
    return VALID
