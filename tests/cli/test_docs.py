"""test_docs.py: the man page and the bash completion agree with the
program: the page renders without warnings and documents every command,
option and JSON key the program has; completion offers commands, options,
kinds and entity ids."""
import json
import os
import re
import shutil
import subprocess
import unittest

from clitest import BODYWORK, CLI_DATA, LONELY, SOURCE, VALID, CliTest, run

MAN = os.path.join(SOURCE, "docs", "bodywork.1")
COMPLETION = os.path.join(SOURCE, "examples", "completion", "bodywork.bash")
OPTION = re.compile(r"^  (--[a-z-]+)", re.M)


def commands():
    out = run("--help", corpus=None).stdout
    section = out.split("\nCommands:\n")[1].split("\n\n")[0]
    # a long synopsis has its summary on the next line, indented further
    return [line.split()[0] for line in section.splitlines()
            if not line.startswith("   ")]


def man_text():
    with open(MAN) as f:
        return f.read().replace("\\-", "-").replace("\\(dq", '"')


# Keys whose objects are keyed by data (field, grade, attribute or filter
# names, kinds), not by names the page must document.
DATA_KEYED = {"facts", "referenced_by", "evidence", "attributes", "filters"}


def keys(doc, out, data=False):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if not data:
                out.add(k)
            keys(v, out, k in DATA_KEYED)
    elif isinstance(doc, list):
        for v in doc:
            keys(v, out)
    return out


class ManPage(unittest.TestCase):
    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_renders_without_warnings(self):
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN],
                           capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    @unittest.skipUnless(shutil.which("man"), "man is not installed")
    def test_man_renders_without_warnings(self):
        p = subprocess.run(["man", "--warnings", "-l", MAN],
                           capture_output=True, text=True,
                           env={**os.environ, "MANWIDTH": "80",
                                "MANPAGER": "cat", "PAGER": "cat"})
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        self.assertIn("--max-edges N", p.stdout)

    def test_exit_statuses(self):
        page = man_text()
        section = page.split("\n.SH EXIT STATUS\n")[1].split("\n.SH ")[0]
        statuses = re.split(r"\n\.TP\n\.B (\d)\n", "\n" + section)[1:]
        described = dict(zip(statuses[::2], statuses[1::2]))
        self.assertEqual(sorted(described), ["0", "1", "2"])
        self.assertIn("unknown name", described["2"])
        self.assertIn("usage error", described["2"])
        self.assertNotIn("unknown name", described["1"])
        help = run("--help", corpus=None).stdout
        self.assertIn("1 nothing found, 2 a usage error, an unknown name", help)

    def test_every_command_and_option(self):
        page = man_text()
        names = commands()
        self.assertEqual(len(names), 12)
        for name in names:
            self.assertRegex(page, rf"\n\.BI? {name}\b", name)
            self.assertRegex(page, rf"\n\.SS {name}\n", f"JSON shape of {name}")
            help = run(name, "--help", corpus=None).stdout
            for option in OPTION.findall(help):
                self.assertIn(option, page, f"{name} {option}")
        for option in OPTION.findall(run("--help", corpus=None).stdout):
            self.assertIn(option, page)
        for section in ("EXIT STATUS", "ENVIRONMENT", "JSON OUTPUT", "EXAMPLES"):
            self.assertIn(f"\n.SH {section}\n", page)

    def test_every_json_key_is_documented(self):
        page = man_text()
        runs = [("show", "psoas-major"), ("show", "abdominal-release"),
                ("show", "anterior-pelvic-tilt"), ("search", "psoas"),
                ("suggest", "ps"), ("list",), ("stats",), ("graph", "iliacus"),
                ("plan", "psoas-major", "--condition", "endometriosis"),
                ("plan", "psoas-major", "--condition", "blood-clot"),
                ("screen", "--condition", "blood-clot", "--condition",
                 "endometriosis"),
                ("show", "thigh"), ("graph", "thigh"),
                ("ask", "what", "causes", "LBP"),
                ("ask", "is", "so-as", "safe", "with", "endo"),
                ("ask", "is", "it", "safe", "with", "a", "blood", "clot",
                 "in", "the", "leg"),
                ("validate", LONELY, os.path.join(os.path.dirname(LONELY),
                                                  "broken.xml"))]
        group = [VALID, os.path.join(CLI_DATA, "group.xml")]
        runs = [(args, VALID) for args in runs] + [
            (args, group) for args in (("show", "hip-flexor-pair"),
                                       ("show", "iliacus"),
                                       ("graph", "hip-flexor-pair"))]
        for args, corpus in runs:
            doc = json.loads(run(*args, "--json", corpus=corpus).stdout)
            for key in keys(doc, set()) - {"source", "muscle", "technique",
                                            "condition", "symptom", "total"}:
                self.assertIn(f'"{key}"', page, f"{args[0]}: {key}")


