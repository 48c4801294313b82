// Everything one task workflow needs from the plan, cut out of it so the workflow input stays
// small and self-contained (the annual plan workflow passes it; a lone start loads it).
import type * as Zod from 'zod';
import {
  addCalendarDays,
  type CalendarTable,
  festivalDates,
  latestDueDate,
  planYearTable,
  WorkCalendar,
} from './calendar';
import type { Recipient, ItemRef } from './notification';
import { once, zod } from './lazy-zod';
import { isOrgKey, ORG_KEY_RULE, workflowIdPattern } from './organization';
import {
  type CalendarCorrections,
  DEFAULT_REVIEW_WORKING_DAYS,
  type EscalationPolicy,
  findTask,
  formatPath,
  isRealDate,
  type Issue,
  issueOn,
  type Kpi,
  type Plan,
  planSchemas,
  taskPolicy,
  tooLateForReview,
} from './plan';

export interface BranchRef {
  id: string;
  name: string;
  lead: Recipient;
  /** The deputy head in charge (分管领导); absent in definitions from before it was in the plan. */
  deputy?: Recipient & { id: string };
}

export interface ItemDefinition {
  ref: ItemRef;
  branches: BranchRef[];
  /** Every branch of the plan, so a report from an unknown branch is told apart from a wrong one. */
  planBranchIds: string[];
  milestones: { id: string; title: string; due: string }[];
  kpis: Kpi[];
  reminderDaysBefore: number[];
  escalation: EscalationPolicy;
  signOff: 'office' | 'head';
  office: Recipient & { staff: Recipient[] };
  head: Recipient;
  deputies: Recipient[];
  corrections: CalendarCorrections;
  /**
   * The working-day calendar of the plan year, fixed when the task starts, so that a newer
   * chinese-days on a worker never moves the reminders of a running task. Absent only in
   * definitions of tasks started before it existed, which keep reading the package.
   */
  calendar?: CalendarTable;
  /** The last working days of the year kept for sign-off (plan `defaults.reviewWorkingDays`). */
  reviewWorkingDays?: number;
  /** Themes and festivals: the working day whose 09:00 the assignment waits for. */
  announceOn?: string;
  /** Festivals: the festival's date this year. */
  festivalDate?: string;
  /** A task carried over from the year before: the workflow it continues. */
  carriedFrom?: string;
  /**
   * Themes and festivals the lead branches report (plan `activities.reportedBy: lead`): the other
   * branches, who take part without a report of their own and are copied on the announcement.
   */
  participants?: BranchRef[];
  /** What the plan asks of the branches, in full (the portal shows it). */
  description?: string;
  /**
   * Tasks: working days after the assignment for the branches' 签收, after which the ones that
   * neither acknowledged nor reported are reminded once. Absent in definitions from before it.
   */
  acknowledgeWorkingDays?: number;
}

// The seed files the monthly themes (task 10) and the festivals (task 07) under these categories.
const THEME_CATEGORY = 3;
const FESTIVAL_CATEGORY = 2;

/** The plan's full title, as the emails cite it: the document's, else the one its year implies. */
export function planTitle(plan: Pick<Plan, 'organization' | 'year' | 'document'>): string {
  return plan.document?.title ?? `${plan.organization}${plan.year}年文明单位创建工作实施方案`;
}

function titleOf(p: { title?: string }): { title?: string } {
  return p.title ? { title: p.title } : {};
}

/** What every item of a plan shares: the people, the calendar, the year. */
function planParts(plan: Plan) {
  const office = plan.leadingGroup.office;
  const corrections = { holidays: plan.calendar?.holidays ?? [], workdays: plan.calendar?.workdays ?? [] };
  const deputies = new Map(plan.leadingGroup.deputies.map((d) => [d.id, d]));
  const branch = (id: string): BranchRef => {
    const b = plan.branches.find((x) => x.id === id)!;
    const deputy = deputies.get(b.deputy);
    return {
      id,
      name: b.name,
      lead: { name: b.lead.name, email: b.lead.email },
      ...(deputy && {
        deputy: { id: deputy.id, name: deputy.name, email: deputy.email, ...titleOf(deputy) },
      }),
    };
  };
  return {
    planBranchIds: plan.branches.map((b) => b.id),
    branch,
    office: {
      name: office.name,
      email: office.email,
      staff: office.staff.map((p) => ({ name: p.name, email: p.email })),
    },
    head: { name: plan.leadingGroup.head.name, email: plan.leadingGroup.head.email, title: '组长' },
    deputies: plan.leadingGroup.deputies.map((p) => ({ name: p.name, email: p.email, ...titleOf(p) })),
    corrections,
    calendar: planYearTable(plan.year, corrections),
    reviewWorkingDays: plan.defaults.reviewWorkingDays,
    ref: {
      year: plan.year,
      organization: plan.organization,
      ...(plan.org !== undefined && { org: plan.org }),
      officeName: office.name,
      document: {
        title: planTitle(plan),
        ...(plan.document?.number && { number: plan.document.number }),
      },
      contact: { name: office.staff[0].name, ...(office.phone && { phone: office.phone }) },
    },
  };
}

