"""test_plan.py: "bodywork plan MUSCLE --condition C ...": allowed and
excluded techniques with every reason, as text and JSON; unknown names are
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
        [allowed] = p["allowed"]
        self.assertRef(allowed["technique"], "table-edge-stretch", "technique")
        self.assertEqual(allowed["technique"]["attributes"],
                         {"modality": "pnf", "lever": "long"})
        [caution] = allowed["reasons"]
        self.assertEqual(caution["severity"], "caution")
        self.assertRef(caution["condition"], "anterior-pelvic-tilt", "condition")
        self.assertEqual(caution["matched"], "lever=long movement=hip-extension")
        [excluded] = p["excluded"]
        self.assertRef(excluded["technique"], "abdominal-release", "technique")
        reasons = {(r["condition"]["id"], r["severity"]): r
                   for r in excluded["reasons"]}
        local = reasons[("endometriosis", "local")]
        self.assertEqual(local["area"], "abdominal")
        self.assertIsNone(local["matched"])
        self.assertIn("through the leg", local["adjustment"])
        self.assertEqual((local["source"], local["evidence"]),
                         ("forum", "practice"))
        self.assertEqual(reasons[("anterior-pelvic-tilt", "absolute")]["matched"],
                         "contact=abdominal pressure>=moderate")
        self.assertEqual(reasons[("anterior-pelvic-tilt", "caution")]["matched"],
                         "technique abdominal-release")

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
        err = self.error("plan", "psoas-major", "--condition", "pregnancy",
                         status=1)
        self.assertIn("'pregnancy'", err)
        self.assertIn("endometriosis", err)
        err = self.error("plan", "quadriceps", status=1)
        self.assertIn("'quadriceps'", err)
        # a technique is not a muscle
        self.error("plan", "table-edge-stretch", status=1)

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
        self.assertIn("\n    local         Endometriosis (endometriosis): "
                      "Pressure on the abdomen", excluded)
        self.assertIn("\n      area        abdominal\n", excluded)
        self.assertIn("\n      instead     Stretch the psoas", excluded)


if __name__ == "__main__":
    unittest.main()
