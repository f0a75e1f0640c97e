"""test_common.py: what every subcommand shares: --version, --help, usage
errors and their exit status, --corpus and --layer, BODYWORK_CORPUS,
corpus errors as file:line:column, colour only on a terminal, wrapping."""
import os
import re
import unittest

from clitest import (CLINIC, CLI_DATA, LONELY, VALID, CliTest, run, run_tty,
                     width)

COMMANDS = ["show", "search", "suggest", "plan", "list", "validate", "stats", "map",
            "graph", "compile"]


class Version(CliTest):
    def test_version(self):
        out = self.answer("--version", corpus=None).stdout
        self.assertEqual(out, f"bodywork {os.environ['BW_VERSION']}\n")


class Help(CliTest):
    def test_main_help_lists_every_command(self):
        out = self.answer("--help", corpus=None).stdout
        self.assertTrue(out.startswith("usage: bodywork"))
        for name in COMMANDS:
            self.assertRegex(out, rf"\n  {name} ")
        for option in ("--corpus", "--layer", "--cache", "--json", "--version"):
            self.assertIn(option, out)
        # every summary starts in one column, a long synopsis on a line of
        # its own above it
        section = out.split("\nCommands:\n")[1].split("\n\n")[0]
        for line in section.splitlines():
            head = re.match(r"  (\S.*?)(  +|$)", line)
            self.assertTrue(head or line.startswith(" " * 21), line)
            if head and head.group(2):
                self.assertEqual(head.end(), 21, line)
        self.assertIn("\n  compile -o FILE [PATH...]\n" + " " * 21 + "compile",
                      out)
        self.assertEqual(self.answer("-h", corpus=None).stdout, out)
        self.assertEqual(self.answer("help", corpus=None).stdout, out)

    def test_each_command_has_help(self):
        for name in COMMANDS:
            for args in ((name, "--help"), (name, "-h"), ("help", name)):
                out = self.answer(*args, corpus=None).stdout
                self.assertTrue(out.startswith(f"usage: bodywork {name} "), args)
                self.assertIn("--json", out)

    def test_help_wins_over_missing_arguments(self):
        self.answer("show", "--help", corpus=None)
        self.answer("--corpus", "/nonexistent", "plan", "--help", corpus=None)


class Usage(CliTest):
    def check(self, *args, says, **kw):
        err = self.error(*args, **kw)
        self.assertRegex(err, says)
        self.assertTrue(err.splitlines()[-1].startswith("bodywork: "), err)

    def test_errors(self):
        self.check(corpus=None, says="no command")
        self.check("frobnicate", says="unknown command 'frobnicate'")
        self.check("show", says="usage: bodywork show")
        self.check("show", "a", "b", says="usage: bodywork show")
        self.check("stats", "extra", says="usage: bodywork stats")
        self.check("show", "psoas-major", "--kind", "muscle",
                   says="unknown option '--kind' for show")
        self.check("--limit", "3", "stats", says="unknown option '--limit'")
        self.check("search", "psoas", "--limit", says="--limit needs a value")
        self.check("search", "psoas", "--limit", "x", says="not a number")
        self.check("search", "psoas", "--limit", "-1", says="not a number")
        self.check("stats", "--json=yes", says="--json takes no value")
        self.check("list", "organs", says="unknown kind 'organs'")
        self.check("search", "psoas", "--kind", "organ", says="unknown kind")
        self.check("help", "frobnicate", says="unknown command")

    def test_hint_names_the_command(self):
        # the hint after a bad option is a command line that works
        err = self.error("show", "psoas-major", "--kind", "muscle")
        self.assertEqual(err, "bodywork: unknown option '--kind' for show; "
                              "try 'bodywork show --help'\n")
        err = self.error("--limit", "3", "stats")
        self.assertEqual(err, "bodywork: unknown option '--limit'; "
                              "try 'bodywork --help'\n")
        for name in COMMANDS:
            err = self.error(name, "--no-such-option")
            self.assertIn(f"try 'bodywork {name} --help'", err)
            self.assertNotIn("  ", err)
            self.answer(name, "--help", corpus=None)

    def test_exit_statuses(self):
        # 0: an answer; 1: understood, but nothing answers it; 2: a usage
        # error, an unknown name or a corpus error
        self.answer("plan", "psoas-major", "--condition", "endometriosis")
        self.answer("search", "zzzzqqq", status=1)
        self.answer("list", "--region", "neck", status=1)
        self.answer("plan", "lonely-muscle", "--layer", LONELY, status=1)
        for args in (("plan", "psoas-major", "--condition", "endometriosys"),
                     ("plan", "psoas-majr"),
                     ("screen", "--condition", "endometriosys"),
                     ("show", "psoas-majr"), ("graph", "psoas-majr"),
                     ("list", "--target", "psoas-majr"),
                     ("search", "psoas", "--kind", "muscel"),
                     ("plan", "psoas-major", "--condition")):
            self.error(*args)
            self.error(*args, "--json")
        self.error("stats", corpus="/nonexistent/corpus")

    def test_option_forms(self):
        a = self.answer("search", "--limit=2", "psoas").stdout
        b = self.answer("search", "psoas", "--limit", "2").stdout
        self.assertEqual(a, b)
        # after "--" everything is an argument, even what looks like an option
        self.answer("search", "--", "--limit")


