'use strict';
// Opening: the bundled corpus, files and folders as layers, the bundled
// corpus under layers, BODYWORK_CORPUS, openAsync, validate, and errors
// with their code, file, line and column.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { bodywork, root, fixture, corpus, tmpdir } = require('./helpers');

test('the bundled corpus opens with no paths', () => {
  const db = bodywork.open();
  try {
    assert.equal(db.paths, null);
    assert.equal(db.closed, false);
    assert.ok(db.count('muscle') > 100);
    assert.equal(db.lookup('psoas major').id, 'psoas-major');
    assert.match(db.byId('psoas-major').file, /^bundled:/);
  } finally {
    db.close();
  }
});

test('files and folders open as layers, later ones winning', () => {
  const layers = path.join(root, 'tests', 'data', 'layers', 'clinic');
  const base = bodywork.open(fixture);
  const db = bodywork.open([fixture, layers]);
  try {
    assert.deepEqual(db.paths, [fixture, layers]);
    assert.equal(base.byId('iliacus').name, 'Iliacus');
    assert.equal(db.byId('iliacus').name, 'Iliacus (clinic)');
    assert.equal(db.byId('clinic-belly-glide').kind, 'technique');
    assert.ok(base.has('anterior-pelvic-tilt'));
    assert.equal(db.get('anterior-pelvic-tilt'), null, 'hidden by the layer');
    for (const call of [() => db.byId('anterior-pelvic-tilt'), () => db.lookup('anterior-pelvic-tilt')]) {
      assert.throws(call, (e) => e instanceof bodywork.NotFoundError &&
        /was hidden by .*20-add\.xml:\d+:\d+/.test(e.detail) && e.file === null);
    }
    assert.equal(db.count(), base.count() + 2 - 1);
  } finally {
    db.close();
    base.close();
  }
});

test('bundled: true puts the bundled corpus under the layers', () => {
  const dir = corpus({
    'extra.xml': `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="node-test-notes" kind="website"><title>Node test notes</title></source>
</corpus>
`,
  });
  const bundled = bodywork.open();
  const db = bodywork.open(dir, { bundled: true });
  const alone = bodywork.open(null, { bundled: true });
  try {
    assert.equal(db.count(), bundled.count() + 1);
    assert.equal(db.byId('node-test-notes').name, 'Node test notes');
    assert.equal(db.count('source'), bundled.count('source') + 1);
    assert.equal(alone.count(), bundled.count());
  } finally {
    db.close();
    bundled.close();
    alone.close();
  }
});

test('BODYWORK_CORPUS replaces the bundled default', () => {
  const saved = process.env.BODYWORK_CORPUS;
  process.env.BODYWORK_CORPUS = fixture;
  try {
    const db = bodywork.open();
    assert.equal(db.byId('psoas-major').file, fixture);
    assert.equal(db.count('muscle'), 2);
    db.close();
  } finally {
    if (saved === undefined) delete process.env.BODYWORK_CORPUS;
    else process.env.BODYWORK_CORPUS = saved;
  }
});

test('openAsync opens on the thread pool', async () => {
  const [a, b] = await Promise.all([bodywork.openAsync(), bodywork.openAsync(fixture)]);
  try {
    assert.ok(a.count() > b.count());
    assert.equal(b.lookup('hip hiker').id, 'psoas-major');
    assert.deepEqual(b.paths, [fixture]);
  } finally {
    a.close();
    b.close();
  }
});

const bad = `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="s" kind="book"><title>S</title>
</corpus>
`;

test('a malformed file: ParseError with code, file, line and column', async () => {
  const dir = corpus({ 'bad.xml': bad });
  const file = path.join(dir, 'bad.xml');
  for (const attempt of [() => bodywork.open(file), () => bodywork.openAsync(dir)]) {
    let caught = null;
    try {
      await attempt();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof bodywork.ParseError, String(caught));
    assert.ok(caught instanceof bodywork.CorpusError);
    assert.ok(caught instanceof bodywork.BodyworkError);
    assert.ok(caught instanceof Error);
    assert.equal(caught.name, 'ParseError');
    assert.equal(caught.code, bodywork.STATUS.EPARSE);
    assert.equal(caught.file, file);
    assert.equal(caught.line, 4);
    assert.equal(caught.column, 10);
    assert.match(caught.detail, /tag mismatch/);
    assert.equal(caught.message, `${file}:4:10: ${caught.detail}`);
    assert.equal(caught.position, null);
    assert.match(caught.stack, /ParseError/);
  }
});

