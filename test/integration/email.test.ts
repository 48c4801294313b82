// The email activity against a real SMTP server on loopback: what was delivered, what the ledger
// holds, and that nothing is sent twice.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Notification, SentRecord } from '../../domain/notification';
import { renderNotification } from '../../domain/templates';
import {
  calendarEventUid,
  createEmailActivities,
  DEFAULT_MAIL_FROM,
  type EmailLogger,
  notificationMessageId,
} from '../../activities/email';
import { defaultLedgerPath, openLedger, workflowYear } from '../../ledger/notification-ledger';
import {
  EMAIL_ACTIVITY_OPTIONS,
  HEARTBEAT_INTERVAL_MS,
  SEND_DEADLINE_MS,
  SMTP_CONNECTION_TIMEOUT_MS,
  SMTP_GREETING_TIMEOUT_MS,
  SMTP_SOCKET_TIMEOUT_MS,
} from '../../domain/delivery';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';
import { loadLinkKeys } from '../../links/keys';
import { verifyLink } from '../../links/token';
import { SAMPLE_TASK } from '../helpers/plans';

const task = SAMPLE_TASK;

function assignment(extra: Partial<Notification> = {}): Notification {
  return {
    workflowId: 'civ-2020-task-05',
    key: 'assignment',
    kind: 'assignment',
    to: [
      { name: '李明', email: 'liming@example.gov.cn' },
      { name: '周红', email: 'zhouhong@example.gov.cn' },
    ],
    cc: [{ name: '领导小组办公室', email: 'office@example.gov.cn' }],
    task,
    branches: [
      { id: 'office', name: '办公室支部' },
      { id: 'logistics', name: '后勤服务中心支部' },
    ],
    ...extra,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** Minimal RFC 5545 reader: unfolds lines and returns the properties of each VEVENT. */
function parseIcs(source: string): { calendar: Map<string, string>; events: Map<string, string>[] } {
  const lines = source.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.filter((l) => l !== '').at(-1)).toBe('END:VCALENDAR');
  const calendar = new Map<string, string>();
  const events: Map<string, string>[] = [];
  const stack: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    expect(colon).toBeGreaterThan(0);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') events.push(new Map());
    } else if (name === 'END') {
      expect(stack.pop()).toBe(value);
    } else if (stack.at(-1) === 'VEVENT') {
      events[events.length - 1].set(name, value);
    } else if (stack.at(-1) === 'VCALENDAR') {
      calendar.set(name, value);
    }
  }
  expect(stack).toEqual([]);
  return { calendar, events };
}

function icsOf(mail: ParsedMail): { filename: string | undefined; contentType: string; source: string } {
  const ics = mail.attachments.filter((a) => a.contentType === 'text/calendar');
  expect(ics).toHaveLength(1);
  return {
    filename: ics[0].filename,
    contentType: ics[0].contentType,
    source: ics[0].content.toString('utf8'),
  };
}

