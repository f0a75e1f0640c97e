'use strict';
// Search, suggestions, the relation queries and questions on the bundled
// corpus, sync and async, with their options and errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const { bodywork } = require('./helpers');

const db = bodywork.open();
test.after(() => db.close());

test('search: ranked hits with score, match, fields, label, snippet', () => {
  const r = db.search('psoas');
  assert.ok(r instanceof bodywork.Results);
  assert.equal(r.query, 'psoas');
  assert.equal(r.correction, null);
  assert.equal(r.length, 10);
  assert.ok(r.total > r.length);
  const [top] = r;
  assert.ok(top instanceof bodywork.Hit);
  assert.equal(top.entity, db.byId('psoas-major'));
  assert.equal(top.rank, 0);
  assert.equal(top.match, 'exact');
  assert.equal(top.label, 'Psoas major');
  assert.ok(top.fields.includes('name'));
  assert.match(top.snippet, /\[psoas\]/i);
  assert.equal(top.fact, null);
  const scores = r.hits.map((h) => h.score);
  assert.deepEqual(scores, scores.slice().sort((a, b) => b - a));
  assert.deepEqual(r.entities(), r.hits.map((h) => h.entity));
  assert.equal(r.at(-1), r.hits[9]);
  assert.equal(r.hits.map((h) => h.rank).join(), '0,1,2,3,4,5,6,7,8,9');
});

test('search: the words a hit does not match', () => {
  const r = db.search('psoas zebra');
  assert.equal(r.at(0).entity.id, 'psoas-major');
  assert.equal(r.at(0).dropped, 'zebra');
  assert.equal(db.search('psoas').at(0).dropped, null);
  assert.equal(JSON.parse(JSON.stringify(r)).hits[0].dropped, 'zebra');
});

test('search: did you mean', () => {
  const r = db.search('psoas strech kind:technique');
  assert.equal(r.correction, 'psoas stretch kind:technique');
  assert.ok(r.length > 0);
  for (const h of r) {
    assert.equal(h.entity.kind, 'technique');
    assert.equal(h.match, 'typo1');
  }
  const none = db.search('psoas strech kind:technique', { typoThreshold: 0 });
  assert.equal(none.correction, null);
  assert.ok(none.hits.every((h) => h.match !== 'typo1'));
});

test('search options: kind, limit, offset, marks, snippet words, prefix, synonyms', () => {
  const all = db.search('hip', { limit: 30 });
  const page = db.search('hip', { limit: 10, offset: 10 });
  assert.deepEqual(page.entities(), all.entities().slice(10, 20));
  assert.equal(page.total, all.total);
  assert.equal(page.offset, 10);
  const techniques = db.search('hip', { kind: 'technique', limit: 50 });
  assert.ok(techniques.length > 0);
  assert.ok(techniques.hits.every((h) => h.entity.kind === 'technique'));
  const two = db.search('hip', { kind: ['muscle', 'group'], limit: 50 });
  assert.ok(two.hits.every((h) => ['muscle', 'group'].includes(h.entity.kind)));
  assert.ok(two.hits.some((h) => h.entity.kind === 'group'));
  const marked = db.search('psoas', { marks: ['<b>', '</b>'], limit: 1 });
  assert.match(marked.at(0).snippet, /<b>psoas<\/b>/i);
  assert.doesNotMatch(marked.at(0).snippet, /\[psoas\]/i);
  const short = db.search('psoas', { snippetWords: 4, limit: 1 });
  const long = db.search('psoas', { snippetWords: 40, limit: 1 });
  assert.ok(short.at(0).snippet.length < long.at(0).snippet.length);
  assert.ok(db.search('ilio').length > 0);
  assert.equal(db.search('ilio').at(0).match, 'prefix');
  assert.equal(db.search('ilio', { prefix: false, typoThreshold: 0 }).length, 0);
  assert.equal(db.search('ilio ').length, 0, 'a trailing space ends the prefix');
  assert.equal(db.search('', {}).length, 0);
  assert.ok(db.search('hip', { synonyms: false }).length > 0);
});

test('search errors: query position, bad options', () => {
  assert.throws(() => db.search('"unclosed'), (e) => {
    assert.ok(e instanceof bodywork.QueryError);
    assert.equal(e.code, bodywork.STATUS.EQUERY);
    assert.equal(e.column, 1);
    assert.equal(e.position, 0);
    assert.equal(e.file, null);
    return true;
  });
  // the column counts bytes, the position characters of the string
  assert.throws(() => db.search('psoás "major'), (e) =>
    e instanceof bodywork.QueryError && e.column === 8 && e.position === 6);
  assert.throws(() => db.search('herb:basil'), bodywork.QueryError);
  assert.throws(() => db.search('psoas', { limit: 0 }), bodywork.InvalidArgumentError);
  assert.throws(() => db.search('psoas', { limit: 1001 }), bodywork.InvalidArgumentError);
  assert.throws(() => db.search('psoas', { limit: -1 }), bodywork.InvalidArgumentError);
  assert.throws(() => db.search('psoas', { offset: -1 }), RangeError);
  assert.throws(() => db.search('psoas', { kind: 'herb' }), bodywork.InvalidArgumentError);
  assert.throws(() => db.search('psoas', { limt: 5 }), TypeError);
  assert.throws(() => db.search('psoas', { marks: '[]' }), TypeError);
  assert.throws(() => db.search(42), TypeError);
});

test('suggest', () => {
  const r = db.suggest('ilio');
  assert.ok(r.length > 0);
  for (const h of r) assert.match(h.label, /(^|\s)ilio/i);
  const muscles = db.suggest('ilio', { kind: 'muscle', limit: 2 });
  assert.equal(muscles.length, 2);
  assert.ok(muscles.hits.every((h) => h.entity.kind === 'muscle'));
  assert.throws(() => db.suggest('ilio', { offset: 2 }), TypeError);
});

