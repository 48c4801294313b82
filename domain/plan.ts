// The yearly plan as validated data. Pure: no I/O, safe to import from workflow code.
import type * as Zod from 'zod';
import {
  calendarDaysBetween,
  expandDateRange,
  holidaysKnown,
  knownHolidayYears,
  latestDueDate,
  WorkCalendar,
} from './calendar';
import { once, zod } from './lazy-zod';
import { isOrgKey, ORG_KEY_RULE } from './organization';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Working days at the end of the year kept free of due dates for sign-off (plan `defaults`). */
export const DEFAULT_REVIEW_WORKING_DAYS = 5;
/** Working days a branch has to acknowledge (签收) an assignment before it is reminded. */
export const DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 3;

/** A well-formed YYYY-MM-DD that names a real day (2020-02-30 does not). */
export function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

type Z = typeof Zod;
type IssuePath = (string | number)[];
/** Reports a broken rule at `path` (the refinements' one way to add an issue). */
export type Issue = (path: IssuePath, message: string) => void;

/** The `Issue` of a refinement's context. */
export function issueOn(ctx: Zod.core.$RefinementCtx): Issue {
  return (path, message) => ctx.addIssue({ code: 'custom', path, message });
}

/** The field rules the parts of the plan share. */
function fieldSchemas(z: Z) {
  // zod runs every check of a string, so a malformed date is left to the regex: one error, not two.
  const isoDate = z
    .string()
    .regex(ISO_DATE, 'must be a date written YYYY-MM-DD')
    .refine((s) => !ISO_DATE.test(s) || isRealDate(s), { message: 'is not a real calendar date' });

  const email = z.email({ message: 'must be an email address' });
  const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

  const reminderDays = z
    .array(z.int().min(1, 'must be at least 1 day').max(90, 'must be at most 90 days'))
    .min(1, 'must list at least one offset')
    .max(10, 'must list at most 10 offsets')
    .refine((days) => new Set(days).size === days.length, { message: 'must not list an offset twice' });

  return { isoDate, email, id, reminderDays };
}
type FieldSchemas = ReturnType<typeof fieldSchemas>;

/** The people of the plan: a person, a deputy head, a branch with its lead. */
function peopleSchemas(z: Z, { id, email }: FieldSchemas) {
  const PersonSchema = z.strictObject({
    name: z.string().min(1, 'must not be empty'),
    title: z.string().min(1).optional(),
    email,
  });

  /** A deputy head (分管领导), named by the branches in their charge. */
  const DeputySchema = PersonSchema.extend({ id });

  const BranchSchema = z.strictObject({
    id,
    name: z.string().min(1, 'must not be empty'),
    kind: z.enum(['处室', '支部', '基层单位']),
    lead: PersonSchema,
    /** The deputy head in charge (分管领导): hears of the branch's overdue work before the head. */
    deputy: id,
  });

  return { PersonSchema, DeputySchema, BranchSchema };
}
type PeopleSchemas = ReturnType<typeof peopleSchemas>;

function escalationPolicySchema(z: Z) {
  return z
    .strictObject({
      /** Working days after the due date before the office is escalated to. */
      graceWorkingDays: z.int().min(0).max(60),
      /**
       * Working days after the due date before the deputy head in charge of a late branch is told.
       * Absent in definitions of tasks started before deputies were part of the chain.
       */
      deputyAfterWorkingDays: z.int().min(1).max(120).optional(),
      /** Working days between repeated escalations. */
      repeatEveryWorkingDays: z.int().min(1).max(60),
      /** Working days after the due date before the leading-group head is escalated to as well. */
      headAfterWorkingDays: z.int().min(1).max(120),
    })
    .superRefine((policy, ctx) => checkEscalationChain(policy, issueOn(ctx)));
}

