// What sending and recording an email take, made once per worker by createEmailActivities.
import type { NotificationLedger } from '../../ledger/notification-ledger';
import type { Smtp } from './smtp';

export interface EmailLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface Mailroom {
  /** The sender of every email. */
  from: string;
  smtp: Smtp;
  /** The year's record of every email, on this host. */
  ledger: NotificationLedger;
  /** Clock for `sentAt` and the calendar stamp. */
  now: () => Date;
  /** The logger of the moment: inside an activity, the activity's own. */
  log: () => EmailLogger | undefined;
}
