// What a workflow asks the email activity to send. Plain data: it travels through workflow history,
// so it carries names and addresses from the plan but never a credential.
import type { PersonRole } from './roles';
import type { ItemKind } from './year-record';

export const NOTIFICATION_KINDS = [
  'assignment',
  'reminder',
  'milestone-reminder',
  'overdue',
  'escalation-office',
  'escalation-deputy',
  'escalation-head',
  'ready-for-sign-off',
  'returned',
  'signed-off',
  'extended',
  'sign-off-reminder',
  'unfinished',
  'delivery-failed',
  'acknowledge-reminder',
  'milestone-overdue',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Emails of the annual plan workflow, about the year as a whole. */
export const PLAN_NOTIFICATION_KINDS = [
  'bulletin',
  'final-sign-off-request',
  'final-sign-off-reminder',
  'year-summary',
  // The office told that one of the above did not reach (all of) its readers.
  'delivery-failed',
] as const;
export type PlanNotificationKind = (typeof PLAN_NOTIFICATION_KINDS)[number];

/** A plan mail that did not reach its readers, as the office's notice tells it. */
export interface PlanMailFailure {
  key: string;
  kind: PlanNotificationKind;
  /** The addresses refused; absent when the whole mail failed (the notice names its readers). */
  recipients?: string[];
  reason: string;
}

/** Emails the portal asks for: a fresh link for someone who lost theirs (domain/link-request.ts). */
export const PORTAL_MAIL_KINDS = ['link-request'] as const;
export type PortalMailKind = (typeof PORTAL_MAIL_KINDS)[number];
/** Any email the service sends. */
export type MailKind = NotificationKind | PlanNotificationKind | PortalMailKind;

/** What the plan workflow asks the activity to send; the activity gathers the content itself. */
export interface PlanNotification {
  workflowId: string;
  key: string;
  kind: PlanNotificationKind;
  year: number;
  /** The organization key of the plan; absent for the home organization. */
  org?: string;
  /** Bulletins: the month it is sent in. */
  month?: number;
  /** `delivery-failed`: the plan mail that did not reach its readers. */
  failure?: PlanMailFailure;
}

export interface Recipient {
  name: string;
  email: string;
  /** How a letter addresses the person (张华副局长, 王建国组长): their title in the plan. */
  title?: string;
  /** The part the person is addressed in: their email's link acts in this role only. */
  role?: PersonRole;
}

export interface ItemRef {
  year: number;
  /** A plan task (the default), a monthly theme or a festival activity. */
  kind?: ItemKind;
  /** Task number "05", theme month "03", or festival "spring" | "qingming" | "duanwu" | "midautumn". */
  id: string;
  title: string;
  category: number;
  categoryTitle: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  due: string;
  organization: string;
  /** The organization's key in workflow ids; absent for the home organization (domain/organization.ts). */
  org?: string;
  officeName: string;
  /** The plan as a document, which the emails cite: 《title》（number）. Absent in older definitions. */
  document?: { title: string; number?: string };
  /** Whom to ask (联系人) and the office's telephone, in every email. Absent in older definitions. */
  contact?: { name: string; phone?: string };
  /** The task's KPIs (plan `tasks[].kpis`), so a message can show the threshold and the `--kpi` option. */
  kpis?: { id: string; name: string; unit: string; min: number }[];
}

export interface LateBranch {
  id: string;
  name: string;
  /** Working days past the due date. */
  daysLate: number;
}

export interface Notification {
  /** Workflow that sends it; with `key` it makes the Message-ID. */
  workflowId: string;
  /** Unique within the workflow, stable across retries and replays, e.g. "reminder-2020-12-01". */
  key: string;
  kind: NotificationKind;
  to: Recipient[];
  cc?: Recipient[];
  task: ItemRef;
  /** Branches the message is about (who is addressed, or who is missing). */
  branches: { id: string; name: string }[];
  /** An activity's announcement: the branches that take part without reporting (copied). */
  participants?: { id: string; name: string }[];
  /** Escalations: the missing branches and how late each is. */
  late?: LateBranch[];
  /** Milestone reminders. */
  milestone?: { id: string; title: string; due: string };
  /** Returned / signed off: the decision's comment and who made it. */
  decision?: { actor: string; comment: string; newDue?: string; overrideReason?: string };
  /** Reminders: days left until the due date. */
  daysLeft?: number;
  /**
   * How often the due date has changed (extensions, returns with a new date): the SEQUENCE of the
   * deadline's calendar event, so a calendar client replaces an earlier version by a later one.
   */
  sequence?: number;
  /** Extended: the change of the due date. */
  extension?: { actor: string; from: string; to: string; reason: string };
  /** Sign-off reminders: the day the last report came in, and whether this is the year's last working day. */
  signOff?: { readySince: string; lastWorkingDay: boolean };
  /** Unfinished: what was still missing when the plan year ended. */
  unfinished?: {
    reason: 'reports-missing' | 'not-signed-off' | 'started-after-year' | 'closed';
    /** Closed at the rollover: when (YYYY-MM-DD), by whom and why. */
    closed?: { on: string; actor: string; reason: string };
  };
  /** 签收 reminders: the day the assignment went out (YYYY-MM-DD). */
  assignedOn?: string;
  /** The day the message is built and sent (YYYY-MM-DD, Asia/Shanghai): the date under its 落款. */
  date?: string;
  /** The head's escalation: who has chased the late branches already (the office, the deputy heads). */
  chasedBy?: ('office' | 'deputy')[];
  /** Delivery failed: the message that could not be delivered, to whom, and why. */
  failure?: DeliveryFailure;
}

/** A message the SMTP server refused for good (or that could not be built): nobody received it. */
export interface DeliveryFailure {
  key: string;
  kind: NotificationKind;
  subject?: string;
  /** The addresses that did not receive it. */
  recipients: string[];
  reason: string;
}

export interface SentRecord {
  workflowId: string;
  key: string;
  kind: MailKind;
  to: string[];
  subject: string;
  messageId: string;
  /** ISO instant of the SMTP acceptance. */
  sentAt: string;
  /** True when the ledger already held this message and nothing was sent again. */
  deduplicated: boolean;
  /** Recipients the SMTP server refused while it accepted the others, with its answer. */
  rejected?: { address: string; reason: string }[];
}
