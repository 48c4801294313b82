// The start input of the annual plan workflow: `{"year": 2027}`, typed into Temporal UI's Start
// Workflow form or sent by `civ year start`; a `state` and the year's `plan` only from continue-as-new.
import { isOrgKey, ORG_KEY_RULE } from './organization';

const SHAPE = 'input must be like {"year": 2027}';

export function checkPlanInput(input: unknown, continued: boolean): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return SHAPE;
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !['year', 'org', 'state', 'plan'].includes(k));
  if (unknown.length) return `${SHAPE}; unknown field "${unknown[0]}"`;
  const year = Number(record.year);
  if (record.year === undefined || !Number.isInteger(year) || year < 2000 || year > 2100)
    return `${SHAPE}; year must be a year from 2000 to 2100`;
  if (record.org !== undefined && !isOrgKey(record.org)) return `${SHAPE}; org: ${ORG_KEY_RULE}`;
  if ((record.state !== undefined || record.plan !== undefined) && !continued)
    return `${record.state !== undefined ? 'state' : 'plan'} is carried over by continue-as-new only: start with {"year": …}`;
  return undefined;
}
