"""test_map.py: bodywork map muscle|symptom|screen: SVG on standard output
or in --output's file, {"kind", "svg"} with --json, usage errors for a
missing name or condition, exit 2 for an unknown name, on the test corpus
with tests/data/map/layer.xml and on the bundled corpus."""
import json
import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

from clitest import DATA, VALID, CliTest

LAYERED = [VALID, os.path.join(DATA, "map", "layer.xml")]
SVG = "{http://www.w3.org/2000/svg}"


def titles(svg):
    root = ET.fromstring(svg)
    return [p.find(SVG + "title").text for p in root.iter(SVG + "path")
            if p.get("role") == "img"]


class Map(CliTest):
    def test_muscle_map_on_stdout(self):
        out = self.answer("map", "muscle", "test flexor", corpus=LAYERED).stdout
        self.assertTrue(out.startswith("<?xml"))
        self.assertIn("Low back: primary: pain is felt here (referral)",
                      titles(out))

    def test_output_file_and_json(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.svg")
            p = self.answer("map", "screen", "--condition", "cuts-and-scrapes",
                            "--output", path, corpus=LAYERED)
            self.assertEqual(p.stdout, "")
            with open(path) as f:
                svg = f.read()
        self.assertIn("Knee: off: no work here (Cuts & <scrapes>)", titles(svg))
        doc = self.json("map", "symptom", "thigh-ache", corpus=LAYERED)
        self.assertEqual(doc["kind"], "symptom")
        self.assertIn("Thigh: primary: pain is felt here (felt)", titles(doc["svg"]))

    def test_usage(self):
        self.assertIn("needs at least one --condition",
                      self.error("map", "screen", corpus=LAYERED))
        self.assertIn("needs one name", self.error("map", "muscle", corpus=LAYERED))
        self.assertIn("not 'organ'", self.error("map", "organ", "x", corpus=LAYERED))
        self.assertIn("thigh-ache", self.error("map", "muscle", "thigh-ache",
                                               corpus=LAYERED))
        self.assertIn("no body map", self.error("map", "muscle", "psoas-major"))

    def test_bundled(self):
        svg = self.answer("map", "muscle", "psoas", corpus=None).stdout
        marked = titles(svg)
        self.assertTrue(any(t.startswith("Low back: primary") for t in marked), marked)
        svg = self.answer("map", "screen", "--condition", "pregnancy",
                          "--condition", "warfarin", corpus=None).stdout
        self.assertTrue(any(t.startswith("Abdomen: light pressure only") for t in titles(svg)))


if __name__ == "__main__":
    unittest.main()
