#!/usr/bin/python3
"""gen.py: a deterministic synthetic corpus for the benchmarks.

Writes N entities (sources, muscles, techniques, conditions, symptoms in the
proportions of the bundled corpus) as schema-valid corpus files of at most
1,000 entities each, and a query set drawn from the same text.  The words
come from the bundled corpus itself, with their frequencies, and sentence
lengths follow its facts' lengths, so the index sees text shaped like the
real thing.  The same --seed and --size always give the same bytes.

    bench/gen.py --size 10000 --out build/bench/corpus-10k [--seed 1]
    bench/gen.py --out build/bench/queries-bundled      (queries only)
"""
import argparse
import glob
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus")
TEXT_TAGS = {"summary", "origin", "insertion", "action", "innervation",
             "palpation", "referral", "caution", "step", "reason", "clue",
             "note", "self-care", "shortened-by", "preparation"}
SHARE = [("source", 0.05), ("muscle", 0.30), ("technique", 0.25),
         ("condition", 0.25), ("symptom", 0.15)]
POSITIONS = ["supine", "prone", "side-lying", "seated", "standing"]
CONTACTS = ["abdomen", "groin", "low-back", "gluteal", "thigh", "knee",
            "none", "pelvic-rim", "sacrum", "ribs"]
SITES = [c for c in CONTACTS if c != "none"]  # written as <site> entities
PRESSURES = ["none", "light", "moderate", "deep"]
METHODS = ["gliding", "kneading", "static-compression", "contract-relax",
           "passive-stretch", "positional-release", "cross-fiber-friction"]
MOVEMENTS = ["hip-flexion", "hip-extension", "lumbar-flexion",
             "hip-external-rotation", "breathing"]
MODALITIES = ["pnf", "pir-met", "myofascial", "swedish", "trigger-point",
              "neuromuscular", "ortho-bionomy", "self-care"]
REGIONS = ["lumbar", "abdomen", "pelvis", "hip", "thigh"]


def corpus_text(src):
    """Words with their counts, each fact's words, and the ids by kind."""
    words, facts, ids = {}, [], {kind: [] for kind, _ in SHARE}
    for path in sorted(glob.glob(os.path.join(src, "*.xml"))):
        for el in ET.parse(path).iter():
            if el.tag in ids and el.get("id"):
                ids[el.tag].append(el.get("id"))
            if el.tag in TEXT_TAGS:
                text = " ".join(el.itertext())
                toks = [t.lower() for t in re.findall(r"[A-Za-z][A-Za-z'-]+", text)]
                if toks:
                    facts.append(toks)
                for t in toks:
                    words[t] = words.get(t, 0) + 1
    if not words:
        raise SystemExit("gen.py: the bundled corpus has no text to learn from")
    return words, facts, ids


class Text:
    def __init__(self, rnd, src):
        words, self.facts, self.ids = corpus_text(src)
        self.lengths = [len(f) for f in self.facts]
        self.rnd = rnd
        self.vocab = sorted(words)
        self.weights = [words[w] for w in self.vocab]
        self.made, self.samples = 0, []

    def words(self, n):
        return self.rnd.choices(self.vocab, self.weights, k=n)

    def sentence(self):
        n = self.rnd.choice(self.lengths)
        w = self.words(n)
        self.made += 1
        if self.made % 50 == 0 and len(w) >= 2:  # phrases to query for
            self.samples.append(w)
        return (" ".join(w).capitalize() + ".") if w else "Text."

    def name(self):
        return " ".join(self.words(self.rnd.randint(1, 3))).title()


def fact(tag, text, src, extra=""):
    return f'    <{tag}{extra} source="{src}" evidence="practice">{escape(text)}</{tag}>\n'


def contact_line(site):
    """A technique's contact element; hands-off work ("none") has none."""
    return "" if site == "none" else f"    <contact>{site}</contact>\n"


def as_site(contact):
    """A rule names a site; the draw that used to say "none" says abdomen,
    so the random stream (and every later entity) stays as it was."""
    return "abdomen" if contact == "none" else contact


def sites(src):
    """The body sites the techniques and rules name, flat."""
    return "".join(
        f'  <site id="{s}" type="region"><name>{s.replace("-", " ").title()}'
        f'</name><summary source="{src}" evidence="established">'
        f"The {s.replace('-', ' ')}.</summary></site>\n" for s in SITES)


