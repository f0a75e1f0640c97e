'use strict';
// Run by lifetime.test.js as `node --expose-gc leak-child.js CORPUS N`:
// opens, uses and closes a database N times (sync and async calls in
// turn) and prints the resident set size before and after, measured after
// garbage collection; then checks that an entity alone keeps its database
// alive through collections.
const bodywork = require('..');

const [file, cycles] = [process.argv[2], Number(process.argv[3])];

async function cycle(i) {
  if (i % 2) {
    const db = await bodywork.openAsync(file);
    const [hits, plan] = await Promise.all([
      db.searchAsync('psoas hip'), db.planAsync('psoas major', ['endometriosis'])]);
    if (!hits.length || !plan.excluded.length) throw new Error('no answer');
    db.close();
  } else {
    const db = bodywork.open(file);
    const psoas = db.lookup('hip hiker');
    if (psoas.origin.length !== 2 || !db.search('psoas').length) throw new Error('no answer');
    db.screen(['blood-clot']);
    JSON.stringify(psoas);
    db.close();
  }
}

function rss() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage.rss();
}

async function main() {
  for (let i = 0; i < 200; i++) await cycle(i); // warm up allocators and caches
  const before = rss();
  for (let i = 0; i < cycles; i++) await cycle(i);
  const after = rss();

  let entity = (() => bodywork.open(file).lookup('hip hiker'))();
  for (let i = 0; i < 5; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const alive = entity.name === 'Psoas major' && entity.origin.length === 2 &&
    entity.database.search('psoas').length > 0;
  entity.database.close();
  entity = null;
  process.stdout.write(JSON.stringify({ before, after, alive }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
