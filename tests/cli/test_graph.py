"""test_graph.py: "bodywork graph NAME": the neighbourhood as DOT that
Graphviz draws, and as JSON nodes and edges."""
import re
import shutil
import subprocess
import unittest

from clitest import CliTest

EDGE = re.compile(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"', re.M)


class Graph(CliTest):
    def edges(self, name):
        doc = self.json("graph", name)
        return doc, {(e["from"], e["to"], e["relation"], e["qualifier"])
                     for e in doc["edges"]}

    def test_muscle_neighbourhood(self):
        doc, edges = self.edges("psoas-major")
        self.assertRef(doc["center"], "psoas-major", "muscle")
        self.assertEqual(doc["nodes"][0], doc["center"])
        self.assertEqual(edges, {
            ("psoas-major", "iliacus", "related", "blends-with"),
            ("iliacus", "psoas-major", "related", "synergist"),
            ("psoas-major", "low-back-pain", "causes", None),
            ("abdominal-release", "psoas-major", "target", "primary"),
            ("table-edge-stretch", "psoas-major", "target", "primary"),
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
        ids = {n["id"] for n in doc["nodes"]}
        self.assertEqual(ids, {x for e in edges for x in e[:2]})

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
        self.assertIn('shape=octagon', dot)
        found = set(EDGE.findall(dot))
        self.assertIn(("iliacus", "psoas-major", "related: synergist"), found)
        self.assertIn(("endometriosis", "abdominal-release", "local"), found)
        self.assertEqual(len(found), 15)
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
                                   "graph", "psoas-major").stdout)
        nodes = [l.split()[1] for l in plain.stdout.splitlines()
                 if l.startswith("node ")]
        self.assertEqual(len(nodes), 9)

    def test_unknown(self):
        self.assertIn("'nothing-here'", self.error("graph", "nothing-here",
                                                   status=1))


if __name__ == "__main__":
    unittest.main()
