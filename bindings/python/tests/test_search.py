"""Search through Python: ranked hits with entity, score, match, fields,
label, fact and snippet; the correction used; kinds, paging and options;
suggestions; the relation queries; QueryError with the position of the
problem.  On the search tests' corpus (tests/data/search/ranking.xml);
skipped when the library was built without search."""
import pytest

import bodywork
from conftest import DATA, VALID

RANKING = DATA / "search" / "ranking.xml"

pytestmark = [
    pytest.mark.skipif(not bodywork.HAS_SEARCH, reason="built without search"),
    pytest.mark.skipif(not RANKING.exists(), reason="no search corpus"),
]


@pytest.fixture(scope="module")
def sdb():
    with bodywork.open(RANKING) as d:
        yield d


def ids(results):
    return [h.entity.id for h in results]


def test_results_and_hits(sdb):
    r = sdb.search("psoas")
    assert isinstance(r, bodywork.Results)
    assert len(r) == r.total and r.total >= 2
    assert r.query == "psoas" and r.correction is None
    top = r[0]
    assert isinstance(top, bodywork.Hit) and top.rank == 0
    assert top.entity == sdb["psoas-major"]
    assert top.match == "exact" and "name" in top.fields
    assert top.label == "Psoas major"
    assert top.fact is None
    assert "[psoas]" in top.snippet.lower()
    scores = [h.score for h in r]
    assert all(isinstance(s, float) for s in scores)
    assert r[-1].rank == len(r) - 1
    assert [h.rank for h in r[1:3]] == [1, 2]
    assert r.entities() == tuple(h.entity for h in r)
    assert repr(top).startswith("<Hit 0 muscle psoas-major score=")
    assert repr(r).startswith("<bodywork.Results ")
    with pytest.raises(IndexError):
        r[len(r)]


def test_names_people_use(sdb):
    for query, want in [("Psoas major", "psoas-major"), ("iliopsoas", "psoas-major"),
                        ("hip hiker", "quadratus-lumborum"), ("QL", "quadratus-lumborum")]:
        assert ids(sdb.search(query))[0] == want, query


def test_correction(sdb):
    r = sdb.search("psoas strech")
    assert r.correction == "psoas stretch"
    assert "(corrected)" in repr(r)
    assert any(h.match.startswith("typo") for h in r)
    assert sdb.search("psoas strech", typo_threshold=0).correction is None


def test_kinds_paging_and_limits(sdb):
    everything = sdb.search("psoas", limit=1000)
    muscles = sdb.search("psoas", kind="muscle", limit=1000)
    assert ids(muscles) == [i for i in ids(everything) if sdb[i].kind == "muscle"]
    both = sdb.search("psoas", kind=["muscle", "condition"], limit=1000)
    assert {sdb[i].kind for i in ids(both)} <= {"muscle", "condition"}
    page = sdb.search("psoas", limit=2, offset=1)
    assert ids(page) == ids(everything)[1:3] and page.total == everything.total
    assert len(sdb.search("psoas", limit=1)) == 1
    assert ids(sdb.search("kind:muscle", limit=1000)) == list(sdb.muscles.ids())
    with pytest.raises(bodywork.InvalidArgument):
        sdb.search("psoas", limit=0)
    with pytest.raises(bodywork.InvalidArgument):
        sdb.search("psoas", limit=1001)
    with pytest.raises(ValueError):
        sdb.search("psoas", offset=-1)
    with pytest.raises(ValueError):
        sdb.search("psoas", kind="herb")
    with pytest.raises(TypeError):
        sdb.search(b"psoas")