// The chain runs office → deputy → head: each step no earlier than the one before.
function checkEscalationChain(
  p: { graceWorkingDays: number; deputyAfterWorkingDays?: number; headAfterWorkingDays: number },
  issue: Issue,
): void {
  if (p.deputyAfterWorkingDays === undefined) return;
  if (p.deputyAfterWorkingDays < p.graceWorkingDays)
    issue(
      ['deputyAfterWorkingDays'],
      `must not come before the office's escalation (graceWorkingDays ${p.graceWorkingDays})`,
    );
  if (p.deputyAfterWorkingDays > p.headAfterWorkingDays)
    issue(
      ['deputyAfterWorkingDays'],
      `must not come after the head's escalation (headAfterWorkingDays ${p.headAfterWorkingDays})`,
    );
}
type EscalationPolicySchemaType = ReturnType<typeof escalationPolicySchema>;

/** The defaults of 文明创建考评, for a plan that does not write its own rules. */
export const DEFAULT_APPRAISAL = {
  base: 100,
  deductions: { late: 1, missing: 3, returned: 0.5, milestone: 0.5 },
  bonuses: { publicity: 0.5, honour: 2, cap: 5 },
} as const;

/** 文明创建考评（纳入年度绩效考核）, a 扣分制: see AppraisalRules in domain/year-record.ts. */
function appraisalSchema(z: Z) {
  const points = z.number().min(0, 'must be 0 to 100 points').max(100, 'must be 0 to 100 points');
  const d = DEFAULT_APPRAISAL;
  return z
    .strictObject({
      base: z.number().min(1).max(1000).default(d.base),
      deductions: z
        .strictObject({
          late: points.default(d.deductions.late),
          missing: points.default(d.deductions.missing),
          returned: points.default(d.deductions.returned),
          milestone: points.default(d.deductions.milestone),
        })
        .prefault({}),
      bonuses: z
        .strictObject({
          publicity: points.default(d.bonuses.publicity),
          honour: points.default(d.bonuses.honour),
          cap: points.default(d.bonuses.cap),
        })
        .prefault({}),
    })
    .superRefine((a, ctx) => {
      // A report never made must cost more than one made late, or not reporting would pay.
      if (a.deductions.missing <= a.deductions.late)
        issueOn(ctx)(['deductions', 'missing'], `must be more than deductions.late (${a.deductions.late})`);
    })
    .prefault({});
}

/** A task of the plan, with its milestones and KPIs. */
function taskSchemas(
  z: Z,
  { id, isoDate, reminderDays }: FieldSchemas,
  escalation: EscalationPolicySchemaType,
) {
  const KpiSchema = z.strictObject({
    id,
    name: z.string().min(1, 'must not be empty'),
    unit: z.literal('%'),
    // The seed states every KPI as "≥ threshold".
    min: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
    /**
     * A rate the branches report as two counts, the rate computed (注册志愿者人数 / 在编干部职工数):
     * what each count is, as the form asks for it.
     */
    numerator: z.string().min(1, 'must not be empty').optional(),
    denominator: z.string().min(1, 'must not be empty').optional(),
  });

  const MilestoneSchema = z.strictObject({
    id,
    title: z.string().min(1, 'must not be empty'),
    due: isoDate,
  });

  const TaskSchema = z.strictObject({
    id: z.string().regex(/^\d{2}$/, 'must be a two-digit task number such as "05"'),
    category: z.int().min(1).max(5),
    title: z.string().min(1, 'must not be empty'),
    description: z.string().min(1, 'must not be empty'),
    branches: z.array(id).min(1, 'must name at least one responsible branch'),
    due: isoDate,
    milestones: z.array(MilestoneSchema).optional(),
    reminderDaysBefore: reminderDays.optional(),
    escalation: escalation.optional(),
    signOff: z.enum(['office', 'head']),
    kpis: z.array(KpiSchema).optional(),
  });

  return { KpiSchema, MilestoneSchema, TaskSchema };
}

