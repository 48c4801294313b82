// The activities one worker registers. Built by a factory so tests can point email at their own
// SMTP server and ledger; production reads SMTP_URL / MAIL_FROM from the environment.
import { createEmailActivities } from './email';
import { loadTaskDefinition } from './plan';

export function createActivities(options: Parameters<typeof createEmailActivities>[0] = {}) {
  return { ...createEmailActivities(options), loadTaskDefinition };
}

export type Activities = ReturnType<typeof createActivities>;
