"""test_groups.py: the group kind (a named group of muscles) in every
command: show a group's members and a muscle's groups, as text and JSON;
list, stats, search, graph and kind names; on a small layer of the test
corpus, and on the bundled corpus (the rotator cuff)."""
import os
import unittest

from clitest import CLI_DATA, VALID, CliTest

GROUP = os.path.join(CLI_DATA, "group.xml")
LAYERED = [VALID, GROUP]
CUFF = ["supraspinatus", "infraspinatus", "teres-minor", "subscapularis"]


def rows(out, label):
    """The lines of show's text whose label column is label."""
    return [l for l in out.splitlines() if l.startswith(f"  {label} ")]


def group_rows(out):
    """The "groups:" row of show's text and the rows under it."""
    lines = out.splitlines()
    at = [i for i, l in enumerate(lines) if l.startswith("  groups: ")]
    if not at:
        return []
    end = at[0] + 1
    while end < len(lines) and lines[end].startswith(" " * 16):
        end += 1
    return lines[at[0]:end]


class Show(CliTest):
    def test_group_lists_members_with_source_and_grade(self):
        out = self.answer("show", "hip-flexor-pair", corpus=LAYERED).stdout
        self.assertTrue(out.startswith("Hip flexor pair (hip-flexor-pair) group\n"))
        members = rows(out, "member")
        self.assertEqual(len(members), 2, out)
        self.assertIn("Psoas major (psoas-major) (anatomy-text, established)",
                      members[0])
        self.assertIn("Iliacus (iliacus) (forum, practice)", members[1])

    def test_muscle_lists_its_groups(self):
        out = self.answer("show", "iliacus", corpus=LAYERED).stdout
        groups = group_rows(out)
        self.assertEqual(len(groups), 1, out)
        self.assertIn("Hip flexor pair (hip-flexor-pair) (forum, practice)",
                      groups[0])
        # once, with the header: not again under "Referred to by"
        self.assertEqual(out.count("hip-flexor-pair"), 1, out)
        # no groups, no row
        out = self.answer("show", "iliacus").stdout
        self.assertEqual(group_rows(out), [])

    def test_group_json(self):
        g = self.json("show", "hip-flexor-pair", corpus=LAYERED)
        self.assertRef(g, "hip-flexor-pair", "group")
        self.assertEqual([m["id"] for m in g["members"]],
                         ["psoas-major", "iliacus"])
        for m in g["members"]:
            self.assertRef(m, m["id"], "muscle")
        facts = g["facts"]["member"]
        self.assertEqual([(f["text"], f["source"], f["evidence"]) for f in facts],
                         [("psoas-major", "anatomy-text", "established"),
                          ("iliacus", "forum", "practice")])
        self.assertRef(facts[1]["target"], "iliacus", "muscle")
        self.assertNotIn("groups", g)
        self.assertEqual([s["id"] for s in g["sources"]], ["anatomy-text", "forum"])

    def test_muscle_json(self):
        m = self.json("show", "psoas-major", corpus=LAYERED)
        self.assertEqual(len(m["groups"]), 1)
        self.assertRef(m["groups"][0], "hip-flexor-pair", "group")
        self.assertNotIn("members", m)
        (back,) = m["referenced_by"]["member"]
        self.assertRef(back["from"], "hip-flexor-pair", "group")
        self.assertEqual(back["fact"]["evidence"], "established")
        # every muscle has the list, other kinds have neither
        self.assertEqual(self.json("show", "psoas-major")["groups"], [])
        for other in ("abdominal-release", "thigh", "low-back-pain"):
            doc = self.json("show", other, corpus=LAYERED)
            self.assertNotIn("groups", doc, other)
            self.assertNotIn("members", doc, other)


