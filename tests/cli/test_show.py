"""test_show.py: "bodywork show NAME": every field with source and grade,
rules with the techniques they apply to, back-references, a technique's
restrictions, the sources cited, as text and as JSON; names by id, name or
alias; an unknown name is status 2 with suggestions; the id of an entity
a layer hid is not found, nor taken for another entity's name."""
import os
import unittest

from clitest import CLI_DATA, CliTest


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
        caution, contra = c["rules"]
        self.assertEqual(caution["severity"], "caution")
        self.assertEqual(caution["matches"], ["lever=long movement=hip-extension",
                                              "technique abdominal-release"])
        self.assertEqual([t["id"] for t in caution["applies_to"]],
                         ["abdominal-release", "table-edge-stretch"])
        self.assertEqual([t["id"] for t in caution["instead"]],
                         ["abdominal-release"])
        self.assertEqual((contra["severity"], contra["label"]),
                         ("contraindicated", "contraindicated"))
        self.assertEqual([t["id"] for t in contra["applies_to"]],
                         ["abdominal-release"])
        endo = self.json("show", "endometriosis")["rules"][0]
        self.assertEqual((endo["severity"], endo["label"]),
                         ("local", "local contraindication"))
        self.assertRef(endo["site"], "abdomen", "site")
        self.assertEqual(endo["matches"], [])
        self.assertEqual(endo["prefer"], ["side-lying"])
        self.assertEqual([t["id"] for t in endo["instead"]],
                         ["table-edge-stretch"])
        # a local rule at the abdomen reaches work on the lower abdomen
        self.assertEqual([t["id"] for t in endo["applies_to"]],
                         ["abdominal-release"])
        self.assertIn("through the leg", endo["adjustment"])
        self.assertEqual((endo["source"], endo["evidence"]), ("forum", "practice"))

    def test_technique_restrictions(self):
        t = self.json("show", "abdominal-release")
        self.assertTrue(t["restrictions"]["excluded"])
        reasons = t["restrictions"]["reasons"]
        self.assertEqual({(r["condition"]["id"], r["severity"]) for r in reasons},
                         {("endometriosis", "local"),
                          ("anterior-pelvic-tilt", "contraindicated"),
                          ("anterior-pelvic-tilt", "caution"),
                          ("blood-clot", "clearance"),
                          ("blood-clot", "contraindicated"),
                          ("pulsing-mass", "red-flag")})
        self.assertEqual(reasons[0]["label"], "stop and refer")
        self.assertEqual([x["id"] for x in t["restrictions"]["instead"]],
                         ["table-edge-stretch"])
        self.assertRef(t["facts"]["contact"][0]["target"], "lower-abdomen",
                       "site")
        t = self.json("show", "table-edge-stretch")
        self.assertTrue(t["restrictions"]["excluded"])  # the clot's leg
        reasons = {(r["condition"]["id"], r["severity"]): r
                   for r in t["restrictions"]["reasons"]}
        self.assertEqual(reasons[("anterior-pelvic-tilt", "caution")]["matched"],
                         "lever=long movement=hip-extension")
        self.assertRef(reasons[("blood-clot", "local")]["site"], "leg", "site")
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
        self.assertIn("\nRules\n  local contraindication\n                "
                      "Pressure on the abdomen", out)
        self.assertIn("\n  category      condition\n", out)
        self.assertIn("\n    site        Abdomen (abdomen)\n", out)
        self.assertIn("\n    adjustment  Stretch the psoas", out)
        self.assertIn("\n    prefer      side-lying\n", out)
        self.assertIn("\n    instead     Table-edge stretch (table-edge-stretch)\n",
                      out)
        self.assertIn("\n    applies to  abdominal-release\n", out)
        out = self.answer("show", "blood-clot").stdout
        self.assertIn("\n  category      medication\n", out)
        self.assertIn("\n  red-flag      New calf pain, swelling or warmth. "
                      "(anatomy-text, established)\n", out)
        self.assertIn("\n  medical clearance needed\n", out)
        self.assertIn("\n  caution       Lying face down", out)

    def test_technique(self):
        out = self.answer("show", "table-edge-stretch").stdout
        self.assertIn("  step          2. Let the leg hang.", out)
        self.assertIn("\n  contact       Thigh (thigh) (forum, practice)\n", out)
        self.assertIn("Restricted by (excluded)\n  stop and refer\n", out)
        self.assertIn("\n  caution       Anterior pelvic tilt "
                      "(anterior-pelvic-tilt): Long-lever", out)
        self.assertIn("    matched     lever=long movement=hip-extension", out)
        out = self.answer("show", "abdominal-release").stdout
        self.assertIn("Restricted by (excluded)", out)


