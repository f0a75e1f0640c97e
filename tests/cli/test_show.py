"""test_show.py: "bodywork show NAME": every field with source and grade,
rules with the techniques they apply to, back-references, a technique's
restrictions, the sources cited, as text and as JSON; names by id, name or
alias; an unknown name is status 1 with suggestions."""
import unittest

from clitest import CliTest


class ShowJson(CliTest):
    def test_muscle(self):
        m = self.json("show", "psoas-major")
        self.assertRef(m, "psoas-major", "muscle")
        self.assertEqual(m["regions"], ["lumbar", "hip"])
        self.assertEqual(m["attributes"], {"depth": "deep"})
        self.assertTrue(m["file"].endswith("base.xml"))
        self.assertEqual(m["line"], 19)
        origin = m["facts"]["origin"]
        self.assertEqual([o["levels"] for o in origin], ["T12-L4", "T12-L5"])
        self.assertEqual(origin[0]["source"], "anatomy-text")
        self.assertEqual(origin[0]["evidence"], "established")
        self.assertTrue(origin[0]["text"].startswith("Sides of the vertebral"))
        aliases = {a["text"]: a["qualifier"] for a in m["facts"]["alias"]}
        self.assertEqual(aliases["hip hiker"], "nickname")
        related = m["facts"]["related"][0]
        self.assertRef(related["target"], "iliacus", "muscle")
        self.assertEqual(related["qualifier"], "blends-with")
        self.assertRef(m["facts"]["causes"][0]["target"], "low-back-pain",
                       "symptom")
        self.assertEqual(m["facts"]["association"][0]["evidence"], "tradition")
        # every field the entity has is there, and no empty ones
        self.assertEqual(set(m["facts"]), {
            "alias", "summary", "note", "origin", "insertion", "action",
            "innervation", "blood-supply", "palpation", "related", "causes",
            "referral", "shortened-by", "weakened-by", "self-care",
            "association"})
        self.assertEqual(m["rules"], [])
        self.assertIsNone(m["restrictions"])

    def test_disputed_fact_keeps_its_correction(self):
        actions = self.json("show", "psoas-major")["facts"]["action"]
        self.assertNotIn("correction", actions[0])
        disputed = actions[1]
        self.assertEqual(disputed["evidence"], "disputed")
        self.assertEqual(disputed["text"], "Extends the hip.")
        self.assertEqual(disputed["correction"]["source"], "anatomy-text")
        self.assertIn("flexes the hip", disputed["correction"]["text"])

    def test_back_references(self):
        m = self.json("show", "psoas-major")["referenced_by"]
        self.assertEqual([r["from"]["id"] for r in m["target"]],
                         ["abdominal-release", "table-edge-stretch"])
        self.assertEqual(m["target"][0]["fact"]["qualifier"], "primary")
        self.assertEqual([r["from"]["id"] for r in m["related"]], ["iliacus"])
        s = self.json("show", "low-back-pain")
        self.assertEqual([r["from"]["id"] for r in s["referenced_by"]["causes"]],
                         ["iliacus", "psoas-major"])

    def test_sources(self):
        m = self.json("show", "psoas-major")
        self.assertEqual([s["id"] for s in m["sources"]],
                         ["anatomy-text", "forum"])
        self.assertEqual(m["sources"][0]["name"], "Test Anatomy")
        self.assertEqual(m["sources"][0]["attributes"], {"kind": "textbook"})
        src = self.json("show", "anatomy-text")
        self.assertEqual([a["text"] for a in src["facts"]["author"]],
                         ["A. Author", "B. Author"])
        self.assertIsNone(src["facts"]["title"][0]["source"])
        self.assertIsNone(src["facts"]["title"][0]["evidence"])

    def test_condition_rules_and_what_they_apply_to(self):
        c = self.json("show", "anterior-pelvic-tilt")
        caution, absolute = c["rules"]
        self.assertEqual(caution["severity"], "caution")
        self.assertEqual(caution["matches"], ["lever=long movement=hip-extension",
                                              "technique abdominal-release"])
        self.assertEqual([t["id"] for t in caution["applies_to"]],
                         ["abdominal-release", "table-edge-stretch"])
        self.assertEqual(absolute["severity"], "absolute")
        self.assertEqual([t["id"] for t in absolute["applies_to"]],
                         ["abdominal-release"])
        endo = self.json("show", "endometriosis")["rules"][0]
        self.assertEqual((endo["severity"], endo["area"]), ("local", "abdominal"))
        self.assertEqual(endo["matches"], [])
        self.assertIn("through the leg", endo["adjustment"])
        self.assertEqual((endo["source"], endo["evidence"]), ("forum", "practice"))

    def test_technique_restrictions(self):
        t = self.json("show", "abdominal-release")
        self.assertTrue(t["restrictions"]["excluded"])
        reasons = t["restrictions"]["reasons"]
        self.assertEqual({(r["condition"]["id"], r["severity"]) for r in reasons},
                         {("endometriosis", "local"),
                          ("anterior-pelvic-tilt", "absolute"),
                          ("anterior-pelvic-tilt", "caution")})
        t = self.json("show", "table-edge-stretch")
        self.assertFalse(t["restrictions"]["excluded"])
        [reason] = t["restrictions"]["reasons"]
        self.assertEqual(reason["matched"], "lever=long movement=hip-extension")
        steps = [s["text"] for s in t["facts"]["step"]]
        self.assertEqual(len(steps), 3)
        self.assertEqual(t["facts"]["target"][1]["qualifier"], "secondary")


