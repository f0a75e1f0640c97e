"""bodywork: muscles, bodywork techniques, client conditions, symptoms and
their sources, from libbodywork.

    import bodywork

    with bodywork.open() as db:                  # the bundled corpus
        psoas = db.lookup("hip hiker")           # id, name or alias
        print(psoas.name, [f.levels for f in psoas.origin])
        plan = db.plan(psoas, ["endometriosis"])
        for entry in plan.excluded:
            print(entry.technique.name, [r.reason for r in entry.reasons],
                  "instead:", [t.name for t in entry.instead])
        screen = db.screen(["deep vein thrombosis"])   # a whole session
        print(screen.needs_clearance, [(l.action, l.site and l.site.id)
                                       for l in screen.lines])

bodywork.open(paths) opens corpus files and folders as layers instead.
db.compile(path) writes a compiled file that bodywork.open(path) maps
without parsing; bodywork.open(paths, cache_dir=folder) does that on first
use and maps the file afterwards while the XML is unchanged (db.digest,
db.compiled).
Everything taken from a database (entities, facts, rules, results) is
read-only, keeps the database alive, and raises ClosedError once it is
closed.  Errors are subclasses of bodywork.Error that carry the library's
details (CorpusError: file, line, column; QueryError: position).  Any number
of threads may share one database; the library works without the GIL.
"""
import collections.abc as _abc

from . import _bodywork
from ._bodywork import *  # noqa: F401,F403  (the public names below)
from ._bodywork import (
    HAS_SEARCH,
    ClosedError,
    Condition,
    CorpusError,
    Database,
    EncodingError,
    Entity,
    EntityList,
    Error,
    Fact,
    FileError,
    Group,
    IntegrityError,
    InvalidArgument,
    Muscle,
    NotFound,
    OutOfMemory,
    ParseError,
    Plan,
    PlanEntry,
    QueryError,
    Reason,
    Rule,
    RuleMatch,
    SchemaError,
    Screen,
    ScreenLine,
    Site,
    Source,
    Symptom,
    Technique,
    format_levels,
    library_version,
    open,
    parse_levels,
    strerror,
)

__version__ = _bodywork.HEADER_VERSION

__all__ = [
    "open", "Database", "EntityList",
    "Entity", "Muscle", "Technique", "Condition", "Symptom", "Source", "Site",
    "Group",
    "Fact", "Rule", "RuleMatch", "Plan", "PlanEntry", "Reason",
    "Screen", "ScreenLine",
    "Error", "CorpusError", "FileError", "ParseError", "SchemaError",
    "IntegrityError", "NotFound", "QueryError", "EncodingError",
    "InvalidArgument", "OutOfMemory", "ClosedError",
    "parse_levels", "format_levels", "strerror",
    "KINDS", "FIELDS", "EVIDENCE", "SEVERITIES", "SEVERITY_LABELS",
    "SCREEN_ACTIONS",
    "HAS_SEARCH", "library_version", "__version__",
]

if HAS_SEARCH:
    from ._bodywork import Answer, AskEntity, Hit, Results  # noqa: F401
    __all__ += ["Results", "Hit", "Answer", "AskEntity"]
    _abc.Sequence.register(Results)

_abc.Sequence.register(EntityList)


# ----- the records as plain data -----
#
# Each record's to_dict() gives lists, dicts, str, int, bool and None only,
# ready for json.dumps, in the shape `bodywork ... --json` prints for the
# same answer: an entity named in a record is {"id", "kind", "name"}.


def _ref(e):
    return None if e is None else {"id": e.id, "kind": e.kind, "name": e.name}


def _rule_dict(rule, condition=None, match=None, reason=False):
    source = rule.source
    d = {"severity": rule.severity, "label": rule.label,
         "site": _ref(rule.site), "reason": rule.reason,
         "adjustment": rule.adjustment, "prefer": list(rule.prefer),
         "matches": [m.text for m in rule.matches],
         "source": source.id if source is not None else None,
         "evidence": rule.evidence, "line": rule.line}
    if reason:
        d["condition"] = _ref(condition)
        d["matched"] = match.text if match is not None else None
    return d