class ShowSite(CliTest):
    def test_json(self):
        s = self.json("show", "femoral-triangle")
        self.assertRef(s, "femoral-triangle", "site")
        self.assertEqual(s["attributes"], {"type": "endangerment",
                                           "within": "thigh"})
        self.assertRef(s["within"], "thigh", "site")
        self.assertEqual(s["contains"], [])
        self.assertEqual([f["text"] for f in s["facts"]["structure"]],
                         ["Femoral artery, vein and nerve."])
        thigh = self.json("show", "thigh")
        self.assertEqual([x["id"] for x in thigh["contains"]],
                         ["femoral-triangle"])
        [by] = thigh["referenced_by"]["contact"]
        self.assertRef(by["from"], "table-edge-stretch", "technique")
        self.assertIsNone(self.json("show", "leg")["within"])
        self.assertNotIn("within", self.json("show", "psoas-major"))

    def test_text(self):
        out = self.answer("show", "thigh").stdout
        self.assertTrue(out.startswith("Thigh (thigh) site\n"), out)
        self.assertIn("\n  type          region\n", out)
        self.assertIn("\n  within        Leg (leg)\n", out)
        self.assertIn("\n  contains      Femoral triangle (femoral-triangle)\n",
                      out)
        self.assertIn("\n  contacted by  Table-edge stretch "
                      "(table-edge-stretch)", out)
        out = self.answer("show", "femoral-triangle").stdout
        self.assertIn("\n  structure     Femoral artery, vein and nerve.", out)


class Names(CliTest):
    def test_by_id_name_or_alias(self):
        for name in ("psoas-major", "Psoas major", "PSOAS-major", "psoás major",
                     "hip hiker", "so-as"):
            self.assertEqual(self.json("show", name)["id"], "psoas-major", name)
        self.assertEqual(self.json("show", "TES")["id"], "table-edge-stretch")

    def test_unknown_name(self):
        err = self.error("show", "psoas")
        self.assertIn("no entity has the id, name or alias 'psoas'", err)
        self.assertIn("did you mean: psoas-major (Psoas major, muscle)", err)
        err = self.error("show", "psoas", "--json")
        self.assertIn("psoas-major", err)

    def test_hidden_id_is_not_another_entitys_name(self):
        # the layer hides anterior-pelvic-tilt and adds a source titled
        # "Anterior pelvic tilt": the hidden id must not show the source
        layer = os.path.join(CLI_DATA, "hide-tilt.xml")
        for args in (("show", "anterior-pelvic-tilt"),
                     ("show", "anterior-pelvic-tilt", "--json"),
                     ("graph", "anterior-pelvic-tilt"),
                     ("plan", "psoas-major", "--condition",
                      "anterior-pelvic-tilt"),
                     ("screen", "--condition", "anterior-pelvic-tilt")):
            err = self.error(*args, "--layer", layer)
            self.assertNotIn("tilt-notes", err, args)
        err = self.error("show", "anterior-pelvic-tilt", "--layer", layer)
        self.assertIn(f"'anterior-pelvic-tilt' was hidden by {layer}:", err)
        self.assertNotIn("did you mean", err)
        # the source is still found by its own id and by its title
        for name in ("tilt-notes", "Anterior pelvic tilt"):
            doc = self.json("show", name, "--layer", layer)
            self.assertEqual((doc["id"], doc["kind"]), ("tilt-notes", "source"))


if __name__ == "__main__":
    unittest.main()