class Completion(unittest.TestCase):
    def complete(self, *words):
        script = (f'source "{COMPLETION}"; COMP_WORDS=("$@"); '
                  'COMP_CWORD=$(($# - 1)); _bodywork; '
                  'printf "%s\\n" "${COMPREPLY[@]}"')
        p = subprocess.run(["bash", "-c", script, "_", BODYWORK, *words],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.stderr, "")
        return [w for w in p.stdout.splitlines() if w]

    def test_commands(self):
        self.assertEqual(self.complete(""), commands() + ["help"])
        self.assertEqual(self.complete("s"), ["show", "search", "suggest",
                                              "screen", "stats"])
        self.assertEqual(self.complete("--json", "gr"), ["graph"])
        self.assertEqual(self.complete("help", "pl"), ["plan"])

    def test_options(self):
        self.assertEqual(self.complete("--"), ["--corpus", "--layer", "--cache",
                                               "--json", "--help", "--version"])
        self.assertEqual(self.complete("compile", "--"),
                         ["--output", "--corpus", "--layer", "--cache",
                          "--json", "--help"])
        self.assertIn("--region", self.complete("list", "--"))
        self.assertEqual(self.complete("search", "--l"), ["--limit", "--layer"])
        self.assertEqual(self.complete("plan", "x", "--c"),
                         ["--condition", "--corpus", "--cache"])
        self.assertEqual(self.complete("search", "--limit", ""), [])

    def test_values(self):
        self.assertEqual(self.complete("search", "--kind", "t"), ["technique"])
        self.assertEqual(self.complete("list", "--evidence", "d"), ["disputed"])
        self.assertEqual(self.complete("list", "m"), ["muscle"])
        self.assertEqual(self.complete("list", "si"), ["site"])
        self.assertEqual(self.complete("search", "--kind", "si"), ["site"])
        self.assertEqual(self.complete("list", "g"), ["group"])
        self.assertEqual(self.complete("search", "--kind", "gr"), ["group"])

    def test_paths(self):
        # compile's PATHs and -o FILE are files; --cache is a folder
        data = CLI_DATA + "/"
        self.assertEqual(self.complete("compile", data + "lon"), [LONELY])
        self.assertEqual(self.complete("compile", "-o", data + "lon"), [LONELY])
        self.assertEqual(self.complete("compile", "--output", data + "lon"),
                         [LONELY])
        self.assertEqual(self.complete("--cache", data), [data + "folder"])

    def test_ids_from_the_corpus_on_the_line(self):
        self.assertEqual(self.complete("--corpus", VALID, "show", "ps"),
                         ["psoas-major"])
        self.assertEqual(self.complete("--corpus", VALID, "--layer", LONELY,
                                       "plan", ""),
                         ["iliacus", "lonely-muscle", "psoas-major"])
        self.assertEqual(self.complete("--corpus", VALID, "plan", "iliacus",
                                       "--condition", "e"), ["endometriosis"])
        self.assertEqual(self.complete("--corpus", VALID, "list", "--causes",
                                       ""), ["low-back-pain"])
        self.assertEqual(self.complete("--corpus", VALID, "screen",
                                       "--condition", "b"), ["blood-clot"])
        self.assertEqual(self.complete("--corpus", VALID, "list", "--contact",
                                       "l"), ["leg", "lower-abdomen"])


if __name__ == "__main__":
    unittest.main()
