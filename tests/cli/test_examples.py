"""test_examples.py: the small example programs (each under 80 lines) run
on the test corpus: the clinic layer, search and plan examples."""
import glob
import os
import subprocess
import unittest

from clitest import CLINIC, EXAMPLES, SOURCE, VALID, environment


def example(name, *args, corpus=None):
    env = environment({"BODYWORK_CORPUS": corpus} if corpus else None)
    return subprocess.run([os.path.join(EXAMPLES, name), *args],
                          capture_output=True, text=True, env=env, timeout=60)


class Examples(unittest.TestCase):
    def test_short_enough_to_copy(self):
        files = glob.glob(os.path.join(SOURCE, "examples", "*.c"))
        self.assertGreaterEqual(len(files), 4)
        for path in files:
            with open(path) as f:
                self.assertLessEqual(len(f.readlines()), 80, path)

    def test_clinic(self):
        p = example("bw_clinic", "--base", VALID, CLINIC)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertRegex(p.stdout, r"\nreplaced  muscle +iliacus +by .*"
                                   r"10-replace\.xml:4\n")
        self.assertIn("added     source", p.stdout)
        self.assertRegex(p.stdout, r"added +technique +clinic-belly-glide ")
        self.assertRegex(p.stdout, r"hidden +condition +anterior-pelvic-tilt")
        self.assertEqual(lines[-1], "18 entities before the layers, 19 after")
        self.assertEqual(example("bw_clinic").returncode, 2)
        p = example("bw_clinic", "--base", VALID, "/nonexistent")
        self.assertEqual(p.returncode, 2)
        self.assertIn("/nonexistent", p.stderr)

    def test_search(self):
        p = example("bw_search", "psoaz", "strech", corpus=VALID)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("did you mean: psoas stretch\n"))
        self.assertIn("*stretch*", p.stdout)
        p = example("bw_search", "hip", "hiker", corpus=VALID)
        self.assertIn('1. Psoas major (muscle psoas-major, matched "hip hiker")',
                      p.stdout)
        self.assertEqual(example("bw_search", '"x', corpus=VALID).returncode, 2)

    def test_plan(self):
        p = example("bw_plan", "psoas-major", "endometriosis",
                    "anterior-pelvic-tilt", corpus=VALID)
        self.assertEqual(p.returncode, 0, p.stderr)
        allowed, excluded = p.stdout.split("Excluded:\n")
        self.assertIn("Allowed:\n  Table-edge stretch\n    Anterior pelvic "
                      "tilt, caution on lever=long movement=hip-extension",
                      allowed)
        self.assertIn("  Abdominal psoas release\n", excluded)
        self.assertIn("Endometriosis, local: Pressure on the abdomen", excluded)
        self.assertIn("instead: Stretch the psoas", excluded)
        p = example("bw_plan", "psoas-major", "pregnancy", corpus=VALID)
        self.assertEqual(p.returncode, 1)
        self.assertIn("pregnancy", p.stderr)


if __name__ == "__main__":
    unittest.main()
