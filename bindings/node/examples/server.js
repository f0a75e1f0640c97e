#!/usr/bin/env node
'use strict';
/*
 * server.js: a small HTTP server over the bundled corpus, answering as
 * JSON:
 *
 *   GET /search?q=psoas+strech[&kind=technique][&limit=5]
 *   GET /suggest?q=ilio
 *   GET /plan?muscle=psoas&condition=endometriosis[&condition=...]
 *
 * Every answer is computed on libuv's thread pool (the *Async calls), so
 * the event loop keeps serving while a search runs.
 *
 *   node examples/server.js [PORT]     (PORT 0: any free port)
 */
const http = require('node:http');
const bodywork = require('..');

function send(res, status, body) {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

// An error as an HTTP status and a JSON body.
function failure(e) {
  if (e instanceof bodywork.QueryError) {
    return [400, { error: e.detail, position: e.position }];
  }
  if (e instanceof bodywork.NotFoundError) return [404, { error: e.detail }];
  if (e instanceof bodywork.InvalidArgumentError) return [400, { error: e.detail }];
  return [500, { error: String(e && e.message) }];
}

function limitOf(params) {
  const limit = params.get('limit');
  return limit === null ? undefined : Number(limit);
}

const routes = {
  async '/search'(db, params) {
    const q = params.get('q');
    if (!q) return [400, { error: 'missing q' }];
    const kind = params.getAll('kind');
    const results = await db.searchAsync(q, {
      kind: kind.length ? kind : undefined,
      limit: limitOf(params),
    });
    return [200, results];
  },
  async '/suggest'(db, params) {
    const q = params.get('q');
    if (!q) return [400, { error: 'missing q' }];
    const results = await db.suggestAsync(q, { limit: limitOf(params) });
    return [200, {
      prefix: q,
      suggestions: results.hits.map((h) => ({
        id: h.entity.id, kind: h.entity.kind, name: h.entity.name, label: h.label,
      })),
    }];
  },
  async '/plan'(db, params) {
    const muscle = params.get('muscle');
    if (!muscle) return [400, { error: 'missing muscle' }];
    return [200, await db.planAsync(muscle, params.getAll('condition'))];
  },
};

/** An http.Server answering from db (an open bodywork.Database). */
function createServer(db) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const route = routes[url.pathname];
    if (req.method !== 'GET' || !route) {
      send(res, 404, { error: 'try /search?q=, /suggest?q= or /plan?muscle=&condition=' });
      return;
    }
    route(db, url.searchParams).then(
      ([status, body]) => send(res, status, body),
      (e) => send(res, ...failure(e)));
  });
}

async function main() {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const db = await bodywork.openAsync();
  const server = createServer(db);
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/`);
  });
  const stop = () => server.close(() => db.close());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(2);
  });
}

module.exports = { createServer };
