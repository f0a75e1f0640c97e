'use strict';
// examples/server.js: started as its own process on a free port, then
// queried over HTTP.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { bodywork } = require('./helpers');

function get(base, route) {
  return new Promise((resolve, reject) => {
    http.get(base + route, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        try {
          resolve([res.statusCode, res.headers['content-type'], JSON.parse(body)]);
        } catch (e) {
          reject(e);
        }
      });
    }).on('error', reject);
  });
}

test('the example server answers /search, /suggest and /plan as JSON', async () => {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'examples', 'server.js'), '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!/listening on (\S+)/.test(out)) {
      const [chunk] = await Promise.race([once(child.stdout, 'data'),
        once(child, 'exit').then(() => { throw new Error('the server exited'); })]);
      out += chunk;
    }
    const base = /listening on (http:\/\/[^/\s]+)/.exec(out)[1];
    const db = bodywork.open();
    try {
      const [status, type, search] = await get(base, '/search?q=psoas%20strech&kind=technique&limit=3');
      assert.equal(status, 200);
      assert.match(type, /^application\/json/);
      assert.equal(search.correction, 'psoas stretch');
      assert.deepEqual(search.hits.map((h) => h.id),
        db.search('psoas strech', { kind: 'technique', limit: 3 }).entities().map((e) => e.id));
      assert.ok(search.hits.every((h) => h.kind === 'technique'));

      const [, , suggest] = await get(base, '/suggest?q=ilio');
      assert.equal(suggest.prefix, 'ilio');
      assert.deepEqual(suggest.suggestions.map((s) => s.id),
        db.suggest('ilio').entities().map((e) => e.id));

      const [, , plan] = await get(base, '/plan?muscle=psoas&condition=endometriosis&condition=warfarin');
      assert.deepEqual(plan, JSON.parse(JSON.stringify(db.plan('psoas', ['endometriosis', 'warfarin']))));
      assert.ok(plan.excluded.length > 0);

      const [bad, , err] = await get(base, '/search?q=%22unclosed');
      assert.equal(bad, 400);
      assert.equal(err.position, 0);
      const [missing, , nf] = await get(base, '/plan?muscle=psoas&condition=no%20such%20thing');
      assert.equal(missing, 404);
      assert.match(nf.error, /no such thing/);
      assert.equal((await get(base, '/search'))[0], 400);
      assert.equal((await get(base, '/nowhere'))[0], 404);
    } finally {
      db.close();
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

test('createServer can be used in-process', async () => {
  const { createServer } = require('../examples/server.js');
  const db = await bodywork.openAsync();
  const server = createServer(db).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const [status, , body] = await get(`http://127.0.0.1:${server.address().port}`,
      '/search?q=hip%20flexor');
    assert.equal(status, 200);
    assert.equal(body.query, 'hip flexor');
    assert.ok(body.hits.length > 0);
  } finally {
    server.close();
    await once(server, 'close');
    db.close();
  }
});