def entity(kind, i, ids, t, rnd):
    eid = ids[kind][i]
    src = rnd.choice(ids["source"])
    name = escape(f"{t.name()} {i}")
    if kind == "source":
        return (f'  <source id="{eid}" kind="article"><title>{name}</title>'
                f'<year>{rnd.randint(1950, 2024)}</year></source>\n')
    head = (f"    <name>{name}</name>\n"
            + fact("alias", t.name().lower() + f" {i}", src, ' type="synonym"')
            + fact("summary", t.sentence(), src))
    if kind == "muscle":
        body = head
        for tag in ("origin", "insertion", "action", "innervation"):
            body += fact(tag, t.sentence(), src)
        body += fact("palpation", t.sentence(), src)
        if ids["symptom"]:
            body += (f'    <causes symptom="{rnd.choice(ids["symptom"])}" '
                     f'source="{src}" evidence="practice">{escape(t.sentence())}</causes>\n')
        body += fact("referral", t.sentence(), src)
        regions = " ".join(sorted(set(rnd.choices(REGIONS, k=2))))
        return (f'  <muscle id="{eid}" region="{regions}" depth="deep">\n'
                f"{body}  </muscle>\n")
    if kind == "technique":
        steps = "".join(f"<step>{escape(t.sentence())}</step>"
                        for _ in range(rnd.randint(2, 5)))
        return (f'  <technique id="{eid}" modality="{rnd.choice(MODALITIES)}" '
                f'lever="{rnd.choice(["short", "long"])}">\n{head}'
                f'    <target muscle="{rnd.choice(ids["muscle"])}"/>\n'
                f"    <position>{rnd.choice(POSITIONS)}</position>\n"
                + contact_line(rnd.choice(CONTACTS)) +
                f"    <pressure>{rnd.choice(PRESSURES)}</pressure>\n"
                f"    <method>{rnd.choice(METHODS)}</method>\n"
                f"    <movement>{rnd.choice(MOVEMENTS)}</movement>\n"
                f'    <steps source="{src}" evidence="practice">{steps}</steps>\n'
                + fact("caution", t.sentence(), src) + "  </technique>\n")
    if kind == "condition":
        r = rnd.random()
        if r < 0.4:
            rule = (f'<rule severity="local" '
                    f'site="{as_site(rnd.choice(CONTACTS[:-1]))}" '
                    f'source="{src}" evidence="practice">')
        else:
            sev = "contraindicated" if r < 0.7 else "caution"
            rule = (f'<rule severity="{sev}" source="{src}" evidence="practice">'
                    f'<match min-pressure="{rnd.choice(PRESSURES[1:])}" '
                    f'contact="{as_site(rnd.choice(CONTACTS))}"/>')
        rule += (f"<reason>{escape(t.sentence())}</reason>"
                 f"<adjustment>{escape(t.sentence())}</adjustment></rule>")
        return f'  <condition id="{eid}">\n{head}    {rule}\n  </condition>\n'
    return (f'  <symptom id="{eid}">\n{head}'
            + fact("clue", t.sentence(), src) + "  </symptom>\n")


# Words a user does not search for on their own.  Query words are drawn,
# with the corpus's frequencies, from the rest: content words of at least
# four letters, so that every contender is asked about something it indexes.
FUNCTION_WORDS = set("""about above after again against along also among
another because been before being below between both down during each
even from further have having here into just like more most much must
near only onto other over same should some such than that their them
then there these they this those through under until upon very were what
when where which while will with within without would your""".split())


def queries(t, rnd, ids, n=200):
    """Query classes drawn from the same text."""
    content = [(w, c) for w, c in zip(t.vocab, t.weights)
               if len(w) >= 4 and w not in FUNCTION_WORDS and w.isalpha()]
    words, weights = [w for w, _ in content], [c for _, c in content]

    def pick(k):
        return rnd.choices(words, weights, k=k)

    def phrase():
        """Two words that stand side by side in some generated text."""
        w = rnd.choice(t.samples)
        i = rnd.randrange(len(w) - 1)
        return w[i:i + 2]

    def typo(word, edits):
        w = list(word)
        for _ in range(edits):
            i = rnd.randrange(len(w))
            w[i] = rnd.choice("abcdefghijklmnopqrstuvwxyz")
        return "".join(w)
    long_words = [w for w in words if len(w) >= 9]
    mid_words = [w for w in words if 5 <= len(w) <= 8]
    three = [" ".join(pick(3)) for _ in range(n)]
    return {
        "one_word": [pick(1)[0] for _ in range(n)],
        "three_words": three,
        # the same, searched without typo corrections (typo_threshold 0):
        # the work FTS5 does, for comparing like with like
        "three_words_no_typo": three,
        "phrase": ['"' + " ".join(phrase()) + '"' for _ in range(n)],
        "prefix": [rnd.choice(words)[:3] for _ in range(n)],
        "typo1": [typo(rnd.choice(mid_words), 1) for _ in range(n)],
        "typo2": [typo(rnd.choice(long_words), 2) for _ in range(n)],
        "kind_filter": ["kind:technique " + pick(1)[0] for _ in range(n)],
        "plan": [{"muscle": rnd.choice(ids["muscle"]),
                  "conditions": rnd.sample(ids["condition"], 2)}
                 for _ in range(n)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int,
                    help="entities to write; without it, only a query set "
                         "for the --from corpus itself")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--from", dest="src", default=CORPUS,
                    help="corpus folder whose text to imitate")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    t = Text(rnd, a.src)
    os.makedirs(a.out, exist_ok=True)
    if a.size is None:  # the query set of the source corpus, from its text
        t.samples = [f for f in t.facts if len(f) >= 2]
        write_queries(a.out, queries(t, rnd, t.ids))
        return
    ids = {}
    for kind, share in SHARE:
        count = max(2, int(a.size * share))
        ids[kind] = [f"{kind}-{i:06d}" for i in range(count)]
    for old in glob.glob(os.path.join(a.out, "*.xml")):
        os.remove(old)
    chunk, part, buf = 0, 0, [sites(ids["source"][0])]
    for kind, _ in SHARE:
        for i in range(len(ids[kind])):
            buf.append(entity(kind, i, ids, t, rnd))
            chunk += 1
            if chunk == 1000:
                part = flush(a.out, part, buf)
                buf, chunk = [], 0
    if buf:
        flush(a.out, part, buf)
    write_queries(a.out, queries(t, rnd, ids))


def write_queries(out, qs):
    with open(os.path.join(out, "queries.json"), "w") as f:
        json.dump(qs, f, indent=0)


def flush(out, part, buf):
    with open(os.path.join(out, f"part-{part:04d}.xml"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<corpus version="1">\n')
        f.writelines(buf)
        f.write("</corpus>\n")
    return part + 1


if __name__ == "__main__":
    main()
