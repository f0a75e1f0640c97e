"""test_compile.py: "bodywork compile" and compiled corpora.  A compiled
file answers byte for byte as the XML it came from; its report line says
its size, entity count and digest; a truncated or damaged one is refused
with the reason and status 2, never read; --cache compiles into a folder
once and maps the file afterwards, with the same output; usage errors."""
import json
import os
import re
import shutil
import struct
import tempfile
import unittest

from clitest import CLINIC, LONELY, SOURCE, VALID, CliTest, run

REPORT = re.compile(r"^(.+): (\d+) bytes, (\d+) entities, sha256 ([0-9a-f]{64})\n$")

# The questions every compiled corpus must answer as its XML does.
QUESTIONS = [("show", "psoas-major"), ("show", "psoas-major", "--json"),
             ("search", "hip", "flexor"), ("search", "psoas", "--json"),
             ("search", "psoas", "strech", "--kind", "technique"),
             ("plan", "psoas-major", "--condition", "endometriosis"),
             ("plan", "psoas-major", "--condition", "endometriosis", "--json"),
             ("stats",), ("list", "--ids"), ("show", "psoas-majr")]

# The bundled corpus read from its XML, not from the library's compiled
# copy of it, so that the comparison is with a parse.
BUNDLED_XML = {"BODYWORK_BUNDLED_XML": "1"}


