// Everything one task workflow needs from the plan, cut out of it so the workflow input stays
// small and self-contained (the annual plan workflow passes it; a lone start loads it).
import type { Recipient, TaskRef } from './notification';
import {
  type CalendarCorrections,
  type EscalationPolicy,
  type Kpi,
  type Plan,
  findTask,
  taskPolicy,
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
}

export function taskDefinition(plan: Plan, taskId: string): TaskDefinition {
  const task = findTask(plan, taskId);
  if (!task) throw new Error(`the ${plan.year} plan has no task "${taskId}"`);
  const category = plan.categories.find((c) => c.number === task.category);
  const office = plan.leadingGroup.office;
  const { reminderDaysBefore, escalation } = taskPolicy(plan, task);
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
    corrections: { holidays: plan.calendar?.holidays ?? [], workdays: plan.calendar?.workdays ?? [] },
  };
}
