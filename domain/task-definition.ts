// Everything one task workflow needs from the plan, cut out of it so the workflow input stays
// small and self-contained (the annual plan workflow passes it; a lone start loads it).
import { z } from 'zod';
import { type CalendarTable, latestDueDate, planYearTable, WorkCalendar } from './calendar';
import type { Recipient, TaskRef } from './notification';
import {
  type CalendarCorrections,
  DEFAULT_REVIEW_WORKING_DAYS,
  email,
  EscalationPolicySchema,
  type EscalationPolicy,
  findTask,
  formatPath,
  id,
  isoDate,
  isRealDate,
  type Kpi,
  KpiSchema,
  MilestoneSchema,
  type Plan,
  reminderDays,
  taskPolicy,
  tooLateForReview,
} from './plan';

export interface BranchRef {
  id: string;
  name: string;
  lead: Recipient;
}

export interface TaskDefinition {
  ref: TaskRef;
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
}

export function taskDefinition(plan: Plan, taskId: string): TaskDefinition {
  const task = findTask(plan, taskId);
  if (!task) throw new Error(`the ${plan.year} plan has no task "${taskId}"`);
  const category = plan.categories.find((c) => c.number === task.category);
  const office = plan.leadingGroup.office;
  const { reminderDaysBefore, escalation } = taskPolicy(plan, task);
  const corrections = { holidays: plan.calendar?.holidays ?? [], workdays: plan.calendar?.workdays ?? [] };
  return {
    ref: {
      year: plan.year,
      id: task.id,
      title: task.title,
      category: task.category,
      categoryTitle: category ? `第${category.numeral}类：${category.title}` : `第${task.category}类`,
      due: task.due,
      organization: plan.organization,
      officeName: office.name,
      kpis: task.kpis ?? [],
    },
    branches: task.branches.map((id) => {
      const branch = plan.branches.find((b) => b.id === id)!;
      return { id, name: branch.name, lead: { name: branch.lead.name, email: branch.lead.email } };
    }),
    planBranchIds: plan.branches.map((b) => b.id),
    milestones: task.milestones ?? [],
    kpis: task.kpis ?? [],
    reminderDaysBefore,
    escalation,
    signOff: task.signOff,
    office: {
      name: office.name,
      email: office.email,
      staff: office.staff.map((p) => ({ name: p.name, email: p.email })),
    },
    head: { name: plan.leadingGroup.head.name, email: plan.leadingGroup.head.email },
    deputies: plan.leadingGroup.deputies.map((p) => ({ name: p.name, email: p.email })),
    corrections,
    calendar: planYearTable(plan.year, corrections),
    reviewWorkingDays: plan.defaults.reviewWorkingDays,
  };
}

/** The calendar a task's timeline runs on: the one fixed at its start, else (older tasks) the package's. */
export function taskCalendar(def: TaskDefinition): WorkCalendar {
  return def.calendar ? new WorkCalendar(def.calendar) : WorkCalendar.official(def.corrections);
}

/** The latest due date the task may be given (its own plan year, minus the review days). */
export function taskLatestDue(def: TaskDefinition, cal: WorkCalendar): string {
  return latestDueDate(cal, def.ref.year, def.reviewWorkingDays ?? DEFAULT_REVIEW_WORKING_DAYS);
}

// ---------------------------------------------------------------------------------------------
// A definition passed in a workflow's start input: Temporal UI takes any JSON, so it is held to the
// plan schema's rules before the workflow mails anyone.

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const RecipientSchema = z.strictObject({ name, email });
const dates = z.array(isoDate).max(400);

const TaskDefinitionSchema = z
  .strictObject({
    ref: z.strictObject({
      year: z.int().min(2000).max(2100),
      id: z.string().regex(/^\d{2}$/, 'must be a two-digit task number such as "05"'),
      title: z.string().min(1, 'must not be empty'),
      category: z.int().min(1).max(5),
      categoryTitle: z.string().min(1, 'must not be empty'),
      due: isoDate,
      organization: z.string().min(1, 'must not be empty'),
      officeName: z.string().min(1, 'must not be empty'),
      kpis: z.array(KpiSchema).optional(),
    }),
    branches: z
      .array(z.strictObject({ id, name, lead: RecipientSchema }))
      .min(1, 'must name at least one responsible branch')
      .max(50),
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
  })
  .superRefine((def, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const year = def.ref.year;
    const inYear = (date: string) => !isRealDate(date) || date.startsWith(`${year}-`);
    if (!inYear(def.ref.due)) issue(['ref', 'due'], `${def.ref.due} is outside the plan year ${year}`);
    def.milestones.forEach((m, i) => {
      if (isRealDate(m.due) && isRealDate(def.ref.due) && (!inYear(m.due) || m.due >= def.ref.due))
        issue(
          ['milestones', i, 'due'],
          `${m.due} is not in ${year} before the task's due date ${def.ref.due}`,
        );
    });
    def.branches.forEach((b, i) => {
      if (!def.planBranchIds.includes(b.id))
        issue(['branches', i, 'id'], `"${b.id}" is not in planBranchIds`);
    });
    let cal: WorkCalendar | undefined;
    try {
      cal = taskCalendar(def);
    } catch (err) {
      issue(['calendar'], err instanceof Error ? err.message : String(err));
    }
    if (cal && isRealDate(def.ref.due) && inYear(def.ref.due)) {
      const latest = taskLatestDue(def, cal);
      if (def.ref.due > latest)
        issue(
          ['ref', 'due'],
          tooLateForReview(def.ref.due, latest, def.reviewWorkingDays ?? DEFAULT_REVIEW_WORKING_DAYS),
        );
    }
  });

/** The first problem of a definition given at start, as "path: rule", or undefined when it is sound. */
export function definitionProblem(input: unknown): string | undefined {
  const result = TaskDefinitionSchema.safeParse(input, {
    error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return undefined;
  const [first] = result.error.issues;
  return `${formatPath(first.path) || '(root)'}: ${first.message}`;
}