def _rule_match_dict(self):
    """The match as plain data: text, technique (an id, or None) and attrs."""
    return {"text": self.text,
            "technique": self.technique.id if self.technique else None,
            "attrs": dict(self.attrs)}


def _reason_dict(self):
    """The reason as plain data, as a plan's JSON gives it: the rule's
    severity, label, site, reason, adjustment, prefer, matches (as text),
    source, evidence and line, with its condition and the match that held
    (matched, as text, or None)."""
    return _rule_dict(self.rule, self.condition, self.match, reason=True)


def _plan_entry_dict(self):
    """The entry as plain data: technique, reasons, instead."""
    return {"technique": _ref(self.technique),
            "reasons": [_reason_dict(r) for r in self.reasons],
            "instead": [_ref(t) for t in self.instead]}


def _plan_dict(self):
    """The plan as plain data ready for json.dumps, in the shape of
    `bodywork plan --json`: muscle, conditions, allowed and excluded (each
    entry as PlanEntry.to_dict())."""
    return {"muscle": _ref(self.muscle),
            "conditions": [_ref(c) for c in self.conditions],
            "allowed": [_plan_entry_dict(e) for e in self.allowed],
            "excluded": [_plan_entry_dict(e) for e in self.excluded]}


def _screen_line_dict(self):
    """The line as plain data, as `bodywork screen --json` gives it."""
    rule, fact = self.rule, self.fact
    source = rule.source if rule is not None else fact.source
    return {"action": self.action, "condition": _ref(self.condition),
            "site": _ref(self.site), "position": self.position,
            "pressure": self.pressure,
            "reason": rule.reason if rule is not None else fact.text,
            "source": source.id if source is not None else None,
            "evidence": (None if source is None else
                         rule.evidence if rule is not None else fact.evidence),
            "rule": _rule_dict(rule) if rule is not None else None,
            "matched": self.match.text if self.match is not None else None,
            "fact": fact.to_dict() if fact is not None else None}


def _screen_dict(self):
    """The screen as plain data ready for json.dumps, in the shape of
    `bodywork screen --json`: conditions, refer, needs_clearance, lines."""
    return {"conditions": [_ref(c) for c in self.conditions],
            "refer": self.refer, "needs_clearance": self.needs_clearance,
            "lines": [_screen_line_dict(line) for line in self.lines]}


def _ask_entity_dict(self):
    """The entity named as plain data: id, kind, name, words, match."""
    return {**_ref(self.entity), "words": self.words, "match": self.match}


def _answer_dict(self):
    """The answer as plain data ready for json.dumps, in the shape of
    `bodywork ask --json`: question, kind, reading, entities, and result
    (the results, plan or screen as its to_dict() gives it, or None)."""
    result = next((x for x in (self.results, self.plan, self.screen)
                   if x is not None), None)
    return {"question": self.question, "kind": self.kind,
            "reading": self.reading,
            "entities": [_ask_entity_dict(e) for e in self.entities],
            "result": result.to_dict() if result is not None else None}


for _type, _fn in ((RuleMatch, _rule_match_dict), (Reason, _reason_dict),
                   (PlanEntry, _plan_entry_dict), (Plan, _plan_dict),
                   (ScreenLine, _screen_line_dict), (Screen, _screen_dict)):
    _fn.__name__ = _fn.__qualname__ = "to_dict"
    setattr(_type, "to_dict", _fn)
if HAS_SEARCH:
    for _type, _fn in ((AskEntity, _ask_entity_dict), (Answer, _answer_dict)):
        _fn.__name__ = _fn.__qualname__ = "to_dict"
        setattr(_type, "to_dict", _fn)
del _type, _fn
