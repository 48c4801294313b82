// How long one email may take, shared by the email activity (which enforces it) and the workflows
// (which set the activity's timeouts from it). A retry must never start while an earlier attempt
// can still be talking to the SMTP server, or the message would go out twice.

/** Hard limit on one SMTP transaction (connect, greeting, login, envelope, data): then it is cut. */
export const SEND_DEADLINE_MS = 60_000;
/** nodemailer's own timeouts, all inside the deadline. */
export const SMTP_CONNECTION_TIMEOUT_MS = 15_000;
export const SMTP_GREETING_TIMEOUT_MS = 15_000;
export const SMTP_SOCKET_TIMEOUT_MS = 30_000;
/** Connections one worker keeps open to the SMTP server. */
export const SMTP_POOL_CONNECTIONS = 5;
/** The activity heartbeats while it sends, so a worker that died is noticed within the heartbeat timeout. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** Activity options of the email activity: the start-to-close timeout leaves the deadline a wide margin. */
export const EMAIL_ACTIVITY_OPTIONS = {
  startToCloseTimeout: SEND_DEADLINE_MS * 2,
  heartbeatTimeout: HEARTBEAT_INTERVAL_MS * 6,
  // An SMTP server down for days: the message is recorded as failed and the workflow goes on.
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
} as const;