function capturingLogger(): EmailLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (message: string, meta?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(meta)}`);
  return { lines, info: write, warn: write };
}

describe('email activity over real SMTP', () => {
  let smtp: SmtpCatcher;
  let dir: string;
  let ledgerPath: string;
  const savedEnv = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

  beforeEach(async () => {
    smtp = await startSmtpCatcher();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'civ-email-'));
    ledgerPath = path.join(dir, 'notifications.jsonl');
    process.env.SMTP_URL = smtp.url;
    delete process.env.MAIL_FROM;
  });

  afterEach(async () => {
    await smtp.close();
    await fs.rm(dir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('gives each reader their own copy with their own link, sent once even when retried', async () => {
    const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'a-test-secret-of-at-least-32-characters!' })!;
    const n = assignment({
      to: [
        { name: '李明', email: 'liming@example.gov.cn', role: { kind: 'lead', branch: 'office' } },
        { name: '周红', email: 'zhouhong@example.gov.cn', role: { kind: 'lead', branch: 'logistics' } },
      ],
      cc: [{ name: '领导小组办公室', email: 'office@example.gov.cn', role: { kind: 'office' } }],
    });
    // A clock a minute on at every reading: copies built at different times would show it.
    let minute = 0;
    const activities = createEmailActivities({
      ledgerPath,
      links: { keys, baseUrl: 'https://civ.example.gov.cn' },
      now: () => new Date(Date.UTC(2020, 11, 1, 1, minute++)),
    });
    const record = await activities.sendNotification(n);
    const mails = await smtp.waitFor(3);
    // Every copy carries the one invite of the email, stamped once.
    expect(new Set(mails.map((m) => icsOf(m).source)).size).toBe(1);
    expect(smtp.envelopes.map((e) => e.rcptTo)).toEqual([
      ['liming@example.gov.cn'],
      ['zhouhong@example.gov.cn'],
      ['office@example.gov.cn'],
    ]);
    const links = await Promise.all(
      mails.map(async (m) => {
        const url = /https:\/\/civ\.example\.gov\.cn\/l\/([\w.-]+)/.exec(m.text ?? '')![1];
        expect(m.html).toContain(`href="https://civ.example.gov.cn/l/${url}"`);
        const checked = await verifyLink(keys, url, new Date('2020-12-01T00:00:00Z'));
        return checked.ok ? checked.link : checked.reason;
      }),
    );
    expect(links).toEqual([
      expect.objectContaining({
        email: 'liming@example.gov.cn',
        workflowId: n.workflowId,
        role: { kind: 'lead', branch: 'office' },
      }),
      expect.objectContaining({
        email: 'zhouhong@example.gov.cn',
        role: { kind: 'lead', branch: 'logistics' },
      }),
      expect.objectContaining({ email: 'office@example.gov.cn', role: { kind: 'office' } }),
    ]);
    // Each copy has its own Message-ID; the record stands for all of them.
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    expect(record).toMatchObject({
      key: 'assignment',
      to: ['liming@example.gov.cn', 'zhouhong@example.gov.cn'],
    });
    // No token in the ledger: it records who got a copy, never the link.
    const ledger = await fs.readFile(ledgerPath, 'utf8');
    expect(ledger).not.toMatch(/eyJ/);
    // A retry (a fresh worker, the same ledger) sends nothing again.
    const again = await createEmailActivities({
      ledgerPath,
      links: { keys, baseUrl: 'https://x' },
    }).sendNotification(n);
    expect(again.deduplicated).toBe(true);
    expect(smtp.messages).toHaveLength(3);
  });

  it('with personal links, one refused address does not stop the other readers', async () => {
    await smtp.close();
    smtp = await startSmtpCatcher({ rejectRecipient: (a) => a === 'zhouhong@example.gov.cn' });
    const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'a-test-secret-of-at-least-32-characters!' })!;
    const n = assignment({
      to: [
        { name: '李明', email: 'liming@example.gov.cn', role: { kind: 'lead', branch: 'office' } },
        { name: '周红', email: 'zhouhong@example.gov.cn', role: { kind: 'lead', branch: 'logistics' } },
      ],
    });
    const activities = createEmailActivities({
      ledgerPath,
      smtpUrl: smtp.url,
      links: { keys, baseUrl: 'https://civ.example.gov.cn' },
    });
    const record = await activities.sendNotification(n);
    expect(record.rejected).toEqual([
      { address: 'zhouhong@example.gov.cn', reason: expect.stringMatching(/550/) },
    ]);
    expect(
      smtp.envelopes
        .map((e) => e.rcptTo)
        .flat()
        .sort(),
    ).toEqual(['liming@example.gov.cn', 'office@example.gov.cn']);
  });

  it('delivers an assignment with recipients, Chinese subject and bodies, derived Message-ID and an .ics', async () => {
    const n = assignment();
    const { sendNotification } = createEmailActivities({ ledgerPath });
    const record = await sendNotification(n);

    const [mail] = await smtp.waitFor(1);
    const expected = renderNotification(n);
    const messageId = notificationMessageId(n.workflowId, n.key);

    expect(addresses(mail.to)).toEqual(['liming@example.gov.cn', 'zhouhong@example.gov.cn']);
    expect(addresses(mail.cc)).toEqual(['office@example.gov.cn']);
    expect(smtp.envelopes[0].rcptTo.sort()).toEqual(
      ['liming@example.gov.cn', 'office@example.gov.cn', 'zhouhong@example.gov.cn'].sort(),
    );
    expect(addresses(mail.from)).toEqual(['civ-office@example.gov.cn']);
    expect(mail.from?.value[0].name).toBe('文明创建领导小组办公室');
    expect(mail.subject).toBe('【任务交办】2020年文明单位创建第5项任务：积极开展普法知识教育');
    expect(mail.text?.trim()).toBe(expected.text.trim());
    expect(mail.html).toBe(expected.html);
    expect(mail.text).toContain('2020年12月15日');
    // Without portal keys the email carries no link, and never a command to type.
    expect(mail.text).toContain('请登录文明单位创建工作平台办理，或与领导小组办公室联系。');
    expect(mail.text).not.toMatch(/npx|--actor/);

    expect(messageId).toMatch(/^<[0-9a-f]{32}@civ\.local>$/);
    expect(mail.messageId).toBe(messageId);
    expect(mail.headers.get('x-civ-workflow')).toBe('civ-2020-task-05');
    expect(mail.headers.get('x-civ-key')).toBe('assignment');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    const ics = icsOf(mail);
    expect(ics.filename).toBe('task-05-due.ics');
    const { calendar, events } = parseIcs(ics.source);
    expect(calendar.get('METHOD')).toBe('PUBLISH');
    expect(events).toHaveLength(1);
    expect(events[0].get('DTSTART;VALUE=DATE')).toBe('20201215');
    expect(events[0].get('DTEND;VALUE=DATE')).toBe('20201216');
    expect(events[0].get('UID')).toBe(calendarEventUid('civ-2020-task-05', 'due'));
    expect(events[0].get('SUMMARY')).toBe('【截止】2020年文明单位创建第5项任务：积极开展普法知识教育');

    expect(record).toEqual<SentRecord>({
      workflowId: 'civ-2020-task-05',
      key: 'assignment',
      kind: 'assignment',
      to: ['liming@example.gov.cn', 'zhouhong@example.gov.cn'],
      subject: mail.subject ?? '',
      messageId,
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      deduplicated: false,
    });
    expect(await openLedger(ledgerPath).list()).toEqual([record]);
  });

  it('sends a (workflowId, key) once: the second call is answered from the ledger', async () => {
    const { sendNotification } = createEmailActivities({ ledgerPath });
    const first = await sendNotification(assignment());
    // A fresh activity instance, as after a worker restart, reads the same ledger.
    const second = await createEmailActivities({ ledgerPath }).sendNotification(assignment());
    const third = await sendNotification(assignment());

    expect(smtp.messages).toHaveLength(1);
    expect(first.deduplicated).toBe(false);
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(third).toEqual({ ...first, deduplicated: true });
    expect(await openLedger(ledgerPath).list()).toHaveLength(1);

    // Another key of the same workflow is another message.
    await sendNotification(assignment({ key: 'reminder-2020-12-08', kind: 'reminder', daysLeft: 7 }));
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1].messageId).toBe(notificationMessageId('civ-2020-task-05', 'reminder-2020-12-08'));
  });

  it('works with a ledger whose last line was torn by a crash', async () => {
    const earlier: SentRecord = {
      workflowId: 'civ-2020-task-01',
      key: 'assignment',
      kind: 'assignment',
      to: ['a@example.gov.cn'],
      subject: '【任务交办】2020年文明单位创建第1项任务：深入学习贯彻新思想',
      messageId: notificationMessageId('civ-2020-task-01', 'assignment'),
      sentAt: '2020-03-10T01:00:00.000Z',
      deduplicated: false,
    };
    // The torn line is the start of the very record about to be sent: it must not count as sent.
    const torn = JSON.stringify({ ...earlier, workflowId: 'civ-2020-task-05' }).slice(0, 45);
    await fs.writeFile(ledgerPath, `${JSON.stringify(earlier)}\n${torn}`);

    const { sendNotification } = createEmailActivities({ ledgerPath });
    const old = await sendNotification({ ...assignment(), workflowId: 'civ-2020-task-01' });
    expect(old.deduplicated).toBe(true);
    expect(smtp.messages).toHaveLength(0);

    const record = await sendNotification(assignment());
    expect(record.deduplicated).toBe(false);
    expect(smtp.messages).toHaveLength(1);

    const ledger = openLedger(ledgerPath);
    expect(await ledger.list()).toEqual([earlier, record]);
    expect(await ledger.find('civ-2020-task-05', 'assignment')).toEqual(record);
    const lines = (await fs.readFile(ledgerPath, 'utf8')).split('\n');
    expect(lines).toEqual([JSON.stringify(earlier), torn, JSON.stringify(record), '']);

    expect((await sendNotification(assignment())).deduplicated).toBe(true);
    expect(smtp.messages).toHaveLength(1);
  });

  it('keeps SMTP credentials out of the record, the ledger and the logs', async () => {
    process.env.SMTP_URL = `smtp://user:secret@127.0.0.1:${smtp.port}`;
    process.env.MAIL_FROM = '无锡市机关事务管理局文明办 <wmb@example.gov.cn>';
    const logger = capturingLogger();
    const { sendNotification } = createEmailActivities({ ledgerPath, logger });
    const record = await sendNotification(assignment());

    expect(smtp.logins).toEqual(['user']); // the credentials were used...
    expect(smtp.envelopes[0].user).toBe('user');
    expect(addresses(smtp.messages[0].from)).toEqual(['wmb@example.gov.cn']);
    // ...and are nowhere else
    const ledgerText = await fs.readFile(ledgerPath, 'utf8');
    for (const text of [
      JSON.stringify(record),
      ledgerText,
      logger.lines.join('\n'),
      smtp.raw[0].toString('utf8'),
    ]) {
      expect(text).not.toContain('secret');
      expect(text).not.toContain('user:');
    }
    expect(logger.lines.join('\n')).toContain(`127.0.0.1:${smtp.port}`);
  });

  it('does not leak the password in the failure when the server is unreachable', async () => {
    const port = smtp.port;
    await smtp.close();
    process.env.SMTP_URL = `smtp://user:s3cr3t-pw@127.0.0.1:${port}`;
    const { sendNotification } = createEmailActivities({ ledgerPath });
    const failure = await sendNotification(assignment()).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const f = failure as ApplicationFailure;
    expect(f.nonRetryable).toBe(false);
    expect(f.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify({ message: f.message, details: f.details, stack: f.stack })).not.toContain(
      's3cr3t-pw',
    );
    expect(await openLedger(ledgerPath).list()).toEqual([]);
    smtp = await startSmtpCatcher(); // for afterEach
  });

  it('a recipient the server refuses for good is a non-retryable failure, recorded as failed', async () => {
    await smtp.close();
    smtp = await startSmtpCatcher({ rejectRecipient: (a) => a.startsWith('nobody@') });
    const { sendNotification } = createEmailActivities({ ledgerPath, smtpUrl: smtp.url });
    const failure = await sendNotification(
      assignment({ to: [{ name: '无此人', email: 'nobody@example.gov.cn' }], cc: undefined }),
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).details?.[0]).toMatch(/550 5\.1\.1 mailbox unavailable/);
    expect(smtp.messages).toHaveLength(0);
    const ledger = openLedger(ledgerPath);
    expect(await ledger.list()).toEqual([]);
    expect(await ledger.failures()).toEqual([
      expect.objectContaining({ status: 'failed', key: 'assignment', to: ['nobody@example.gov.cn'] }),
    ]);
    expect(await ledger.find('civ-2020-task-05', 'assignment')).toBeUndefined();
  });

  it('a recipient refused among others: the others get it, the refusal comes back with the record', async () => {
    await smtp.close();
    smtp = await startSmtpCatcher({ rejectRecipient: (a) => a === 'zhouhong@example.gov.cn' });
    const { sendNotification } = createEmailActivities({ ledgerPath, smtpUrl: smtp.url });
    const record = await sendNotification(assignment());
    expect(record.rejected).toEqual([
      {
        address: 'zhouhong@example.gov.cn',
        reason: expect.stringMatching(/^550 5\.1\.1 mailbox unavailable/),
      },
    ]);
    expect(smtp.envelopes[0].rcptTo.sort()).toEqual(['liming@example.gov.cn', 'office@example.gov.cn']);
  });

  it('an SMTP server that stalls is cut off at the deadline, before the activity could time out', async () => {
    // Accepts the connection and the message, then never answers the final dot.
    const { SMTPServer } = await import('smtp-server');
    let closed = false;
    const stalling = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream) {
        stream.resume();
      },
      onClose() {
        closed = true;
      },
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const { port } = stalling.server.address() as import('node:net').AddressInfo;
    try {
      const { sendNotification } = createEmailActivities({
        ledgerPath,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        sendDeadlineMs: 1_500,
      });
      const started = Date.now();
      const failure = await sendNotification(assignment()).catch((err: unknown) => err);
      expect(Date.now() - started).toBeLessThan(10_000); // not nodemailer's 30 s socket timeout
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).nonRetryable).toBe(false); // Temporal retries it
      await new Promise((r) => setTimeout(r, 200));
      expect(closed).toBe(true); // the transaction was cut: a retry cannot race it
      expect(await openLedger(ledgerPath).list()).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => stalling.close(() => resolve()));
    }
  });

  it('a slow relay and many readers: no copy is started that could outlast the attempt; the retry sends the rest', async () => {
    // A relay that takes 300 ms per message; 8 readers, each their own copy.
    const { SMTPServer } = await import('smtp-server');
    const rcpt: string[] = [];
    const slow = new SMTPServer({
      authOptional: true,
      closeTimeout: 100,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        rcpt.push(address.address);
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => setTimeout(() => callback(), 300));
      },
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.server.address() as import('node:net').AddressInfo;
    const keys = loadLinkKeys({ CIV_PORTAL_SECRET: 'a-test-secret-of-at-least-32-characters!' })!;
    const readers = Array.from({ length: 8 }, (_, i) => ({
      name: `读者${i}`,
      email: `reader${i}@example.gov.cn`,
      role: { kind: 'office' as const },
    }));
    const { sendNotification } = createEmailActivities({
      ledgerPath,
      smtpUrl: `smtp://127.0.0.1:${port}`,
      sendDeadlineMs: 1_000,
      links: { keys, baseUrl: 'https://civ.example.gov.cn' },
    });
    const n = assignment({ to: readers, cc: [] });
    // An attempt of 2.5 s start-to-close: copies may start during its first 1.5 s only.
    const attempt = async (heartbeatDetails?: unknown) => {
      const env = new MockActivityEnvironment({
        startToCloseTimeoutMs: 2_500,
        // The server's clock, years behind this host's as on the time-skipping server: the budget
        // counts on this host's clock.
        currentAttemptScheduledTimestampMs: Date.parse('2020-03-09T01:00:00Z'),
        heartbeatDetails,
      });
      let details: unknown;
      env.on('heartbeat', (d: unknown) => (details = d));
      const started = Date.now();
      const outcome = await env.run(sendNotification, n).catch((err: unknown) => err);
      return { outcome, ms: Date.now() - started, details };
    };
    try {
      const first = await attempt();
      expect(first.ms).toBeLessThan(2_500);
      expect(first.outcome).toBeInstanceOf(ApplicationFailure);
      expect((first.outcome as ApplicationFailure).type).toBe('EmailTimeBudget');
      expect((first.outcome as ApplicationFailure).nonRetryable).toBe(false);
      const sentFirst = rcpt.length;
      expect(sentFirst).toBeGreaterThan(0);
      expect(sentFirst).toBeLessThan(readers.length);
      // The retry, with the first attempt's heartbeat details, sends the rest and none twice.
      let last = first;
      for (let i = 0; i < 5 && !(last.outcome && !(last.outcome instanceof Error)); i++)
        last = await attempt(last.details);
      expect(last.outcome).toMatchObject({ key: 'assignment' });
      expect(rcpt.sort()).toEqual(readers.map((r) => r.email).sort());
    } finally {
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });

  it('the activity timeouts leave the send deadline room, and the deadline covers nodemailer’s timeouts', () => {
    const ms = (d: number | string) => (typeof d === 'number' ? d : Number.NaN);
    expect(ms(EMAIL_ACTIVITY_OPTIONS.startToCloseTimeout)).toBeGreaterThanOrEqual(SEND_DEADLINE_MS + 30_000);
    expect(ms(EMAIL_ACTIVITY_OPTIONS.heartbeatTimeout)).toBeGreaterThanOrEqual(3 * HEARTBEAT_INTERVAL_MS);
    expect(
      SMTP_CONNECTION_TIMEOUT_MS + SMTP_GREETING_TIMEOUT_MS + SMTP_SOCKET_TIMEOUT_MS,
    ).toBeLessThanOrEqual(SEND_DEADLINE_MS);
  });

  it('rejects a notification without recipients without retrying', async () => {
    const { sendNotification } = createEmailActivities({ ledgerPath });
    const failure = await sendNotification(assignment({ to: [] })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it('puts milestone and new due dates in the calendar; escalations carry no calendar', async () => {
    const { sendNotification } = createEmailActivities({ ledgerPath, from: DEFAULT_MAIL_FROM });
    await sendNotification(
      assignment({
        key: 'milestone-half-year',
        kind: 'milestone-reminder',
        milestone: { id: 'half-year', title: '完成上半年普法宣传', due: '2020-06-30' },
      }),
    );
    await sendNotification(
      assignment({
        key: 'returned-1',
        kind: 'returned',
        sequence: 1,
        decision: { actor: '张华', comment: '请补充签到表', newDue: '2020-12-25' },
      }),
    );
    await sendNotification(
      assignment({
        key: 'escalation-office-2020-12-22',
        kind: 'escalation-office',
        to: [{ name: task.officeName, email: 'office@example.gov.cn' }],
        late: [{ id: 'office', name: '办公室支部', daysLate: 5 }],
      }),
    );
    const [milestone, returned, escalation] = await smtp.waitFor(3);

    const m = icsOf(milestone);
    expect(m.filename).toBe('task-05-milestone-half-year.ics');
    const mEvent = parseIcs(m.source).events[0];
    expect(mEvent.get('DTSTART;VALUE=DATE')).toBe('20200630');
    expect(mEvent.get('UID')).toBe(calendarEventUid('civ-2020-task-05', 'milestone-half-year'));

    const r = icsOf(returned);
    expect(r.filename).toBe('task-05-due.ics');
    const rEvent = parseIcs(r.source).events[0];
    expect(rEvent.get('DTSTART;VALUE=DATE')).toBe('20201225');
    // Same event as the assignment's, with the sequence of the due date's revision: calendars move it.
    expect(rEvent.get('UID')).toBe(calendarEventUid('civ-2020-task-05', 'due'));
    expect(rEvent.get('SEQUENCE')).toBe('1');
    expect(mEvent.get('SEQUENCE')).toBe('0');

    expect(escalation.subject).toBe('【催办】2020年文明单位创建第5项任务：积极开展普法知识教育');
    expect(escalation.attachments).toHaveLength(0);
    expect(escalation.text).toContain('办公室支部（逾期天数：5个工作日）');
  });
});

describe('notification ledger', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'civ-ledger-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const record = (workflowId: string, key: string): SentRecord => ({
    workflowId,
    key,
    kind: 'reminder',
    to: ['a@example.gov.cn'],
    subject: '【到期提醒】…',
    messageId: notificationMessageId(workflowId, key),
    sentAt: '2020-12-01T01:00:00.000Z',
    deduplicated: false,
  });

  it('lives under CIV_DATA_DIR, else under <repo>/data', () => {
    expect(defaultLedgerPath({ CIV_DATA_DIR: '/var/lib/civ' })).toBe('/var/lib/civ/notifications.jsonl');
    expect(defaultLedgerPath({})).toBe(path.resolve(__dirname, '../../data/notifications.jsonl'));
  });

  it('creates its directory, appends, finds and filters by year and workflow id prefix', async () => {
    const ledger = openLedger(path.join(dir, 'nested', 'notifications.jsonl'));
    expect(await ledger.list()).toEqual([]);
    expect(await ledger.find('civ-2020-task-05', 'x')).toBeUndefined();
    const records = [
      record('civ-2020-task-05', 'reminder-1'),
      record('civ-2020-theme-03', 'announce'),
      record('civ-2021-task-05', 'reminder-1'),
    ];
    await Promise.all(records.map((r) => ledger.append(r)));
    expect(await ledger.list()).toHaveLength(3);
    expect(await ledger.find('civ-2021-task-05', 'reminder-1')).toEqual(records[2]);
    expect((await ledger.list({ year: 2020 })).map((r) => r.workflowId).sort()).toEqual([
      'civ-2020-task-05',
      'civ-2020-theme-03',
    ]);
    expect(await ledger.list({ workflowIdPrefix: 'civ-2020-task-' })).toEqual([records[0]]);
    expect(await ledger.list({ year: 2021, workflowIdPrefix: 'civ-2020' })).toEqual([]);
    expect(workflowYear('civ-2020-plan')).toBe(2020);
    expect(workflowYear('something-else')).toBeUndefined();
  });

  it('finds every record when lookups run at the same time as another process appends', async () => {
    const file = path.join(dir, 'notifications.jsonl');
    const ours = openLedger(file);
    // Another process's ledger on the same file: the portal, or a second worker on this host.
    const theirs = openLedger(file);
    const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `k-${from + i}`);
    for (const key of keys(0, 10)) await theirs.append(record('civ-2020-task-05', key));
    // Eight sends looking themselves up at once, as the worker runs them.
    await Promise.all(Array.from({ length: 8 }, (_, i) => ours.find('civ-2020-task-05', `new-${i}`)));
    for (const key of keys(10, 200)) await theirs.append(record('civ-2020-task-05', key));
    const missed: string[] = [];
    for (const key of keys(0, 200)) if (!(await ours.find('civ-2020-task-05', key))) missed.push(key);
    expect(missed).toEqual([]);
  });
});