class Browse(CliTest):
    def test_list_and_stats(self):
        for kind in ("group", "groups"):
            doc = self.json("list", kind, corpus=LAYERED)
            self.assertEqual((doc["kind"], doc["count"]), ("group", 1))
            self.assertRef(doc["entities"][0], "hip-flexor-pair", "group")
        self.assertEqual(self.json("list", "group", status=1)["count"], 0)
        stats = self.json("stats", corpus=LAYERED)
        self.assertEqual(stats["group"]["entities"], 1)
        self.assertEqual(stats["group"]["evidence"]["practice"], 1)
        self.assertEqual(stats["total"]["entities"],
                         sum(v["entities"] for k, v in stats.items()
                             if k != "total"))
        table = self.answer("stats", corpus=LAYERED).stdout.splitlines()
        self.assertEqual(table[-2].split()[:2], ["group", "1"])

    def test_search_by_kind(self):
        doc = self.json("search", "--kind", "group", "flexor", corpus=LAYERED)
        self.assertEqual([h["id"] for h in doc["hits"]], ["hip-flexor-pair"])
        doc = self.json("search", "kind:group", corpus=LAYERED)
        self.assertEqual(doc["total"], 1)

    def test_unknown_kind_names_every_kind(self):
        err = self.error("list", "organs")
        self.assertIn("site, group", err)


class Graph(CliTest):
    def edges(self, name):
        doc = self.json("graph", name, corpus=LAYERED)
        return {(e["from"], e["to"]) for e in doc["edges"]
                if e["relation"] == "member"}

    def test_member_edges_both_ways(self):
        pair = {("hip-flexor-pair", "psoas-major"),
                ("hip-flexor-pair", "iliacus")}
        self.assertEqual(self.edges("hip-flexor-pair"), pair)
        self.assertEqual(self.edges("iliacus"),
                         {("hip-flexor-pair", "iliacus")})

    def test_dot_draws_the_group_node(self):
        out = self.answer("graph", "hip-flexor-pair", corpus=LAYERED).stdout
        node = [l for l in out.splitlines()
                if l.startswith('  "hip-flexor-pair" [')][0]
        self.assertIn('tooltip="group"', node)
        self.assertIn("shape=component", node)
        self.assertNotIn("(null)", out)
        self.assertIn('"hip-flexor-pair" -> "iliacus" [label="member"]', out)


class Bundled(CliTest):
    """The bundled corpus's groups."""

    def test_rotator_cuff_lists_its_four_muscles(self):
        g = self.json("show", "rotator-cuff", corpus=None)
        self.assertRef(g, "rotator-cuff", "group")
        self.assertEqual(sorted(m["id"] for m in g["members"]), sorted(CUFF))
        out = self.answer("show", "rotator cuff", corpus=None).stdout
        members = rows(out, "member")
        for muscle in CUFF:
            self.assertTrue([r for r in members if f"({muscle})" in r],
                            f"{muscle}:\n{out}")

    def test_supraspinatus_lists_the_rotator_cuff(self):
        m = self.json("show", "supraspinatus", corpus=None)
        self.assertIn("rotator-cuff", [g["id"] for g in m["groups"]])
        out = self.answer("show", "supraspinatus", corpus=None).stdout
        self.assertTrue([r for r in group_rows(out)
                         if "Rotator cuff (rotator-cuff)" in r], out)

    def test_search_puts_the_group_first_and_its_members_next(self):
        doc = self.json("search", "rotator", "cuff", corpus=None)
        ids = [h["id"] for h in doc["hits"]]
        self.assertEqual(ids[0], "rotator-cuff", ids)
        self.assertEqual(doc["hits"][0]["kind"], "group")
        # the members directly after it, ahead of the conditions named
        # for the group (rotator cuff tear)
        self.assertEqual(set(CUFF), set(ids[1:5]), ids)

    def test_names_find_groups(self):
        for name, id in (("hamstrings", "hamstrings"), ("quads", "quadriceps")):
            doc = self.json("show", name, corpus=None)
            self.assertRef(doc, id, "group")
            self.assertTrue(doc["members"])


if __name__ == "__main__":
    unittest.main()
