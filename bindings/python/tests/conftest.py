"""Shared fixtures for the bodywork binding tests: where the repository's
test corpora are, and databases opened on them.  The corpora are read, never
written.  BW_TEST_DATA and BW_CORPUS_DIR (set by CTest) override the
locations found from this file's place in the repository."""
import os
import pathlib

import pytest

import bodywork

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = pathlib.Path(os.environ.get("BW_TEST_DATA") or REPO / "tests" / "data")
CORPUS = pathlib.Path(os.environ.get("BW_CORPUS_DIR") or REPO / "corpus")
VALID = DATA / "valid"
CLINIC = DATA / "layers" / "clinic"
PLAN_LAYER = DATA / "layers" / "plan"
INVALID = DATA / "invalid"


def _has_bundled():
    """Whether the library has a bundled corpus.  Built in this tree (CTest
    sets BW_CORPUS_DIR) it has one exactly when corpus/ holds XML files, so
    a library that lost it fails; an installed library is asked."""
    if os.environ.get("BW_CORPUS_DIR"):
        return any(CORPUS.glob("*.xml"))
    try:
        bodywork.open([], bundled=True).close()
    except bodywork.InvalidArgument:
        return False
    return True


HAS_BUNDLED = _has_bundled()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: long-running; BODYWORK_TEST_CALLS scales them")


@pytest.fixture
def db():
    with bodywork.open(VALID) as d:
        yield d


@pytest.fixture
def layered():
    with bodywork.open([VALID, CLINIC]) as d:
        yield d


@pytest.fixture
def planned():
    with bodywork.open([VALID, PLAN_LAYER]) as d:
        yield d
