// Type declarations for the bodywork package (Node.js bindings for
// libbodywork).  lib/index.js is the implementation.

export type Kind =
  | 'source' | 'muscle' | 'technique' | 'condition' | 'symptom' | 'site' | 'group';
export type Evidence = 'established' | 'practice' | 'tradition' | 'anecdote' | 'disputed';
export type Severity = 'contraindicated' | 'local' | 'caution' | 'clearance' | 'red-flag';
export type ScreenAction =
  | 'refer' | 'clearance' | 'no-massage' | 'avoid' | 'limit' | 'caution' | 'prefer' | 'ask';
export type AskKind =
  | 'search' | 'causes' | 'techniques' | 'plan' | 'restrictions' | 'screen' | 'nerve'
  | 'levels' | 'members';
export type MatchKind = 'exact' | 'prefix' | 'typo1' | 'typo2';
/** A field as the corpus names it ("blood-supply"); facts() and
 *  referrers() also take the property spelling ("bloodSupply"). */
export type FieldName = string;

export const KINDS: readonly Kind[];
export const FIELDS: readonly string[];
export const EVIDENCE: readonly Evidence[];
export const SEVERITIES: readonly Severity[];
export const SEVERITY_LABELS: readonly string[];
export const SCREEN_ACTIONS: readonly ScreenAction[];
export const ASK_KINDS: readonly AskKind[];
export const STATUS: Readonly<{
  OK: 0; EINVAL: -1; ENOMEM: -2; EIO: -3; EPARSE: -4; ESCHEMA: -5; ECORPUS: -6;
  ENOTFOUND: -7; EQUERY: -8; EUTF8: -9;
}>;
/** The linked library's version ("0.1.0") and as a number. */
export const libraryVersion: string;
export const libraryVersionNumber: number;
/** The version of the header the addon was built against. */
export const version: string;
/** The Node-API version the addon asks for. */
export const napiVersion: number;

export interface OpenOptions {
  /** Put the bundled corpus under the given layers. */
  bundled?: boolean;
}

/** Open a database: the bundled corpus with no paths (or BODYWORK_CORPUS),
 *  else the corpus files and folders as layers, in order. */
export function open(paths?: string | Iterable<string> | null, options?: OpenOptions): Database;
/** open() on libuv's thread pool. */
export function openAsync(paths?: string | Iterable<string> | null,
                          options?: OpenOptions): Promise<Database>;
/** Every problem in the layers (empty when they would open). */
export function validate(paths: string | Iterable<string>,
                         options?: OpenOptions & { maxProblems?: number }): CorpusError[];
export function parseLevels(levels: string | Iterable<string>): string[];
export function formatLevels(levels: string | Iterable<string>): string;
export function strerror(code: number): string;

// ----- errors -----

export class BodyworkError extends Error {
  /** The library's negative status (STATUS); null for ClosedError. */
  readonly code: number | null;
  /** The library's words, without the file position. */
  readonly detail: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  /** For QueryError and EncodingError: the 0-based index in the query. */
  readonly position: number | null;
}
export class CorpusError extends BodyworkError {}
export class FileError extends CorpusError {}
export class ParseError extends CorpusError {}
export class SchemaError extends CorpusError {}
export class IntegrityError extends CorpusError {}
export class NotFoundError extends BodyworkError {}
export class QueryError extends BodyworkError {}
export class EncodingError extends BodyworkError {}
export class InvalidArgumentError extends BodyworkError {}
export class OutOfMemoryError extends BodyworkError {}
export class ClosedError extends BodyworkError {}

// ----- options -----

export interface SearchOptions {
  /** Keep only these kinds. */
  kind?: Kind | Iterable<Kind>;
  /** Hits to return, 1 to 1000 (default 10). */
  limit?: number;
  /** Hits to skip (default 0). */
  offset?: number;
  /** Try typo corrections when fewer entities than this match as typed;
   *  0 never (default 5). */
  typoThreshold?: number;
  /** false: the last word does not match as a prefix. */
  prefix?: boolean;
  /** false: no synonym sets. */
  synonyms?: boolean;
  /** What snippets wrap matches in (default ["[", "]"]). */
  marks?: [string, string];
  /** Longest snippet in words (0: 24). */
  snippetWords?: number;
}
export interface SuggestOptions { kind?: Kind | Iterable<Kind>; limit?: number; }
export interface PageOptions { limit?: number; offset?: number; }

export type EntityArg = Entity | string;
export type ConditionsArg = EntityArg | Iterable<EntityArg> | null | undefined;

// ----- the database -----

