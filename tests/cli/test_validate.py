"""test_validate.py: "bodywork validate": every shared bad corpus in
tests/data/invalid reports its file:line:column: message on stderr with
status 2; good paths are reported ok; layers are checked on top of the
selected corpus; JSON shape."""
import glob
import json
import os
import unittest

from clitest import CLINIC, CLI_DATA, DATA, LONELY, VALID, CliTest, run

BROKEN = os.path.join(CLI_DATA, "broken.xml")
FOLDER = os.path.join(CLI_DATA, "folder")


def cases():
    """(input path, line, column, text) of each tests/data/invalid case."""
    for folder in sorted(glob.glob(os.path.join(DATA, "invalid", "*"))):
        with open(os.path.join(folder, "expected-error")) as f:
            code, place, text = f.read().strip().split(" ", 2)
        line, column = place.split(":")
        yield os.path.join(folder, "input.xml"), line, column, text


class Validate(CliTest):
    def test_every_invalid_case(self):
        n = 0
        for path, line, column, text in cases():
            with self.subTest(path=path):
                err = self.error("validate", corpus=path)
                # every problem, first the one bw_db_open stops at
                first = err.splitlines()[0]
                self.assertTrue(
                    first.startswith(f"{path}:{line}:{column}: error: "), err)
                self.assertIn(text, first)
                for problem in err.splitlines():
                    self.assertRegex(problem, r"^.+(:\d+){0,2}: error: ")
                n += 1
        self.assertGreater(n, 10)

    def test_good_paths(self):
        out = self.answer("validate", corpus=VALID).stdout
        self.assertEqual(out, "corpus: ok, 18 entities\n")
        out = self.answer("validate", CLINIC, LONELY).stdout
        self.assertEqual(out, f"{CLINIC}: ok, 19 entities\n"
                              f"{LONELY}: ok, 19 entities\n")

    def test_a_layer_is_checked_on_top_of_the_corpus(self):
        # the clinic layer hides and cites what only the base defines
        err = self.error("validate", corpus=CLINIC)
        self.assertTrue(err.startswith(CLINIC + "/"), err)
        self.answer("validate", CLINIC)

    def test_each_path_reports(self):
        p = self.answer("validate", BROKEN, LONELY, FOLDER, status=2)
        self.assertEqual(p.stdout, f"{LONELY}: ok, 19 entities\n")
        self.assertEqual(p.stderr.splitlines(), [
            f"{BROKEN}:7:5: error: source 'nobody' of symptom 'neck-ache' "
            "names no entity: there is no source with id 'nobody'; did you "
            "mean 'forum'?",
            f"{FOLDER}/20-bad.xml:6:13: error: malformed XML: Opening and "
            "ending tag mismatch: name line 5 and symptom"])

    def test_every_problem_of_a_file(self):
        # two dangling references in one file: both, each with its place
        path = os.path.join(DATA, "invalid", "dangling-target", "input.xml")
        p = self.answer("validate", corpus=path, status=2)
        self.assertEqual([line.split(": error: ")[0]
                          for line in p.stderr.splitlines()],
                         [f"{path}:7:5", f"{path}:8:32"])
        doc = json.loads(run("validate", "--json", corpus=path).stdout)
        problems = doc["results"][0]["problems"]
        self.assertEqual([(q["line"], q["column"]) for q in problems],
                         [(7, 5), (8, 32)])
        self.assertEqual(doc["results"][0]["error"], problems[0])

    def test_missing_path(self):
        err = self.error("validate", "/nonexistent.xml")
        self.assertIn("/nonexistent.xml", err)

    def test_json(self):
        p = run("validate", LONELY, BROKEN, "--json")
        self.assertEqual(p.returncode, 2)
        doc = json.loads(p.stdout)
        self.assertFalse(doc["valid"])
        good, bad = doc["results"]
        self.assertEqual(good, {"path": LONELY, "valid": True, "entities": 19})
        self.assertEqual(bad["path"], BROKEN)
        self.assertFalse(bad["valid"])
        self.assertEqual(bad["error"]["file"], BROKEN)
        self.assertEqual((bad["error"]["line"], bad["error"]["column"]), (7, 5))
        self.assertEqual(bad["error"]["code"], -6)
        self.assertIn("'nobody'", bad["error"]["message"])
        self.assertIn(f"{BROKEN}:7:5:", p.stderr)
        doc = self.json("validate", LONELY)
        self.assertTrue(doc["valid"])
        doc = self.json("validate")
        self.assertEqual(doc["results"], [{"path": None, "valid": True,
                                           "entities": 18}])


if __name__ == "__main__":
    unittest.main()