/** The seed's categories, its monthly themes and its festivals. */
function programmeSchemas(z: Z) {
  const CategorySchema = z.strictObject({
    number: z.int().min(1).max(5),
    numeral: z.string().min(1),
    title: z.string().min(1, 'must not be empty'),
  });

  const ThemeSchema = z.strictObject({
    month: z.int().min(1, 'must be a month 1-12').max(12, 'must be a month 1-12'),
    title: z.string().min(1, 'must not be empty'),
    label: z.string().min(1, 'must not be empty'),
  });

  const FestivalSchema = z.strictObject({
    id: z.enum(['spring', 'qingming', 'duanwu', 'midautumn']),
    name: z.string().min(1),
    /** Days before the festival when its activity workflow starts. */
    leadDays: z.int().min(0).max(60),
  });

  return { CategorySchema, ThemeSchema, FestivalSchema };
}

type PlanParts = FieldSchemas &
  PeopleSchemas &
  ReturnType<typeof taskSchemas> &
  ReturnType<typeof programmeSchemas> & {
    EscalationPolicySchema: EscalationPolicySchemaType;
    AppraisalSchema: ReturnType<typeof appraisalSchema>;
  };
type PolicyParts = Pick<PlanParts, 'reminderDays' | 'EscalationPolicySchema'>;

function leadingGroupSchema(z: Z, { id, email, PersonSchema, DeputySchema }: FieldSchemas & PeopleSchemas) {
  return z.strictObject({
    head: PersonSchema,
    deputies: z.array(DeputySchema).min(1, 'must name at least one deputy head'),
    members: z.array(id),
    office: z.strictObject({
      name: z.string().min(1),
      attachedTo: z.string().min(1),
      email,
      /** The office's telephone, with its first staff member the contact (联系人) every email names. */
      phone: z
        .string()
        .regex(/^[0-9][0-9-]{4,19}$/, 'must be a telephone number such as 0510-12345678')
        .optional(),
      staff: z.array(PersonSchema).min(1, 'must name at least one person'),
    }),
  });
}

/** What a task does not say for itself, and the year-wide working-day settings. */
function defaultsSchema(z: Z, { reminderDays, EscalationPolicySchema }: PolicyParts) {
  return z.strictObject({
    reminderDaysBefore: reminderDays,
    escalation: EscalationPolicySchema,
    /**
     * The last working days of the year kept for sign-off: no due date may fall in them, so that
     * the overdue notice, the escalation and the signers' decision all fit in the plan year.
     */
    reviewWorkingDays: z.int().min(1).max(20).default(DEFAULT_REVIEW_WORKING_DAYS),
    /**
     * The dashboard's yellow light: due within this many working days with reports still missing.
     * Optional without a schema default, because plans already in workflow histories lack it:
     * `warningThresholds` (domain/warning-light.ts) supplies the default of 5 wherever it is read.
     */
    warning: z
      .strictObject({
        yellowWorkingDays: z
          .int()
          .min(1, 'must be 1 to 30 working days')
          .max(30, 'must be 1 to 30 working days'),
      })
      .optional(),
    /**
     * 签收: the working days after the assignment within which each branch acknowledges it in the
     * portal; a branch that has neither acknowledged nor reported by then is reminded once.
     */
    acknowledgeWorkingDays: z
      .int()
      .min(1, 'must be 1 to 20 working days')
      .max(20, 'must be 1 to 20 working days')
      .default(DEFAULT_ACKNOWLEDGE_WORKING_DAYS),
  });
}

/** The policy of the monthly themes and festival activities: reminders in their last week, escalation after. */
function activitiesSchema(z: Z, { reminderDays, EscalationPolicySchema }: PolicyParts) {
  return z.strictObject({
    reminderDaysBefore: reminderDays,
    escalation: EscalationPolicySchema,
    /** Working days after a festival by which its activity is reported. */
    festivalReportWorkingDays: z.int().min(1).max(20),
    /**
     * Who reports on a monthly theme or a festival activity: `all` branches (the default, as plans
     * before this choice had it), or the `lead` branches, those of the task the activities belong
     * to (`tasks`), the others taking part without a report of their own.
     */
    reportedBy: z.enum(['all', 'lead'], { error: 'must be "all" or "lead"' }).default('all'),
    /** The tasks the activities belong to: their branches lead the themes and the festivals. */
    tasks: z.strictObject({ themes: z.string(), festivals: z.string() }).optional(),
  });
}

