"""test_ask.py: "bodywork ask QUESTION...": the reading line, the entities
recognised and the answer printed as search, plan or screen print theirs,
as text and JSON, on the test corpus (exact) and the bundled one."""
import os
import unittest

from clitest import CLI_DATA, VALID, CliTest

GROUP = [VALID, os.path.join(CLI_DATA, "group.xml")]


class Ask(CliTest):
    def ask(self, *words, status=0, **kw):
        return self.json("ask", *words, status=status, **kw)

    def ids(self, doc):
        return [h["id"] for h in doc["result"]["hits"]]

    def test_causes_json(self):
        d = self.ask("which", "muscles", "cause", "low back pain?")
        self.assertEqual(d["question"], "which muscles cause low back pain?")
        self.assertEqual(d["kind"], "causes")
        self.assertEqual(d["reading"], "muscles that cause: Low back pain")
        [e] = d["entities"]
        self.assertRef(e, "low-back-pain", "symptom")
        self.assertEqual((e["words"], e["match"]), ("low back pain", "exact"))
        self.assertEqual(self.ids(d), ["iliacus", "psoas-major"])
        self.assertEqual(d["result"]["total"], 2)

    def test_text_reading_first(self):
        out = self.answer("ask", "how to stretch the so-as").stdout
        lines = out.splitlines()
        self.assertEqual(lines[0], "reading: techniques for: Psoas major")
        self.assertIn('"so-as"', lines[1])
        self.assertIn("Psoas major (psoas-major)", lines[1])
        self.assertIn("Abdominal psoas release (abdominal-release)", out)
        self.assertIn("1-2 of 2", out)

    def test_plan_and_screen(self):
        d = self.ask("can I massage psoas major with endo")
        self.assertEqual(d["kind"], "plan")
        self.assertEqual(d["reading"], "plan: Psoas major with Endometriosis")
        self.assertEqual([e["technique"]["id"] for e in d["result"]["excluded"]],
                         ["abdominal-release"])
        out = self.answer("ask", "is it safe with a blood clot in the leg")
        self.assertIn("reading: screen: Blood clot in the leg", out.stdout)
        self.assertIn("Session screen", out.stdout)
        self.assertIn("MEDICAL CLEARANCE NEEDED", out.stdout)

    def test_group(self):
        d = self.ask("what is in the hip flexor pair", corpus=GROUP)
        self.assertEqual(d["reading"], "members of: Hip flexor pair")
        self.assertEqual(self.ids(d), ["psoas-major", "iliacus"])
        d = self.ask("iliopsoas group techniques", corpus=GROUP)
        self.assertEqual(d["reading"], "techniques for: Hip flexor pair")

    def test_fallback_and_nothing(self):
        d = self.ask("zzyzx", status=1)
        self.assertEqual((d["kind"], d["reading"]), ("search", "search: zzyzx"))
        self.assertEqual(d["entities"], [])
        self.assertEqual(d["result"]["hits"], [])

    def test_limit_and_errors(self):
        d = self.ask("muscles that cause LBP", "--limit", "1")
        self.assertEqual(self.ids(d), ["iliacus"])
        self.assertIn("--limit", self.error("ask", "LBP", "--limit", "0"))
        self.error("ask")
        err = self.error("ask", "a " * 70)
        self.assertIn("at most 64 words", err)


class Bundled(CliTest):
    def ask(self, *words, **kw):
        return self.json("ask", *words, corpus=None, **kw)

    def test_everyday_questions(self):
        d = self.ask("groin pain when running", "--limit", "30")
        self.assertEqual(d["reading"], "muscles that cause: Groin pain")
        ids = [h["id"] for h in d["result"]["hits"]]
        for m in ("adductor-longus", "adductor-brevis", "psoas-major"):
            self.assertIn(m, ids)
        self.assertEqual(self.ask("QL stretch")["reading"],
                         "techniques for: Quadratus lumborum")
        self.assertEqual(self.ask("is deep tissue safe on warfarin")["reading"],
                         "screen: Anticoagulant medication")
        d = self.ask("what is in the rotator cuff")
        self.assertEqual([h["id"] for h in d["result"]["hits"]],
                         ["supraspinatus", "infraspinatus", "teres-minor",
                          "subscapularis"])
        self.assertEqual(self.ask("psoas contraindications")["kind"], "plan")


if __name__ == "__main__":
    unittest.main()