export function taskDefinition(plan: Plan, taskId: string): ItemDefinition {
  const task = findTask(plan, taskId);
  if (!task) throw new Error(`the ${plan.year} plan has no task "${taskId}"`);
  const category = plan.categories.find((c) => c.number === task.category);
  const { reminderDaysBefore, escalation } = taskPolicy(plan, task);
  const { branch, ref, ...parts } = planParts(plan);
  return {
    ref: {
      ...ref,
      id: task.id,
      title: task.title,
      category: task.category,
      categoryTitle: category ? `（${category.numeral}）${category.title}` : `（${task.category}）`,
      due: task.due,
      kpis: task.kpis ?? [],
    },
    branches: task.branches.map(branch),
    milestones: task.milestones ?? [],
    kpis: task.kpis ?? [],
    reminderDaysBefore,
    escalation,
    signOff: task.signOff,
    description: task.description,
    acknowledgeWorkingDays: plan.defaults.acknowledgeWorkingDays,
    ...parts,
  };
}

/**
 * A task of last year that did not end signed off, carried into `plan`'s year by the rollover: the
 * same task, due by `due`, owed by the branches that had not reported (all of them when everybody
 * had), with this year's people, policy and calendar.
 */
export function carriedTaskDefinition(
  old: ItemDefinition,
  plan: Plan,
  carry: { from: string; due: string; branches: string[] },
): ItemDefinition {
  const { branch, ref, ...parts } = planParts(plan);
  const owing = carry.branches.length ? carry.branches : old.branches.map((b) => b.id);
  return {
    ref: { ...old.ref, ...ref, title: `（${old.ref.year}年结转）${old.ref.title}`, due: carry.due },
    branches: owing.filter((id) => plan.branches.some((b) => b.id === id)).map(branch),
    milestones: [],
    kpis: old.kpis,
    reminderDaysBefore: plan.defaults.reminderDaysBefore,
    escalation: plan.defaults.escalation,
    signOff: old.signOff,
    acknowledgeWorkingDays: plan.defaults.acknowledgeWorkingDays,
    carriedFrom: carry.from,
    ...parts,
  };
}

/**
 * The branches that report on the plan's themes or festivals: all of them, or, when the plan says
 * `reportedBy: lead`, those of the task the activities belong to. Read when the item's definition is
 * built, so a running item keeps the branches it started with.
 */
export function activityBranches(plan: Plan, kind: 'themes' | 'festivals'): string[] {
  const all = plan.branches.map((b) => b.id);
  const { reportedBy, tasks } = plan.activities;
  if (reportedBy !== 'lead' || !tasks) return all;
  const lead = findTask(plan, tasks[kind])?.branches ?? all;
  return all.filter((id) => lead.includes(id));
}

/** A theme or festival: its reporting branches report on it, the office signs it off, under `activities`. */
function activityDefinition(
  plan: Plan,
  item: Pick<ItemRef, 'kind' | 'id' | 'title' | 'category' | 'categoryTitle'>,
  dates: (cal: WorkCalendar) => { due: string; announceOn: string; festivalDate?: string },
): ItemDefinition {
  const { branch, ref, ...parts } = planParts(plan);
  const { due, ...announce } = dates(new WorkCalendar(parts.calendar));
  const reporting = activityBranches(plan, item.kind === 'theme' ? 'themes' : 'festivals');
  const participants = plan.branches.map((b) => b.id).filter((id) => !reporting.includes(id));
  return {
    ref: { ...ref, ...item, due, kpis: [] },
    branches: reporting.map(branch),
    ...(participants.length && { participants: participants.map(branch) }),
    milestones: [],
    kpis: [],
    reminderDaysBefore: plan.activities.reminderDaysBefore,
    escalation: plan.activities.escalation,
    signOff: 'office',
    ...announce,
    ...parts,
  };
}

