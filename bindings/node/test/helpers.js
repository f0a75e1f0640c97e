'use strict';
// What the test files share: the package, the repository's fixtures, a
// temporary folder, and the command line to compare answers with.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const bodywork = require('..');

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = path.join(root, 'tests', 'data', 'valid', 'base.xml');

// A new temporary folder, removed when the process exits.
function tmpdir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodywork-node-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Write files {name: text} into a new temporary folder; its path.
function corpus(files) {
  const dir = tmpdir();
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// The bodywork command line: BODYWORK_CLI, else the build trees scripts
// use; null when none is built.
function cli() {
  if (process.env.BODYWORK_CLI) return process.env.BODYWORK_CLI;
  for (const dir of ['build/node', 'build/check/main', 'build']) {
    const p = path.join(root, dir, 'examples', 'bodywork');
    if (fs.existsSync(p)) return p;
  }
  return null;
}

module.exports = { bodywork, root, fixture, tmpdir, corpus, cli };
