'use strict';
// Body maps: mapMuscle, mapSymptom and mapScreen give the same SVG the C
// library writes, sync and on the thread pool, and refuse what it refuses.
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { bodywork, fixture, root } = require('./helpers');

const layer = path.join(root, 'tests', 'data', 'map', 'layer.xml');
const db = bodywork.open([fixture, layer]);
test.after(() => db.close());

// The titles of the marked regions, "Site: class".
function marks(svg) {
  return [...svg.matchAll(/role="img" aria-label="([^"]*)"/g)].map((m) => m[1]);
}

test('maps: a muscle, a symptom and a screen', async () => {
  const muscle = db.mapMuscle('test flexor');
  assert.ok(muscle.startsWith('<?xml'));
  assert.deepEqual(marks(muscle), [
    'Thigh: spillover: pain may spread here',
    'Low back: primary: pain is felt here',
    'Low back: where the muscle lies (outlined)',
  ]);
  assert.equal(await db.mapMuscleAsync(db.byId('test-flexor')), muscle);
  assert.deepEqual(marks(db.mapSymptom('thigh-ache')),
    ['Thigh: primary: pain is felt here', 'Knee: spillover: pain may spread here']);
  assert.equal(await db.mapSymptomAsync('thigh-ache'), db.mapSymptom('thigh-ache'));
  const screen = await db.mapScreenAsync(['cuts-and-scrapes']);
  assert.ok(screen.includes('Cuts &amp; &lt;scrapes&gt;'));
  assert.deepEqual(marks(screen),
    ['Thigh: caution: allowed with care', 'Knee: off: no work here']);
  assert.equal(db.mapScreen('cuts-and-scrapes'), screen);
});

test('maps: errors', () => {
  assert.throws(() => db.mapMuscle('thigh-ache'), bodywork.NotFoundError);
  assert.throws(() => db.mapSymptom(3), TypeError);
  const plain = bodywork.open(fixture);
  try {
    assert.throws(() => plain.mapMuscle('psoas-major'), /no body map/);
  } finally {
    plain.close();
  }
  const closed = bodywork.open([fixture, layer]);
  closed.close();
  assert.throws(() => closed.mapMuscle('test-flexor'), bodywork.ClosedError);
});