class Corpus(CliTest):
    def test_missing_corpus(self):
        err = self.error("stats", corpus="/nonexistent/corpus")
        self.assertIn("/nonexistent/corpus", err)

    def test_broken_corpus_is_file_line_column(self):
        broken = os.path.join(CLI_DATA, "broken.xml")
        for args in (("stats",), ("show", "neck-ache"), ("list",),
                     ("search", "ache"), ("graph", "x"), ("stats", "--json")):
            err = self.error(*args, corpus=broken)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertTrue(err.startswith(f"{broken}:7:5: "), err)
            self.assertIn("'nobody'", err)

    def test_layers(self):
        layered = self.json("show", "iliacus", corpus=[VALID, CLINIC])
        self.assertEqual(layered["name"], "Iliacus (clinic)")
        self.assertIn("10-replace.xml", layered["file"])
        self.error("show", "anterior-pelvic-tilt", corpus=[VALID, CLINIC])
        # --layer goes on top of the --corpus paths
        same = self.json("show", "iliacus", "--layer", CLINIC)
        self.assertEqual(same, layered)
        self.json("show", "lonely-muscle", "--layer", LONELY)
        self.error("show", "lonely-muscle")

    def test_environment_selects_the_corpus(self):
        p = run("--json", "stats", corpus=None,
                env={"BODYWORK_CORPUS": f"{VALID}:{LONELY}"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('"muscle": {\n    "entities": 3', p.stdout)


class Terminal(CliTest):
    def assertWrapped(self, out, columns):
        """Text fills lines up to `columns` and no further; only a single
        word longer than a line (such as the layer's path, whose length
        depends on where the checkout is) may pass the edge, as words are
        never split."""
        lines = out.splitlines()
        for line in lines:
            if width(line) > columns:
                self.assertEqual(len(line.split()), 1, line)
        self.assertTrue(any(columns - 10 < width(line) <= columns
                            for line in lines), (columns, out))

    def test_no_colour_on_a_pipe(self):
        for args in (("show", "psoas-major"), ("search", "psoas"),
                     ("plan", "psoas-major", "--condition", "endo"),
                     ("list",), ("stats",), ("suggest", "ps")):
            self.assertNotIn("\x1b", self.answer(*args).stdout, args)

    def test_colour_on_a_terminal_unless_no_color(self):
        status, out = run_tty("show", "psoas-major")
        self.assertEqual(status, 0)
        self.assertIn("\x1b[1m", out)
        status, plain = run_tty("show", "psoas-major", env={"NO_COLOR": "1"})
        self.assertEqual(status, 0)
        self.assertNotIn("\x1b", plain)
        # the same text either way
        self.assertEqual(re.sub(r"\x1b\[[0-9;]*m", "", out), plain)
        status, empty = run_tty("show", "psoas-major", env={"NO_COLOR": ""})
        self.assertEqual(empty, out, "an empty NO_COLOR is unset")

    def test_wraps_to_the_terminal(self):
        for columns in (40, 60, 100):
            status, out = run_tty("show", "lonely-muscle", "--layer", LONELY,
                                  columns=columns)
            self.assertEqual(status, 0)
            self.assertWrapped(out, columns)
        status, out = run_tty("show", "lonely-muscle", "--layer", LONELY,
                              columns=200)
        self.assertGreater(max(map(width, out.splitlines())), 100)

    def test_wraps_at_80_on_a_pipe_or_columns(self):
        out = self.answer("show", "lonely-muscle", "--layer", LONELY).stdout
        self.assertWrapped(out, 80)
        out = run("show", "lonely-muscle", "--layer", LONELY,
                  env={"COLUMNS": "50"}).stdout
        self.assertWrapped(out, 50)

    def test_continuation_lines_hang_at_the_text_column(self):
        out = self.answer("show", "lonely-muscle", "--layer", LONELY).stdout
        lines = out.splitlines()
        i = next(n for n, l in enumerate(lines) if l.startswith("  origin"))
        column = lines[i].index("Nowhere")
        self.assertEqual(column, 16)
        summary = [l for l in lines[1:4] if l.startswith("  ")]
        self.assertGreater(len(summary), 1, "the long summary wraps")


if __name__ == "__main__":
    unittest.main()