export class Database implements Iterable<Entity> {
  private constructor();
  readonly closed: boolean;
  readonly paths: readonly string[] | null;
  readonly size: number;
  readonly muscles: EntityList<Muscle>;
  readonly techniques: EntityList<Technique>;
  readonly conditions: EntityList<Condition>;
  readonly symptoms: EntityList<Symptom>;
  readonly sources: EntityList<Source>;
  readonly sites: EntityList<Site>;
  readonly groups: EntityList<Group>;
  close(): void;
  byId(id: string): Entity;
  lookup(name: string): Entity;
  lookupAsync(name: string): Promise<Entity>;
  lookupCode(text: string): CodeMatch;
  lookupCodeAsync(text: string): Promise<CodeMatch>;
  get(name: string): Entity | null;
  has(x: EntityArg): boolean;
  count(kind?: Kind | null): number;
  stats(): Record<Kind, number>;
  entities(kind?: Kind | null): EntityList<Entity>;
  [Symbol.iterator](): Iterator<Entity>;
  musclesAtLevels(levels: string, field?: 'origin' | 'insertion' | 'innervation' | null): readonly Muscle[];
  plan(muscle: EntityArg, conditions?: ConditionsArg): Plan;
  planAsync(muscle: EntityArg, conditions?: ConditionsArg): Promise<Plan>;
  restrictions(technique: EntityArg): Plan;
  restrictionsAsync(technique: EntityArg): Promise<Plan>;
  screen(conditions: ConditionsArg): Screen;
  screenAsync(conditions: ConditionsArg): Promise<Screen>;
  /** A body map as SVG text. */
  mapMuscle(muscle: Entity | string): string;
  mapMuscleAsync(muscle: Entity | string): Promise<string>;
  mapSymptom(symptom: Entity | string): string;
  mapSymptomAsync(symptom: Entity | string): Promise<string>;
  mapScreen(conditions: ConditionsArg): string;
  mapScreenAsync(conditions: ConditionsArg): Promise<string>;
  search(query: string, options?: SearchOptions): Results;
  searchAsync(query: string, options?: SearchOptions): Promise<Results>;
  suggest(prefix: string, options?: SuggestOptions): Results;
  suggestAsync(prefix: string, options?: SuggestOptions): Promise<Results>;
  musclesForSymptom(text: string, options?: PageOptions): Results;
  musclesForSymptomAsync(text: string, options?: PageOptions): Promise<Results>;
  techniquesFor(muscle: EntityArg, options?: PageOptions): Results;
  techniquesForAsync(muscle: EntityArg, options?: PageOptions): Promise<Results>;
  ask(question: string, options?: SearchOptions): Answer;
  askAsync(question: string, options?: SearchOptions): Promise<Answer>;
}

/** What lookupCode() finds: the entity and its code fact that matched. */
export interface CodeMatch {
  readonly entity: Entity;
  readonly code: Fact;
}

export class EntityList<E extends Entity = Entity> implements Iterable<E> {
  private constructor();
  readonly kind: Kind | null;
  readonly length: number;
  ids(): string[];
  at(i: number): E | undefined;
  has(x: EntityArg): boolean;
  toArray(): E[];
  [Symbol.iterator](): Iterator<E>;
}

// ----- entities and facts -----

export class Fact {
  private constructor();
  readonly text: string;
  readonly field: string;
  readonly entity: Entity;
  readonly source: Source | null;
  readonly evidence: Evidence;
  readonly disputed: boolean;
  readonly correction: string | null;
  readonly correctionSource: Source | null;
  readonly target: Entity | null;
  readonly qualifier: string | null;
  readonly levels: string | null;
  readonly levelSet: Set<string>;
  readonly line: number;
  /** For a code fact: the same code is given to several entities. */
  readonly shared: boolean;
  toJSON(): Record<string, unknown>;
}

type Facts = readonly Fact[];

export class Entity {
  protected constructor();
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly summary: string | null;
  readonly aliases: string[];
  readonly file: string;
  readonly line: number;
  readonly database: Database;
  facts(field: FieldName | number): Facts;
  referrers(field: FieldName): Facts;
  attr(name: string): string | null;
  equals(other: unknown): boolean;
  toJSON(): Record<string, unknown>;
  // every corpus field, in camelCase
  readonly alias: Facts;
  readonly note: Facts;
  readonly origin: Facts;
  readonly insertion: Facts;
  readonly action: Facts;
  readonly innervation: Facts;
  readonly bloodSupply: Facts;
  readonly palpation: Facts;
  readonly related: Facts;
  readonly causes: Facts;
  readonly referral: Facts;
  readonly shortenedBy: Facts;
  readonly weakenedBy: Facts;
  readonly selfCare: Facts;
  readonly association: Facts;
  readonly target: Facts;
  readonly position: Facts;
  readonly contact: Facts;
  readonly pressure: Facts;
  readonly method: Facts;
  readonly movement: Facts;
  readonly preparation: Facts;
  readonly step: Facts;
  readonly duration: Facts;
  readonly repetitions: Facts;
  readonly caution: Facts;
  readonly benefit: Facts;
  readonly sign: Facts;
  readonly redFlag: Facts;
  readonly clue: Facts;
  readonly structure: Facts;
  readonly member: Facts;
  readonly title: Facts;
  readonly author: Facts;
  readonly year: Facts;
  readonly edition: Facts;
  readonly publisher: Facts;
  readonly isbn: Facts;
  readonly url: Facts;
  readonly code: Facts;
}