/**
 * The monthly theme of 崇德乐善“一月一主题” as an item every branch reports on: announced on the
 * month's first working day, due on its last, reminders in its last week, signed off by the office.
 */
export function themeDefinition(plan: Plan, month: number): ItemDefinition {
  const theme = plan.themes.find((t) => t.month === month);
  if (!theme) throw new Error(`the ${plan.year} plan has no theme for month ${month}`);
  const mm = String(month).padStart(2, '0');
  const first = `${plan.year}-${mm}-01`;
  const next =
    month === 12 ? `${plan.year + 1}-01-01` : `${plan.year}-${String(month + 1).padStart(2, '0')}-01`;
  const item = {
    kind: 'theme' as const,
    id: mm,
    title: `“${theme.title}”${theme.label}主题活动`,
    category: THEME_CATEGORY,
    categoryTitle: '崇德乐善“一月一主题”公益活动',
  };
  return activityDefinition(plan, item, (cal) => ({
    due: cal.previousWorkingDay(addCalendarDays(next, -1)),
    announceOn: cal.nextWorkingDay(first),
  }));
}

/**
 * A festival activity of 我们的节日 on its computed date: announced the plan's lead days ahead (on
 * the working day before, if that day is off), reported within the plan's working days after.
 */
export function festivalDefinition(plan: Plan, festivalId: string): ItemDefinition {
  const festival = plan.festivals.find((f) => f.id === festivalId);
  if (!festival) throw new Error(`the ${plan.year} plan has no festival "${festivalId}"`);
  const date = festivalDates(plan.year)[festival.id];
  const item = {
    kind: 'festival' as const,
    id: festival.id,
    title: `“我们的节日·${festival.name}”主题活动`,
    category: FESTIVAL_CATEGORY,
    categoryTitle: '“我们的节日”主题活动',
  };
  return activityDefinition(plan, item, (cal) => ({
    due: cal.addWorkingDays(date, plan.activities.festivalReportWorkingDays),
    announceOn: cal.previousWorkingDay(addCalendarDays(date, -festival.leadDays)),
    festivalDate: date,
  }));
}

/** The calendar a task's timeline runs on: the one fixed at its start, else (older tasks) the package's. */
export function itemCalendar(def: ItemDefinition): WorkCalendar {
  return def.calendar ? new WorkCalendar(def.calendar) : WorkCalendar.official(def.corrections);
}

/** The latest due date the task may be given (its own plan year, minus the review days). */
export function itemLatestDue(def: ItemDefinition, cal: WorkCalendar): string {
  return latestDueDate(cal, def.ref.year, def.reviewWorkingDays ?? DEFAULT_REVIEW_WORKING_DAYS);
}

// ---------------------------------------------------------------------------------------------
// A definition passed in a workflow's start input: Temporal UI takes any JSON, so it is held to the
// plan schema's rules before the workflow mails anyone.

type Z = typeof Zod;
type PlanParts = ReturnType<typeof planSchemas>;

/** A person a definition mails: the name the mails show, and the address. */
function recipientSchemas(z: Z, { email }: PlanParts) {
  const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
  const title = z.string().trim().min(1).max(40).optional();
  return { name, RecipientSchema: z.strictObject({ name, email, title }) };
}

/** The item's `ref`: which item of which organization's plan year. */
function refSchema(z: Z, { isoDate, KpiSchema }: PlanParts) {
  return z.strictObject({
    year: z.int().min(2000).max(2100),
    kind: z.enum(['task', 'theme', 'festival']).optional(),
    id: z
      .string()
      .regex(
        /^(\d{2}|spring|qingming|duanwu|midautumn)$/,
        'must be a two-digit number such as "05" or a festival',
      ),
    title: z.string().min(1, 'must not be empty'),
    category: z.int().min(1).max(5),
    categoryTitle: z.string().min(1, 'must not be empty'),
    due: isoDate,
    organization: z.string().min(1, 'must not be empty'),
    org: z.string().refine(isOrgKey, ORG_KEY_RULE).optional(),
    officeName: z.string().min(1, 'must not be empty'),
    document: z
      .strictObject({ title: z.string().min(1).max(200), number: z.string().min(1).max(60).optional() })
      .optional(),
    contact: z
      .strictObject({ name: z.string().min(1).max(100), phone: z.string().max(20).optional() })
      .optional(),
    kpis: z.array(KpiSchema).optional(),
  });
}

