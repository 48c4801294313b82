// The names an email goes by, derived from (workflow id, key) alone, so every attempt and every
// worker arrives at the same ones: a retry's copy is the same message to the reader's mail client.
import { createHash } from 'node:crypto';

const MESSAGE_ID_DOMAIN = 'civ.local';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The Message-ID of a notification: `<first 32 hex of sha256(workflowId/key)>@civ.local`. */
export function notificationMessageId(workflowId: string, key: string): string {
  return `<${sha256Hex(`${workflowId}/${key}`).slice(0, 32)}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * UID of the calendar event of a workflow's deadline (`due`) or milestone (`milestone-<id>`).
 * Stable across messages, so a later reminder or a new due date updates the same event.
 */
export function calendarEventUid(workflowId: string, event: string): string {
  return `${sha256Hex(`${workflowId}#${event}`).slice(0, 32)}@${MESSAGE_ID_DOMAIN}`;
}
