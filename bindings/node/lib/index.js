'use strict';
/*
 * bodywork: muscles, bodywork techniques, client conditions, symptoms and
 * their sources, from libbodywork, for Node.js.
 *
 *   const bodywork = require('bodywork');
 *   const db = bodywork.open();                 // the bundled corpus
 *   const psoas = db.lookup('iliopsoas');       // id, name or alias
 *   console.log(psoas.name, psoas.origin.map((f) => f.levels));
 *   const plan = db.plan(psoas, ['endometriosis']);
 *   const hits = await db.searchAsync('psoas strech');   // thread pool
 *   db.close();
 *
 * The native addon (build/bodywork.node) passes ids, numbers and plain
 * records, never pointers; this file turns them into classes.  Every
 * Entity, Fact and Rule keeps its Database alive and throws ClosedError
 * once it is closed.
 */
const path = require('node:path');

function loadAddon() {
  const explicit = process.env.BODYWORK_NODE_ADDON;
  if (explicit) return require(path.resolve(explicit));
  const candidates = [
    path.join(__dirname, '..', 'build', 'bodywork.node'),
    path.join(__dirname, '..', 'build', 'Release', 'bodywork.node'),
  ];
  for (const file of candidates) {
    try {
      return require(file);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error('bodywork: the native addon is not built; run ' +
                  'bindings/node/run-tests.sh or see README.md');
}

const B = loadAddon();

const kHandle = Symbol('bodywork.handle');
const kCache = Symbol('bodywork.cache');
const kDb = Symbol('bodywork.db');
const kRec = Symbol('bodywork.record');
const kPaths = Symbol('bodywork.paths');
const kClosed = Symbol('bodywork.closed');
const kIds = Symbol('bodywork.ids');
const kIdList = Symbol('bodywork.idList');
const inspect = Symbol.for('nodejs.util.inspect.custom');

const KINDS = Object.freeze(B.kinds.slice());
const FIELDS = Object.freeze(B.fields.slice());
const EVIDENCE = Object.freeze(B.evidence.slice());
const SEVERITIES = Object.freeze(B.severities.slice());
const SEVERITY_LABELS = Object.freeze(B.severityLabels.slice());
const SCREEN_ACTIONS = Object.freeze(B.screenActions.slice());
const ASK_KINDS = Object.freeze(B.askKinds.slice());
const KIND_ALL = KINDS.length;

/** The library's status codes by name (BodyworkError.code). */
const STATUS = Object.freeze({
  OK: 0, EINVAL: -1, ENOMEM: -2, EIO: -3, EPARSE: -4, ESCHEMA: -5,
  ECORPUS: -6, ENOTFOUND: -7, EQUERY: -8, EUTF8: -9,
});

// ===== errors =====

/** Every failure: code (the library's negative status; null for
 *  ClosedError), detail (the library's words), file, line, column (where
 *  the problem is, or null) and, for queries, position (0-based index in
 *  the query string). */
class BodyworkError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.code = details.code ?? null;
    this.detail = details.detail ?? message;
    this.file = details.file ?? null;
    this.line = details.line || null;
    this.column = details.column || null;
    this.position = details.position ?? null;
  }
}
/** A corpus could not be opened: file, line and column say where. */
class CorpusError extends BodyworkError {}
/** A corpus path is missing, unreadable, or not a file or folder. */
class FileError extends CorpusError {}
/** A corpus file is not well-formed XML, or was refused. */
class ParseError extends CorpusError {}
/** A corpus file breaks the corpus schema. */
class SchemaError extends CorpusError {}
/** The corpus is inconsistent: a duplicate id, a dangling reference. */
class IntegrityError extends CorpusError {}
/** No entity has that id or name. */
class NotFoundError extends BodyworkError {}
/** A malformed search query; position says where. */
class QueryError extends BodyworkError {}
/** Text that is not valid UTF-8. */
class EncodingError extends BodyworkError {}
/** An argument the library refused (out of range, empty). */
class InvalidArgumentError extends BodyworkError {}
/** The library could not allocate memory; nothing was changed. */
class OutOfMemoryError extends BodyworkError {}
/** The database was closed; nothing taken from it can be used. */
class ClosedError extends BodyworkError {}

for (const cls of [BodyworkError, CorpusError, FileError, ParseError,
  SchemaError, IntegrityError, NotFoundError, QueryError, EncodingError,
  InvalidArgumentError, OutOfMemoryError, ClosedError]) {
  Object.defineProperty(cls.prototype, 'name', {
    value: cls.name, writable: true, configurable: true,
  });
}

const errorClass = new Map([
  [STATUS.EIO, FileError], [STATUS.EPARSE, ParseError],
  [STATUS.ESCHEMA, SchemaError], [STATUS.ECORPUS, IntegrityError],
  [STATUS.ENOTFOUND, NotFoundError], [STATUS.EQUERY, QueryError],
  [STATUS.EUTF8, EncodingError], [STATUS.EINVAL, InvalidArgumentError],
  [STATUS.ENOMEM, OutOfMemoryError],
]);

// The 0-based index in text (UTF-16 units) of 1-based byte column col.
function charIndex(text, col) {
  return Buffer.from(text, 'utf8').subarray(0, col - 1).toString('utf8')
    .length;
}

// Called by the addon for every failure.
function makeError(code, detail, file, line, column, query) {
  if (code === null) return new ClosedError(detail, { detail });
  const Cls = errorClass.get(code) || BodyworkError;
  let where = '';
  if (file && line && column) where = `${file}:${line}:${column}: `;
  else if (file && line) where = `${file}:${line}: `;
  else if (file) where = `${file}: `;
  const position = query !== null && column &&
    (code === STATUS.EQUERY || code === STATUS.EUTF8)
    ? charIndex(query, column) : null;
  return new Cls(where + detail, { code, detail, file, line, column, position });
}
B.setup(makeError);

