// MailDev's REST API, as the e2e tests read the local stack's inbox: what the catcher received,
// so a test can tell a mail that never came from a page that does not show it.

export interface MailDevEmail {
  subject: string;
  text: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

/** Every email MailDev on `port` holds. */
async function inboxEmails(port: number): Promise<MailDevEmail[]> {
  return (await (await fetch(`http://127.0.0.1:${port}/api/email`)).json()) as MailDevEmail[];
}

/**
 * The first email on `port` that `matches`, once it arrives; after `timeoutMs` an error naming
 * `what` and the subjects that did arrive, so a failure says whether mail flowed at all.
 */
export async function waitForEmail(
  port: number,
  what: string,
  matches: (mail: MailDevEmail) => boolean,
  timeoutMs = 90_000,
): Promise<MailDevEmail> {
  const deadline = Date.now() + timeoutMs;
  let emails: MailDevEmail[] = [];
  while (Date.now() < deadline) {
    emails = await inboxEmails(port);
    const mail = emails.find(matches);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 300));
  }
  const subjects = [...new Set(emails.map((m) => m.subject))];
  throw new Error(
    `MailDev has no ${what} after ${timeoutMs / 1000} s; it holds ${emails.length} email(s)` +
      (subjects.length ? `: ${subjects.slice(0, 10).join(' | ')}` : ''),
  );
}