const DATE_OR_RANGE = /^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/;
const DATE_OR_RANGE_RULE = 'must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD';

/** Why a date or range of the calendar corrections is wrong, or undefined. */
function rangeProblem(entry: string): string | undefined {
  const [from, to] = entry.split('..');
  if (![from, to].every((d) => d === undefined || isRealDate(d))) return 'is not a real calendar date';
  if (to !== undefined && (to < from || calendarDaysBetween(from, to) > 31))
    return 'must run forwards, at most a month';
  return undefined;
}

function calendarCorrectionsSchema(z: Z) {
  // A day, or a span of days as the State Council's notice gives a holiday; spans are expanded
  // once the plan's rules have run on the entries as written (expandCalendar), so that a problem
  // is named at the entry that has it.
  const days = z
    .array(
      z
        .string()
        .regex(DATE_OR_RANGE, DATE_OR_RANGE_RULE)
        .superRefine((entry, ctx) => {
          const problem = DATE_OR_RANGE.test(entry) ? rangeProblem(entry) : undefined;
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    )
    .default([]);
  return z.strictObject({
    /**
     * Official holidays the calendar package does not know yet (dates of this year): the State
     * Council's schedule of a year the package has not got, or a correction of one it has.
     */
    holidays: days,
    /** Weekend days that are official working days (调休) the package does not know yet. */
    workdays: days,
    /**
     * The office's word that the year goes on with weekends (and the days above) alone, the
     * official schedule not published yet: without it, a year whose holidays are unknown is refused.
     */
    weekendsOnly: z.literal(true).optional(),
  });
}

/** The days of calendar entries as written (a day or a span), each once, in order. */
function expandDays(entries: string[]): string[] {
  return [...new Set(entries.flatMap(expandDateRange))].sort();
}

/** The plan with its calendar's spans expanded to days: what every reader of a plan works from. */
function expandCalendar<P extends { calendar?: { holidays: string[]; workdays: string[] } }>(plan: P): P {
  if (!plan.calendar) return plan;
  const { holidays, workdays } = plan.calendar;
  return {
    ...plan,
    calendar: { ...plan.calendar, holidays: expandDays(holidays), workdays: expandDays(workdays) },
  };
}

/** Why the plan's working-day calendar cannot be trusted, or undefined when it can. */
export function unknownCalendarProblem(plan: Pick<Plan, 'year' | 'calendar'>): string | undefined {
  if (plan.calendar?.weekendsOnly || holidaysKnown(plan.year, plan.calendar)) return undefined;
  return (
    `the official holidays of ${plan.year} are not known (the calendar knows ${knownHolidayYears(plan.calendar)}), ` +
    `so 1 January, 春节 and 国庆 would count as working days: add the State Council's ${plan.year} schedule ` +
    `under calendar.holidays and calendar.workdays (README "Official holidays"), or set calendar.weekendsOnly: true ` +
    'to go on with weekends only'
  );
}

/** The plan's fields, each to its own rules; the rules across fields are `checkPlan`'s. */
function planFieldsSchema(z: Z, parts: PlanParts) {
  const { isoDate } = parts;
  return z.strictObject({
    organization: z.string().min(1, 'must not be empty'),
    /** The organization's key in workflow ids (domain/organization.ts); absent for the home organization. */
    org: z.string().refine(isOrgKey, ORG_KEY_RULE).optional(),
    year: z.int().min(2000, 'must be a year from 2000 to 2100').max(2100, 'must be a year from 2000 to 2100'),
    timeZone: z.literal('Asia/Shanghai'),
    /**
     * The plan as a document: its full title (the emails cite it in 《》 with its 文号), its 文号, the
     * day it was issued (印发: no assignment goes out before it; without it, none before the year's
     * first working day) and the notice that issued it. A plan rolled to a new year keeps the title
     * (its year renamed) until the office adds the new 文号.
     */
    document: z
      .strictObject({
        title: z.string().min(1, 'must not be empty'),
        number: z.string().min(1, 'must not be empty').optional(),
        issuedOn: isoDate.optional(),
        notice: z.string().min(1, 'must not be empty').optional(),
      })
      .optional(),
    goals: z.string().min(1, 'must not be empty'),
    leadingGroup: leadingGroupSchema(z, parts),
    branches: z.array(parts.BranchSchema).min(1, 'must list at least one branch'),
    categories: z.array(parts.CategorySchema).length(5, 'must list the 5 categories of the seed'),
    defaults: defaultsSchema(z, parts),
    activities: activitiesSchema(z, parts),
    appraisal: parts.AppraisalSchema,
    tasks: z.array(parts.TaskSchema).min(1, 'must list at least one task'),
    themes: z.array(parts.ThemeSchema).length(12, 'must list 12 monthly themes, one per month'),
    festivals: z.array(parts.FestivalSchema),
    volunteerMonth: z.strictObject({
      month: z.int().min(1).max(12),
      title: z.string().min(1),
      task: z.string(),
    }),
    calendar: calendarCorrectionsSchema(z).optional(),
  });
}
type PlanFields = Zod.output<ReturnType<typeof planFieldsSchema>>;

// ---------------------------------------------------------------------------------------------
// The rules across fields. Each runs on a plan whose fields passed their own rules.

/** Flags every item whose key was used before, at `[...at, index, field]`. */
function flagDuplicates<T>(
  issue: Issue,
  items: T[],
  key: (t: T) => string | number,
  at: IssuePath,
  field?: string,
): void {
  const seen = new Map<string | number, number>();
  const path = (i: number) => (field ? [...at, i, field] : [...at, i]);
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) issue(path(i), `duplicate "${k}" (already used at index ${first})`);
    else seen.set(k, i);
  });
}

