"""test_graph.py: "bodywork graph NAME": the neighbourhood as DOT that
Graphviz draws, and as JSON nodes and edges; --depth, --kind and
--max-edges narrow or widen it."""
import re
import shutil
import subprocess
import unittest

from clitest import CliTest

EDGE = re.compile(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"', re.M)


# The edges of psoas-major itself, which --depth 1 (the default) draws.
PSOAS = {("psoas-major", "iliacus", "related", "blends-with"),
         ("iliacus", "psoas-major", "related", "synergist"),
         ("psoas-major", "low-back-pain", "causes", None),
         ("abdominal-release", "psoas-major", "target", "primary"),
         ("table-edge-stretch", "psoas-major", "target", "primary")}


class Graph(CliTest):
    def edges(self, name, *args, **kw):
        doc = self.json("graph", name, *args, **kw)
        edges = {(e["from"], e["to"], e["relation"], e["qualifier"])
                 for e in doc["edges"]}
        self.assertEqual(len(edges), len(doc["edges"]), "each edge once")
        # the nodes are the entity drawn and the ends of the edges drawn
        self.assertEqual(doc["nodes"][0], doc["center"])
        self.assertEqual({n["id"] for n in doc["nodes"]},
                         {doc["center"]["id"]} | {x for e in edges
                                                  for x in e[:2]})
        return doc, edges

    def test_muscle_neighbourhood(self):
        doc, edges = self.edges("psoas-major")
        self.assertRef(doc["center"], "psoas-major", "muscle")
        self.assertEqual(edges, PSOAS)
        self.assertEqual(doc["total_edges"], 5)
        self.assertEqual(self.edges("psoas-major", "--depth", "1")[1], PSOAS)

    def test_depth_two(self):
        doc, edges = self.edges("psoas-major", "--depth", "2")
        self.assertEqual(edges - PSOAS, {
            # what the neighbours link to: iliacus, the techniques (their
            # sites, their other targets and the conditions restricting
            # them); low-back-pain adds nothing new
            ("iliacus", "low-back-pain", "causes", None),
            ("table-edge-stretch", "iliacus", "target", "secondary"),
            ("abdominal-release", "lower-abdomen", "contact", None),
            ("table-edge-stretch", "thigh", "contact", None),
            ("table-edge-stretch", "knee", "contact", None),
            ("endometriosis", "abdominal-release", "rule", "local"),
            ("anterior-pelvic-tilt", "abdominal-release", "rule",
             "contraindicated"),
            ("anterior-pelvic-tilt", "abdominal-release", "rule", "caution"),
            ("blood-clot", "abdominal-release", "rule", "clearance"),
            ("blood-clot", "abdominal-release", "rule", "contraindicated"),
            ("pulsing-mass", "abdominal-release", "rule", "red-flag"),
            ("anterior-pelvic-tilt", "table-edge-stretch", "rule", "caution"),
            ("blood-clot", "table-edge-stretch", "rule", "clearance"),
            ("blood-clot", "table-edge-stretch", "rule", "local"),
            ("pulsing-mass", "table-edge-stretch", "rule", "red-flag")})
        self.assertTrue(PSOAS <= edges)
        self.assertEqual((len(edges), doc["total_edges"]), (20, 20))
        # deeper adds only what depth 2 did not reach: the knee, thigh and
        # lower-abdomen sites' own links
        deeper = self.edges("psoas-major", "--depth", "4")[1]
        self.assertTrue(edges < deeper)
        self.assertEqual({e[3] for e in deeper - edges}, {None})

    def test_kind(self):
        _, edges = self.edges("psoas-major", "--kind", "technique")
        self.assertEqual(edges, {e for e in PSOAS if e[2] == "target"})
        # the techniques and the conditions restricting them: the psoas's
        # old picture, without its related muscle and symptom
        doc, edges = self.edges("psoas-major", "--depth", "2", "--kind",
                                "technique", "--kind", "conditions")
        self.assertEqual(len(edges), 12)
        self.assertEqual({n["kind"] for n in doc["nodes"][1:]},
                         {"technique", "condition"})
        # the entity drawn stays whatever its kind
        doc, edges = self.edges("psoas-major", "--kind", "condition")
        self.assertEqual((len(doc["nodes"]), edges), (1, set()))
        self.assertIn("unknown kind 'organ'",
                      self.error("graph", "psoas-major", "--kind", "organ"))

    def test_max_edges(self):
        doc, edges = self.edges("psoas-major", "--depth", "2",
                                "--max-edges", "4")
        self.assertEqual((len(edges), doc["total_edges"]), (4, 20))
        # the nearest first: edges of psoas-major itself
        self.assertTrue(edges <= PSOAS)
        _, every = self.edges("psoas-major", "--depth", "2", "--max-edges",
                              "0")
        self.assertEqual(len(every), 20)
        dot = self.answer("graph", "psoas-major", "--depth", "2",
                          "--max-edges", "4").stdout
        self.assertIn('label="4 of 20 edges: narrow with --kind or --depth, '
                      'or raise --max-edges"', dot)
        self.assertEqual(len(EDGE.findall(dot)), 4)
        self.assertNotIn("of 5 edges", self.answer("graph",
                                                   "psoas-major").stdout)
        for bad in (("--depth", "0"), ("--depth", "5"), ("--depth", "x"),
                    ("--max-edges", "-1"), ("--max-edges", "many")):
            self.assertIn(bad[0], self.error("graph", "psoas-major", *bad))

    def test_bundled_psoas_is_readable(self):
        # the whole corpus: by default tens of edges, all of the psoas
        doc, edges = self.edges("psoas", corpus=None)
        self.assertRef(doc["center"], "psoas-major", "muscle")
        self.assertTrue(10 <= len(edges) <= 100, len(edges))
        self.assertEqual(doc["total_edges"], len(edges))
        self.assertTrue(all("psoas-major" in e[:2] for e in edges))
        # deeper, the cap holds, and says what it left out
        doc, edges = self.edges("psoas", "--depth", "2", corpus=None)
        self.assertEqual(len(edges), 100)
        self.assertGreater(doc["total_edges"], 100)

    def test_other_kinds(self):
        _, edges = self.edges("low-back-pain")
        self.assertEqual(edges, {("iliacus", "low-back-pain", "causes", None),
                                 ("psoas-major", "low-back-pain", "causes", None)})
        _, edges = self.edges("endometriosis")
        self.assertEqual(edges, {("endometriosis", "abdominal-release", "rule",
                                  "local")})
        _, edges = self.edges("table-edge-stretch")
        self.assertEqual(edges, {
            ("table-edge-stretch", "psoas-major", "target", "primary"),
            ("table-edge-stretch", "iliacus", "target", "secondary"),
            ("table-edge-stretch", "thigh", "contact", None),
            ("table-edge-stretch", "knee", "contact", None),
            ("anterior-pelvic-tilt", "table-edge-stretch", "rule", "caution"),
            ("blood-clot", "table-edge-stretch", "rule", "clearance"),
            ("blood-clot", "table-edge-stretch", "rule", "local"),
            ("pulsing-mass", "table-edge-stretch", "rule", "red-flag")})
        # a body site: the techniques working there, and where it lies
        doc, edges = self.edges("thigh")
        self.assertRef(doc["center"], "thigh", "site")
        self.assertTrue({("table-edge-stretch", "thigh", "contact", None),
                         ("thigh", "leg", "within", None),
                         ("femoral-triangle", "thigh", "within", None)}
                        <= edges)
        doc, edges = self.edges("anatomy-text")
        self.assertEqual((len(doc["nodes"]), edges), (1, set()))

    def test_dot(self):
        dot = self.answer("graph", "psoas-major").stdout
        self.assertTrue(dot.startswith('digraph "psoas-major" {\n'))
        self.assertTrue(dot.endswith("}\n"))
        self.assertIn('"psoas-major" [label="Psoas major"', dot)
        self.assertIn('shape=box', dot)
        found = set(EDGE.findall(dot))
        self.assertIn(("iliacus", "psoas-major", "related: synergist"), found)
        self.assertEqual(len(found), 5)
        found = set(EDGE.findall(self.answer("graph", "psoas-major", "--depth",
                                             "2").stdout))
        self.assertIn(("endometriosis", "abdominal-release", "local"), found)
        self.assertEqual(len(found), 20)
        self.assertIn('shape=octagon', self.answer(
            "graph", "psoas-major", "--depth", "2").stdout)
        self.assertIn('shape=hexagon', self.answer("graph", "thigh").stdout)

    @unittest.skipUnless(shutil.which("dot"), "Graphviz is not installed")
    def test_graphviz_draws_it(self):
        for name in ("psoas-major", "endometriosis", "low-back-pain",
                     "anatomy-text", "table-edge-stretch", "thigh"):
            dot = self.answer("graph", name).stdout
            png = subprocess.run(["dot", "-Tpng"], input=dot.encode(),
                                 capture_output=True, timeout=60)
            self.assertEqual(png.returncode, 0, png.stderr)
            self.assertEqual(png.stderr, b"")
            self.assertTrue(png.stdout.startswith(b"\x89PNG"))
        plain = subprocess.run(["dot", "-Tplain"], capture_output=True,
                               text=True, input=self.answer(
                                   "graph", "psoas-major", "--depth", "2",
                                   "--max-edges", "4").stdout)
        nodes = [l.split()[1] for l in plain.stdout.splitlines()
                 if l.startswith("node ")]
        self.assertEqual(len(nodes), 4)

    def test_unknown(self):
        self.assertIn("'nothing-here'", self.error("graph", "nothing-here"))


if __name__ == "__main__":
    unittest.main()
