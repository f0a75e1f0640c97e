"""test_find.py: "bodywork search" (ranked hits, snippets, the "did you
mean" line, --kind, --limit, --offset, malformed queries) and "bodywork
suggest", as text and JSON."""
import unittest

from clitest import CliTest


class Search(CliTest):
    def test_json_shape(self):
        doc = self.json("search", "psoas")
        self.assertEqual(doc["query"], "psoas")
        self.assertIsNone(doc["correction"])
        self.assertEqual((doc["offset"], doc["limit"]), (0, 10))
        self.assertEqual(doc["total"], len(doc["hits"]))
        top = doc["hits"][0]
        self.assertRef(top, "psoas-major", "muscle")
        self.assertEqual(top["rank"], 1)
        self.assertEqual(top["match"], "exact")
        self.assertIn("name", top["fields"])
        self.assertIsInstance(top["score"], float)
        self.assertEqual(top["label"], "Psoas major")
        self.assertIn("[psoas]", doc["hits"][1]["snippet"].lower())
        scores = [h["score"] for h in doc["hits"]]
        self.assertTrue(all(s > 0 for s in scores))

    def test_words_are_joined(self):
        a = self.json("search", "hip", "flexor")
        b = self.json("search", "hip flexor")
        self.assertEqual(a, b)
        self.assertEqual(a["query"], "hip flexor")

    def test_correction(self):
        doc = self.json("search", "psoaz", "strech")
        self.assertEqual(doc["correction"], "psoas stretch")
        self.assertTrue(doc["hits"])
        self.assertTrue(all(h["match"].startswith("typo") for h in doc["hits"]))
        out = self.answer("search", "psoaz", "strech").stdout
        self.assertTrue(out.startswith("did you mean: psoas stretch\n"))

    def test_kind_and_paging(self):
        doc = self.json("search", "psoas", "--kind", "technique")
        self.assertEqual({h["kind"] for h in doc["hits"]}, {"technique"})
        both = self.json("search", "psoas", "--kind", "technique", "--kind",
                         "muscle")
        self.assertEqual({h["kind"] for h in both["hits"]},
                         {"technique", "muscle"})
        every = [h["id"] for h in self.json("search", "psoas")["hits"]]
        page = self.json("search", "psoas", "--limit", "2", "--offset", "1")
        self.assertEqual([h["id"] for h in page["hits"]], every[1:3])
        self.assertEqual([h["rank"] for h in page["hits"]], [2, 3])
        self.assertEqual(page["total"], len(every))

    def test_filters_in_the_query(self):
        doc = self.json("search", "kind:muscle", "region:hip")
        self.assertEqual([h["id"] for h in doc["hits"]], ["iliacus", "psoas-major"])

    def test_nothing_found(self):
        doc = self.json("search", "zzzzqqq", status=1)
        self.assertEqual((doc["total"], doc["hits"]), (0, []))
        out = self.answer("search", "zzzzqqq", status=1).stdout
        self.assertEqual(out, "no hits (0 in all)\n")
        # a page past the end finds nothing too
        self.answer("search", "psoas", "--offset", "100", status=0)

    def test_malformed_queries(self):
        err = self.error("search", "psoas", '"major')
        self.assertIn("bodywork: query, byte 7: unclosed quote", err)
        self.assertIn('\n  psoas "major\n        ^\n', err)
        err = self.error("search", "kind:musle")
        self.assertIn("unknown kind 'musle'", err)
        self.assertIn("\n  kind:musle\n       ^\n", err)
        self.assertIn("limit", self.error("search", "psoas", "--limit", "0"))
        self.assertIn("limit", self.error("search", "psoas", "--limit", "5000"))

    def test_text(self):
        out = self.answer("search", "psoas", "--limit", "2").stdout
        lines = out.splitlines()
        self.assertEqual(lines[0], "  1. Psoas major (psoas-major) muscle")
        self.assertTrue(lines[1].startswith("     The deep hip flexor"))
        self.assertEqual(lines[2], "  2. Abdominal psoas release "
                                   "(abdominal-release) technique")
        self.assertEqual(lines[-1], "1-2 of 5")
        out = self.answer("search", "hip", "hiker").stdout
        self.assertIn("matched exact: hip hiker", out)


class Suggest(CliTest):
    def test_json(self):
        doc = self.json("suggest", "ps")
        self.assertEqual(doc["prefix"], "ps")
        self.assertRef(doc["suggestions"][0], "psoas-major", "muscle")
        self.assertEqual(doc["suggestions"][0]["label"], "Psoas major")
        doc = self.json("suggest", "hip h")
        self.assertEqual(doc["suggestions"][0]["label"], "hip hiker")
        doc = self.json("suggest", "ps", "--kind", "technique")
        self.assertEqual([s["id"] for s in doc["suggestions"]],
                         ["abdominal-release"])
        self.assertEqual(len(self.json("suggest", "ps", "--limit", "1")
                             ["suggestions"]), 1)

    def test_text(self):
        lines = self.answer("suggest", "hip").stdout.splitlines()
        self.assertEqual(lines[0], "hip hiker  Psoas major (psoas-major) muscle")
        lines = self.answer("suggest", "ps").stdout.splitlines()
        self.assertEqual(lines[0], "Psoas major              (psoas-major) muscle")

    def test_nothing_found(self):
        doc = self.json("suggest", "zzzzqqq", status=1)
        self.assertEqual(doc["suggestions"], [])

    def test_suggest_takes_no_offset(self):
        self.assertIn("--offset", self.error("suggest", "ps", "--offset", "1"))


if __name__ == "__main__":
    unittest.main()
