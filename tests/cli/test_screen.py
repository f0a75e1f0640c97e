"""test_screen.py: "bodywork screen --condition C ...": a whole session
screened for a client's conditions, grouped by action (refer, clearance,
no massage, avoid, limit, caution, prefer, ask), each line with its site,
position or pressure, condition, reason, source and grade; as text and
JSON, on the test corpus and the bundled one."""
import unittest

from clitest import CliTest

ACTIONS = ["refer", "clearance", "no-massage", "avoid", "limit", "caution",
           "prefer", "ask"]


class Screen(CliTest):
    def screen(self, *conditions, status=0, **kw):
        args = [a for c in conditions for a in ("--condition", c)]
        return self.json("screen", *args, status=status, **kw)

    def lines(self, doc, action):
        return [l for l in doc["lines"] if l["action"] == action]

    def test_json_shape(self):
        doc = self.screen("blood clot in the leg")
        self.assertEqual(set(doc), {"conditions", "refer", "needs_clearance",
                                    "lines"})
        [c] = doc["conditions"]
        self.assertRef(c, "blood-clot", "condition")
        self.assertIs(doc["needs_clearance"], True)
        self.assertIs(doc["refer"], False)
        self.assertEqual([l["action"] for l in doc["lines"]],
                         ["clearance", "avoid", "limit", "caution", "ask"])
        for line in doc["lines"]:
            self.assertEqual(set(line), {
                "action", "condition", "site", "position", "pressure",
                "reason", "source", "evidence", "rule", "matched", "fact"})
            self.assertRef(line["condition"], "blood-clot", "condition")
            self.assertEqual((line["source"], line["evidence"]),
                             ("anatomy-text", "established"))
        clearance, leg, limit, prone, ask = doc["lines"]
        self.assertIsNone(clearance["site"])
        self.assertEqual(clearance["rule"]["severity"], "clearance")
        self.assertEqual(clearance["reason"], "A clot can break loose.")
        self.assertRef(leg["site"], "leg", "site")
        self.assertEqual(leg["rule"]["label"], "local contraindication")
        self.assertIsNone(leg["matched"])
        self.assertEqual((limit["pressure"], limit["site"], limit["matched"]),
                         ("moderate", None, "pressure>=deep"))
        self.assertEqual(prone["position"], "prone")
        self.assertIsNone(ask["rule"])
        self.assertEqual(ask["fact"]["text"], "New calf pain, swelling or warmth.")
        self.assertEqual(ask["reason"], ask["fact"]["text"])

    def test_order_and_several_conditions(self):
        doc = self.screen("endo", "anterior-pelvic-tilt", "pulsing-mass")
        self.assertEqual([c["id"] for c in doc["conditions"]],
                         ["endometriosis", "anterior-pelvic-tilt", "pulsing-mass"])
        self.assertIs(doc["refer"], True)
        self.assertIs(doc["needs_clearance"], False)
        ranks = [ACTIONS.index(l["action"]) for l in doc["lines"]]
        self.assertEqual(ranks, sorted(ranks))
        self.assertEqual(doc["lines"][0]["condition"]["id"], "pulsing-mass")
        [avoid] = self.lines(doc, "avoid")
        self.assertRef(avoid["site"], "abdomen", "site")
        [limit] = self.lines(doc, "limit")
        self.assertEqual((limit["site"]["id"], limit["pressure"]),
                         ("abdomen", "light"))
        [prefer] = self.lines(doc, "prefer")
        self.assertEqual(prefer["position"], "side-lying")

    def test_text(self):
        out = self.answer("screen", "--condition", "blood-clot",
                          "--condition", "endometriosis").stdout
        self.assertTrue(out.startswith(
            "MEDICAL CLEARANCE NEEDED: Blood clot in the leg (blood-clot): A "
            "clot can break\n  loose."), out)
        headings = [l for l in out.splitlines() if l and l[0].isupper()]
        self.assertEqual(headings[1:], [
            "Session screen", "Clearance (1)", "Avoid (2)", "Limit (1)",
            "Caution (1)", "Prefer (1)", "Ask (1)"])
        self.assertIn("\nAvoid (2)\n  site          Leg (leg)\n"
                      "    for         Blood clot in the leg (blood-clot): Never "
                      "work over the clot.\n                (anatomy-text, "
                      "established)\n", out)
        self.assertIn("\n  pressure      up to moderate everywhere\n", out)
        self.assertIn("\n  position      prone\n", out)
        self.assertIn("\n  position      side-lying\n", out)
        self.assertIn("\n  ask           New calf pain, swelling or warmth. "
                      "(anatomy-text, established)\n    for         Blood clot "
                      "in the leg (blood-clot)\n", out)

    def test_errors(self):
        self.assertIn("--condition", self.error("screen"))
        err = self.error("screen", "--condition", "pregnancy")
        self.assertIn("'pregnancy'", err)
        self.error("screen", "psoas-major")  # no arguments
        # a condition with no rules and no red flags restricts nothing
        doc = self.screen("endometriosis", corpus=None, status=0)
        self.assertTrue(doc["lines"])


class Bundled(CliTest):
    """The bundled corpus: only what the safety model guarantees."""

    def screen(self, *conditions):
        args = [a for c in conditions for a in ("--condition", c)]
        return self.json("screen", *args, corpus=None)

    def test_deep_vein_thrombosis_needs_clearance_and_the_leg_is_off(self):
        doc = self.screen("deep-vein-thrombosis")
        self.assertIs(doc["needs_clearance"], True)
        self.assertTrue([l for l in doc["lines"] if l["action"] == "clearance"])
        off = {l["site"]["id"] for l in doc["lines"]
               if l["action"] == "avoid" and l["site"]}
        self.assertIn("leg", off)
        self.assertTrue([l for l in doc["lines"] if l["action"] == "ask"])
        out = self.answer("screen", "--condition", "deep vein thrombosis",
                          corpus=None).stdout
        self.assertTrue(out.startswith("MEDICAL CLEARANCE NEEDED: Deep vein "
                                       "thrombosis (deep-vein-thrombosis):"))

    def test_anticoagulant_limits_deep_pressure_everywhere(self):
        doc = self.screen("anticoagulant-therapy")
        everywhere = [l for l in doc["lines"]
                      if l["action"] == "limit" and l["site"] is None]
        self.assertTrue(everywhere, doc["lines"])
        for line in everywhere:
            self.assertIn(line["pressure"], ("none", "light", "moderate"))
            self.assertTrue(line["source"] and line["evidence"])

    def test_every_line_is_sourced(self):
        doc = self.screen("pregnancy", "anticoagulant-therapy", "fever",
                          "abdominal-aortic-aneurysm", "endometriosis")
        self.assertEqual(len(doc["conditions"]), 5)
        ranks = [ACTIONS.index(l["action"]) for l in doc["lines"]]
        self.assertEqual(ranks, sorted(ranks))
        for line in doc["lines"]:
            self.assertTrue(line["reason"] and line["source"], line)
            self.assertEqual(line["rule"] is None, line["action"] == "ask")


if __name__ == "__main__":
    unittest.main()