test('muscles for a symptom in the client\'s words', () => {
  const r = db.musclesForSymptom('it hurts across my low back when I get up from a chair');
  assert.ok(r.length > 0);
  for (const h of r) {
    assert.equal(h.entity.kind, 'muscle');
    assert.ok(h.fact instanceof bodywork.Fact);
    assert.ok(['causes', 'referral'].includes(h.fact.field));
    assert.equal(h.fact.entity, h.entity);
  }
  assert.equal(db.musclesForSymptom('low back pain', { limit: 2 }).length, 2);
});

test('techniques for a muscle', () => {
  const psoas = db.byId('psoas-major');
  const r = db.techniquesFor(psoas, { limit: 50 });
  assert.deepEqual(new Set(r.entities()), new Set(psoas.techniques));
  const roles = r.hits.map((h) => h.fact.qualifier);
  assert.deepEqual(roles, roles.slice().sort((a, b) => (a === 'primary' ? 0 : 1) - (b === 'primary' ? 0 : 1)));
  for (const h of r) assert.equal(h.fact.target, psoas);
  assert.deepEqual(db.techniquesFor('psoas', { limit: 50 }).entities(), r.entities());
  assert.throws(() => db.techniquesFor('endometriosis'), bodywork.InvalidArgumentError);
  assert.throws(() => db.techniquesFor('no such muscle'), bodywork.NotFoundError);
});

test('ask: each reading', () => {
  const causes = db.ask('which muscles cause groin pain');
  assert.ok(causes instanceof bodywork.Answer);
  assert.equal(causes.kind, 'causes');
  assert.equal(causes.reading, 'muscles that cause: Groin pain');
  assert.deepEqual(causes.entities.map((e) => [e.entity.id, e.words, e.match]),
    [['groin-pain', 'groin pain', 'exact']]);
  assert.ok(causes.results.length > 0);
  assert.ok(causes.results.hits.every((h) => h.fact.target.id === 'groin-pain'));
  assert.equal(causes.plan, null);
  assert.equal(causes.screen, null);

  const techniques = db.ask('QL stretch');
  assert.equal(techniques.kind, 'techniques');
  assert.equal(techniques.entities[0].entity.id, 'quadratus-lumborum');

  const plan = db.ask('psoas with endometriosis');
  assert.equal(plan.kind, 'plan');
  assert.equal(plan.results, null);
  assert.ok(plan.plan instanceof bodywork.Plan);
  assert.deepEqual(plan.plan.toJSON(), db.plan('psoas', ['endometriosis']).toJSON());

  const screen = db.ask('warfarin and pregnancy');
  assert.equal(screen.kind, 'screen');
  assert.deepEqual(screen.screen.conditions.map((c) => c.id), ['anticoagulant-therapy', 'pregnancy']);

  assert.equal(db.ask('what does the femoral nerve supply').kind, 'nerve');
  assert.equal(db.ask('muscles at L3').kind, 'levels');
  assert.equal(db.ask('hamstrings').kind, 'members');
  const typo = db.ask('ilipsoas strech');
  assert.equal(typo.kind, 'search');
  const search = db.ask('zebra crossing', { limit: 3 });
  assert.equal(search.kind, 'search');
  assert.equal(search.reading, 'search: zebra crossing');
  assert.ok(search.results.length <= 3);
  assert.ok(bodywork.ASK_KINDS.includes(search.kind));
  assert.throws(() => db.ask('x'.repeat(9000)), bodywork.QueryError);
});

test('every call has an async twin with the same answer', async () => {
  const pairs = [
    ['search', ['psoas strech', { kind: 'technique', limit: 5 }]],
    ['suggest', ['ilio', { limit: 4 }]],
    ['musclesForSymptom', ['pain getting up from a chair']],
    ['techniquesFor', ['psoas']],
    ['ask', ['which muscles cause groin pain']],
    ['plan', ['psoas', ['endometriosis', 'anterior pelvic tilt']]],
    ['restrictions', ['muscle-swimming']],
    ['screen', [['deep vein thrombosis', 'warfarin']]],
  ];
  for (const [name, args] of pairs) {
    const sync = db[name](...args);
    const promise = db[name + 'Async'](...args);
    assert.ok(promise instanceof Promise, name);
    assert.deepEqual(JSON.stringify(await promise), JSON.stringify(sync), name);
  }
  assert.equal(await db.lookupAsync('iliopsoas'), db.lookup('iliopsoas'));
  await assert.rejects(db.searchAsync('"unclosed'), (e) =>
    e instanceof bodywork.QueryError && e.position === 0);
  await assert.rejects(db.searchAsync('psoas', { limit: 0 }), bodywork.InvalidArgumentError);
  await assert.rejects(db.planAsync('psoas', ['no such condition']), bodywork.NotFoundError);
});

test('toJSON of results has the command line\'s hit shape', () => {
  const json = JSON.parse(JSON.stringify(db.search('psoas', { limit: 2 })));
  assert.deepEqual(Object.keys(json), ['query', 'correction', 'total', 'offset', 'hits']);
  assert.deepEqual(Object.keys(json.hits[0]),
    ['id', 'kind', 'name', 'rank', 'label', 'score', 'match', 'fields', 'snippet', 'dropped']);
  assert.equal(json.hits[0].id, 'psoas-major');
  const rel = JSON.parse(JSON.stringify(db.techniquesFor('psoas', { limit: 1 })));
  assert.equal(rel.hits[0].fact.target, 'psoas-major');
});