// A date that failed its own check was reported already: comparing it would only add noise.
function outsideYear(date: string, year: number): boolean {
  return isRealDate(date) && !date.startsWith(`${year}-`);
}

function outsideYearMessage(date: string, year: number): string {
  return `${date} is outside the plan year ${year}`;
}

function checkPlan(plan: PlanFields, issue: Issue): void {
  flagDuplicates(issue, plan.branches, (b) => b.id, ['branches'], 'id');
  flagDuplicates(issue, plan.leadingGroup.deputies, (d) => d.id, ['leadingGroup', 'deputies'], 'id');
  const deputyIds = new Set(plan.leadingGroup.deputies.map((d) => d.id));
  plan.branches.forEach((b, i) => {
    if (!deputyIds.has(b.deputy)) issue(['branches', i, 'deputy'], `unknown deputy "${b.deputy}"`);
  });
  flagDuplicates(issue, plan.tasks, (t) => t.id, ['tasks'], 'id');
  flagDuplicates(issue, plan.categories, (c) => c.number, ['categories'], 'number');
  flagDuplicates(issue, plan.themes, (t) => t.month, ['themes'], 'month');
  flagDuplicates(issue, plan.festivals, (f) => f.id, ['festivals'], 'id');

  const branchIds = new Set(plan.branches.map((b) => b.id));
  plan.leadingGroup.members.forEach((m, i) => {
    if (!branchIds.has(m)) issue(['leadingGroup', 'members', i], `unknown branch "${m}"`);
  });

  checkTasks(plan, branchIds, issue);

  const months = new Set(plan.themes.map((t) => t.month));
  for (let m = 1; m <= 12; m++) if (!months.has(m)) issue(['themes'], `month ${m} has no theme`);

  if (!plan.tasks.some((t) => t.id === plan.volunteerMonth.task))
    issue(['volunteerMonth', 'task'], `unknown task "${plan.volunteerMonth.task}"`);
  checkActivityLeads(plan, issue);

  checkCalendar(plan, issue);
}