export class Muscle extends Entity {
  readonly depth: string | null;
  readonly regions: readonly string[];
  readonly techniques: readonly Technique[];
  readonly relatedFrom: readonly Muscle[];
  readonly groups: readonly Group[];
  plan(conditions?: ConditionsArg): Plan;
  planAsync(conditions?: ConditionsArg): Promise<Plan>;
}
export class Technique extends Entity {
  readonly modality: string | null;
  readonly lever: string | null;
  readonly muscles: readonly Muscle[];
  readonly sites: readonly Site[];
  restrictions(): Plan;
}
export class Condition extends Entity {
  readonly rules: readonly Rule[];
  readonly category: string | null;
  screen(): Screen;
}
export class Symptom extends Entity {
  readonly causedBy: readonly Muscle[];
}
export class Source extends Entity {
  readonly sourceKind: string | null;
}
export class Site extends Entity {
  readonly type: string | null;
  readonly within: Site | null;
  readonly techniques: readonly Technique[];
  overlaps(site: EntityArg): boolean;
}
export class Group extends Entity {
  readonly members: readonly Muscle[];
  plan(conditions?: ConditionsArg): Plan;
  planAsync(conditions?: ConditionsArg): Promise<Plan>;
}

// ----- rules, the planner, the screen -----

export interface RuleMatch {
  readonly text: string;
  readonly technique: Technique | null;
  readonly attrs: Readonly<Record<string, string>>;
}

export class Rule {
  private constructor();
  readonly severity: Severity;
  readonly label: string;
  readonly excludes: boolean;
  readonly site: Site | null;
  readonly instead: readonly Technique[];
  readonly prefer: readonly string[];
  readonly reason: string;
  readonly adjustment: string | null;
  readonly source: Source | null;
  readonly evidence: Evidence;
  readonly line: number;
  readonly condition: Condition;
  readonly matches: readonly RuleMatch[];
  applies(technique: EntityArg): boolean;
  equals(other: unknown): boolean;
  toJSON(): Record<string, unknown>;
}

export interface Reason {
  readonly condition: Condition;
  readonly rule: Rule;
  readonly match: RuleMatch | null;
  readonly severity: Severity;
  readonly reason: string;
  readonly adjustment: string | null;
}

export interface PlanEntry {
  readonly technique: Technique;
  readonly reasons: readonly Reason[];
  readonly instead: readonly Technique[];
}

export class Plan {
  private constructor();
  readonly muscle: Muscle | Group | null;
  readonly conditions: readonly Condition[];
  readonly allowed: readonly PlanEntry[];
  readonly excluded: readonly PlanEntry[];
  toJSON(): Record<string, unknown>;
}

export interface ScreenLine {
  readonly action: ScreenAction;
  readonly condition: Condition;
  readonly site: Site | null;
  readonly position: string | null;
  readonly pressure: string | null;
  readonly rule: Rule | null;
  readonly match: RuleMatch | null;
  readonly fact: Fact | null;
}

export class Screen {
  private constructor();
  readonly conditions: readonly Condition[];
  readonly needsClearance: boolean;
  readonly refer: boolean;
  readonly lines: readonly ScreenLine[];
  toJSON(): Record<string, unknown>;
}

// ----- search and questions -----

export class Hit {
  private constructor();
  readonly entity: Entity;
  readonly score: number;
  readonly rank: number;
  readonly match: MatchKind;
  readonly fields: readonly string[];
  readonly label: string | null;
  readonly dropped: string | null;
  readonly fact: Fact | null;
  readonly snippet: string;
  toJSON(): Record<string, unknown>;
}

export class Results implements Iterable<Hit> {
  private constructor();
  readonly query: string;
  readonly total: number;
  readonly correction: string | null;
  readonly offset: number;
  readonly hits: readonly Hit[];
  readonly length: number;
  at(i: number): Hit | undefined;
  entities(): Entity[];
  [Symbol.iterator](): Iterator<Hit>;
  toJSON(): Record<string, unknown>;
}

export interface AskEntity {
  readonly entity: Entity;
  readonly words: string;
  readonly match: MatchKind;
}

export class Answer {
  private constructor();
  readonly question: string;
  readonly reading: string;
  readonly kind: AskKind;
  readonly entities: readonly AskEntity[];
  readonly results: Results | null;
  readonly plan: Plan | null;
  readonly screen: Screen | null;
  toJSON(): Record<string, unknown>;
}
