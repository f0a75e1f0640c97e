#!/usr/bin/python3
"""bench_relevance.py: the judged queries of tests/data/relevance scored for
libbodywork's search and for SQLite FTS5 over the same entities.

The FTS5 contender gets each entity's name, aliases, summary and every
other fact's text in four columns, the porter stemmer, and bm25 with the
library's field weights (10, 8, 3, 1); a query's words are ANDed and, when
that finds nothing, ORed (FTS5 alone would answer most sentences with
nothing at all).  Both are scored as tests/check_relevance.c scores
libbodywork: P@1 is the first hit's grade over the best grade judged, P@5
the first five hits' grades over the best sum five places allow.  Prints
one JSON object; it measures, never asserts.

    PYTHONPATH=<tree>/bindings/python bench_relevance.py QUERIES.txt
"""
import json
import re
import sqlite3
import sys

import bodywork

TOP = 5


def judged_queries(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("floor "):
                continue
            cls, query, judged = (part.strip() for part in line.split("|"))
            grades = {}
            for tok in judged.split():
                ident, grade = tok.split("=")
                grades[ident] = int(grade)
            yield cls, query, grades


def score(ids, grades):
    best = max(grades.values())
    top = sorted(grades.values(), reverse=True)[:TOP]
    p1 = grades.get(ids[0], 0) / best if ids else 0.0
    p5 = sum(grades.get(i, 0) for i in ids[:TOP]) / sum(top)
    return p1, p5


def fts5_table(db):
    sql = sqlite3.connect(":memory:")
    sql.execute("CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, name, alias,"
                " summary, body, tokenize='porter unicode61"
                " remove_diacritics 2')")
    rows = []
    for e in db:
        body = []
        for field in bodywork.FIELDS:
            if field in ("alias", "summary"):
                continue
            body += [fact.text for fact in e.facts(field)]
        rows.append((e.id, e.name, " ".join(e.aliases), e.summary or "",
                     " ".join(body)))
    sql.executemany("INSERT INTO f VALUES (?,?,?,?,?)", rows)
    return sql


def fts5_search(sql, query):
    words = re.findall(r"[\w']+", query)
    if not words:
        return []
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    for op in (" AND ", " OR "):
        rows = sql.execute("SELECT id FROM f WHERE f MATCH ? ORDER BY"
                           " bm25(f, 0.0, 10.0, 8.0, 3.0, 1.0) LIMIT ?",
                           (op.join(quoted), TOP)).fetchall()
        if rows:
            return [r[0] for r in rows]
    return []


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    contenders = {"bodywork": {}, "fts5": {}}
    with bodywork.open() as db:
        sql = fts5_table(db)
        for cls, query, grades in judged_queries(sys.argv[1]):
            ids = {"bodywork": [h.entity.id for h in db.search(query, limit=TOP)],
                   "fts5": fts5_search(sql, query)}
            for name, got in ids.items():
                p1, p5 = score(got, grades)
                for key in (cls, "all"):
                    c = contenders[name].setdefault(key, {"n": 0, "p1": 0.0,
                                                          "p5": 0.0})
                    c["n"] += 1
                    c["p1"] += p1
                    c["p5"] += p5
    out = {}
    for name, classes in contenders.items():
        out[name] = {k: {"queries": c["n"], "p1": round(c["p1"] / c["n"], 3),
                         "p5": round(c["p5"] / c["n"], 3)}
                     for k, c in classes.items()}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