class Compiled(CliTest):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bw-cli-compile-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def compile(self, name, *paths, corpus=None, env=None):
        """Compile into the temporary folder; the report's (size, entities,
        digest) after checking it against the file."""
        out = self.path(name)
        p = self.answer("compile", "-o", out, *paths, corpus=corpus, env=env)
        m = REPORT.match(p.stdout)
        self.assertTrue(m, p.stdout)
        self.assertEqual(m.group(1), out)
        size, count, digest = int(m.group(2)), int(m.group(3)), m.group(4)
        self.assertEqual(size, os.path.getsize(out))
        with open(out, "rb") as f:
            self.assertEqual(f.read(4), b"BWDB")
        return size, count, digest

    def assertSameAnswers(self, compiled, xml, env=None, questions=QUESTIONS):
        for args in questions:
            with self.subTest(args=args):
                a = run(*args, corpus=xml, env=env)
                b = run(*args, corpus=compiled)
                self.assertEqual((b.returncode, b.stdout, b.stderr),
                                 (a.returncode, a.stdout, a.stderr))
        self.assertIn("Psoas major", run("show", "psoas-major",
                                         corpus=compiled).stdout)

    def test_bundled_corpus(self):
        size, count, digest = self.compile("bundled.bwdb")
        self.assertGreater(count, 500)
        stats = self.json("stats", corpus=self.path("bundled.bwdb"))
        self.assertEqual(stats["total"]["entities"], count)
        self.assertSameAnswers(self.path("bundled.bwdb"), None, BUNDLED_XML)
        # the library's own compiled copy gives the same file
        again = self.compile("bundled-xml.bwdb", env=BUNDLED_XML)
        self.assertEqual(again, (size, count, digest))

    def test_test_corpus(self):
        _, count, digest = self.compile("valid.bwdb", VALID)
        self.assertEqual(count, 18)
        self.assertSameAnswers(self.path("valid.bwdb"), VALID)
        # the same XML gives the same digest and the same bytes
        self.assertEqual(self.compile("valid2.bwdb", VALID)[2], digest)
        with open(self.path("valid.bwdb"), "rb") as a, \
                open(self.path("valid2.bwdb"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_layers(self):
        _, count, digest = self.compile("clinic.bwdb", VALID, CLINIC)
        self.assertEqual(count, 19)
        self.assertSameAnswers(self.path("clinic.bwdb"), [VALID, CLINIC],
                               questions=[("show", "iliacus", "--json"),
                                          ("show", "anterior-pelvic-tilt"),
                                          ("search", "clinic")])
        # the PATHs come after the --corpus paths; --layer goes on top
        self.assertEqual(self.compile("c2.bwdb", CLINIC, corpus=VALID)[2],
                         digest)
        self.assertEqual(self.compile("c3.bwdb", "--layer", CLINIC,
                                      corpus=VALID)[2], digest)
        self.assertNotEqual(self.compile("v.bwdb", VALID)[2], digest)

    def test_environment_selects_the_corpus(self):
        digest = self.compile("v.bwdb", VALID)[2]
        self.assertEqual(self.compile("env.bwdb",
                                      env={"BODYWORK_CORPUS": VALID})[2],
                         digest)
        # and a compiled file may be what it names
        p = run("show", "psoas-major", corpus=None,
                env={"BODYWORK_CORPUS": self.path("v.bwdb")})
        self.assertEqual(p.stdout, run("show", "psoas-major").stdout)

    def test_json(self):
        doc = self.json("compile", "-o", self.path("j.bwdb"), VALID,
                        corpus=None)
        self.assertEqual(set(doc), {"file", "size", "entities", "digest"})
        self.assertEqual(doc["file"], self.path("j.bwdb"))
        self.assertEqual(doc["size"], os.path.getsize(self.path("j.bwdb")))
        self.assertEqual(doc["entities"], 18)
        self.assertEqual(doc["digest"], self.compile("k.bwdb", VALID)[2])
        with open(os.path.join(SOURCE, "docs", "bodywork.1")) as f:
            page = f.read()
        self.assertIn("\n.SS compile\n", page)
        for key in doc:
            self.assertIn(f'"{key}"', page)

    def test_output_forms(self):
        # --output, --output=, and -o before or after the PATHs
        for n, args in enumerate((("--output", self.path("o0.bwdb"), VALID),
                                  ("--output=" + self.path("o1.bwdb"), VALID),
                                  (VALID, "-o", self.path("o2.bwdb")))):
            p = self.answer("compile", *args, corpus=None)
            m = REPORT.match(p.stdout)
            self.assertTrue(m, p.stdout)
            self.assertEqual(m.group(1), self.path(f"o{n}.bwdb"))
            self.assertEqual(m.group(3), "18")

    def test_replaces_a_file_whole(self):
        out = self.path("replace.bwdb")
        with open(out, "w") as f:
            f.write("old")
        self.compile("replace.bwdb", VALID)
        self.assertEqual(sorted(n for n in os.listdir(self.tmp)
                                if n.startswith("replace.bwdb")),
                         ["replace.bwdb"], "no temporary file is left")

    def test_truncated_file(self):
        self.compile("whole.bwdb", VALID)
        with open(self.path("whole.bwdb"), "rb") as f:
            data = f.read()
        cut = self.path("cut.bwdb")
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 2])
        for args in (("show", "psoas-major"), ("search", "psoas"),
                     ("plan", "psoas-major"), ("stats", "--json")):
            err = self.error(*args, corpus=cut)
            self.assertEqual(err, f"{cut}: not a usable compiled database: "
                                  "it is truncated\n")
        for corpus, args in ((cut, ()), (None, (cut,))):
            err = self.error("validate", *args, corpus=corpus)
            self.assertEqual(err, f"{cut}: error: not a usable compiled "
                                  "database: it is truncated\n")

    def test_damaged_file(self):
        self.compile("whole.bwdb", VALID)
        with open(self.path("whole.bwdb"), "rb") as f:
            data = bytearray(f.read())
        data[60] ^= 0xff  # inside the header's digest
        bad = self.path("damaged.bwdb")
        with open(bad, "wb") as f:
            f.write(data)
        err = self.error("show", "psoas-major", corpus=bad)
        self.assertTrue(err.startswith(f"{bad}: not a usable compiled "
                                       "database: "), err)
        self.assertEqual(err.count("\n"), 1, err)

    def test_validate(self):
        self.compile("valid.bwdb", VALID)
        out = self.answer("validate", corpus=self.path("valid.bwdb")).stdout
        self.assertEqual(out, "corpus: ok, 18 entities\n")
        self.assertEqual(self.json("validate", corpus=self.path("valid.bwdb")),
                         {"valid": True, "results": [
                             {"path": None, "valid": True, "entities": 18}]})
        # a compiled file is no layer among others: one problem, the reason
        err = self.error("validate", LONELY, corpus=self.path("valid.bwdb"))
        self.assertEqual(err, f"{self.path('valid.bwdb')}: error: a compiled "
                              "database cannot be one layer of several: "
                              "compile the layers together\n")

    def test_validate_a_compiled_path(self):
        # a compiled file cannot be a layer, so as a PATH with nothing
        # selected under it, it is checked alone
        self.compile("valid.bwdb", VALID)
        good = self.path("valid.bwdb")
        out = self.answer("validate", good, corpus=None).stdout
        self.assertEqual(out, f"{good}: ok, 18 entities\n")

    def test_damage_found_when_read(self):
        # the first entity's name pointed far outside the file: the open
        # checks no entity record, the first command to reach it fails
        self.compile("valid.bwdb", VALID)
        with open(self.path("valid.bwdb"), "rb") as f:
            data = bytearray(f.read())
        nsect = struct.unpack_from("<I", data, 20)[0]
        image = None
        for i in range(nsect):
            sid, _, off, _ = struct.unpack_from("<IIQQ", data, 112 + 24 * i)
            if sid == 0x100:
                image = off
        self.assertIsNotNone(image, "the model's section")
        entities = struct.unpack_from("<I", data, image + 4)[0]
        struct.pack_into("<i", data, image + entities + 16, 0x3fffffff)
        bad = self.path("bad-entity.bwdb")
        with open(bad, "wb") as f:
            f.write(data)
        want = (f"{bad}: not a usable compiled database: an entity's text "
                "lies outside the strings (entities, record 0)\n")
        # a listing reads through getters, which cannot fail: what it
        # printed is followed by the reason, and the status says so
        p = self.answer("list", "--ids", corpus=bad, status=2)
        self.assertEqual(p.stderr, want)
        first = self.answer("list", "--ids",
                            corpus=self.path("valid.bwdb")).stdout.split()[0]
        self.assertEqual(p.stdout.split("\n")[0], "", "a stand-in, no id")
        # a look-up that reaches it fails outright
        err = self.error("show", first, corpus=bad)
        self.assertEqual(err, want)
        err = self.error("validate", bad, corpus=None)
        self.assertIn("an entity's text lies outside the strings", err)
        # an intact file says nothing of the kind
        self.assertEqual(self.answer("list", "--ids",
                                     corpus=self.path("valid.bwdb")).stderr, "")

    def test_not_a_layer(self):
        self.compile("valid.bwdb", VALID)
        for corpus in ([self.path("valid.bwdb"), CLINIC],
                       [VALID, self.path("valid.bwdb")]):
            err = self.error("stats", corpus=corpus)
            self.assertIn("a compiled database cannot be one layer", err)
        err = self.error("stats", "--layer", LONELY,
                         corpus=self.path("valid.bwdb"))
        self.assertIn("a compiled database cannot be one layer", err)

    def test_usage(self):
        err = self.error("compile", VALID)
        self.assertEqual(err, "bodywork: compile needs the file to write: "
                              "-o FILE; try 'bodywork compile --help'\n")
        self.assertIn("needs a value", self.error("compile", VALID, "-o"))
        self.assertIn("needs a value", self.error("compile", "--output"))
        self.assertIn("unknown option '--limit' for compile",
                      self.error("compile", "-o", self.path("x.bwdb"),
                                 "--limit", "3"))
        self.assertFalse(os.path.exists(self.path("x.bwdb")))
        # -o is compile's and map's; elsewhere it is an argument as before
        self.assertEqual(run("search", "-o", "psoas").stdout,
                         run("search", "--", "-o", "psoas").stdout)

    def test_failures_write_nothing(self):
        missing = os.path.join(self.tmp, "no", "such", "folder", "x.bwdb")
        err = self.error("compile", "-o", missing, VALID, corpus=None)
        self.assertEqual(err, f"{missing}: cannot write the compiled "
                              "database: No such file or directory\n")
        broken = os.path.join(os.path.dirname(LONELY), "broken.xml")
        err = self.error("compile", "-o", self.path("broken.bwdb"), broken,
                         corpus=None)
        self.assertTrue(err.startswith(f"{broken}:7:5: "), err)
        self.assertFalse(os.path.exists(self.path("broken.bwdb")))


