'use strict';
// The thread pool: 1000 searches in flight at once give the same answers
// as the synchronous calls, while the event loop keeps turning.
const test = require('node:test');
const assert = require('node:assert/strict');
const { bodywork } = require('./helpers');

const queries = ['psoas', 'hip flexor', 'psoas strech', 'low back pain', 'ilio',
  'kind:technique supine', 'rotator cuff', 'deep tissue', 'trigger point neck',
  'scalenes', 'hamstring stretch', '"lower back"', 'glute -maximus', 'shoulder',
  'quadratus lumborum', 'breathing', 'jaw clenching', 'sciatica', 'knee', 'pnf'];

test('1000 concurrent searches, the event loop responsive throughout', async () => {
  const db = await bodywork.openAsync();
  try {
    const expected = queries.map((q) => JSON.stringify(db.search(q)));
    let ticks = 0;
    let done = false;
    const tick = () => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    let intervals = 0;
    const timer = setInterval(() => { intervals++; }, 1);
    setImmediate(tick);
    const seen = [];
    const pending = [];
    for (let i = 0; i < 1000; i++) {
      const q = queries[i % queries.length];
      pending.push(db.searchAsync(q).then((r) => {
        seen.push(ticks);
        return [i, r];
      }));
    }
    assert.equal(bodywork._debugState(db).pending, 1000);
    const answers = await Promise.all(pending);
    done = true;
    clearInterval(timer);
    for (const [i, r] of answers) {
      assert.equal(JSON.stringify(r), expected[i % queries.length], queries[i % queries.length]);
    }
    // The loop ran between completions: completions saw different tick
    // counts, and timers fired while the searches were in flight.
    assert.ok(seen[0] >= 1, 'the first answer came after the loop had turned');
    assert.ok(new Set(seen).size > 1, 'answers arrived over many turns of the loop');
    assert.ok(ticks > 1 && intervals >= 1);
    assert.equal(bodywork._debugState(db).pending, 0);
  } finally {
    db.close();
  }
});

test('mixed calls in flight at once on one database', async () => {
  const db = bodywork.open();
  try {
    const jobs = [];
    for (let i = 0; i < 50; i++) {
      jobs.push([db.askAsync('which muscles cause groin pain'), db.ask('which muscles cause groin pain')]);
      jobs.push([db.planAsync('psoas', ['endometriosis']), db.plan('psoas', ['endometriosis'])]);
      jobs.push([db.suggestAsync('sca'), db.suggest('sca')]);
      jobs.push([db.screenAsync(['warfarin']), db.screen(['warfarin'])]);
      jobs.push([db.musclesForSymptomAsync('headache behind the eye'),
        db.musclesForSymptom('headache behind the eye')]);
      jobs.push([db.techniquesForAsync('QL'), db.techniquesFor('QL')]);
      jobs.push([db.restrictionsAsync('muscle-swimming'), db.restrictions('muscle-swimming')]);
      jobs.push([db.lookupAsync('QL'), db.lookup('QL')]);
    }
    for (const [promise, sync] of jobs) {
      const got = await promise;
      assert.equal(JSON.stringify(got), JSON.stringify(sync));
    }
  } finally {
    db.close();
  }
});

test('many databases opened at once on the thread pool', async () => {
  const dbs = await Promise.all(Array.from({ length: 4 }, () => bodywork.openAsync()));
  try {
    const counts = dbs.map((d) => d.count());
    assert.ok(counts.every((c) => c === counts[0] && c > 0));
    const hits = await Promise.all(dbs.map((d) => d.searchAsync('psoas')));
    for (const r of hits) assert.equal(r.at(0).entity.id, 'psoas-major');
    assert.notEqual(hits[0].at(0).entity, hits[1].at(0).entity);
  } finally {
    for (const d of dbs) d.close();
  }
});

test('worker threads load the addon too, and may end with calls pending', async () => {
  const { Worker } = require('node:worker_threads');
  const pkg = require('node:path').join(__dirname, '..');
  const answer = (code) => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: pkg });
    w.once('message', (m) => resolve([w, m]));
    w.once('error', reject);
  });
  const [w1, top] = await answer(`
    const { parentPort, workerData } = require('node:worker_threads');
    const bodywork = require(workerData);
    bodywork.openAsync().then(async (db) => {
      parentPort.postMessage((await db.searchAsync('psoas')).at(0).entity.id);
      db.close();
    });`);
  assert.equal(top, 'psoas-major');
  await w1.terminate();
  const [w2, queued] = await answer(`
    const { parentPort, workerData } = require('node:worker_threads');
    const db = require(workerData).open();
    for (let i = 0; i < 200; i++) db.searchAsync('psoas ' + i);
    parentPort.postMessage('queued');`);
  assert.equal(queued, 'queued');
  await w2.terminate();
  const db = bodywork.open();
  assert.equal((await db.searchAsync('psoas')).at(0).entity.id, 'psoas-major');
  db.close();
});
