"""test_hostile.py: what an attacker found at the command line's edges
(issue 19, finding 6), each from its reproduction: one strict parser for
every number (no sign, no spaces, no junk, no overflow); a query over the
library's 8192 bytes is refused and never echoed whole; terminal controls
and bidi overrides in anything printed (names, facts, arguments echoed in
messages, paths) are written visibly, in text and in JSON; hiding an
entity that others still refer to names the hiding layer's place."""
import json
import os
import shutil
import tempfile
import unittest

from clitest import VALID, CliTest, run

# The characters a terminal obeys or that reorder text, as the corpus
# (XML, which refuses C0 controls) and a command line can carry them.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
C1 = ["\u0085", "\u009b"]
DANGER = BIDI + C1 + ["\x1b", "\x07", "\x7f", "\r"]

EVIL_NAME = "Evil \u202edesrever\u202c \u0085mark \u009b31m \u2066iso\u2069"

MUSCLE = """<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <muscle id="evil" region="hip" depth="deep">
    <name>{name}</name>
    <summary source="anatomy-text" evidence="established">A \u202emuscle\u2066 that \u009b2J clears.</summary>
    <origin source="anatomy-text" evidence="established">Here.</origin>
    <insertion source="anatomy-text" evidence="established">There.</insertion>
    <action source="anatomy-text" evidence="established">Moves.</action>
    <innervation source="anatomy-text" evidence="established">A nerve.</innervation>
    <related muscle="psoas-major" type="synergist" source="anatomy-text" evidence="established">Beside \u202eit.</related>
    <causes symptom="low-back-pain" source="forum" evidence="practice">When \u202etight.</causes>
  </muscle>
</corpus>
"""

HIDE = """<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <!-- psoas-major is still the target of techniques and related muscles -->
    <hide id="psoas-major"/>
</corpus>
"""


def raw(text):
    """The dangerous characters text holds as they are."""
    return [c for c in DANGER if c in text]


class Numbers(CliTest):
    """Every numeric option goes through one parser."""

    BAD = ["-1", "+5", " 5", "5 ", "\t5", "5\n", "0x5", "5x", "5.0", "1e3",
           "", "99999999999999999999999999", "18446744073709551616", "١"]

    def test_refused(self):
        for option, command in (("--limit", "search"), ("--offset", "search"),
                                ("--limit", "suggest")):
            for value in self.BAD:
                with self.subTest(option=option, value=value):
                    err = self.error(command, "psoas", option, value)
                    self.assertIn(f"bodywork: {option}: '", err)
                    self.assertIn("is not a number from", err)
                    self.assertIn("digits only", err)
                    self.assertEqual(raw(err), [])

    def test_ranges(self):
        for args in (("search", "psoas", "--limit", "0"),
                     ("search", "psoas", "--limit", "1001"),
                     ("suggest", "ps", "--limit", "0"),
                     ("search", "psoas", "--offset", "1000001")):
            with self.subTest(args=args):
                self.assertIn("is not a number from", self.error(*args))

    def test_accepted(self):
        self.assertEqual(len(self.json("search", "psoas", "--limit", "1")
                             ["hits"]), 1)
        self.assertEqual(len(self.json("search", "psoas", "--limit", "0002")
                             ["hits"]), 2)
        self.json("search", "psoas", "--limit", "1000")
        self.json("search", "psoas", "--offset", "0", "--limit=3")
        self.json("search", "psoas", "--offset", "1000000")
        self.json("suggest", "ps", "--limit", "1000")

    def test_columns_use_the_same_parser(self):
        wide = run("show", "psoas-major", env={"COLUMNS": "200"}).stdout
        for junk in (" 200", "200x", "-200", "99999999999999999999", "0"):
            with self.subTest(junk=junk):
                p = run("show", "psoas-major", env={"COLUMNS": junk})
                self.assertEqual(p.returncode, 0)
                self.assertEqual(p.stdout, run("show", "psoas-major").stdout)
        self.assertNotEqual(wide, run("show", "psoas-major").stdout)