function invalid(detail) {
  return new InvalidArgumentError(detail, { code: STATUS.EINVAL, detail });
}

// ===== argument helpers =====

function kindIndex(kind) {
  if (kind === undefined || kind === null) return KIND_ALL;
  const k = KINDS.indexOf(kind);
  if (k < 0) {
    throw invalid(`unknown kind ${JSON.stringify(kind)}: expected one of ` +
                  KINDS.map((n) => `"${n}"`).join(', '));
  }
  return k;
}

// A field by the corpus's name ("blood-supply") or as a property is
// named ("bloodSupply", "blood_supply").
function fieldIndex(field) {
  if (typeof field !== 'string') throw new TypeError('a field name must be a string');
  const name = field.replace(/_/g, '-').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const f = FIELDS.indexOf(name);
  if (f < 0) throw invalid(`unknown field ${JSON.stringify(field)}`);
  return f;
}

function camel(name) {
  return name.replace(/-([a-z])/g, (m, c) => c.toUpperCase());
}

function asArray(x) {
  if (x === undefined || x === null) return [];
  if (typeof x === 'string' || x instanceof Entity) return [x];
  if (typeof x[Symbol.iterator] === 'function') return Array.from(x);
  throw new TypeError('expected one item or an iterable of them');
}

const searchOptionNames = new Set(['kind', 'limit', 'offset', 'typoThreshold',
  'prefix', 'synonyms', 'marks', 'snippetWords']);

