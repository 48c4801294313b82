// The default 2020 plan and its task definitions, for tests that change a detail or two.
import { stringify } from 'yaml';
import { join } from 'node:path';
import { loadPlanFile } from '../../config/plan-files';
import { rollPlan } from '../../domain/plan-roll';
import { hasOfficialHolidayData } from '../../domain/calendar';
import type { Plan } from '../../domain/plan';
import { taskDefinition, type ItemDefinition } from '../../domain/item-definition';

export function plan2020(): Plan {
  // The repository's plan, whatever CIV_PLANS_DIR a test has set for its worker.
  const result = loadPlanFile(join(__dirname, '..', '..', 'plans', '2020.yaml'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.plan;
}

/**
 * The 2020 plan carried to `year` (dates on its working days). A year the calendar package has no
 * holidays for goes on with weekends only, said in the plan (`calendar.weekendsOnly`), as the
 * office would have to: the dev-server tests run next year's plan, issued (印发) a year early.
 */
export function rolledPlan(year: number): Plan {
  const { plan: rolled } = rollPlan(plan2020(), year);
  // Issued early (the plan says so), so a test's plan of next year starts its items at once.
  const plan: Plan = { ...rolled, document: { ...rolled.document!, issuedOn: `${year - 1}-01-01` } };
  return hasOfficialHolidayData(year)
    ? plan
    : { ...plan, calendar: { holidays: [], workdays: [], weekendsOnly: true } };
}

/** rolledPlan as a plan file's text. */
export function rolledPlanText(year: number): string {
  return stringify(rolledPlan(year));
}

/**
 * Another organization's plan for `year`: the 2020 plan rolled over, under organization key `org`
 * and `name`, its people's addresses at `<org>.example.gov.cn` so its emails can be told apart.
 */
export function organizationPlanText(year: number, org: string, name: string): string {
  const rolled = rolledPlan(year);
  // Its own 实施方案: the document's title names the organization too.
  const document = rolled.document && {
    ...rolled.document,
    title: rolled.document.title.replace(rolled.organization, name),
  };
  const plan: Plan = { ...rolled, org, organization: name, ...(document && { document }) };
  return stringify(plan).replaceAll('@example.gov.cn', `@${org}.example.gov.cn`);
}

/** Task `id` of the 2020 plan, with test-specific changes. */
export function definition2020(id: string, change: (def: ItemDefinition) => void = () => {}): ItemDefinition {
  const def = taskDefinition(plan2020(), id);
  change(def);
  return def;
}

/** A task reference as a notification carries it, fixed so message tests can quote it exactly. */
export const SAMPLE_TASK = {
  year: 2020,
  id: '05',
  title: '积极开展普法知识教育',
  category: 1,
  categoryTitle: '（一）强化思想引领，推动理论武装走深走实',
  due: '2020-12-15',
  organization: '无锡市机关事务管理局',
  officeName: '文明单位创建工作领导小组办公室',
};
