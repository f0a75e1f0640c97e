'use strict';
// The same answers as the command line (and so as the C library and the
// Python bindings, whose suites check the same calls): a handful of
// searches, suggestions, lookups, questions, a plan and a screen, each
// compared with `bodywork --json` on the bundled corpus.  The command line
// is BODYWORK_CLI, or the one a build tree of this repository holds.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { bodywork, cli } = require('./helpers');

const exe = cli();
const skip = exe ? false : 'no bodywork command line built (set BODYWORK_CLI)';

function run(...args) {
  const env = { ...process.env };
  delete env.BODYWORK_CORPUS;
  return JSON.parse(execFileSync(exe, ['--json', ...args], { encoding: 'utf8', env }));
}

let db;
test.before(() => { if (exe) db = bodywork.open(); });
test.after(() => { if (db) db.close(); });

const id = (r) => r && r.id;

function sameHits(ours, theirs, offset = 0) {
  assert.equal(ours.total, theirs.total);
  assert.equal(ours.correction, theirs.correction);
  assert.equal(ours.length, theirs.hits.length);
  ours.hits.forEach((h, i) => {
    const c = theirs.hits[i];
    assert.equal(h.entity.id, c.id);
    assert.equal(h.entity.kind, c.kind);
    assert.equal(h.entity.name, c.name);
    assert.equal(h.rank + 1 + offset, c.rank);
    assert.equal(h.label, c.label);
    assert.equal(h.score, c.score);
    assert.equal(h.match, c.match);
    assert.deepEqual(h.fields, c.fields);
    assert.equal(h.snippet, c.snippet);
    assert.equal(h.dropped, c.dropped);
  });
}

test('searches', { skip }, () => {
  for (const [q, opts, args] of [
    ['psoas', {}, []],
    ['psoas strech kind:technique', {}, []],
    ['pain getting up from a chair', { limit: 20 }, ['--limit', '20']],
    ['hip', { kind: ['technique', 'group'], offset: 5 },
      ['--kind', 'technique', '--kind', 'group', '--offset', '5']],
    ['"lower back" -psoas', {}, []],
    ['psoas zebra', {}, []],
  ]) {
    sameHits(db.search(q, opts), run('search', ...args, q), opts.offset || 0);
  }
});

test('suggestions', { skip }, () => {
  for (const prefix of ['ilio', 'sca', 'gluteus m']) {
    const ours = db.suggest(prefix);
    const theirs = run('suggest', prefix).suggestions;
    assert.deepEqual(ours.hits.map((h) => [h.entity.id, h.label]),
      theirs.map((s) => [s.id, s.label]), prefix);
  }
});

test('lookups: every field of an entity, with sources and grades', { skip }, () => {
  for (const name of ['iliopsoas', 'QL', 'endometriosis', 'groin pain', 'femoral triangle',
    'hamstrings', 'muscle-swimming']) {
    const e = db.lookup(name);
    const c = run('show', name);
    assert.equal(e.id, c.id, name);
    assert.equal(e.kind, c.kind);
    assert.equal(e.name, c.name);
    assert.equal(e.summary, c.summary);
    assert.equal(e.file, c.file);
    assert.equal(e.line, c.line);
    for (const [attr, v] of Object.entries(c.attributes)) assert.equal(e.attr(attr), v, attr);
    if (e instanceof bodywork.Muscle) assert.deepEqual(e.regions, c.regions);
    const fields = Object.keys(c.facts);
    assert.deepEqual(bodywork.FIELDS.filter((f) => e.facts(f).length), fields, name);
    for (const field of fields) {
      assert.deepEqual(e.facts(field).map((f) => ({
        text: f.text, source: id(f.source), evidence: f.evidence, levels: f.levels,
        qualifier: f.qualifier, target: id(f.target), line: f.line,
      })), c.facts[field].map((f) => ({
        text: f.text, source: f.source, evidence: f.evidence, levels: f.levels,
        qualifier: f.qualifier, target: id(f.target), line: f.line,
      })), `${name} ${field}`);
    }
    if (e instanceof bodywork.Condition) {
      assert.deepEqual(e.rules.map((r) => [r.severity, r.reason, id(r.site), r.line]),
        c.rules.map((r) => [r.severity, r.reason, id(r.site), r.line]));
    }
  }
});

function sameEntries(ours, theirs) {
  assert.deepEqual(ours.map((e) => ({
    technique: e.technique.id,
    reasons: e.reasons.map((r) => [r.condition.id, r.severity, r.reason, r.adjustment,
      r.match && r.match.text]),
    instead: e.instead.map((t) => t.id),
  })), theirs.map((e) => ({
    technique: e.technique.id,
    reasons: e.reasons.map((r) => [r.condition.id, r.severity, r.reason, r.adjustment,
      r.matched]),
    instead: e.instead.map(id),
  })));
}

test('a plan', { skip }, () => {
  for (const [muscle, conditions] of [
    ['psoas-major', ['endometriosis', 'anterior pelvic tilt']],
    ['hamstrings', ['knee replacement']],
    ['QL', ['warfarin', 'pregnancy']],
  ]) {
    const ours = db.plan(muscle, conditions);
    const theirs = run('plan', muscle, ...conditions.flatMap((c) => ['--condition', c]));
    assert.equal(ours.muscle.id, theirs.muscle.id);
    assert.deepEqual(ours.conditions.map((c) => c.id), theirs.conditions.map(id));
    sameEntries(ours.allowed, theirs.allowed);
    sameEntries(ours.excluded, theirs.excluded);
  }
});

test('a screen', { skip }, () => {
  const conditions = ['deep vein thrombosis', 'warfarin', 'pregnancy'];
  const ours = db.screen(conditions);
  const theirs = run('screen', ...conditions.flatMap((c) => ['--condition', c]));
  assert.equal(ours.refer, theirs.refer);
  assert.equal(ours.needsClearance, theirs.needs_clearance);
  assert.deepEqual(ours.lines.map((l) => [l.action, l.condition.id, id(l.site), l.position,
    l.pressure, l.rule ? l.rule.reason : null, l.match && l.match.text, l.fact && l.fact.text]),
  theirs.lines.map((l) => [l.action, l.condition.id, id(l.site), l.position, l.pressure,
    l.rule ? l.rule.reason : null, l.matched, l.fact && l.fact.text]));
});

test('questions', { skip }, () => {
  for (const q of ['which muscles cause groin pain', 'QL stretch', 'psoas with endometriosis',
    'is deep tissue safe on warfarin', 'ilipsoas strech']) {
    const ours = db.ask(q);
    const theirs = run('ask', q);
    assert.equal(ours.kind, theirs.kind, q);
    assert.equal(ours.reading, theirs.reading, q);
    assert.deepEqual(ours.entities.map((e) => [e.entity.id, e.words, e.match]),
      theirs.entities.map((e) => [e.id, e.words, e.match]), q);
    if (ours.results) sameHits(ours.results, theirs.result);
    if (ours.plan) sameEntries(ours.plan.excluded, theirs.result.excluded);
    if (ours.screen) assert.equal(ours.screen.lines.length, theirs.result.lines.length);
  }
});
