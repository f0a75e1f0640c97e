'use strict';
// Entities and their facts, lookups, iteration, rules, sites, groups and
// the level helpers, on the tests' small corpus (every element of the
// schema) and, for groups, the bundled one.
const test = require('node:test');
const assert = require('node:assert/strict');
const { bodywork, fixture, corpus } = require('./helpers');

const db = bodywork.open(fixture);
test.after(() => db.close());

test('lookup, get, byId and has', () => {
  const psoas = db.byId('psoas-major');
  for (const name of ['psoas-major', 'Psoas Major', 'PSOAS-major', 'psoás major', 'hip hiker']) {
    assert.equal(db.lookup(name), psoas, name);
    assert.equal(db.get(name), psoas, name);
    assert.ok(db.has(name));
  }
  assert.ok(psoas instanceof bodywork.Muscle && psoas instanceof bodywork.Entity);
  assert.ok(db.has(psoas));
  assert.equal(db.get('no such muscle'), null);
  assert.equal(db.has('no such muscle'), false);
  assert.throws(() => db.lookup('no such muscle'), (e) =>
    e instanceof bodywork.NotFoundError && e.code === bodywork.STATUS.ENOTFOUND &&
    /no such muscle/.test(e.message));
  assert.throws(() => db.byId('Psoas major'), bodywork.NotFoundError);
  assert.throws(() => db.lookup(7), TypeError);
  assert.throws(() => db.lookup('psoas\u0000'), TypeError);
});

test('lookupAsync', async () => {
  assert.equal(await db.lookupAsync('hip hiker'), db.byId('psoas-major'));
  await assert.rejects(db.lookupAsync('nothing at all'), bodywork.NotFoundError);
});

test('counts, stats and iteration in kind and id order', () => {
  const stats = db.stats();
  assert.deepEqual(Object.keys(stats), bodywork.KINDS);
  assert.equal(stats.muscle, 2);
  assert.equal(db.count('muscle'), 2);
  assert.equal(db.count(), Object.values(stats).reduce((a, b) => a + b));
  assert.equal(db.size, db.count());
  assert.throws(() => db.count('herb'), bodywork.InvalidArgumentError);

  const all = [...db];
  assert.equal(all.length, db.count());
  assert.deepEqual(all.map((e) => e.id), db.entities().ids());
  const kinds = all.map((e) => bodywork.KINDS.indexOf(e.kind));
  assert.deepEqual(kinds, kinds.slice().sort((a, b) => a - b));

  const muscles = db.muscles;
  assert.equal(muscles.kind, 'muscle');
  assert.equal(muscles.length, 2);
  assert.deepEqual(muscles.ids(), ['iliacus', 'psoas-major']);
  assert.deepEqual([...muscles].map((m) => m.name), ['Iliacus', 'Psoas major']);
  assert.equal(muscles.at(-1), db.byId('psoas-major'));
  assert.equal(muscles.at(5), undefined);
  assert.ok(muscles.has('hip hiker'));
  assert.ok(!muscles.has('endometriosis'));
  assert.ok(db.conditions.has(db.byId('endometriosis')));
  assert.equal(db.entities().kind, null);
  assert.deepEqual(db.techniques.toArray().map((t) => t.id), ['abdominal-release', 'table-edge-stretch']);
  for (const [prop, kind] of [['sources', 'source'], ['symptoms', 'symptom'],
    ['sites', 'site'], ['groups', 'group'], ['conditions', 'condition']]) {
    assert.equal(db[prop].length, stats[kind], prop);
    for (const e of db[prop]) assert.equal(e.kind, kind);
  }
});

test('an entity: name, summary, aliases, file, line, attributes', () => {
  const psoas = db.byId('psoas-major');
  assert.equal(psoas.name, 'Psoas major');
  assert.equal(psoas.kind, 'muscle');
  assert.equal(psoas.summary, 'The deep hip flexor joining the lumbar spine to the femur.');
  assert.deepEqual(psoas.aliases, ['so-as', 'hip hiker', 'Músculus psoas major']);
  assert.equal(psoas.file, fixture);
  assert.equal(psoas.line, 19);
  assert.equal(psoas.database, db);
  assert.equal(psoas.depth, 'deep');
  assert.equal(psoas.attr('depth'), 'deep');
  assert.equal(psoas.attr('modality'), null);
  assert.deepEqual(psoas.regions, ['lumbar', 'hip']);
  assert.ok(psoas.equals(db.lookup('hip hiker')));
  const t = db.byId('table-edge-stretch');
  assert.ok(t instanceof bodywork.Technique);
  assert.deepEqual([t.modality, t.lever], ['pnf', 'long']);
  assert.equal(db.byId('forum').sourceKind, 'forum-thread');
  assert.equal(db.byId('blood-clot').category, 'medication');
  assert.equal(db.byId('femoral-triangle').type, 'endangerment');
});