test('each corpus problem has its own class', () => {
  const cases = [
    ['schema', `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <herb id="x"/>
</corpus>
`, bodywork.SchemaError, bodywork.STATUS.ESCHEMA, 3],
    ['integrity', `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="s" kind="book"><title>S</title></source>
  <source id="s" kind="book"><title>T</title></source>
</corpus>
`, bodywork.IntegrityError, bodywork.STATUS.ECORPUS, 4],
  ];
  for (const [name, text, Cls, code, line] of cases) {
    const dir = corpus({ [`${name}.xml`]: text });
    assert.throws(() => bodywork.open(dir), (e) => {
      assert.ok(e instanceof Cls, `${name}: ${e}`);
      assert.equal(e.code, code);
      assert.equal(e.file, path.join(dir, `${name}.xml`));
      assert.equal(e.line, line);
      assert.ok(e.column > 0);
      return true;
    });
  }
  const missing = path.join(tmpdir(), 'missing.xml');
  assert.throws(() => bodywork.open(missing), (e) => e instanceof bodywork.FileError &&
    e.code === bodywork.STATUS.EIO && e.file === missing && e.line === null);
  assert.throws(() => bodywork.open([]), bodywork.InvalidArgumentError);
});

test('argument errors are TypeErrors', () => {
  assert.throws(() => bodywork.open(42), TypeError);
  assert.throws(() => bodywork.open([fixture, 7]), TypeError);
  assert.throws(() => bodywork.open(fixture, { layers: true }), TypeError);
  assert.throws(() => bodywork.open('a\u0000b'), TypeError);
  assert.throws(() => new bodywork.Database(), TypeError);
});

test('validate reports every problem, not just the first', () => {
  const dir = corpus({
    'a.xml': bad,
    'b.xml': `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <herb id="x"/>
</corpus>
`,
  });
  const problems = bodywork.validate(dir);
  assert.equal(problems.length, 2);
  assert.ok(problems[0] instanceof bodywork.ParseError);
  assert.equal(problems[0].file, path.join(dir, 'a.xml'));
  assert.deepEqual([problems[0].line, problems[0].column], [4, 10]);
  assert.ok(problems[1] instanceof bodywork.SchemaError);
  assert.equal(problems[1].line, 3);
  assert.equal(bodywork.validate(dir, { maxProblems: 1 }).length, 1);
  assert.deepEqual(bodywork.validate(fixture), []);
  assert.deepEqual(bodywork.validate([], { bundled: true }), []);
});

test('versions and vocabularies come from the library', () => {
  assert.match(bodywork.libraryVersion, /^\d+\.\d+\.\d+$/);
  assert.equal(bodywork.version, bodywork.libraryVersion);
  assert.equal(typeof bodywork.libraryVersionNumber, 'number');
  assert.equal(bodywork.napiVersion, 8);
  assert.deepEqual(bodywork.KINDS.slice(0, 3), ['source', 'muscle', 'technique']);
  assert.ok(bodywork.FIELDS.includes('blood-supply'));
  assert.deepEqual(bodywork.EVIDENCE, ['established', 'practice', 'tradition', 'anecdote', 'disputed']);
  assert.ok(bodywork.SEVERITIES.includes('red-flag'));
  assert.equal(bodywork.SEVERITY_LABELS.length, bodywork.SEVERITIES.length);
  assert.equal(bodywork.SCREEN_ACTIONS[0], 'refer');
  assert.ok(bodywork.ASK_KINDS.includes('causes'));
  assert.equal(bodywork.strerror(bodywork.STATUS.ENOTFOUND), 'not found');
  assert.ok(Object.isFrozen(bodywork.KINDS));
  assert.ok(fs.existsSync(path.join(__dirname, '..', 'index.d.ts')));
});
