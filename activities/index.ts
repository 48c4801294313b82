// The activities one worker registers. Built by a factory so tests can point email at their own
// SMTP server and ledger; production reads SMTP_URL / MAIL_FROM from the environment.
import type { Client } from '@temporalio/client';
import { createEmailActivities, type EmailActivityOptions } from './email';
import { createLinkRequestActivities } from './link-request';
import { checkItemDefinition, definitionLoaders } from './plan';
import { createYearActivities } from './year';

export interface ActivityOptions extends EmailActivityOptions {
  /** For the plan workflow's activities (Schedule, bulletins): a client of the worker's namespace. */
  client?: Client;
  /** The worker's task queue, where the monthly-theme Schedule starts its workflows. */
  taskQueue?: string;
}

export function createActivities(options: ActivityOptions = {}) {
  const { sendNotification, deliver, linkConfig } = createEmailActivities(options);
  return {
    sendNotification,
    ...definitionLoaders(options.client),
    checkItemDefinition,
    ...createYearActivities({ client: options.client, taskQueue: options.taskQueue ?? 'civ', deliver }),
    ...createLinkRequestActivities({ client: options.client, deliver, linkConfig }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