/** The calendar's entries as written: in the plan's year or the next, no day both off and worked. */
function checkCalendar(plan: PlanFields, issue: Issue): void {
  // The year's own days, and the next year's: the sign-off reminders and the last escalations run
  // into January, so the office may copy the next year's schedule in once the State Council issues it.
  const correctionYears = [plan.year, plan.year + 1];
  for (const field of ['holidays', 'workdays'] as const)
    plan.calendar?.[field].forEach((entry, i) => {
      const outside = entry.split('..').some((d) => correctionYears.every((y) => outsideYear(d, y)));
      if (outside)
        issue(['calendar', field, i], `${entry} is outside the plan year ${plan.year} and the next`);
    });
  // Entries that broke their own rules were reported already; a day cannot be both off and worked.
  const sound = (entry: string) => DATE_OR_RANGE.test(entry) && !rangeProblem(entry);
  const off = new Set(expandDays((plan.calendar?.holidays ?? []).filter(sound)));
  plan.calendar?.workdays.forEach((entry, i) => {
    const both = sound(entry) ? expandDateRange(entry).filter((d) => off.has(d)) : [];
    if (both.length)
      issue(['calendar', 'workdays', i], `${both.join(', ')} is also listed under calendar.holidays`);
  });
  const unknown = unknownCalendarProblem(plan);
  if (unknown) issue(['calendar'], unknown);
  // Issued in its year, or late in the year before: no assignment goes out before the 印发 date.
  const issued = plan.document?.issuedOn;
  if (issued && !issued.startsWith(`${plan.year}-`) && !issued.startsWith(`${plan.year - 1}-`))
    issue(
      ['document', 'issuedOn'],
      `${issued} is neither in the plan year ${plan.year} nor in the year before`,
    );
}

/** `reportedBy: lead` names the tasks whose branches lead the themes and the festivals. */
function checkActivityLeads(plan: PlanFields, issue: Issue): void {
  const { reportedBy, tasks } = plan.activities;
  if (reportedBy === 'lead' && !tasks)
    issue(
      ['activities', 'tasks'],
      'must name the tasks of the themes and the festivals when reportedBy is "lead"',
    );
  for (const kind of ['themes', 'festivals'] as const) {
    const id = tasks?.[kind];
    if (id !== undefined && !plan.tasks.some((t) => t.id === id))
      issue(['activities', 'tasks', kind], `unknown task "${id}"`);
  }
}

/** What a task is checked against: the plan's branches and categories, its year and last due date. */
interface TaskContext {
  year: number;
  branchIds: Set<string>;
  categories: Set<number>;
  /** Undefined when the calendar corrections are malformed (reported at their own path). */
  latestDue: string | undefined;
  reviewWorkingDays: number;
}

function checkTasks(plan: PlanFields, branchIds: Set<string>, issue: Issue): void {
  let calendar: WorkCalendar | undefined;
  try {
    calendar = WorkCalendar.official(expandCalendar(plan).calendar);
  } catch {
    calendar = undefined;
  }
  const context: TaskContext = {
    year: plan.year,
    branchIds,
    categories: new Set(plan.categories.map((c) => c.number)),
    latestDue: calendar && latestDueDate(calendar, plan.year, plan.defaults.reviewWorkingDays),
    reviewWorkingDays: plan.defaults.reviewWorkingDays,
  };
  plan.tasks.forEach((task, t) => checkTask(task, t, context, issue));
}

