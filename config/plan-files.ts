// Finding and reading the plan files (plans/<year>.yaml, plans/<org>/<year>.yaml, or under
// $CIV_PLANS_DIR). Kept out of the domain, which workflow code imports and which stays free of I/O.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isOrgKey, scopeLabel } from '../domain/organization';
import { type Plan, validatePlan, type PlanResult } from '../domain/plan';

/** Where plans are: $CIV_PLANS_DIR or the repository's `plans/`. */
export function plansDirectory(): string {
  return path.resolve(process.env.CIV_PLANS_DIR ?? path.resolve(__dirname, '..', 'plans'));
}

/** The plan of a year: `<plans>/<year>.yaml`, or `<plans>/<org>/<year>.yaml` for an organization's. */
export function defaultPlanPath(year: number, org?: string): string {
  return path.join(plansDirectory(), ...(org ? [org] : []), `${year}.yaml`);
}

/**
 * Reads the plan of one organization's year from where it belongs. A plan in another
 * organization's folder (its `org` differs from the folder's) is refused: its workflow ids would
 * be someone else's.
 */
export function loadScopedPlan(year: number, org?: string): PlanResult {
  const result = loadPlanFile(defaultPlanPath(year, org));
  if (!result.ok) return result;
  if (result.plan.year !== year) return fail(`the plan file is for ${result.plan.year}, not ${year}`);
  if (result.plan.org !== org)
    return fail(
      org
        ? `the plan file is in the folder of organization "${org}" but names ${result.plan.org ? `"${result.plan.org}"` : 'no organization key'}`
        : `the plan file names organization "${result.plan.org}": it belongs in ${path.join(result.plan.org ?? '', `${year}.yaml`)}`,
    );
  return result;
}

const fail = (message: string): PlanResult => ({ ok: false, errors: [`(root): ${message}`] });

/** Parses YAML (JSON is YAML too) and validates it; every problem is one line. */
/** Why a year's plan cannot be used: its file is missing or invalid (the first problem). */
export class PlanUnusableError extends Error {}

/** The validated plan of `year` (of organization `org`), or a PlanUnusableError naming the first problem. */
export function readPlan(year: number, org?: string): Plan {
  const result = loadScopedPlan(year, org);
  if (!result.ok)
    throw new PlanUnusableError(`plan for ${scopeLabel({ year, org })} is not usable: ${result.errors[0]}`);
  return result.plan;
}

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
  return parsedPlan(text);
}

/**
 * The plans parsed last, by their text. The worker reads its plan for every plan mail and every
 * item started by hand, the portal for every year page and report: parsing and validating the 2020
 * plan costs about 9 ms, a copy of the result 0.1 ms. Keyed by the text itself, an edited file is
 * parsed afresh at once.
 */
const parsed = new Map<string, PlanResult>();
const PARSED_KEPT = 64;

function parsedPlan(text: string): PlanResult {
  const result = parsed.get(text) ?? parsePlanText(text);
  // Most recently used last: the first key is the one to drop.
  parsed.delete(text);
  parsed.set(text, result);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  // A copy: a caller may change the plan it is given.
  return structuredClone(result);
}

/**
 * The organizations with a plan for `year`: `undefined` (the home organization) when
 * `<plans>/<year>.yaml` exists, then every `<plans>/<org>/<year>.yaml` in key order.
 */
export function organizationsWithPlan(year: number): (string | undefined)[] {
  const dir = plansDirectory();
  const orgs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isOrgKey(e.name) && existsSync(defaultPlanPath(year, e.name)))
    .map((e) => e.name)
    .sort();
  return [...(existsSync(defaultPlanPath(year)) ? [undefined] : []), ...orgs];
}

/** Every `<year>.yaml` plan in `dir` (by default the plans directory), each validated; a bad one throws. */
export function loadPlanDirectory(dir = plansDirectory()): Plan[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.yaml$/.test(f))
    .sort()
    .map((f) => {
      const result = loadPlanFile(path.join(dir, f));
      if (!result.ok) throw new Error(`${f}: ${result.errors[0]}`);
      return result.plan;
    });
}
