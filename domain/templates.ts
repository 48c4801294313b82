// Chinese e-mail templates for every notification kind. Pure: no I/O, no clock, safe to
// import from workflow code. Each kind's template gives the message as blocks (templates/), which
// mail-blocks.ts renders as plain text and as HTML.
import { renderBlocks, type Block, type RenderedNotification } from './mail-blocks';
import type { Notification, NotificationKind } from './notification';
import {
  acknowledgeReminder,
  assignment,
  extended,
  milestoneOverdue,
  milestoneReminder,
  overdue,
  reminder,
} from './templates/deadlines';
import { deliveryFailed } from './templates/delivery-failed';
import { escalationDeputy, escalationHead, escalationOffice } from './templates/escalations';
import { closing, wordingOf, type Wording } from './templates/parts';
import { readyForSignOff, returned, signedOff, signOffReminder } from './templates/sign-off';
import { subjectOf } from './templates/subjects';
import { unfinished } from './templates/year-end';

export { escapeHtml } from './html';
export { renderBlocks, type Block, type RenderedNotification } from './mail-blocks';
export { formatCategory, formatChineseDateWithWeekday, taskLabel, taskNumber } from './templates/labels';
export { SUBJECT_PREFIX } from './templates/subjects';

/** The body of a message of one kind, up to the closing every message shares. */
type Template = (n: Notification, w: Wording) => Block[];

const TEMPLATES: Record<NotificationKind, Template> = {
  assignment,
  reminder,
  'milestone-reminder': milestoneReminder,
  'milestone-overdue': milestoneOverdue,
  overdue,
  'escalation-office': escalationOffice,
  'escalation-deputy': escalationDeputy,
  'escalation-head': escalationHead,
  'ready-for-sign-off': readyForSignOff,
  returned,
  'signed-off': signedOff,
  extended,
  'sign-off-reminder': signOffReminder,
  unfinished,
  'delivery-failed': deliveryFailed,
  'acknowledge-reminder': acknowledgeReminder,
};

function blocksOf(n: Notification): Block[] {
  return [...TEMPLATES[n.kind](n, wordingOf(n)), ...closing(n)];
}

/**
 * Subject, plain-text and HTML body of a notification, in Chinese; `link` is the reader's personal
 * link to act on it (each recipient gets their own copy).
 */
export function renderNotification(n: Notification, link?: string): RenderedNotification {
  return renderBlocks(subjectOf(n), blocksOf(n), link);
}
