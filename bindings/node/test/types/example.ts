// Type-checked (tsc --noEmit) against index.d.ts by the test run: every
// part of the API used the way the declarations say, so a declaration that
// drifts from lib/index.js shows up here or in the test that runs this
// file's twin calls.
import * as bodywork from '../..';
import {
  Database, Entity, Muscle, NotFoundError, QueryError, BodyworkError,
  Results, Plan, Screen, Answer,
} from '../..';

const lines: string[] = [];
function log(...args: unknown[]): void {
  lines.push(args.map((a) => String(a)).join(' '));
}

function describe(e: Entity): string {
  const levels: (string | null)[] = e.origin.map((f) => f.levels);
  const src: string | undefined = e.facts('summary')[0]?.source?.name;
  return `${e.kind} ${e.id} ${e.name} ${levels.join(',')} ${src ?? ''}`;
}

/** Runs every call below; returns the lines it logged. */
export async function main(paths?: string[]): Promise<string[]> {
  const db: Database = paths ? bodywork.open(paths, { bundled: true }) : bodywork.open();
  try {
    const psoas = db.lookup('iliopsoas');
    if (psoas instanceof Muscle) {
      const techniques: readonly bodywork.Technique[] = psoas.techniques;
      const depth: string | null = psoas.depth;
      log(describe(psoas), techniques.length, depth, psoas.regions.join(' '));
      const plan: Plan = psoas.plan(['endometriosis']);
      for (const entry of plan.excluded) {
        log(entry.technique.name, entry.reasons.map((r) => r.rule.reason),
                    entry.instead.map((t) => t.id));
      }
    }
    const found: Entity | null = db.get('no such thing');
    try {
      const byCode: bodywork.CodeMatch = await db.lookupCodeAsync('I80.2');
      log(byCode.entity.id, byCode.code.text, byCode.code.shared, db.lookupCode('I80').code.qualifier);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    const count: number = db.count('muscle') + db.muscles.length;
    for (const m of db.muscles) log(m.id);
    for (const e of db) log(e.kind);
    const results: Results = db.search('psoas strech', {
      kind: ['technique'], limit: 5, offset: 0, typoThreshold: 5, prefix: true,
      synonyms: true, marks: ['<b>', '</b>'], snippetWords: 12,
    });
    for (const hit of results) {
      log(hit.rank, hit.entity.name, hit.score.toFixed(2), hit.match, hit.dropped,
                  hit.fields.join(','), hit.label, hit.snippet, hit.fact?.text);
    }
    log(results.correction, results.total, found, count);
    const s: Results = await db.suggestAsync('ilio', { kind: 'muscle', limit: 3 });
    const why: Results = db.musclesForSymptom('pain getting up from a chair', { limit: 3 });
    const how: Results = await db.techniquesForAsync('psoas', { offset: 1 });
    const screen: Screen = await db.screenAsync(['warfarin']);
    for (const line of screen.lines) {
      log(line.action, line.site?.name, line.position, line.pressure,
                  line.rule?.severity, line.match?.text, line.fact?.evidence);
    }
    const answer: Answer = await db.askAsync('which muscles cause groin pain');
    log(answer.reading, answer.kind, answer.results?.length, answer.plan,
                answer.screen, s.length, why.length, how.length);
    const rules = db.lookup('pregnancy');
    if (rules instanceof bodywork.Condition) {
      for (const rule of rules.rules) {
        log(rule.severity, rule.excludes, rule.applies('pnf-table-edge-psoas-stretch'),
                    rule.matches.map((m) => m.attrs['pressure']));
      }
    }
    const atL3: readonly Muscle[] = db.musclesAtLevels('L3', 'origin');
    log(atL3.length, bodywork.parseLevels('T12-L2'), bodywork.formatLevels(['L1', 'L2']));
    const p: Plan = await db.planAsync('hamstrings', 'knee replacement');
    log(p.muscle?.name, JSON.stringify(p));
  } catch (e) {
    if (e instanceof QueryError) log(e.position, e.column);
    else if (e instanceof NotFoundError) log(e.detail);
    else if (e instanceof BodyworkError) log(e.code, e.file, e.line, e.column);
    throw e;
  } finally {
    db.close();
  }
  const later: Database = await bodywork.openAsync();
  later.close();
  const problems: bodywork.CorpusError[] = bodywork.validate(paths ?? [], { bundled: true });
  log(problems.length);
  return lines;
}
