'use strict';
// Lifetimes: a closed database throws ClosedError from every call and from
// everything taken from it; close() with calls pending on the thread pool
// waits for them; entities keep their database alive; repeated open and
// close does not grow memory.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { bodywork, fixture } = require('./helpers');

const isClosed = (e) => e instanceof bodywork.ClosedError && e.code === null &&
  e instanceof bodywork.BodyworkError;

test('a closed database throws ClosedError from every call', async () => {
  const db = bodywork.open(fixture);
  const list = db.muscles;
  db.close();
  db.close(); // twice is fine
  assert.equal(db.closed, true);
  const calls = {
    lookup: () => db.lookup('psoas'), get: () => db.get('psoas'),
    has: () => db.has('psoas'), byId: () => db.byId('psoas-major'),
    count: () => db.count(), size: () => db.size, stats: () => db.stats(),
    entities: () => db.entities(), iterate: () => [...db], muscles: () => db.muscles,
    list: () => list.length, listIds: () => list.ids(), listAt: () => list.at(0),
    musclesAtLevels: () => db.musclesAtLevels('L3'),
    plan: () => db.plan('psoas major'), restrictions: () => db.restrictions('abdominal-release'),
    screen: () => db.screen(['blood-clot']), search: () => db.search('psoas'),
    suggest: () => db.suggest('ps'), musclesForSymptom: () => db.musclesForSymptom('back pain'),
    techniquesFor: () => db.techniquesFor('psoas major'), ask: () => db.ask('psoas'),
  };
  for (const [name, call] of Object.entries(calls)) assert.throws(call, isClosed, name);
  assert.throws(() => db.lookupCode('I80.2'), isClosed);
  for (const name of ['lookup', 'lookupCode', 'search', 'suggest', 'musclesForSymptom', 'techniquesFor',
    'ask', 'plan', 'restrictions', 'screen']) {
    await assert.rejects(db[name + 'Async']('psoas major'), isClosed, name + 'Async');
  }
});

test('entities, facts, rules and hits throw once their database closes', () => {
  const db = bodywork.open(fixture);
  const psoas = db.byId('psoas-major');
  const fact = psoas.origin[0];
  const rule = db.byId('endometriosis').rules[0];
  const hits = db.search('psoas');
  const plan = db.plan(psoas, ['endometriosis']);
  const it = db.muscles[Symbol.iterator]();
  it.next();
  db.close();
  for (const get of [() => psoas.id, () => psoas.name, () => psoas.summary,
    () => psoas.origin, () => psoas.facts('note'), () => psoas.aliases,
    () => psoas.techniques, () => psoas.regions, () => psoas.toJSON(),
    () => psoas.plan(), () => fact.text, () => fact.source, () => fact.levelSet,
    () => rule.reason, () => rule.site, () => rule.applies('abdominal-release'),
    () => rule.toJSON(), () => hits.at(0).entity.name, () => plan.excluded[0].technique.id,
    () => plan.excluded[0].reasons[0].rule.reason, () => it.next()]) {
    assert.throws(get, isClosed, String(get));
  }
  assert.equal(psoas.database, db);
  assert.equal(hits.total > 0, true, 'plain data stays readable');
});

test('close() with calls on the thread pool waits for them', async () => {
  const db = bodywork.open();
  const pending = [];
  for (let i = 0; i < 40; i++) pending.push(db.searchAsync(`psoas hip ${i % 7}`));
  pending.push(db.askAsync('which muscles cause groin pain'));
  pending.push(db.planAsync('psoas', ['endometriosis']));
  db.close();
  const state = bodywork._debugState(db);
  assert.equal(state.pending, 42);
  assert.equal(state.freed, false, 'the library still uses it');
  const settled = await Promise.allSettled(pending);
  for (const s of settled) {
    assert.equal(s.status, 'rejected');
    assert.ok(isClosed(s.reason));
  }
  assert.deepEqual(bodywork._debugState(db), { pending: 0, freed: true });
});

test('a call queued before close() and one after', async () => {
  const db = bodywork.open(fixture);
  const before = db.searchAsync('psoas');
  assert.deepEqual(bodywork._debugState(db), { pending: 1, freed: false });
  const results = await before;
  assert.equal(results.at(0).entity.id, 'psoas-major');
  assert.deepEqual(bodywork._debugState(db), { pending: 0, freed: false });
  db.close();
  assert.deepEqual(bodywork._debugState(db), { pending: 0, freed: true });
});

test('entities belong to their own database', () => {
  const a = bodywork.open(fixture);
  const b = bodywork.open(fixture);
  try {
    const psoas = a.byId('psoas-major');
    assert.notEqual(psoas, b.byId('psoas-major'));
    assert.ok(!psoas.equals(b.byId('psoas-major')));
    assert.equal(b.has(psoas), false);
    assert.throws(() => b.plan(psoas), bodywork.InvalidArgumentError);
    assert.throws(() => b.byId('femoral-triangle').overlaps(a.byId('leg')),
      bodywork.InvalidArgumentError);
    a.close();
    assert.equal(b.plan(b.byId('psoas-major')).muscle.id, 'psoas-major');
    assert.throws(() => b.plan(psoas), bodywork.InvalidArgumentError);
    assert.throws(() => psoas.name, isClosed);
  } finally {
    a.close();
    b.close();
  }
});

test('the addon refuses what is not a database handle', () => {
  const addon = require(process.env.BODYWORK_NODE_ADDON ||
    path.join(__dirname, '..', 'build', 'bodywork.node'));
  for (const h of [{}, null, 42, 'psoas', Symbol('x')]) {
    assert.throws(() => addon.count(h, 7), TypeError);
    assert.throws(() => addon.search(h, 'psoas', undefined, false), TypeError);
  }
  const db = bodywork.open(fixture);
  db.close();
  assert.throws(() => addon.count({}, 7), TypeError);
});

test('no leak over 2000 open/close cycles; an entity keeps its database alive', (t) => {
  const out = execFileSync(process.execPath,
    ['--expose-gc', path.join(__dirname, 'leak-child.js'), fixture, '2000'],
    { encoding: 'utf8', timeout: 600000 });
  const { before, after, alive } = JSON.parse(out);
  const growth = (after - before) / (1024 * 1024);
  t.diagnostic(`RSS ${(before / 1048576).toFixed(1)} MB -> ${(after / 1048576).toFixed(1)} MB`);
  assert.ok(growth < 20, `RSS grew by ${growth.toFixed(1)} MB over 2000 cycles`);
  assert.equal(alive, true);
});
