"""test_plan.py: "bodywork plan MUSCLE --condition C ...": allowed and
excluded techniques with every reason, severities in words, the techniques
to use instead (never an excluded one) and the banner of a condition that
needs clearance or says stop and refer, as text and JSON; unknown names are
never silently ignored; a muscle nothing is aimed at finds nothing."""
import unittest

from clitest import LONELY, CliTest


class Plan(CliTest):
    def plan(self, *conditions, muscle="psoas-major", status=0, **kw):
        args = [a for c in conditions for a in ("--condition", c)]
        return self.json("plan", muscle, *args, status=status, **kw)

    def test_json_shape(self):
        p = self.plan("endometriosis", "anterior pelvic tilt")
        self.assertRef(p["muscle"], "psoas-major", "muscle")
        self.assertEqual([c["id"] for c in p["conditions"]],
                         ["endometriosis", "anterior-pelvic-tilt"])
        self.assertEqual(p["alerts"], [])
        [allowed] = p["allowed"]
        self.assertRef(allowed["technique"], "table-edge-stretch", "technique")
        self.assertEqual(allowed["technique"]["attributes"],
                         {"modality": "pnf", "lever": "long"})
        [caution] = allowed["reasons"]
        self.assertEqual(caution["severity"], "caution")
        self.assertRef(caution["condition"], "anterior-pelvic-tilt", "condition")
        self.assertEqual(caution["matched"], "lever=long movement=hip-extension")
        # the caution names the abdominal release instead; the tilt
        # excludes it, so the plan does not offer it
        self.assertEqual(allowed["instead"], [])
        [excluded] = p["excluded"]
        self.assertRef(excluded["technique"], "abdominal-release", "technique")
        reasons = {(r["condition"]["id"], r["severity"]): r
                   for r in excluded["reasons"]}
        # strongest first
        self.assertEqual([r["severity"] for r in excluded["reasons"]],
                         ["contraindicated", "local", "caution"])
        local = reasons[("endometriosis", "local")]
        self.assertEqual(local["label"], "local contraindication")
        self.assertRef(local["site"], "abdomen", "site")
        self.assertEqual(local["prefer"], ["side-lying"])
        self.assertIsNone(local["matched"])
        self.assertIn("through the leg", local["adjustment"])
        self.assertEqual((local["source"], local["evidence"]),
                         ("forum", "practice"))
        self.assertEqual(
            reasons[("anterior-pelvic-tilt", "contraindicated")]["matched"],
            "contact=abdomen pressure>=moderate")
        self.assertEqual(reasons[("anterior-pelvic-tilt", "caution")]["matched"],
                         "technique abdominal-release")
        [instead] = excluded["instead"]
        self.assertRef(instead, "table-edge-stretch", "technique")

    def test_instead_is_never_excluded(self):
        # the clot excludes the table-edge stretch endometriosis names
        p = self.plan("endometriosis", "blood clot in the leg")
        excluded = {e["technique"]["id"] for e in p["excluded"]}
        self.assertIn("table-edge-stretch", excluded)
        for entry in p["allowed"] + p["excluded"]:
            self.assertFalse({t["id"] for t in entry["instead"]} & excluded)

    def test_banner(self):
        p = self.plan("blood-clot")
        [alert] = p["alerts"]
        self.assertEqual((alert["severity"], alert["label"]),
                         ("clearance", "medical clearance needed"))
        self.assertRef(alert["condition"], "blood-clot", "condition")
        out = self.answer("plan", "psoas-major", "--condition", "blood-clot",
                          "--condition", "pulsing-mass",
                          env={"COLUMNS": "200"}).stdout
        self.assertTrue(out.startswith(
            "STOP AND REFER: Pulsing mass in the belly (pulsing-mass): It may "
            "be an aneurysm:"), out)
        self.assertIn("\nMEDICAL CLEARANCE NEEDED: Blood clot in the leg "
                      "(blood-clot): A clot can break loose.", out)
        self.assertLess(out.index("STOP"), out.index("Plan for"))
        self.assertLess(out.index("MEDICAL"), out.index("Plan for"))
        # none when no condition calls for one
        out = self.answer("plan", "psoas-major", "--condition",
                          "endometriosis").stdout
        self.assertTrue(out.startswith("Plan for"), out)

    def test_no_conditions_allows_every_technique(self):
        p = self.plan()
        self.assertEqual(p["conditions"], [])
        self.assertEqual([a["technique"]["id"] for a in p["allowed"]],
                         ["abdominal-release", "table-edge-stretch"])
        self.assertTrue(all(a["reasons"] == [] for a in p["allowed"]))
        self.assertEqual(p["excluded"], [])

    def test_names_by_alias(self):
        p = self.plan("endo", muscle="hip hiker")
        self.assertEqual(p["muscle"]["id"], "psoas-major")
        self.assertEqual(p["conditions"][0]["id"], "endometriosis")

    def test_unknown_names(self):
        err = self.error("plan", "psoas-major", "--condition", "pregnancy")
        self.assertIn("'pregnancy'", err)
        self.assertIn("endometriosis", err)
        err = self.error("plan", "quadriceps")
        self.assertIn("'quadriceps'", err)
        # a technique is not a muscle
        self.error("plan", "table-edge-stretch")

    def test_muscle_without_techniques(self):
        p = self.json("plan", "lonely-muscle", "--layer", LONELY, status=1)
        self.assertEqual((p["allowed"], p["excluded"]), ([], []))

    def test_text(self):
        out = self.answer("plan", "psoas-major", "--condition", "endometriosis",
                          "--condition", "anterior-pelvic-tilt").stdout
        self.assertTrue(out.startswith("Plan for Psoas major (psoas-major)\n"
                                       "  conditions    Endometriosis "
                                       "(endometriosis), Anterior pelvic tilt"))
        allowed, excluded = out.split("\nExcluded (1)\n")
        self.assertIn("\nAllowed (1)\n  Table-edge stretch (table-edge-stretch) "
                      "modality=pnf lever=long\n    caution       Anterior "
                      "pelvic tilt (anterior-pelvic-tilt): Long-lever", allowed)
        self.assertIn("      matched     lever=long movement=hip-extension",
                      allowed)
        self.assertTrue(excluded.startswith("  Abdominal psoas release "
                                            "(abdominal-release)"))
        self.assertIn("\n    local contraindication\n                  "
                      "Endometriosis (endometriosis): Pressure on the abdomen",
                      excluded)
        self.assertIn("\n      site        Abdomen (abdomen)\n", excluded)
        self.assertIn("\n      adjustment  Stretch the psoas", excluded)
        self.assertIn("\n      prefer      side-lying\n", excluded)
        self.assertIn("\n    contraindicated\n                  Anterior pelvic",
                      excluded)
        self.assertTrue(excluded.endswith(
            "\n    instead       Table-edge stretch (table-edge-stretch)\n"))
        self.assertNotIn("instead  ", allowed)


if __name__ == "__main__":
    unittest.main()
