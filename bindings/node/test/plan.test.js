'use strict';
// The planner (plan, restrictions) and the session screen, on the tests'
// small corpus, whose rules are written to exercise each path.
const test = require('node:test');
const assert = require('node:assert/strict');
const { bodywork, fixture } = require('./helpers');

const db = bodywork.open(fixture);
test.after(() => db.close());

test('plan: allowed with cautions, excluded with every reason', () => {
  const psoas = db.byId('psoas-major');
  const plan = db.plan('psoas major', ['endometriosis', db.byId('anterior-pelvic-tilt')]);
  assert.ok(plan instanceof bodywork.Plan);
  assert.equal(plan.muscle, psoas);
  assert.deepEqual(plan.conditions.map((c) => c.id), ['endometriosis', 'anterior-pelvic-tilt']);
  assert.deepEqual(plan.allowed.map((e) => e.technique.id), ['table-edge-stretch']);
  const [allowed] = plan.allowed;
  assert.deepEqual(allowed.reasons.map((r) => r.severity), ['caution']);
  assert.equal(allowed.reasons[0].match.text, 'lever=long movement=hip-extension');
  assert.deepEqual(allowed.instead, []);

  const [excluded] = plan.excluded;
  assert.equal(excluded.technique, db.byId('abdominal-release'));
  assert.deepEqual(excluded.reasons.map((r) => [r.condition.id, r.severity]), [
    ['anterior-pelvic-tilt', 'contraindicated'],
    ['endometriosis', 'local'],
    ['anterior-pelvic-tilt', 'caution'],
  ]);
  const local = excluded.reasons[1];
  assert.ok(local.rule instanceof bodywork.Rule);
  assert.ok(local.rule.equals(db.byId('endometriosis').rules[0]));
  assert.equal(local.rule.site.id, 'abdomen');
  assert.equal(local.match, null, 'a local rule applies through its site');
  assert.equal(local.reason, 'Pressure on the abdomen can cause severe pain.');
  assert.equal(local.adjustment, 'Stretch the psoas through the leg instead.');
  assert.equal(excluded.reasons[2].match.technique, excluded.technique);
  assert.deepEqual(excluded.instead.map((t) => t.id), ['table-edge-stretch']);

  assert.deepEqual(psoas.plan('endometriosis').toJSON(), db.plan(psoas, 'endometriosis').toJSON());
  const none = db.plan(psoas);
  assert.equal(none.conditions.length, 0);
  assert.equal(none.excluded.length, 0);
  assert.deepEqual(none.allowed.map((e) => e.technique.id).sort(),
    psoas.techniques.map((t) => t.id).sort());
  assert.ok(Object.isFrozen(plan) && Object.isFrozen(plan.excluded[0].reasons));
});

test('plan: unknown names are NotFoundError naming the closest', () => {
  assert.throws(() => db.plan('psoas major', ['endometriosus']), (e) =>
    e instanceof bodywork.NotFoundError && /endometriosis/i.test(e.detail));
  assert.throws(() => db.plan('no such muscle'), bodywork.NotFoundError);
  assert.throws(() => db.plan('psoas major', 'low back pain'), bodywork.NotFoundError,
    'a symptom is not a condition');
  assert.throws(() => db.plan('psoas major', [7]), TypeError);
});

test('restrictions of one technique', () => {
  const t = db.byId('abdominal-release');
  const r = db.restrictions(t);
  assert.equal(r.muscle, null);
  assert.equal(r.allowed.length, 0);
  assert.equal(r.excluded.length, 1);
  assert.equal(r.excluded[0].technique, t);
  const severities = r.excluded[0].reasons.map((x) => x.severity);
  assert.equal(severities[0], 'red-flag');
  assert.ok(severities.includes('local') && severities.includes('caution'));
  assert.deepEqual(t.restrictions().toJSON(), r.toJSON());
  assert.throws(() => db.restrictions('no such technique'), bodywork.NotFoundError);
});

test('screen: refer, clearance, avoid, limit, caution, ask', () => {
  const s = db.screen(['blood-clot', 'pulsing mass']);
  assert.ok(s instanceof bodywork.Screen);
  assert.deepEqual(s.conditions.map((c) => c.id), ['blood-clot', 'pulsing-mass']);
  assert.equal(s.needsClearance, true);
  assert.equal(s.refer, true);
  assert.deepEqual(s.lines.map((l) => l.action),
    ['refer', 'clearance', 'avoid', 'limit', 'caution', 'ask']);
  const [refer, clearance, avoid, limit, caution, ask] = s.lines;
  assert.equal(refer.condition.id, 'pulsing-mass');
  assert.equal(refer.rule.severity, 'red-flag');
  assert.equal(clearance.rule.reason, 'A clot can break loose.');
  assert.equal(avoid.site, db.byId('leg'));
  assert.equal(limit.pressure, 'moderate');
  assert.equal(limit.match.text, 'pressure>=deep');
  assert.equal(caution.position, 'prone');
  assert.equal(ask.rule, null);
  assert.equal(ask.fact.text, 'New calf pain, swelling or warmth.');
  assert.equal(ask.fact.field, 'red-flag');
  assert.equal(ask.fact.entity, db.byId('blood-clot'));
  assert.deepEqual(db.byId('blood-clot').screen().toJSON(), db.screen('blood-clot').toJSON());
  const calm = db.screen([]);
  assert.equal(calm.refer, false);
  assert.equal(calm.lines.length, 0);
  assert.throws(() => db.screen(['no such condition']), bodywork.NotFoundError);
});

test('plans from the entity: a muscle, a group, sync and async', async () => {
  const big = bodywork.open();
  try {
    const hams = big.lookup('hamstrings');
    const plan = hams.plan(['knee replacement']);
    assert.equal(plan.muscle, hams);
    assert.deepEqual(plan.toJSON(), big.plan('hamstrings', 'knee replacement').toJSON());
    assert.deepEqual((await hams.planAsync(['knee replacement'])).toJSON(), plan.toJSON());
    const members = new Set(hams.members);
    for (const e of [...plan.allowed, ...plan.excluded]) {
      assert.ok(e.technique.muscles.some((m) => members.has(m)), e.technique.id);
    }
    const psoas = big.lookup('psoas');
    assert.deepEqual((await psoas.planAsync('endometriosis')).toJSON(),
      psoas.plan('endometriosis').toJSON());
  } finally {
    big.close();
  }
});
