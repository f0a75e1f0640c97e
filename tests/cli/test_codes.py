"""test_codes.py: codes other systems use, on the command line: show and
plan take an ICD-10 or ATC code (or a more specific one) as a name and say
which code matched; list --json and show --json carry every code with its
system, source and grade; search finds codes' entities by the code."""
import os
import unittest

from clitest import CLI_DATA, VALID, CliTest

LAYERED = [VALID, os.path.join(CLI_DATA, "codes.xml")]


class Codes(CliTest):
    def test_show_by_a_more_specific_code_says_which_matched(self):
        out = self.answer("show", "I80.29", corpus=LAYERED).stdout
        self.assertTrue(out.startswith("  matched code  icd10 I80.2 (for I80.29)\n"
                                       "Clot in a leg vein (clot-in-leg)"), out)
        self.assertRegex(out, r"\n  code +I80\.2 \(icd10\) \(anatomy-text, established\)")

    def test_show_json_names_the_code(self):
        doc = self.json("show", "b01aa03", corpus=LAYERED)
        self.assertEqual(doc["id"], "thinning-pills")
        self.assertEqual(doc["matched_code"], {"system": "atc", "code": "B01AA",
                                               "given": "b01aa03"})
        self.assertEqual([(c["system"], c["code"], c["shared"]) for c in doc["codes"]],
                         [("atc", "B01AA", False), ("atc", "B01AF", True)])
        # by name there is no code to report
        self.assertIsNone(self.json("show", "thinning-pills",
                                    corpus=LAYERED)["matched_code"])

    def test_plan_takes_codes_as_conditions(self):
        doc = self.json("plan", "psoas-major", "--condition", "B01AA03",
                        "--condition", "E11.9", corpus=LAYERED)
        self.assertEqual([c["id"] for c in doc["conditions"]],
                         ["thinning-pills", "sugar-disease"])

    def test_unknown_code_is_an_unknown_name(self):
        err = self.error("show", "Z99.9", corpus=LAYERED, status=2)
        self.assertIn("Z99.9", err)

    def test_list_json_exports_codes(self):
        doc = self.json("list", "site", corpus=LAYERED)
        loin = [e for e in doc["entities"] if e["id"] == "loin"][0]
        self.assertEqual([(c["system"], c["code"]) for c in loin["codes"]],
                         [("fma", "FMA:22310"), ("uberon", "UBERON:0001298"),
                          ("ta98", "A04.7.02.004"), ("local", "clinic:LOIN-1")])
        self.assertEqual([c["evidence"] for c in loin["codes"]],
                         ["established"] * 3 + ["practice"])
        others = [e for e in doc["entities"] if e["id"] != "loin"]
        self.assertTrue(all(e["codes"] == [] for e in others))

    def test_search_reads_a_code(self):
        doc = self.json("search", "I80.2", corpus=LAYERED)
        self.assertEqual(doc["hits"][0]["id"], "clot-in-leg")


if __name__ == "__main__":
    unittest.main()