class Cache(CliTest):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bw-cli-cache-")
        self.cache = os.path.join(self.tmp, "cache")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def files(self):
        return sorted(os.listdir(self.cache)) if os.path.isdir(self.cache) \
            else []

    def recorded(self):
        """The XML digests the cache files record (32 bytes at offset 56,
        docs/compiled.md), sorted: the files are named by that digest and
        the corpus's absolute paths hashed together."""
        out = []
        for name in self.files():
            with open(os.path.join(self.cache, name), "rb") as f:
                out.append(f.read(88)[56:88].hex())
        return sorted(out)

    def digest(self, *paths):
        out = os.path.join(self.tmp, "digest.bwdb")
        return json.loads(run("compile", "-o", out, "--json", *paths,
                              corpus=None).stdout)["digest"]

    def test_compiles_once_then_maps(self):
        plain = [run(*args) for args in QUESTIONS]
        first = [run("--cache", self.cache, *args) for args in QUESTIONS]
        self.assertEqual(self.recorded(), [self.digest(VALID)])
        cached = os.path.join(self.cache, self.files()[0])
        stamp = os.stat(cached).st_mtime_ns, os.stat(cached).st_ino
        second = [run("--cache", self.cache, *args) for args in QUESTIONS]
        for p, a, b in zip(plain, first, second):
            self.assertEqual((a.returncode, a.stdout, a.stderr),
                             (p.returncode, p.stdout, p.stderr))
            self.assertEqual((b.returncode, b.stdout, b.stderr),
                             (p.returncode, p.stdout, p.stderr))
        self.assertEqual((os.stat(cached).st_mtime_ns, os.stat(cached).st_ino),
                         stamp, "a good cache file is mapped, not rewritten")

    def test_changed_xml_compiles_again(self):
        corpus = os.path.join(self.tmp, "corpus")
        shutil.copytree(VALID, corpus)
        before = run("--cache", self.cache, "show", "psoas-major",
                     corpus=corpus).stdout
        base = os.path.join(corpus, "base.xml")
        with open(base) as f:
            text = f.read()
        self.assertIn("<name>Psoas major</name>", text)
        with open(base, "w") as f:
            f.write(text.replace("<name>Psoas major</name>",
                                 "<name>Psoas maior</name>"))
        after = self.answer("--cache", self.cache, "show", "psoas-major",
                            corpus=corpus).stdout
        self.assertIn("Psoas maior", after)
        self.assertNotEqual(before, after)
        self.assertEqual(len(self.files()), 2)
        self.assertIn(self.digest(corpus), self.recorded())

    def test_a_copy_elsewhere_keeps_its_own_paths(self):
        # The digest leaves out where the files lie, so two copies of one
        # corpus have one digest; what the cache says of entity files must
        # still be the copy's own, so each copy has its own cache file.
        copy = os.path.join(self.tmp, "copy")
        shutil.copytree(VALID, copy)
        self.answer("--cache", self.cache, "stats")
        p = self.answer("--cache", self.cache, "show", "psoas-major", "--json",
                        corpus=copy)
        self.assertEqual(json.loads(p.stdout)["file"],
                         os.path.join(copy, "base.xml"))

    def test_environment(self):
        env = {"BODYWORK_CORPUS": f"{VALID}:{LONELY}"}
        plain = run("show", "lonely-muscle", corpus=None, env=env)
        self.assertEqual(plain.returncode, 0, plain.stderr)
        for _ in range(2):
            p = run("--cache", self.cache, "show", "lonely-muscle",
                    corpus=None, env=env)
            self.assertEqual((p.returncode, p.stdout, p.stderr),
                             (0, plain.stdout, ""))
        self.assertEqual(self.recorded(), [self.digest(VALID, LONELY)])

    def test_compiled_and_bundled_corpora_need_none(self):
        compiled = os.path.join(self.tmp, "valid.bwdb")
        self.answer("compile", "-o", compiled, VALID, corpus=None)
        p = self.answer("--cache", self.cache, "show", "psoas-major",
                        corpus=compiled)
        self.assertEqual(p.stdout, run("show", "psoas-major").stdout)
        p = self.answer("--cache", self.cache, "stats", corpus=None)
        self.assertEqual(p.stdout, run("stats", corpus=None).stdout)
        self.assertEqual(self.files(), [])

    def test_unwritable_cache_is_passed_over(self):
        blocker = os.path.join(self.tmp, "file")
        with open(blocker, "w") as f:
            f.write("not a folder")
        p = self.answer("--cache", blocker, "show", "psoas-major")
        self.assertEqual(p.stdout, run("show", "psoas-major").stdout)

    def test_errors_are_the_same(self):
        broken = os.path.join(os.path.dirname(LONELY), "broken.xml")
        a = run("stats", corpus=broken)
        b = run("--cache", self.cache, "stats", corpus=broken)
        self.assertEqual((b.returncode, b.stderr), (2, a.stderr))
        self.assertEqual(self.files(), [])
        self.assertIn("needs a value", self.error("stats", "--cache"))


if __name__ == "__main__":
    unittest.main()
