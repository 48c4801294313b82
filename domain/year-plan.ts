// What the annual plan workflow needs from the year's plan, computed once by an activity: the
// definitions of its tasks and festivals (each with the calendar fixed), its monthly themes, the
// days the monthly bulletin goes out, and who may sign the year off.
import { addCalendarDays, festivalDates, type FestivalId, WorkCalendar } from './calendar';
import type { Plan } from './plan';
import type { PastItem, PlanPeople } from './plan-state';
import {
  festivalDefinition,
  planTitle,
  taskDefinition,
  themeDefinition,
  type ItemDefinition,
} from './item-definition';

export interface YearPlan {
  year: number;
  organization: string;
  /** The organization key (domain/organization.ts); absent for the home organization. */
  org?: string;
  /** The plan's own title, e.g. the notice that issued it. */
  title: string;
  people: PlanPeople;
  tasks: ItemDefinition[];
  /** Each month's theme; its definition is absent in plans loaded before the plan workflow started themes. */
  themes: { month: number; title: string; lastDay: string; definition?: ItemDefinition }[];
  festivals: { id: FestivalId; title: string; date: string; definition: ItemDefinition }[];
  /** The first working day of each month from February on: the monthly bulletin (情况通报) goes out. */
  bulletinDays: { month: number; day: string }[];
  /** The year's last working day, and when the head is reminded of the final sign-off. */
  lastWorkingDay: string;
  calendar: ItemDefinition['calendar'];
  /**
   * The plan's 印发 date (`document.issuedOn`): no assignment goes out before it. Absent in plans
   * loaded before it was read, and in a plan that gives none (then the year's first working day).
   */
  issuedOn?: string;
}

function monthLastDay(year: number, month: number): string {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addCalendarDays(next, -1);
}

export function yearPlan(plan: Plan): YearPlan {
  const tasks = plan.tasks.map((t) => taskDefinition(plan, t.id));
  const calendar = tasks[0].calendar;
  const cal = new WorkCalendar(calendar!);
  const dates = festivalDates(plan.year);
  const lg = plan.leadingGroup;
  return {
    year: plan.year,
    organization: plan.organization,
    ...(plan.org !== undefined && { org: plan.org }),
    title: planTitle(plan),
    people: {
      head: { name: lg.head.name, email: lg.head.email },
      leadingGroup: [lg.head, ...lg.deputies, ...lg.office.staff].map((p) => ({
        name: p.name,
        email: p.email,
      })),
      office: [lg.office, ...lg.office.staff].map((p) => ({ name: p.name, email: p.email })),
      branches: plan.branches.map((b) => ({
        id: b.id,
        name: b.name,
        lead: { name: b.lead.name, email: b.lead.email },
      })),
    },
    tasks,
    themes: plan.themes
      .map((t) => ({
        month: t.month,
        title: `“${t.title}”${t.label}主题活动`,
        lastDay: monthLastDay(plan.year, t.month),
        definition: themeDefinition(plan, t.month),
      }))
      .sort((a, b) => a.month - b.month),
    festivals: plan.festivals.map((f) => {
      const definition = festivalDefinition(plan, f.id);
      return { id: f.id, title: definition.ref.title, date: dates[f.id], definition };
    }),
    bulletinDays: Array.from({ length: 11 }, (_, i) => {
      const month = i + 2;
      return { month, day: cal.nextWorkingDay(`${plan.year}-${String(month).padStart(2, '0')}-01`) };
    }),
    lastWorkingDay: cal.lastWorkingDay(plan.year),
    calendar,
    ...(plan.document?.issuedOn && { issuedOn: plan.document.issuedOn }),
  };
}

/**
 * When the plan's items may start, epoch ms: 09:00 Asia/Shanghai on its 印发 date, or, when it
 * gives none, on the first working day of its year. A plan issued late in the year before (the
 * office's choice, written in the plan) starts its items then.
 */
export function assignmentsFrom(plan: Pick<YearPlan, 'year' | 'issuedOn' | 'calendar'>): number {
  const day = plan.issuedOn ?? new WorkCalendar(plan.calendar!).nextWorkingDay(`${plan.year}-01-01`);
  return Date.parse(`${day}T09:00:00+08:00`);
}

/** Themes whose month, and festivals whose day, were over before `today`: recorded, never announced. */
export function pastItems(y: YearPlan, today: string): PastItem[] {
  return [
    ...y.themes
      .filter((t) => t.lastDay < today)
      .map((t) => ({
        kind: 'theme' as const,
        id: String(t.month).padStart(2, '0'),
        title: t.title,
        date: t.lastDay,
      })),
    ...y.festivals
      .filter((f) => f.date < today)
      .map((f) => ({ kind: 'festival' as const, id: f.id, title: f.title, date: f.date })),
  ];
}