// Options for the addon from what a caller gives, checked by name.
function searchOptions(opts, allowed, fn) {
  if (opts === undefined || opts === null) return undefined;
  if (typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object`);
  const o = {};
  let flags = 0;
  for (const key of Object.keys(opts)) {
    if (!allowed.has(key)) throw new TypeError(`${fn}: unknown option "${key}"`);
  }
  if (opts.kind !== undefined && opts.kind !== null) {
    let mask = 0;
    for (const k of asArray(opts.kind)) mask |= 1 << kindIndex(k);
    o.kinds = mask;
  }
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) {
      throw invalid('limit must be an integer from 1 to 1000');
    }
    o.limit = opts.limit;
  }
  if (opts.offset !== undefined) o.offset = opts.offset;
  if (opts.typoThreshold !== undefined) {
    if (opts.typoThreshold === 0) flags |= B.searchFlags.noTypos;
    else o.typoThreshold = opts.typoThreshold;
  }
  if (opts.prefix === false) flags |= B.searchFlags.noPrefix;
  if (opts.synonyms === false) flags |= B.searchFlags.noSynonyms;
  if (opts.marks !== undefined && opts.marks !== null) {
    if (!Array.isArray(opts.marks) || opts.marks.length !== 2) {
      throw new TypeError(`${fn}: marks must be an [open, close] pair of strings`);
    }
    [o.markOpen, o.markClose] = opts.marks;
  }
  if (opts.snippetWords !== undefined) o.snippetWords = opts.snippetWords;
  if (flags) o.flags = flags;
  return o;
}

const suggestOptionNames = new Set(['kind', 'limit']);
const pageOptionNames = new Set(['limit', 'offset']);

// ===== the database =====

function check(db) {
  if (db.closed) throw new ClosedError('the database is closed', { detail: 'the database is closed' });
}

// The Entity with this id, one object per id and database; null for null.
function entityOf(db, id) {
  if (id === null || id === undefined) return null;
  let e = db[kCache].get(id);
  if (e === undefined) {
    const rec = B.entity(db[kHandle], id);
    if (rec === null) return null;
    const Cls = kindClass[rec.kind] || Entity;
    e = new Cls(db, rec);
    db[kCache].set(id, e);
  }
  return e;
}

function entitiesOf(db, ids) {
  return Object.freeze(ids.map((id) => entityOf(db, id)));
}

// The name to pass for an entity argument: an Entity of db, or a string.
function nameOf(db, x, what) {
  if (x instanceof Entity) {
    if (x[kDb] !== db) throw invalid('the entity belongs to another database');
    check(db);
    return x[kRec].id;
  }
  if (typeof x !== 'string') throw new TypeError(`expected ${what} (an Entity or a string)`);
  return x;
}

/** An open, immutable bodywork database (see open()). */
class Database {
  constructor(handle, paths) {
    if (handle === undefined) throw new TypeError('use bodywork.open()');
    this[kHandle] = handle;
    this[kClosed] = false;
    this[kCache] = new Map();
    this[kPaths] = paths ? Object.freeze(paths.slice()) : null;
  }

  /** Whether close() was called. */
  get closed() { return this[kClosed]; }

  /** The layers opened, or null for the bundled default. */
  get paths() { return this[kPaths]; }

  /** Close the database: every later use of it, or of anything taken
   *  from it, throws ClosedError.  Calls still running on the thread pool
   *  finish first (and reject with ClosedError); their database is freed
   *  when the last one completes.  Closing twice is fine. */
  close() {
    this[kClosed] = true;
    B.close(this[kHandle]);
  }

  /** The entity with exactly this id (NotFoundError when none). */
  byId(id) {
    check(this);
    if (typeof id !== 'string') throw new TypeError('an id must be a string');
    const e = this[kCache].get(id);
    if (e !== undefined) return e;
    B.entity(this[kHandle], id, true); // throws the library's NotFoundError
    return entityOf(this, id);
  }

  /** The entity whose id, name or alias is name, compared without case,
   *  diacritics or the difference between spaces, hyphens and
   *  underscores.  Throws NotFoundError when none is. */
  lookup(name) { return entityOf(this, B.lookup(this[kHandle], name, false)); }

  /** lookup() on the thread pool. */
  async lookupAsync(name) {
    return entityOf(this, await B.lookup(this[kHandle], name, true));
  }

  /** The entity a code of another system names (ICD-10 "I80.2", ATC
   *  "B01AA", FMA, UBERON and TA98 ids), and the code fact that matched:
   *  { entity, code }.  Throws NotFoundError when no entity has it. */
  lookupCode(text) { return codeMatch(this, B.lookupCode(this[kHandle], text, false)); }

  /** lookupCode() on the thread pool. */
  async lookupCodeAsync(text) {
    return codeMatch(this, await B.lookupCode(this[kHandle], text, true));
  }

  /** As lookup(), but null when nothing has that name. */
  get(name) { return entityOf(this, B.find(this[kHandle], name)); }

  /** Whether an entity (of this database) or a name is known. */
  has(x) {
    check(this);
    if (x instanceof Entity) return x[kDb] === this;
    return typeof x === 'string' && B.find(this[kHandle], x) !== null;
  }

  /** How many entities of kind ("muscle", ...) there are; all when no
   *  kind is given. */
  count(kind) { return B.count(this[kHandle], kindIndex(kind)); }

  /** Every entity. */
  get size() { return this.count(); }

  /** The number of entities of each kind. */
  stats() {
    const out = {};
    KINDS.forEach((k, i) => { out[k] = B.count(this[kHandle], i); });
    return out;
  }

  /** The entities of one kind, or all of them (by kind, then id). */
  entities(kind) { check(this); return new EntityList(this, kindIndex(kind)); }
  get muscles() { return this.entities('muscle'); }
  get techniques() { return this.entities('technique'); }
  get conditions() { return this.entities('condition'); }
  get symptoms() { return this.entities('symptom'); }
  get sources() { return this.entities('source'); }
  get sites() { return this.entities('site'); }
  get groups() { return this.entities('group'); }

  [Symbol.iterator]() { return this.entities()[Symbol.iterator](); }

  /** Muscles with an origin, insertion or innervation at any of the
   *  vertebral levels ("L3", "T12-L4,S1"), in id order; field narrows to
   *  "origin", "insertion" or "innervation". */
  musclesAtLevels(levels, field) {
    const f = field === undefined || field === null ? -1 : fieldIndex(field);
    return entitiesOf(this, B.musclesAtLevels(this[kHandle], levels, f));
  }

  /** Every technique aimed at the muscle (or group), split by the
   *  client's conditions into allowed (best first, with cautions) and
   *  excluded (with every reason). */
  plan(muscle, conditions) {
    const [m, c] = planArgs(this, muscle, conditions);
    return new Plan(this, B.plan(this[kHandle], m, c, false));
  }

  async planAsync(muscle, conditions) {
    const [m, c] = planArgs(this, muscle, conditions);
    return new Plan(this, await B.plan(this[kHandle], m, c, true));
  }

  /** Every rule of every condition that applies to one technique, as a
   *  Plan holding that technique alone. */
  restrictions(technique) {
    const t = nameOf(this, technique, 'a technique');
    return new Plan(this, B.restrictions(this[kHandle], t, false));
  }

  async restrictionsAsync(technique) {
    const t = nameOf(this, technique, 'a technique');
    return new Plan(this, await B.restrictions(this[kHandle], t, true));
  }

  /** What a client's conditions mean for a whole session. */
  screen(conditions) {
    const c = conditionNames(this, conditions);
    return new Screen(this, B.screen(this[kHandle], c, false));
  }

  async screenAsync(conditions) {
    const c = conditionNames(this, conditions);
    return new Screen(this, await B.screen(this[kHandle], c, true));
  }

  /** A body map as SVG text: where the muscle lies and where its trigger
   *  points refer pain (primary solid, spillover dotted). */
  mapMuscle(muscle) {
    return B.mapMuscle(this[kHandle], nameOf(this, muscle, 'a muscle'), false);
  }

  async mapMuscleAsync(muscle) {
    return B.mapMuscle(this[kHandle], nameOf(this, muscle, 'a muscle'), true);
  }

  /** A body map as SVG text: where the symptom is felt and may spread,
   *  and the muscles that refer pain there. */
  mapSymptom(symptom) {
    return B.mapSymptom(this[kHandle], nameOf(this, symptom, 'a symptom'), false);
  }

  async mapSymptomAsync(symptom) {
    return B.mapSymptom(this[kHandle], nameOf(this, symptom, 'a symptom'), true);
  }

  /** A session screen as a body map in SVG text: the sites the
   *  conditions put off limits, allow light or moderate pressure only, or
   *  need caution at. */
  mapScreen(conditions) {
    return B.mapScreen(this[kHandle], conditionNames(this, conditions), false);
  }

  async mapScreenAsync(conditions) {
    return B.mapScreen(this[kHandle], conditionNames(this, conditions), true);
  }

  /** Ranked full-text search, typo-tolerant, with the query syntax of
   *  docs/search.md. */
  search(query, options) {
    const o = searchOptions(options, searchOptionNames, 'search');
    return new Results(this, query, B.search(this[kHandle], query, o, false), o);
  }

  async searchAsync(query, options) {
    const o = searchOptions(options, searchOptionNames, 'searchAsync');
    return new Results(this, query, await B.search(this[kHandle], query, o, true), o);
  }

  /** Completions for a search box; each hit's label is what matched. */
  suggest(prefix, options) {
    const o = searchOptions(options, suggestOptionNames, 'suggest');
    return new Results(this, prefix, B.suggest(this[kHandle], prefix, o, false), o);
  }

  async suggestAsync(prefix, options) {
    const o = searchOptions(options, suggestOptionNames, 'suggestAsync');
    return new Results(this, prefix, await B.suggest(this[kHandle], prefix, o, true), o);
  }

  /** Muscles that could cause a symptom described in the client's words;
   *  each hit's fact links it. */
  musclesForSymptom(text, options) {
    const o = searchOptions(options, pageOptionNames, 'musclesForSymptom');
    return new Results(this, text, B.musclesForSymptom(this[kHandle], text, o, false), o);
  }

  async musclesForSymptomAsync(text, options) {
    const o = searchOptions(options, pageOptionNames, 'musclesForSymptomAsync');
    return new Results(this, text,
      await B.musclesForSymptom(this[kHandle], text, o, true), o);
  }

  /** Techniques aimed at a muscle, primary targets first; each hit's
   *  fact is the target fact (its qualifier the role). */
  techniquesFor(muscle, options) {
    const m = nameOf(this, muscle, 'a muscle');
    const o = searchOptions(options, pageOptionNames, 'techniquesFor');
    return new Results(this, m, B.techniquesFor(this[kHandle], m, o, false), o);
  }

  async techniquesForAsync(muscle, options) {
    const m = nameOf(this, muscle, 'a muscle');
    const o = searchOptions(options, pageOptionNames, 'techniquesForAsync');
    return new Results(this, m, await B.techniquesFor(this[kHandle], m, o, true), o);
  }

  /** Answer a question in plain words. */
  ask(question, options) {
    const o = searchOptions(options, searchOptionNames, 'ask');
    return new Answer(this, question, B.ask(this[kHandle], question, o, false), o);
  }

  async askAsync(question, options) {
    const o = searchOptions(options, searchOptionNames, 'askAsync');
    return new Answer(this, question, await B.ask(this[kHandle], question, o, true), o);
  }

  [inspect]() {
    if (this.closed) return 'Database <closed>';
    return `Database <${this.size} entities>`;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Database.prototype[Symbol.dispose] = Database.prototype.close;
}

function codeMatch(db, rec) {
  return Object.freeze({ entity: entityOf(db, rec.owner), code: new Fact(db, rec) });
}

function conditionNames(db, conditions) {
  return asArray(conditions).map((c) => nameOf(db, c, 'a condition'));
}

function planArgs(db, muscle, conditions) {
  return [nameOf(db, muscle, 'a muscle'), conditionNames(db, conditions)];
}

/** The entities of one kind (or all), ordered by kind and id: length,
 *  at(i), has(x), ids() and iteration. */
class EntityList {
  constructor(db, kind) {
    this[kDb] = db;
    this[kRec] = kind;
  }

  /** The kind listed, or null for every entity. */
  get kind() { return this[kRec] === KIND_ALL ? null : KINDS[this[kRec]]; }

  get length() { return this[kDb].count(this.kind); }

  /** The ids, in order. */
  ids() { return this[kIds]().slice(); }

  // The ids, read once: a database never changes.
  [kIds]() {
    check(this[kDb]);
    if (!this[kIdList]) this[kIdList] = Object.freeze(B.ids(this[kDb][kHandle], this[kRec]));
    return this[kIdList];
  }

  /** Entity i (negative counts from the end), or undefined. */
  at(i) {
    const ids = this[kIds]();
    const id = ids[Math.trunc(i) < 0 ? ids.length + Math.trunc(i) : Math.trunc(i)];
    return id === undefined ? undefined : entityOf(this[kDb], id);
  }

  has(x) {
    const db = this[kDb];
    let e = x;
    if (typeof x === 'string') e = db.get(x);
    else check(db);
    return e instanceof Entity && e[kDb] === db &&
      (this[kRec] === KIND_ALL || e[kRec].kind === this[kRec]);
  }

  * [Symbol.iterator]() {
    const db = this[kDb];
    for (const id of this[kIds]()) {
      check(db);
      yield entityOf(db, id);
    }
  }

  /** The entities as an array. */
  toArray() { return Array.from(this); }
}

// ===== entities =====

/** An entity: a Muscle, Technique, Condition, Symptom, Source, Site or
 *  Group.  Every corpus field is a property giving an array of Fact
 *  (origin, bloodSupply, shortenedBy, ...), empty when the entity has
 *  none. */
class Entity {
  constructor(db, rec) {
    this[kDb] = db;
    this[kRec] = rec;
  }

  /** The stable id ("psoas-major"). */
  get id() { check(this[kDb]); return this[kRec].id; }
  /** The display name (a source's title). */
  get name() { check(this[kDb]); return this[kRec].name; }
  /** "muscle", "technique", "condition", "symptom", "source", "site" or
   *  "group". */
  get kind() { check(this[kDb]); return KINDS[this[kRec].kind]; }
  /** The summary text, or null; facts("summary") gives its source. */
  get summary() { check(this[kDb]); return this[kRec].summary; }
  /** The corpus file it came from ("bundled:FILE.xml" when bundled). */
  get file() { check(this[kDb]); return this[kRec].file; }
  /** The line of its element in file. */
  get line() { check(this[kDb]); return this[kRec].line; }
  /** The Database it belongs to. */
  get database() { return this[kDb]; }
  /** The other names, as strings (the alias property has them as Facts). */
  get aliases() { return this.facts('alias').map((f) => f.text); }

  /** The facts of one field ("origin", "blood-supply" or "bloodSupply"),
   *  in corpus order. */
  facts(field) {
    const db = this[kDb];
    const f = typeof field === 'number' ? field : fieldIndex(field);
    return Object.freeze(B.facts(db[kHandle], this[kRec].id, f)
      .map((r) => new Fact(db, r)));
  }

  /** The facts of other entities that refer to this one through field
   *  (a symptom's "causes": the muscles' causes facts). */
  referrers(field) {
    const db = this[kDb];
    return Object.freeze(B.backrefs(db[kHandle], this[kRec].id, fieldIndex(field))
      .map((r) => new Fact(db, r)));
  }

  /** A kind-specific attribute ("depth", "modality", "lever", "kind",
   *  "category", "type"), or null. */
  attr(name) { return B.attr(this[kDb][kHandle], this[kRec].id, name); }

  /** Whether other is this entity. */
  equals(other) { return other === this; }

  /** The entity as plain data: attributes, every non-empty field as a list
   *  of facts, and a condition's rules.  References are ids. */
  toJSON() {
    const db = this[kDb];
    const h = db[kHandle];
    const id = this[kRec].id;
    const out = {
      id, kind: this.kind, name: this.name, summary: this.summary,
      aliases: this.aliases,
    };
    const regions = B.regions(h, id);
    if (regions.length) out.regions = regions;
    for (const [attr, key] of [['depth', 'depth'], ['modality', 'modality'],
      ['lever', 'lever'], ['kind', 'sourceKind'], ['category', 'category'],
      ['type', 'type'], ['within', 'within']]) {
      const v = B.attr(h, id, attr);
      if (v !== null) out[key] = v;
    }
    FIELDS.forEach((name, f) => {
      if (name === 'summary') return;
      const facts = B.facts(h, id, f);
      if (facts.length) out[camel(name)] = facts.map(factJSON);
    });
    const rules = B.rules(h, id);
    if (rules.length) out.rules = rules.map(ruleJSON);
    return out;
  }

  [inspect]() {
    if (this[kDb].closed) return `${this.constructor.name} <closed database>`;
    return `${this.constructor.name} <${this[kRec].id} ${JSON.stringify(this[kRec].name)}>`;
  }
}

// One property per corpus field, named in camelCase.
FIELDS.forEach((name, f) => {
  const prop = camel(name);
  if (prop in Entity.prototype) return; // summary: the text
  Object.defineProperty(Entity.prototype, prop, {
    get() { return this.facts(f); },
    enumerable: false,
    configurable: true,
  });
});

function backrefEntities(e, field) {
  const db = e[kDb];
  const seen = new Set();
  const out = [];
  for (const r of B.backrefs(db[kHandle], e[kRec].id, FIELDS.indexOf(field))) {
    if (!seen.has(r.owner)) {
      seen.add(r.owner);
      out.push(entityOf(db, r.owner));
    }
  }
  return Object.freeze(out);
}

function targetEntities(e, field) {
  const db = e[kDb];
  return entitiesOf(db, B.facts(db[kHandle], e[kRec].id, FIELDS.indexOf(field))
    .map((r) => r.target).filter((id) => id !== null));
}

/** A muscle. */
class Muscle extends Entity {
  /** "superficial", "deep", ... or null. */
  get depth() { return this.attr('depth'); }
  /** The regions ("lumbar", "hip"). */
  get regions() { return Object.freeze(B.regions(this[kDb][kHandle], this[kRec].id)); }
  /** The techniques aimed at this muscle, in id order. */
  get techniques() { return backrefEntities(this, 'target'); }
  /** The muscles whose related facts name this one, in id order. */
  get relatedFrom() { return backrefEntities(this, 'related'); }
  /** The groups this muscle belongs to, in id order. */
  get groups() { return backrefEntities(this, 'member'); }
  /** database.plan(this, conditions). */
  plan(conditions) { return this[kDb].plan(this, conditions); }
  planAsync(conditions) { return this[kDb].planAsync(this, conditions); }
}

/** A technique. */
class Technique extends Entity {
  get modality() { return this.attr('modality'); }
  get lever() { return this.attr('lever'); }
  /** The target muscles, in corpus order. */
  get muscles() { return targetEntities(this, 'target'); }
  /** The body sites where contact is made, in corpus order. */
  get sites() { return targetEntities(this, 'contact'); }
  /** database.restrictions(this). */
  restrictions() { return this[kDb].restrictions(this); }
}

/** A client condition (or medication), with rules restricting
 *  techniques. */
class Condition extends Entity {
  /** The rules, in corpus order. */
  get rules() {
    const db = this[kDb];
    return Object.freeze(B.rules(db[kHandle], this[kRec].id).map((r) => new Rule(db, r)));
  }
  /** "condition", "medication", "sign" or "baseline". */
  get category() { return this.attr('category'); }
  /** database.screen([this]). */
  screen() { return this[kDb].screen([this]); }
}

/** A symptom. */
class Symptom extends Entity {
  /** The muscles whose causes facts name this symptom, in id order. */
  get causedBy() { return backrefEntities(this, 'causes'); }
}

/** A source (its name is its title). */
class Source extends Entity {
  /** What the source is ("book", "article", "forum-thread", ...). */
  get sourceKind() { return this.attr('kind'); }
}

/** A body site: a region, or an endangerment site. */
class Site extends Entity {
  /** "region" or "endangerment". */
  get type() { return this.attr('type'); }
  /** The site this one lies within, or null. */
  get within() { return entityOf(this[kDb], B.within(this[kDb][kHandle], this[kRec].id)); }
  /** The techniques making contact at this site, in id order. */
  get techniques() { return backrefEntities(this, 'contact'); }
  /** Whether the two sites overlap (the same, or one within the other). */
  overlaps(site) {
    const db = this[kDb];
    const other = site instanceof Entity ? site : db.lookup(nameOf(db, site, 'a site'));
    if (other[kDb] !== db) throw invalid('the entity belongs to another database');
    return B.overlaps(db[kHandle], this[kRec].id, other[kRec].id);
  }
}

/** A named group of muscles (the rotator cuff, the hamstrings). */
class Group extends Entity {
  /** The member muscles, in corpus order. */
  get members() { return targetEntities(this, 'member'); }
  plan(conditions) { return this[kDb].plan(this, conditions); }
  planAsync(conditions) { return this[kDb].planAsync(this, conditions); }
}

const kindClass = KINDS.map((k) => ({
  source: Source, muscle: Muscle, technique: Technique, condition: Condition,
  symptom: Symptom, site: Site, group: Group,
}[k]));

// ===== facts and rules =====

function factJSON(r) {
  const out = { text: r.text, evidence: EVIDENCE[r.evidence] };
  if (r.source !== null) out.source = r.source;
  if (r.correction !== null) out.correction = r.correction;
  if (r.correctionSource !== null) out.correctionSource = r.correctionSource;
  if (r.target !== null) out.target = r.target;
  if (r.qualifier !== null) out.qualifier = r.qualifier;
  if (r.levels !== null) out.levels = r.levels;
  if (r.shared) out.shared = true;
  return out;
}

/** One sourced fact of an entity. */
class Fact {
  constructor(db, rec) {
    this[kDb] = db;
    this[kRec] = rec;
  }

  /** The text; for a disputed fact, the claim. */
  get text() { check(this[kDb]); return this[kRec].text; }
  /** The field it belongs to, as the corpus names it ("blood-supply"). */
  get field() { check(this[kDb]); return FIELDS[this[kRec].field]; }
  /** The entity the fact belongs to. */
  get entity() { check(this[kDb]); return entityOf(this[kDb], this[kRec].owner); }
  /** The Source it cites, or null. */
  get source() { check(this[kDb]); return entityOf(this[kDb], this[kRec].source); }
  /** "established", "practice", "tradition", "anecdote" or "disputed". */
  get evidence() { check(this[kDb]); return EVIDENCE[this[kRec].evidence]; }
  get disputed() { return this.evidence === 'disputed'; }
  /** For a disputed fact, the correction and its Source; else null. */
  get correction() { check(this[kDb]); return this[kRec].correction; }
  get correctionSource() {
    check(this[kDb]);
    return entityOf(this[kDb], this[kRec].correctionSource);
  }
  /** For related, causes, target, contact and member facts, the entity
   *  referred to; else null. */
  get target() { check(this[kDb]); return entityOf(this[kDb], this[kRec].target); }
  /** A related fact's relation, an alias's type, a target's role; else
   *  null. */
  get qualifier() { check(this[kDb]); return this[kRec].qualifier; }
  /** Vertebral levels as text ("T12-L4"), or null. */
  get levels() { check(this[kDb]); return this[kRec].levels; }
  /** Vertebral levels as a Set of names ("T12", "L1", ...). */
  get levelSet() {
    check(this[kDb]);
    return new Set(this[kRec].levels === null ? [] : B.parseLevels(this[kRec].levels));
  }
  /** The line of the fact's element in its corpus file. */
  get line() { check(this[kDb]); return this[kRec].line; }
  /** For a code fact, whether the corpus gives the same code to more than
   *  one entity on purpose. */
  get shared() { check(this[kDb]); return this[kRec].shared; }

  toJSON() { check(this[kDb]); return factJSON(this[kRec]); }

  [inspect]() {
    if (this[kDb].closed) return 'Fact <closed database>';
    const r = this[kRec];
    return `Fact <${FIELDS[r.field]} ${JSON.stringify(r.text)}${r.levels ? ` [${r.levels}]` : ''} ` +
      `(${r.source ? r.source + ', ' : ''}${EVIDENCE[r.evidence]})>`;
  }
}

function matchJSON(m) {
  const out = { ...m.attrs };
  if (m.technique !== null) out.technique = m.technique;
  return out;
}

function ruleJSON(r) {
  const out = {
    severity: SEVERITIES[r.severity], label: SEVERITY_LABELS[r.severity],
    reason: r.reason, evidence: EVIDENCE[r.evidence],
  };
  if (r.site !== null) out.site = r.site;
  if (r.instead.length) out.instead = r.instead.slice();
  if (r.prefer.length) out.prefer = r.prefer.slice();
  if (r.adjustment !== null) out.adjustment = r.adjustment;
  if (r.source !== null) out.source = r.source;
  out.matches = r.matches.map(matchJSON);
  out.condition = r.condition;
  return out;
}

// A rule match record with its technique resolved.
function ruleMatch(db, m) {
  if (m === null) return null;
  return Object.freeze({
    text: m.text,
    technique: entityOf(db, m.technique),
    attrs: Object.freeze({ ...m.attrs }),
  });
}

/** A rule of a condition: how it restricts techniques, why, and what to
 *  do instead. */
class Rule {
  constructor(db, rec) {
    this[kDb] = db;
    this[kRec] = rec;
  }

  /** "red-flag", "clearance", "contraindicated", "local" or "caution". */
  get severity() { check(this[kDb]); return SEVERITIES[this[kRec].severity]; }
  /** The severity in a practitioner's words. */
  get label() { check(this[kDb]); return SEVERITY_LABELS[this[kRec].severity]; }
  /** Whether the rule excludes what it matches (all but caution). */
  get excludes() { check(this[kDb]); return B.severityExcludes[this[kRec].severity]; }
  /** A local rule's Site; else null. */
  get site() { check(this[kDb]); return entityOf(this[kDb], this[kRec].site); }
  /** The Techniques the rule names to use instead. */
  get instead() { check(this[kDb]); return entitiesOf(this[kDb], this[kRec].instead); }
  /** The client positions it prefers ("side-lying"). */
  get prefer() { check(this[kDb]); return Object.freeze(this[kRec].prefer.slice()); }
  get reason() { check(this[kDb]); return this[kRec].reason; }
  /** What to do instead, or null. */
  get adjustment() { check(this[kDb]); return this[kRec].adjustment; }
  get source() { check(this[kDb]); return entityOf(this[kDb], this[kRec].source); }
  get evidence() { check(this[kDb]); return EVIDENCE[this[kRec].evidence]; }
  get line() { check(this[kDb]); return this[kRec].line; }
  /** The Condition the rule belongs to. */
  get condition() { check(this[kDb]); return entityOf(this[kDb], this[kRec].condition); }
  /** What it matches: {text, technique, attrs} each; empty: every
   *  technique. */
  get matches() {
    check(this[kDb]);
    return Object.freeze(this[kRec].matches.map((m) => ruleMatch(this[kDb], m)));
  }

  /** Whether the rule applies to a technique (an Entity or a name). */
  applies(technique) {
    const db = this[kDb];
    const t = technique instanceof Entity ? technique
      : db.lookup(nameOf(db, technique, 'a technique'));
    if (t[kDb] !== db) throw invalid('the entity belongs to another database');
    return B.ruleApplies(db[kHandle], this[kRec].condition, this[kRec].index, t[kRec].id);
  }

  /** Whether other is the same rule. */
  equals(other) {
    return other instanceof Rule && other[kDb] === this[kDb] &&
      other[kRec].condition === this[kRec].condition &&
      other[kRec].index === this[kRec].index;
  }

  toJSON() { check(this[kDb]); return ruleJSON(this[kRec]); }

  [inspect]() {
    if (this[kDb].closed) return 'Rule <closed database>';
    const r = this[kRec];
    return `Rule <${r.condition} ${SEVERITIES[r.severity]}${r.site ? ' at ' + r.site : ''} ` +
      `${JSON.stringify(r.reason)}>`;
  }
}

// ===== answers =====

function ref(e) {
  return e === null ? null : { id: e[kRec].id, kind: KINDS[e[kRec].kind], name: e[kRec].name };
}

/** One search hit. */
class Hit {
  constructor(db, h, rank) {
    /** The Entity found. */
    this.entity = entityOf(db, h.entity);
    /** Higher is better; comparable within one Results. */
    this.score = h.score;
    /** The 0-based place in its Results. */
    this.rank = rank;
    /** How the weakest query word matched: "exact", "prefix", "typo1" or
     *  "typo2". */
    this.match = h.match;
    /** Where query words occur: field names, "name" for the name. */
    this.fields = Object.freeze(h.fields.map((f) => (f < 0 ? 'name' : FIELDS[f])));
    /** The name or alias that matched. */
    this.label = h.label;
    /** The query words the hit does not match (as typed, space
     *  separated), or null when it matches them all. */
    this.dropped = h.dropped;
    /** For relation queries, the Fact linking the hit; else null. */
    this.fact = h.fact === null ? null : new Fact(db, h.fact);
    /** A passage around the query words, with the marks. */
    this.snippet = h.snippet;
    Object.freeze(this);
  }

  toJSON() {
    const out = { ...ref(this.entity), rank: this.rank, label: this.label,
      score: this.score, match: this.match, fields: this.fields.slice(),
      snippet: this.snippet, dropped: this.dropped };
    if (this.fact !== null) out.fact = factJSON(this.fact[kRec]);
    return out;
  }
}

/** Ranked hits, best first: iterable, with length, at(i), total (matches
 *  before offset and limit) and correction (the "did you mean" used). */
class Results {
  constructor(db, query, rec, opts) {
    /** What was asked. */
    this.query = query;
    this.total = rec.total;
    this.correction = rec.correction;
    this.offset = (opts && opts.offset) || 0;
    this.hits = Object.freeze(rec.hits.map((h, i) => new Hit(db, h, i)));
    Object.freeze(this);
  }

  get length() { return this.hits.length; }
  at(i) { return this.hits.at(i); }
  [Symbol.iterator]() { return this.hits[Symbol.iterator](); }
  /** The hits' entities, best first. */
  entities() { return this.hits.map((h) => h.entity); }

  toJSON() {
    return { query: this.query, correction: this.correction, total: this.total,
      offset: this.offset, hits: this.hits.map((h) => h.toJSON()) };
  }
}

function reasonOf(db, r) {
  const rule = new Rule(db, r.rule);
  return Object.freeze({
    condition: entityOf(db, r.condition),
    rule,
    match: ruleMatch(db, r.match),
    severity: SEVERITIES[r.rule.severity],
    reason: r.rule.reason,
    adjustment: r.rule.adjustment,
  });
}

function entryOf(db, e) {
  return Object.freeze({
    technique: entityOf(db, e.technique),
    reasons: Object.freeze(e.reasons.map((r) => reasonOf(db, r))),
    instead: entitiesOf(db, e.instead),
  });
}

function entryJSON(e) {
  return {
    technique: ref(e.technique),
    reasons: e.reasons.map((r) => ({
      condition: ref(r.condition), severity: r.severity,
      label: SEVERITY_LABELS[SEVERITIES.indexOf(r.severity)], reason: r.reason,
      adjustment: r.adjustment, match: r.match && r.match.text,
    })),
    instead: e.instead.map(ref),
  };
}

/** The techniques for a muscle split by a client's conditions. */
class Plan {
  constructor(db, rec) {
    /** The Muscle or Group planned for (null for restrictions()). */
    this.muscle = entityOf(db, rec.muscle);
    /** The Conditions, resolved, in the order given. */
    this.conditions = entitiesOf(db, rec.conditions);
    /** {technique, reasons, instead} each, best first. */
    this.allowed = Object.freeze(rec.allowed.map((e) => entryOf(db, e)));
    /** {technique, reasons, instead} each, by name. */
    this.excluded = Object.freeze(rec.excluded.map((e) => entryOf(db, e)));
    Object.freeze(this);
  }

  toJSON() {
    return { muscle: ref(this.muscle), conditions: this.conditions.map(ref),
      allowed: this.allowed.map(entryJSON), excluded: this.excluded.map(entryJSON) };
  }
}

/** What a client's conditions mean for a whole session. */
class Screen {
  constructor(db, rec) {
    this.conditions = entitiesOf(db, rec.conditions);
    /** Whether a condition needs medical clearance. */
    this.needsClearance = rec.needsClearance;
    /** Whether a condition says stop and refer. */
    this.refer = rec.refer;
    /** Strongest action first. */
    this.lines = Object.freeze(rec.lines.map((l) => Object.freeze({
      action: SCREEN_ACTIONS[l.action],
      condition: entityOf(db, l.condition),
      site: entityOf(db, l.site),
      position: l.position,
      pressure: l.pressure,
      rule: l.rule === null ? null : new Rule(db, l.rule),
      match: ruleMatch(db, l.match),
      fact: l.fact === null ? null : new Fact(db, l.fact),
    })));
    Object.freeze(this);
  }

  toJSON() {
    return {
      conditions: this.conditions.map(ref), needsClearance: this.needsClearance,
      refer: this.refer,
      lines: this.lines.map((l) => ({
        action: l.action, condition: ref(l.condition), site: ref(l.site),
        position: l.position, pressure: l.pressure,
        reason: l.rule ? l.rule[kRec].reason : null,
        match: l.match && l.match.text,
        fact: l.fact ? factJSON(l.fact[kRec]) : null,
      })),
    };
  }
}

/** A question's answer: how it was read, the entities it names, and the
 *  result (results, plan or screen; the others null). */
class Answer {
  constructor(db, question, rec, opts) {
    this.question = question;
    /** How it was read, in words ("muscles that cause: Groin pain"). */
    this.reading = rec.reading;
    /** "search", "causes", "techniques", "plan", "restrictions",
     *  "screen", "nerve", "levels" or "members". */
    this.kind = rec.kind;
    /** {entity, words, match} for each entity the question names. */
    this.entities = Object.freeze(rec.entities.map((e) => Object.freeze({
      entity: entityOf(db, e.entity), words: e.words, match: e.match,
    })));
    this.results = rec.results === null ? null : new Results(db, question, rec.results, opts);
    this.plan = rec.plan === null ? null : new Plan(db, rec.plan);
    this.screen = rec.screen === null ? null : new Screen(db, rec.screen);
    Object.freeze(this);
  }

  toJSON() {
    return {
      question: this.question, reading: this.reading, kind: this.kind,
      entities: this.entities.map((e) => ({ ...ref(e.entity), words: e.words, match: e.match })),
      results: this.results && this.results.toJSON(),
      plan: this.plan && this.plan.toJSON(),
      screen: this.screen && this.screen.toJSON(),
    };
  }
}

// ===== opening =====

function openArgs(paths, options, fn) {
  const opts = options || {};
  for (const key of Object.keys(opts)) {
    if (key !== 'bundled') throw new TypeError(`${fn}: unknown option "${key}"`);
  }
  let list = null;
  if (paths !== undefined && paths !== null) {
    if (typeof paths !== 'string' && typeof paths[Symbol.iterator] !== 'function') {
      throw new TypeError(`${fn}: paths must be a string or an iterable of strings`);
    }
    list = (typeof paths === 'string' ? [paths] : Array.from(paths)).map((p) => {
      if (typeof p !== 'string') throw new TypeError(`${fn}: a path must be a string`);
      return p;
    });
  }
  return [list, Boolean(opts.bundled)];
}

/**
 * Open a database.  With no paths, the bundled corpus compiled into the
 * library (or, when BODYWORK_CORPUS is set, the colon-separated paths it
 * names).  With paths (one or an array), those corpus files and folders as
 * layers in order.  { bundled: true } puts the bundled corpus under them.
 * Throws a CorpusError (FileError, ParseError, SchemaError,
 * IntegrityError) with the file, line and column of the first problem.
 */
function open(paths, options) {
  const [list, bundled] = openArgs(paths, options, 'open');
  return new Database(B.open(list, bundled, false), list);
}

/** open() on the thread pool. */
async function openAsync(paths, options) {
  const [list, bundled] = openArgs(paths, options, 'openAsync');
  return new Database(await B.open(list, bundled, true), list);
}

/** Check layers as open() would read them and report every problem, not
 *  just the first: an array of CorpusError (empty when they would open). */
function validate(paths, options) {
  const opts = options || {};
  const [list] = openArgs(paths, { bundled: opts.bundled }, 'validate');
  const max = opts.maxProblems === undefined ? 0 : opts.maxProblems;
  return B.validate(list || [], Boolean(opts.bundled), max);
}

function levelsText(levels) {
  return typeof levels === 'string' ? levels : Array.from(levels).join(',');
}

/** The single vertebral levels in "T12-L2" (or an array of such texts),
 *  in order: ["T12", "L1", "L2"]. */
function parseLevels(levels) {
  const text = levelsText(levels);
  return typeof levels !== 'string' && text === '' ? [] : B.parseLevels(text);
}

/** Levels written as the library writes them, as ranges:
 *  formatLevels(["L1", "T12", "L2"]) === "T12-L2". */
function formatLevels(levels) {
  const text = levelsText(levels);
  return typeof levels !== 'string' && text === '' ? '' : B.formatLevels(text);
}

/** The library's description of a status code (BodyworkError.code). */
function strerror(code) { return B.strerror(code); }

// For tests: how many thread-pool calls hold the database, and whether its
// memory was freed.
function debugState(db) {
  const [pending, freed] = B.pending(db[kHandle]);
  return { pending, freed };
}

module.exports = {
  open, openAsync, validate, parseLevels, formatLevels, strerror,
  Database, EntityList, Entity, Muscle, Technique, Condition, Symptom,
  Source, Site, Group, Fact, Rule, Hit, Results, Plan, Screen, Answer,
  BodyworkError, CorpusError, FileError, ParseError, SchemaError,
  IntegrityError, NotFoundError, QueryError, EncodingError,
  InvalidArgumentError, OutOfMemoryError, ClosedError,
  KINDS, FIELDS, EVIDENCE, SEVERITIES, SEVERITY_LABELS, SCREEN_ACTIONS,
  ASK_KINDS, STATUS,
  libraryVersion: B.libraryVersion,
  libraryVersionNumber: B.libraryVersionNumber,
  version: B.headerVersion,
  napiVersion: B.napiVersion,
};
Object.defineProperty(module.exports, '_debugState', { value: debugState });
