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