test('facts: text, field, source, evidence, levels, disputed', () => {
  const psoas = db.byId('psoas-major');
  const origin = psoas.origin;
  assert.equal(origin.length, 2);
  assert.ok(Object.isFrozen(origin));
  const [first, second] = origin;
  assert.ok(first instanceof bodywork.Fact);
  assert.match(first.text, /^Sides of the\s+vertebral bodies T12 to L4/);
  assert.equal(first.field, 'origin');
  assert.equal(first.entity, psoas);
  assert.equal(first.source, db.byId('anatomy-text'));
  assert.ok(first.source instanceof bodywork.Source);
  assert.equal(first.evidence, 'established');
  assert.equal(first.disputed, false);
  assert.equal(first.levels, 'T12-L4');
  assert.deepEqual([...first.levelSet], ['T12', 'L1', 'L2', 'L3', 'L4']);
  assert.equal(first.line, 25);
  assert.equal(second.evidence, 'practice');
  assert.equal(second.levels, 'T12-L5');

  const [flexes, extendsHip] = psoas.action;
  assert.equal(flexes.correction, null);
  assert.equal(extendsHip.text, 'Extends the hip.');
  assert.equal(extendsHip.disputed, true);
  assert.equal(extendsHip.evidence, 'disputed');
  assert.match(extendsHip.correction, /It flexes the hip/);
  assert.equal(extendsHip.correctionSource, db.byId('anatomy-text'));

  const [related] = psoas.related;
  assert.equal(related.target, db.byId('iliacus'));
  assert.equal(related.qualifier, 'blends-with');
  assert.equal(psoas.causes[0].target.id, 'low-back-pain');
  assert.equal(psoas.alias[1].qualifier, 'nickname');
  assert.equal(psoas.innervation[0].levels, 'L1-L3');
  assert.equal(psoas.bloodSupply[0].text, 'Lumbar arteries.');
  assert.deepEqual(psoas.facts('blood-supply').map((f) => f.text), ['Lumbar arteries.']);
  assert.deepEqual(psoas.facts('blood_supply').map((f) => f.text), ['Lumbar arteries.']);
  assert.equal(psoas.facts('summary')[0].source.id, 'anatomy-text');
  for (const field of ['shortenedBy', 'weakenedBy', 'selfCare', 'association', 'note',
    'palpation', 'referral', 'insertion']) {
    assert.equal(psoas[field].length, 1, field);
    assert.equal(psoas[field][0].field, field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
  }
  assert.deepEqual(psoas.step, [], 'a field of another kind is empty');
  assert.throws(() => psoas.facts('herb'), bodywork.InvalidArgumentError);

  const t = db.byId('table-edge-stretch');
  assert.deepEqual(t.step.map((f) => f.text),
    ['Bring the client to the table edge.', 'Let the leg hang.', 'Contract, relax, take up slack.']);
  assert.deepEqual(t.target.map((f) => [f.target.id, f.qualifier]),
    [['psoas-major', 'primary'], ['iliacus', 'secondary']]);
  assert.deepEqual(t.position.map((f) => f.text), ['supine']);
  assert.deepEqual(t.contact.map((f) => f.target.id), ['thigh', 'knee']);
  for (const field of ['pressure', 'method', 'movement', 'preparation', 'duration',
    'repetitions', 'caution', 'benefit']) {
    assert.equal(t[field].length, 1, field);
  }
  assert.equal(t.benefit[0].evidence, 'anecdote');
  const src = db.byId('anatomy-text');
  assert.deepEqual(src.author.map((f) => f.text), ['A. Author', 'B. Author']);
  assert.equal(src.author[0].source, null);
  for (const field of ['title', 'year', 'edition', 'publisher', 'isbn', 'url']) {
    assert.equal(src[field].length, 1, field);
  }
  assert.equal(db.byId('endometriosis').sign[0].text, 'Pelvic pain.');
  assert.equal(db.byId('blood-clot').redFlag[0].text, 'New calf pain, swelling or warmth.');
  assert.equal(db.byId('low-back-pain').clue.length, 1);
  assert.equal(db.byId('femoral-triangle').structure.length, 1);
  assert.deepEqual(first.toJSON(), {
    text: first.text, evidence: 'established', source: 'anatomy-text', levels: 'T12-L4',
  });
});

test('relations both ways', () => {
  const psoas = db.byId('psoas-major');
  const iliacus = db.byId('iliacus');
  const lbp = db.byId('low-back-pain');
  assert.ok(lbp instanceof bodywork.Symptom);
  assert.deepEqual(lbp.causedBy, [iliacus, psoas]);
  assert.deepEqual(lbp.referrers('causes').map((f) => [f.entity.id, f.text]),
    [['iliacus', 'When tight.'], ['psoas-major', 'When tight.']]);
  assert.deepEqual(psoas.techniques.map((t) => t.id), ['abdominal-release', 'table-edge-stretch']);
  assert.deepEqual(iliacus.techniques.map((t) => t.id), ['table-edge-stretch']);
  assert.deepEqual(psoas.relatedFrom, [iliacus]);
  assert.deepEqual(psoas.groups, []);
  const t = db.byId('table-edge-stretch');
  assert.deepEqual(t.muscles, [psoas, iliacus]);
  assert.deepEqual(t.sites.map((s) => s.id), ['thigh', 'knee']);
});

test('sites: within, overlaps, techniques', () => {
  const tri = db.byId('femoral-triangle');
  assert.ok(tri instanceof bodywork.Site);
  assert.equal(tri.within, db.byId('thigh'));
  assert.equal(tri.within.within, db.byId('leg'));
  assert.equal(db.byId('leg').within, null);
  assert.ok(tri.overlaps('leg'));
  assert.ok(db.byId('leg').overlaps(tri));
  assert.ok(!tri.overlaps('knee'));
  assert.ok(!tri.overlaps(db.byId('abdomen')));
  assert.deepEqual(db.byId('thigh').techniques.map((t) => t.id), ['table-edge-stretch']);
});

test('rules of a condition', () => {
  const tilt = db.byId('anterior-pelvic-tilt');
  assert.ok(tilt instanceof bodywork.Condition);
  const [caution, contra] = tilt.rules;
  assert.ok(caution instanceof bodywork.Rule);
  assert.equal(caution.severity, 'caution');
  assert.equal(caution.label, 'caution');
  assert.equal(caution.excludes, false);
  assert.equal(contra.excludes, true);
  assert.equal(caution.condition, tilt);
  assert.equal(caution.reason, 'Long-lever hip extension can increase the tilt.');
  assert.equal(caution.adjustment, null);
  assert.equal(caution.source.id, 'forum');
  assert.equal(caution.evidence, 'practice');
  assert.ok(caution.line > 0);
  assert.deepEqual(caution.instead.map((t) => t.id), ['abdominal-release']);
  assert.deepEqual(caution.matches.map((m) => m.text),
    ['lever=long movement=hip-extension', 'technique abdominal-release']);
  assert.deepEqual(caution.matches[0].attrs, { lever: 'long', movement: 'hip-extension' });
  assert.equal(caution.matches[0].technique, null);
  assert.equal(caution.matches[1].technique, db.byId('abdominal-release'));
  assert.ok(caution.applies('table-edge-stretch'));
  assert.ok(caution.applies(db.byId('abdominal-release')));
  assert.ok(!contra.applies('table-edge-stretch'));
  assert.ok(contra.applies('abdominal-release'));
  assert.ok(caution.equals(tilt.rules[0]) && !caution.equals(contra));
  const [local] = db.byId('endometriosis').rules;
  assert.equal(local.severity, 'local');
  assert.equal(local.site, db.byId('abdomen'));
  assert.deepEqual(local.prefer, ['side-lying']);
  assert.equal(local.adjustment, 'Stretch the psoas through the leg instead.');
  assert.deepEqual(local.toJSON(), {
    severity: 'local', label: bodywork.SEVERITY_LABELS[1], reason: local.reason,
    evidence: 'practice', site: 'abdomen', instead: ['table-edge-stretch'],
    prefer: ['side-lying'], adjustment: local.adjustment, source: 'forum', matches: [],
    condition: 'endometriosis',
  });
});

test('toJSON of an entity is its whole record, references as ids', () => {
  const json = JSON.parse(JSON.stringify(db.byId('psoas-major')));
  assert.equal(json.id, 'psoas-major');
  assert.equal(json.kind, 'muscle');
  assert.equal(json.depth, 'deep');
  assert.deepEqual(json.regions, ['lumbar', 'hip']);
  assert.equal(json.origin.length, 2);
  assert.equal(json.related[0].target, 'iliacus');
  assert.equal(json.action[1].correctionSource, 'anatomy-text');
  assert.equal(json.bloodSupply[0].text, 'Lumbar arteries.');
  assert.equal(json.summary, 'The deep hip flexor joining the lumbar spine to the femur.');
  const cond = JSON.parse(JSON.stringify(db.byId('anterior-pelvic-tilt')));
  assert.equal(cond.rules.length, 2);
  assert.deepEqual(cond.rules[0].matches[1], { technique: 'abdominal-release' });
});

test('groups in the bundled corpus', () => {
  const big = bodywork.open();
  try {
    const hams = big.lookup('hamstrings');
    assert.ok(hams instanceof bodywork.Group);
    const members = hams.members;
    assert.ok(members.length >= 3);
    for (const m of members) {
      assert.ok(m instanceof bodywork.Muscle);
      assert.ok(m.groups.includes(hams));
    }
    assert.deepEqual(hams.member.map((f) => f.target), members);
  } finally {
    big.close();
  }
});

test('muscles at levels, and the level helpers', () => {
  assert.deepEqual(db.musclesAtLevels('L3').map((m) => m.id), ['iliacus', 'psoas-major']);
  assert.deepEqual(db.musclesAtLevels('L4').map((m) => m.id), ['psoas-major']);
  assert.deepEqual(db.musclesAtLevels('L4', 'innervation').map((m) => m.id), []);
  assert.deepEqual(db.musclesAtLevels('L3', 'innervation').map((m) => m.id), ['iliacus', 'psoas-major']);
  assert.deepEqual(db.musclesAtLevels('T12', 'origin').map((m) => m.id), ['psoas-major']);
  assert.throws(() => db.musclesAtLevels('L9'), RangeError);
  assert.throws(() => db.musclesAtLevels('L3', 'action'), bodywork.InvalidArgumentError);
  assert.deepEqual(bodywork.parseLevels('T12-L2'), ['T12', 'L1', 'L2']);
  assert.deepEqual(bodywork.parseLevels(['S1', 'L5']), ['L5', 'S1']);
  assert.equal(bodywork.formatLevels(['L1', 'T12', 'L2']), 'T12-L2');
  assert.equal(bodywork.formatLevels([]), '');
  assert.deepEqual(bodywork.parseLevels([]), []);
  assert.throws(() => bodywork.formatLevels(''), RangeError);
  assert.throws(() => bodywork.parseLevels('L3-L1'), RangeError);
});

test('codes of other systems: lookupCode and code facts', async () => {
  const dir = corpus({
    'codes.xml': `<?xml version="1.0" encoding="UTF-8"?>
<corpus version="1">
  <source id="s" kind="book"><title>S</title></source>
  <site id="loin" type="region"><name>Loin</name><code system="icd10" source="s" evidence="established">I80.2</code><summary source="s" evidence="established">Side.</summary></site>
  <site id="flank" type="region"><name>Flank</name><code system="atc" shared="yes" source="s" evidence="established">B01AA</code><summary source="s" evidence="established">Side.</summary></site>
  <site id="side" type="region"><name>Side</name><code system="atc" shared="yes" source="s" evidence="established">B01AA</code><summary source="s" evidence="established">Side.</summary></site>
</corpus>
`,
  });
  const codes = bodywork.open(dir);
  try {
    const loin = codes.byId('loin');
    assert.deepEqual(loin.code.map((f) => [f.text, f.qualifier, f.shared]), [['I80.2', 'icd10', false]]);
    for (const text of ['I80.2', 'i80.2', 'I802', 'I80.29']) {
      const found = codes.lookupCode(text);
      assert.equal(found.entity, loin, text);
      assert.equal(found.code.text, 'I80.2');
      assert.equal(found.code.field, 'code');
      assert.equal(found.code.entity, loin);
    }
    const shared = codes.lookupCode('B01AA03');
    assert.equal(shared.entity.id, 'flank', 'a shared code answers with its first holder');
    assert.equal(shared.code.shared, true);
    assert.equal(shared.code.toJSON().shared, true);
    assert.equal((await codes.lookupCodeAsync('I80.2')).entity, loin);
    assert.throws(() => codes.lookupCode('Z99'), bodywork.NotFoundError);
    await assert.rejects(codes.lookupCodeAsync('Z99'), bodywork.NotFoundError);
  } finally {
    codes.close();
  }
});