function checkTask(task: PlanFields['tasks'][number], t: number, context: TaskContext, issue: Issue): void {
  const { year, latestDue } = context;
  if (!context.categories.has(task.category))
    issue(['tasks', t, 'category'], `unknown category ${task.category}`);
  task.branches.forEach((b, i) => {
    if (!context.branchIds.has(b)) issue(['tasks', t, 'branches', i], `unknown branch "${b}"`);
  });
  flagDuplicates(issue, task.branches, (b) => b, ['tasks', t, 'branches']);
  if (outsideYear(task.due, year)) issue(['tasks', t, 'due'], outsideYearMessage(task.due, year));
  else if (latestDue && isRealDate(task.due) && task.due > latestDue)
    issue(['tasks', t, 'due'], tooLateForReview(task.due, latestDue, context.reviewWorkingDays));
  task.milestones?.forEach((m, i) => {
    if (outsideYear(m.due, year))
      issue(['tasks', t, 'milestones', i, 'due'], outsideYearMessage(m.due, year));
    else if (isRealDate(m.due) && isRealDate(task.due) && m.due >= task.due)
      issue(['tasks', t, 'milestones', i, 'due'], `${m.due} is not before the task's due date ${task.due}`);
  });
  if (task.milestones) flagDuplicates(issue, task.milestones, (m) => m.id, ['tasks', t, 'milestones'], 'id');
  if (task.kpis) flagDuplicates(issue, task.kpis, (k) => k.id, ['tasks', t, 'kpis'], 'id');
  task.kpis?.forEach((k, i) => {
    if ((k.numerator === undefined) !== (k.denominator === undefined))
      issue(['tasks', t, 'kpis', i], 'a rate names both its numerator and its denominator, or neither');
  });
}

function buildPlanSchemas(z: Z) {
  const fields = fieldSchemas(z);
  const people = peopleSchemas(z, fields);
  const EscalationPolicySchema = escalationPolicySchema(z);
  const AppraisalSchema = appraisalSchema(z);
  const tasks = taskSchemas(z, fields, EscalationPolicySchema);
  const programme = programmeSchemas(z);
  const parts = { ...fields, ...people, ...tasks, ...programme, EscalationPolicySchema, AppraisalSchema };
  const PlanSchema = planFieldsSchema(z, parts)
    .superRefine((plan, ctx) => checkPlan(plan, issueOn(ctx)))
    .transform(expandCalendar);
  return { ...parts, PlanSchema };
}

/** The plan's schemas (and their parts, which the task definition reuses), built on first use. */
export const planSchemas = once(() => buildPlanSchemas(zod()));
type PlanSchemas = ReturnType<typeof buildPlanSchemas>;

/** Why `due` is refused: the year's last working days are kept for sign-off. */
export function tooLateForReview(due: string, latestDue: string, reviewWorkingDays: number): string {
  return `${due} leaves no time for sign-off: the last ${reviewWorkingDays} working days of the year are kept for it, so the latest due date is ${latestDue}`;
}

export type Plan = Zod.infer<PlanSchemas['PlanSchema']>;
export type Task = Zod.infer<PlanSchemas['TaskSchema']>;
export type Branch = Zod.infer<PlanSchemas['BranchSchema']>;
export type Kpi = Zod.infer<PlanSchemas['KpiSchema']>;
export type EscalationPolicy = Zod.infer<PlanSchemas['EscalationPolicySchema']>;
export type Deputy = Zod.infer<PlanSchemas['DeputySchema']>;
export type { CalendarCorrections } from './calendar';

/** `tasks[3].due` from zod's `['tasks', 3, 'due']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/** Validates already-parsed data; each error line names its path and the rule it broke. */
export function validatePlan(data: unknown): PlanResult {
  // zod words a missing field as "expected string, received undefined"; say what it means.
  const result = planSchemas().PlanSchema.safeParse(data, {
    error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return { ok: true, plan: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`),
  };
}

/** The effective reminder and escalation policy of a task: its own, else the plan's defaults. */
export function taskPolicy(
  plan: Plan,
  task: Task,
): { reminderDaysBefore: number[]; escalation: EscalationPolicy } {
  return {
    reminderDaysBefore: task.reminderDaysBefore ?? plan.defaults.reminderDaysBefore,
    escalation: task.escalation ?? plan.defaults.escalation,
  };
}

export function findTask(plan: Plan, taskId: string): Task | undefined {
  return plan.tasks.find((t) => t.id === taskId);
}