def test_options(sdb):
    marked = sdb.search("psoas", marks=("<b>", "</b>"))
    assert "<b>psoas</b>" in marked[0].snippet.lower()
    short = sdb.search("psoas", snippet_words=4)[0].snippet
    assert len(short.replace("...", " ").split()) <= 4
    assert sdb.search("quadr")[0].match == "prefix"
    assert sdb.search("quadr", prefix=False, typo_threshold=0).total == 0
    with pytest.raises(TypeError):
        sdb.search("psoas", marks="[]")
    with pytest.raises(TypeError):
        sdb.search("psoas", 1, 2, 3, 4)  # options past offset are keywords


def test_arguments(sdb):
    assert ids(sdb.search(query="psoas", kind="muscle", limit=2)) == \
        ids(sdb.search("psoas", "muscle", 2))
    assert ids(sdb.suggest(prefix="ps", limit=1)) == ids(sdb.suggest("ps", None, 1))
    assert sdb.search("psoas", typo_threshold=0, synonyms=0, prefix=[]).total >= 1
    for call, message in [
            (lambda: sdb.search(), "missing required argument 'query'"),
            (lambda: sdb.search("a", query="b"), "multiple values for argument 'query'"),
            (lambda: sdb.search("a", colour=1), "unexpected keyword argument 'colour'"),
            (lambda: sdb.suggest("a", offset=1), "unexpected keyword argument 'offset'"),
            (lambda: sdb.search("a", limit="3"), "limit must be an int"),
            (lambda: sdb.search(3), "expected a str"),
            (lambda: sdb.muscles_for_symptom("a", 1, 2, 3), "at most 3 positional")]:
        with pytest.raises(TypeError, match=message):
            call()
    with pytest.raises(ValueError, match="typo_threshold must be between"):
        sdb.search("a", typo_threshold=-1)
    with pytest.raises(OverflowError):
        sdb.search("a", limit=2**80)


def test_empty_and_stop_words(sdb):
    assert len(sdb.search("")) == 0
    assert len(sdb.search("the")) == 0
    assert not sdb.search("zzzzqqq")


@pytest.mark.parametrize("query,position,column", [('"unclosed', 0, 1),
                                                   ("psoas kind:herb", 11, 12),
                                                   ("psoäs kind:herb", 11, 13)])
def test_query_errors(sdb, query, position, column):
    with pytest.raises(bodywork.QueryError) as info:
        sdb.search(query)
    e = info.value
    assert isinstance(e, ValueError) and e.code == -8
    assert e.position == position  # an index into the str
    assert e.column == column  # the library's 1-based byte column
    assert e.message in str(e)


def test_suggest(sdb):
    r = sdb.suggest("ps")
    assert len(r) >= 2
    assert all(h.label.lower().startswith("ps") or " ps" in h.label.lower() for h in r)
    assert ids(sdb.suggest("ps", limit=1)) == ids(r)[:1]
    assert all(h.entity.kind == "technique" for h in sdb.suggest("ps", kind="technique"))


def test_muscles_for_symptom(sdb):
    r = sdb.muscles_for_symptom("it hurts across my low back when I get up from a chair")
    assert len(r) >= 1
    for h in r:
        assert isinstance(h.entity, bodywork.Muscle)
        assert h.fact is not None and h.fact.entity == h.entity
        assert h.fact.field in ("causes", "referral")


def test_techniques_for(sdb):
    r = sdb.techniques_for("psoas-major")
    assert set(ids(r)) == {t.id for t in sdb["psoas-major"].techniques}
    for h in r:
        assert h.fact.field == "target" and h.fact.target == sdb["psoas-major"]
        assert h.fact.entity == h.entity
    assert ids(sdb.techniques_for(sdb["psoas-major"], limit=1)) == ids(r)[:1]
    with pytest.raises(bodywork.InvalidArgument):
        sdb.techniques_for("low-back-pain")  # not a muscle
    with pytest.raises(bodywork.NotFound):
        sdb.techniques_for("nothing")


def test_results_outlive_db_variable():
    r = bodywork.open(VALID).search("psoas")
    import gc
    gc.collect()
    assert r[0].entity.id == "psoas-major" and r[0].snippet
