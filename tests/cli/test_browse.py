"""test_browse.py: "bodywork list" with kinds and filters, and "bodywork
stats", as text and JSON; the counts agree with each other."""
import unittest

from clitest import CLINIC, LONELY, VALID, CliTest

EVERY = ["anatomy-text", "forum", "iliacus", "psoas-major",
         "abdominal-release", "table-edge-stretch", "anterior-pelvic-tilt",
         "blood-clot", "endometriosis", "pulsing-mass", "low-back-pain",
         "abdomen", "femoral-triangle", "knee", "leg", "lower-abdomen",
         "pelvic-rim", "thigh"]
KINDS = ["source", "muscle", "technique", "condition", "symptom", "site",
         "group"]
GRADES = ["established", "practice", "tradition", "anecdote", "disputed"]


class List(CliTest):
    def ids(self, *args, status=0):
        return [e["id"] for e in self.json("list", *args,
                                           status=status)["entities"]]

    def test_every_kind_in_kind_and_id_order(self):
        self.assertEqual(self.ids(), EVERY)
        self.assertEqual(self.ids("all"), EVERY)

    def test_one_kind(self):
        self.assertEqual(self.ids("muscle"), ["iliacus", "psoas-major"])
        self.assertEqual(self.ids("muscles"), ["iliacus", "psoas-major"])
        self.assertEqual(self.ids("symptom"), ["low-back-pain"])
        self.assertEqual(self.ids("sites")[:2], ["abdomen", "femoral-triangle"])

    def test_filters(self):
        self.assertEqual(self.ids("--region", "hip"), ["iliacus", "psoas-major"])
        self.assertEqual(self.ids("muscle", "--region", "lumbar"), ["psoas-major"])
        self.assertEqual(self.ids("--modality", "pnf"), ["table-edge-stretch"])
        self.assertEqual(self.ids("--evidence", "disputed"), ["psoas-major"])
        # contact at a site finds work at the sites within it
        self.assertEqual(self.ids("technique", "--contact", "lower-abdomen"),
                         ["abdominal-release"])
        self.assertEqual(self.ids("technique", "--contact", "abdomen"),
                         ["abdominal-release"])
        self.assertEqual(self.ids("technique", "--contact", "leg"),
                         ["table-edge-stretch"])
        self.assertEqual(self.ids("--target", "iliacus"), ["table-edge-stretch"])
        self.assertEqual(self.ids("--causes", "low-back-pain"),
                         ["iliacus", "psoas-major"])
        self.assertEqual(self.ids("--source-kind", "textbook"), ["anatomy-text"])
        # a filter twice keeps either value
        self.assertEqual(self.ids("--modality", "pnf", "--modality", "myofascial"),
                         ["abdominal-release", "table-edge-stretch"])
        # values compare without regard to case
        self.assertEqual(self.ids("--region", "HIP"), ["iliacus", "psoas-major"])

    def test_json_shape(self):
        doc = self.json("list", "muscle", "--region", "hip", "--depth", "deep")
        self.assertEqual(doc["kind"], "muscle")
        self.assertEqual(doc["filters"], {"region": ["hip"], "depth": ["deep"]})
        self.assertEqual(doc["count"], 2)
        m = doc["entities"][1]
        self.assertRef(m, "psoas-major", "muscle")
        self.assertEqual(m["regions"], ["lumbar", "hip"])
        self.assertEqual(m["attributes"], {"depth": "deep"})
        self.assertIn("hip flexor", m["summary"])
        self.assertIsNone(self.json("list")["kind"])

    def test_nothing_found(self):
        doc = self.json("list", "--region", "neck", status=1)
        self.assertEqual((doc["count"], doc["entities"]), (0, []))
        self.assertEqual(self.answer("list", "--region", "neck", status=1).stdout, "")
        self.assertEqual(self.ids("--region", "neck", "--layer", LONELY),
                         ["lonely-muscle"])

    def test_bad_filter_values(self):
        self.assertIn("may not hold", self.error("list", "--region", 'a"b'))
        self.assertIn("evidence", self.error("list", "--evidence", ""))

    def test_text(self):
        out = self.answer("list", "muscle").stdout
        self.assertEqual(out.splitlines(), [
            "iliacus      Iliacus region=hip,pelvis depth=deep",
            "psoas-major  Psoas major region=lumbar,hip depth=deep"])
        out = self.answer("list", "--ids").stdout
        self.assertEqual(out.split("\n"), EVERY + [""])

    def test_layers_change_the_list(self):
        ids = [e["id"] for e in self.json("list", corpus=[VALID, CLINIC])["entities"]]
        self.assertIn("clinic-belly-glide", ids)
        self.assertNotIn("anterior-pelvic-tilt", ids)


class Stats(CliTest):
    def test_json_counts_agree_with_list(self):
        stats = self.json("stats")
        for kind in KINDS:
            # an empty kind (the test corpus has no groups) lists nothing
            listed = self.json("list", kind, status=0 if
                               stats[kind]["entities"] else 1)["count"]
            self.assertEqual(stats[kind]["entities"], listed, kind)
            self.assertEqual(list(stats[kind]["evidence"]), GRADES)
        self.assertEqual(stats["total"]["entities"], len(EVERY))
        for grade in GRADES:
            self.assertEqual(stats["total"]["evidence"][grade],
                             sum(stats[k]["evidence"][grade] for k in KINDS))
        self.assertEqual(stats["muscle"]["evidence"]["disputed"], 1)
        self.assertEqual(stats["muscle"]["evidence"]["tradition"], 1)
        self.assertEqual(stats["source"]["evidence"],
                         dict.fromkeys(GRADES, 0))

    def test_text_table(self):
        lines = self.answer("stats").stdout.splitlines()
        self.assertEqual(lines[0].split(), ["entities"] + GRADES)
        self.assertEqual([l.split()[0] for l in lines[1:]], KINDS + ["total"])
        self.assertEqual(lines[-1].split()[1], str(len(EVERY)))
        # the columns line up under their headings
        for line in lines[1:]:
            self.assertEqual(len(line), len(lines[0]))


if __name__ == "__main__":
    unittest.main()
