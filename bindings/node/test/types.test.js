'use strict';
// index.d.ts: test/types/example.ts uses every part of the API as the
// declarations describe it.  run-tests.sh type-checks it (tsc --noEmit);
// here it is transpiled and run, so a declared name missing at run time
// fails too.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

let ts = null;
try {
  ts = require('typescript');
} catch (e) {
  ts = null;
}

test('the TypeScript example runs against the package', { skip: ts ? false : 'typescript is not installed (npm ci)' }, async () => {
  const file = path.join(__dirname, 'types', 'example.ts');
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    fileName: file,
  });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(outputText, file);
  const lines = await m.exports.main();
  assert.ok(lines.length > 100);
  assert.match(lines[0], /^muscle psoas-major Psoas major /);
  assert.equal(lines.at(-1), '0');
});
