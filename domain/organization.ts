// Several organizations in one deployment. A plan may name its organization's
// key, which prefixes the workflow ids of its year (`civ-wuxi-jgswj-2020-task-05`), is the CivOrg
// search attribute of its workflows and names its plans folder (`plans/wuxi-jgswj/2020.yaml`).
// A plan without one belongs to the deployment's home organization and keeps the ids it always had
// (`civ-2020-task-05`), so years already running, and their recorded histories, are untouched.

/** Dash-separated words that each start with a letter, so a 4-digit year never looks like part of it. */
const ORG_PART = '[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*';
const ORG_KEY = new RegExp(`^${ORG_PART}$`);
const ORG_KEY_MAX = 40;
export const ORG_KEY_RULE =
  'an organization key is up to 40 lower-case letters and digits in dash-separated words, each word starting with a letter, e.g. "wuxi-jgswj"';

export function isOrgKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ORG_KEY_MAX && ORG_KEY.test(value);
}

/** One organization's plan year. `org` is absent for the home organization. */
export interface PlanScope {
  year: number;
  org?: string;
}

/** What every workflow id of the year starts with after `civ-`: "2020" or "wuxi-jgswj-2020". */
export function scopeKey(scope: PlanScope): string {
  return scope.org ? `${scope.org}-${scope.year}` : String(scope.year);
}

const SCOPE_KEY = new RegExp(`^(?:(${ORG_PART})-)?(\\d{4})$`);
const WORKFLOW_ID = new RegExp(`^civ-(?:(${ORG_PART})-)?(\\d{4})-`);

/** A workflow id of ours whose part after the year matches `rest` (a regular expression source). */
export function workflowIdPattern(rest: string): RegExp {
  return new RegExp(`^civ-(?:${ORG_PART}-)?\\d{4}-${rest}$`);
}

const scope = (m: RegExpExecArray | null): PlanScope | undefined =>
  m && (m[1] === undefined || isOrgKey(m[1]))
    ? { year: Number(m[2]), ...(m[1] !== undefined && { org: m[1] }) }
    : undefined;

/** "wuxi-jgswj-2020" or "2020" back to its scope (the portal's year pages are named so). */
export function parseScopeKey(key: string): PlanScope | undefined {
  return scope(SCOPE_KEY.exec(key));
}

/** The plan year a workflow id of ours belongs to. */
export function scopeOfWorkflowId(workflowId: string): PlanScope | undefined {
  return scope(WORKFLOW_ID.exec(workflowId));
}

/** How a plan year is named in messages for admins: "2020" or "2020 (wuxi-jgswj)". */
export function scopeLabel(scope: PlanScope): string {
  return scope.org ? `${scope.year} (${scope.org})` : String(scope.year);
}
