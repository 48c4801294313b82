// Reading a plan file (DESIGN §2). Kept apart from plan.ts, which workflow code imports and which
// must therefore stay free of I/O.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { validatePlan, type PlanResult } from './plan';

/** The plan of a year: `<plans>/<year>.yaml`, plans being $CIV_PLANS_DIR or the repository's `plans/`. */
export function defaultPlanPath(year: number): string {
  return path.resolve(process.env.CIV_PLANS_DIR ?? path.resolve(__dirname, '..', 'plans'), `${year}.yaml`);
}

const fail = (message: string): PlanResult => ({ ok: false, errors: [`(root): ${message}`] });

/** Parses YAML (JSON is YAML too) and validates it; every problem is one line. */
export function parsePlanText(text: string): PlanResult {
  if (text.trim() === '') return fail('the plan file is empty');
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    // The parser's message continues with a code excerpt over several lines; its first line
    // already says what and where ("... at line 2, column 1:").
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/:$/, '');
    return fail(`invalid YAML: ${first}`);
  }
  // A file holding only comments parses to null: for the user that is an empty file too.
  if (data === null || data === undefined) return fail('the plan file is empty');
  return validatePlan(data);
}

/** Reads and validates a plan file; a file that cannot be read is one error line as well. */
export function loadPlanFile(file: string): PlanResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('the plan file does not exist');
    if (code === 'EISDIR') return fail('the plan file is a directory');
    return fail(`cannot read the plan file (${code ?? String(err)})`);
  }
  return parsePlanText(text);
}