/** The definition's fields, each to its own rules; the rules across fields are `checkDefinition`'s. */
function definitionFieldsSchema(z: Z, parts: PlanParts) {
  const { email, EscalationPolicySchema, id, isoDate, KpiSchema, MilestoneSchema, reminderDays } = parts;
  const { name, RecipientSchema } = recipientSchemas(z, parts);
  const dates = z.array(isoDate).max(400);
  const branch = z.strictObject({
    id,
    name,
    lead: RecipientSchema,
    deputy: RecipientSchema.extend({ id }).optional(),
  });
  return z.strictObject({
    ref: refSchema(z, parts),
    branches: z.array(branch).min(1, 'must name at least one responsible branch').max(50),
    participants: z.array(branch).max(50).optional(),
    planBranchIds: z.array(id).max(200),
    milestones: z.array(MilestoneSchema).max(20),
    kpis: z.array(KpiSchema).max(10),
    reminderDaysBefore: reminderDays,
    escalation: EscalationPolicySchema,
    signOff: z.enum(['office', 'head']),
    office: z.strictObject({ name, email, staff: z.array(RecipientSchema).min(1).max(20) }),
    head: RecipientSchema,
    deputies: z.array(RecipientSchema).max(20),
    corrections: z.strictObject({ holidays: dates, workdays: dates }),
    // Required at start: the calendar is fixed then, never read from a worker's package later.
    calendar: z.strictObject({ holidays: dates.max(2000), workdays: dates.max(2000) }),
    reviewWorkingDays: z.int().min(1).max(20).optional(),
    announceOn: isoDate.optional(),
    festivalDate: isoDate.optional(),
    carriedFrom: z
      .string()
      .regex(workflowIdPattern('task-\\d{2}'), 'must be the id of a task workflow')
      .optional(),
    description: z.string().max(4000).optional(),
    acknowledgeWorkingDays: z.int().min(1).max(20).optional(),
  });
}

function checkDefinition(def: Zod.output<ReturnType<typeof definitionFieldsSchema>>, issue: Issue): void {
  const year = def.ref.year;
  const inYear = (date: string) => !isRealDate(date) || date.startsWith(`${year}-`);
  if (!inYear(def.ref.due)) issue(['ref', 'due'], `${def.ref.due} is outside the plan year ${year}`);
  def.milestones.forEach((m, i) => {
    if (isRealDate(m.due) && isRealDate(def.ref.due) && (!inYear(m.due) || m.due >= def.ref.due))
      issue(['milestones', i, 'due'], `${m.due} is not in ${year} before the task's due date ${def.ref.due}`);
  });
  def.branches.forEach((b, i) => {
    if (!def.planBranchIds.includes(b.id)) issue(['branches', i, 'id'], `"${b.id}" is not in planBranchIds`);
  });
  let cal: WorkCalendar | undefined;
  try {
    cal = itemCalendar(def);
  } catch (err) {
    issue(['calendar'], err instanceof Error ? err.message : String(err));
  }
  // Themes and festivals fall due when the calendar says; only a task's date is chosen.
  if (cal && (def.ref.kind ?? 'task') === 'task' && isRealDate(def.ref.due) && inYear(def.ref.due)) {
    const latest = itemLatestDue(def, cal);
    if (def.ref.due > latest)
      issue(
        ['ref', 'due'],
        tooLateForReview(def.ref.due, latest, def.reviewWorkingDays ?? DEFAULT_REVIEW_WORKING_DAYS),
      );
  }
}

/** Built on the first definition given at start (domain/lazy-zod.ts). */
const definitionSchema = once(() =>
  definitionFieldsSchema(zod(), planSchemas()).superRefine((def, ctx) => checkDefinition(def, issueOn(ctx))),
);

/** The first problem of a definition given at start, as "path: rule", or undefined when it is sound. */
export function definitionProblem(input: unknown): string | undefined {
  const result = definitionSchema().safeParse(input, {
    error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return undefined;
  const [first] = result.error.issues;
  return `${formatPath(first.path) || '(root)'}: ${first.message}`;
}