class ShowText(CliTest):
    def test_muscle(self):
        out = self.answer("show", "psoas-major").stdout
        lines = out.splitlines()
        self.assertEqual(lines[0], "Psoas major (psoas-major) muscle")
        for expected in (
                "  region        lumbar hip",
                "  depth         deep",
                "  alias         hip hiker (nickname) (forum, anecdote)",
                "  action        Extends the hip. (forum, disputed)",
                "    correction  It flexes the hip;",
                "  innervation   Anterior rami of L1 to L3. [L1-L3] "
                "(anatomy-text, established)",
                "  causes        Low back pain (low-back-pain): When tight.",
                "  targeted by   Table-edge stretch (table-edge-stretch) "
                "primary",
                "  anatomy-text  Test Anatomy kind=textbook"):
            self.assertTrue(any(l.startswith(expected) for l in lines),
                            f"{expected!r} in\n{out}")
        self.assertIn("\nReferred to by\n", out)
        self.assertIn("\nSources\n", out)
        # the last line; a long checkout path goes on a line of its own
        self.assertRegex(out, r"\ndefined at\s+\S*/base\.xml:19\n$")

    def test_condition(self):
        out = self.answer("show", "endometriosis").stdout
        self.assertIn("\nRules\n  local         Pressure on the abdomen", out)
        self.assertIn("\n    area        abdominal\n", out)
        self.assertIn("\n    instead     Stretch the psoas", out)
        self.assertIn("\n    applies to  abdominal-release\n", out)

    def test_technique(self):
        out = self.answer("show", "table-edge-stretch").stdout
        self.assertIn("  step          2. Let the leg hang.", out)
        self.assertIn("Restricted by (cautions)\n  caution       Anterior "
                      "pelvic tilt (anterior-pelvic-tilt): Long-lever", out)
        self.assertIn("    matched     lever=long movement=hip-extension", out)
        out = self.answer("show", "abdominal-release").stdout
        self.assertIn("Restricted by (excluded)", out)


class Names(CliTest):
    def test_by_id_name_or_alias(self):
        for name in ("psoas-major", "Psoas major", "PSOAS-major", "psoás major",
                     "hip hiker", "so-as"):
            self.assertEqual(self.json("show", name)["id"], "psoas-major", name)
        self.assertEqual(self.json("show", "TES")["id"], "table-edge-stretch")

    def test_unknown_name(self):
        err = self.error("show", "psoas", status=1)
        self.assertIn("no entity has the id, name or alias 'psoas'", err)
        self.assertIn("did you mean: psoas-major (Psoas major, muscle)", err)
        err = self.error("show", "psoas", "--json", status=1)
        self.assertIn("psoas-major", err)


if __name__ == "__main__":
    unittest.main()
