"""The type stubs match the module (mypy's stubtest) and type-check a short
program under --strict.  Skipped when mypy is not installed (Debian:
python3-mypy)."""
import os
import pathlib
import site
import subprocess
import sys

import pytest

import bodywork

mypy = pytest.importorskip("mypy")

PACKAGE_ROOT = str(pathlib.Path(bodywork.__file__).resolve().parents[1])
PROGRAM = '''
import bodywork
from bodywork import EntityList, Muscle

def names(db: bodywork.Database) -> list[str]:
    muscles: EntityList[Muscle] = db.muscles
    out = [m.name for m in muscles]
    plan = db.plan(muscles[0], ["endometriosis"])
    for entry in plan.excluded:
        out += [r.reason for r in entry.reasons]
        out.append(entry.technique.modality or "")
        out += [t.name for t in entry.instead]
    screen = db.screen(["deep-vein-thrombosis"])
    if screen.needs_clearance or screen.refer:
        out += [c.name for c in screen.conditions]
    for line in screen.lines:
        out.append(line.action)
        if line.site is not None and line.site.within is not None:
            out.append(line.site.within.id)
        if line.rule is not None:
            out += [line.rule.label, *line.rule.prefer]
    out.append(muscles[0].origin[0].levels or "")
    for group in db.groups:
        out += [m.name for m in group.members]
        out += [f.evidence for f in group.member]
    out += [g.id for g in muscles[0].groups]
    found = db.get("psoas")
    if found is not None:
        out.append(found.kind)
    if not db.compiled:
        out.append(db.digest)
    with bodywork.open(["corpus/", "clinic/"], cache_dir="cache/") as cached:
        cached.compile("clinic.bwdb")
    try:
        bodywork.open("nothing")
    except bodywork.CorpusError as e:
        out.append(f"{e.file}:{e.line}:{e.column}")
    return out
'''

# Typical use, as the README shows it.  A function that returns from inside
# `with` type-checks only when Database.__exit__ says it never swallows an
# exception (returns None, not bool).
TYPICAL = '''
import json
import bodywork


def first_muscle(path: str) -> str:
    with bodywork.open(path) as db:
        return db.muscles[0].name


def tour() -> list[str]:
    out: list[str] = []
    with bodywork.open() as db:
        psoas = db.lookup("hip hiker")
        if "psoas-major" in db:
            out.append(db["psoas-major"].name)
        for hit in db.search("psoas strech", kind="technique", limit=5):
            out += [hit.entity.id, hit.snippet, str(hit.rank)]
        results = db.search("psoas")
        out.append(json.dumps(results.to_dict()))
        out.append(json.dumps(results[0].to_dict()))
        plan = db.plan(psoas, ["endometriosis"])
        for entry in plan.excluded:
            out += [r.reason for r in entry.reasons]
            out.append(json.dumps(entry.to_dict()))
        out.append(json.dumps(plan.to_dict()))
        screen = db.screen("deep vein thrombosis")
        out += [line.action for line in screen.lines]
        out.append(json.dumps(screen.to_dict()))
        answer = db.ask("which muscles cause groin pain")
        out.append(answer.reading)
        if answer.results is not None:
            out += [h.entity.name for h in answer.results]
        out.append(json.dumps(answer.to_dict()))
        for entity in db:
            out.append(entity.kind)
        for muscle in db.muscles:
            out += [f.text for f in muscle.origin]
    try:
        bodywork.open("nothing.xml")
    except bodywork.FileError as e:
        out.append(f"{e.errno} {e.filename}")
    try:
        db.count("vein")
    except bodywork.InvalidArgument as e:
        out.append(str(e.code))
    return out
'''


def run(*args, cwd):
    env = dict(os.environ, MYPY_CACHE_DIR=os.devnull)
    # An installed package mypy finds by itself (and refuses on MYPYPATH);
    # a build tree's it is told about.
    if PACKAGE_ROOT not in map(os.path.realpath, site.getsitepackages()):
        env.update(PYTHONPATH=PACKAGE_ROOT, MYPYPATH=PACKAGE_ROOT)
    return subprocess.run([sys.executable, "-m", *args], capture_output=True,
                          text=True, env=env, cwd=cwd)


@pytest.mark.slow
def test_stubtest(tmp_path):
    r = run("mypy.stubtest", "bodywork", "--concise", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_strict_program(tmp_path):
    (tmp_path / "program.py").write_text(PROGRAM)
    r = run("mypy", "--strict", "program.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_strict_typical_use(tmp_path):
    (tmp_path / "typical.py").write_text(TYPICAL)
    r = run("mypy", "--strict", "typical.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