class LongQueries(CliTest):
    def test_over_the_limit_is_refused_not_echoed(self):
        for n in (8193, 10000, 100000):
            with self.subTest(bytes=n):
                q = "psoas " * (n // 6) + "x" * (n % 6)
                err = self.error("search", q)
                self.assertIn("8192", err)
                self.assertLess(len(err), 600, err)
                self.assertNotIn("psoas " * 30, err)
                self.assertIn("...", err)

    def test_long_malformed_query_shows_a_window(self):
        q = "a " * 2000 + '"unclosed ' + "b " * 2000
        err = self.error("search", q)
        self.assertIn("unclosed quote", err)
        lines = err.splitlines()
        echo, caret = lines[-2], lines[-1]
        self.assertTrue(echo.startswith("  ...") and echo.endswith("..."), echo)
        self.assertLess(len(echo), 200)
        self.assertEqual(echo[caret.index("^")], '"')

    def test_short_query_echoed_whole(self):
        err = self.error("search", "psoas", '"major')
        self.assertIn('\n  psoas "major\n        ^\n', err)

    def test_caret_counts_escapes(self):
        err = self.error("search", 'ps\x1boas "major')
        self.assertIn('\n  ps\\x1boas "major\n            ^\n', err)


class Escaping(CliTest):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bw-hostile-")
        self.layer = os.path.join(self.dir, "evil.xml")
        with open(self.layer, "w", encoding="utf-8") as f:
            f.write(MUSCLE.format(name=EVIL_NAME))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def text(self, *args, status=0):
        p = run("--layer", self.layer, *args)
        self.assertEqual(p.returncode, status, p.stderr)
        return p.stdout

    def test_text_output_escapes(self):
        for args in (("show", "evil"), ("show", "psoas-major"),
                     ("search", "desrever"), ("search", "clears"),
                     ("suggest", "evil"), ("list", "muscles"),
                     ("list", "--ids"), ("graph", "evil")):
            with self.subTest(args=args):
                out = self.text(*args)
                self.assertEqual(raw(out), [], out)
                if args[-1] != "--ids":  # ids are [a-z0-9-]
                    self.assertIn("\\u202e", out)
        out = self.text("show", "evil")
        self.assertIn("Evil \\u202edesrever\\u202c \\u0085mark \\u009b31m "
                      "\\u2066iso\\u2069", out)

    def test_terminal_output_escapes(self):
        from clitest import run_tty
        status, out = run_tty("--layer", self.layer, "search", "desrever")
        self.assertEqual(status, 0)
        self.assertEqual(raw(out.replace("\x1b[", "")), [])
        self.assertIn("\\u202edesrever", out.replace("\x1b[1;33m", "")
                                             .replace("\x1b[0m", ""))

    def test_json_escapes_and_round_trips(self):
        for args in (("show", "evil"), ("search", "desrever"),
                     ("suggest", "evil")):
            with self.subTest(args=args):
                out = self.text(*args, "--json")
                self.assertEqual(raw(out), [], out)
                self.assertIn("\\u202e", out)
                self.assertIn(EVIL_NAME, json.dumps(json.loads(out),
                                                    ensure_ascii=False))
        self.assertEqual(json.loads(self.text("show", "evil", "--json"))
                         ["name"], EVIL_NAME)

    def test_arguments_echoed_in_messages(self):
        for args in (("show", "\x1b]0;owned\x07\u202e"),
                     ("frobnicate\x1b[2J",),
                     ("search", "psoas", "--limit", "\x1b[31m5"),
                     ("list", "\u202eorgans"),
                     ("search", "kind:\x9bmuscle"),
                     ("search", "\u202e\"unclosed")):
            with self.subTest(args=args):
                p = run(*args)
                self.assertIn(p.returncode, (1, 2))
                self.assertEqual(raw(p.stderr), [], p.stderr)
                self.assertEqual(raw(p.stdout), [], p.stdout)
                self.assertTrue("\\x1b" in p.stderr or "\\u202e" in p.stderr
                                or "\\u009b" in p.stderr, p.stderr)

    def test_paths_in_messages(self):
        bad = os.path.join(self.dir, "no\x1b[31msuch\u202e.xml")
        err = self.error("--layer", bad, "validate")
        self.assertEqual(raw(err), [], err)
        self.assertIn("no\\x1b[31msuch\\u202e.xml", err)

    def test_long_messages_are_cut(self):
        err = self.error("frobnicate" + "x" * 100000)
        self.assertLess(len(err), 1200)
        self.assertIn("...", err)


class Hiding(CliTest):
    def test_names_the_hiding_layer(self):
        d = tempfile.mkdtemp(prefix="bw-hide-")
        try:
            layer = os.path.join(d, "hide.xml")
            with open(layer, "w") as f:
                f.write(HIDE)
            err = self.error("--layer", layer, "validate")
            self.assertIn(f"hidden by {layer}:4:5", err)
            self.assertIn("psoas-major", err)
            # the error is still placed at the reference that remains
            self.assertRegex(err.splitlines()[-1], r"^/.*\.xml:\d+:\d+: ")
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
