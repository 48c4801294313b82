// A plan mail that does not reach its readers is told to the office, as an item's is: on the
// time-skipping server with the annual plan workflow, its items, the real activities and a real
// SMTP server on loopback that refuses the head's and the office mailbox's addresses. December's
// bulletin reaches the branches but neither of those (refused in part); the request for the final
// sign-off reaches nobody (refused in full); the notices go to the office's staff, and a notice the
// office mailbox refuses in turn is not told again. Long (about 55 s): a month of the year skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { planWorkflowId } from '../../domain/ids';
import type { PlanState } from '../../domain/plan-state';
import { planStatusQuery } from '../../wire/messages';
import { recordHistory } from '../helpers/histories';
import { planHarness, type PlanHarness } from '../helpers/plan-harness';

jest.setTimeout(300_000);

const PLAN = planWorkflowId(2020);
const HEAD = 'wang.jianguo@example.gov.cn';
const OFFICE_MAILBOX = 'wmcj@example.gov.cn';
const OFFICE_STAFF = ['zhao.li@example.gov.cn', 'sun.wei@example.gov.cn'];

let h: PlanHarness;
beforeAll(async () => {
  h = await planHarness(
    '2020-11-30T10:00:00+08:00',
    { '2020.yaml': readFileSync(join(__dirname, '..', '..', 'plans', '2020.yaml'), 'utf8') },
    (a) => a,
    { rejectRecipient: (address) => address === HEAD || address === OFFICE_MAILBOX },
  );
  await h.startPlan(2020);
});
afterAll(() => h?.close());

const planState = (): Promise<PlanState> => h.env.client.workflow.getHandle(PLAN).query(planStatusQuery);
const header = (m: ParsedMail, name: string) => m.headers.get(name) as string | undefined;
/** The plan workflow's notices of undelivered mail, as the SMTP server received them. */
const notices = () =>
  h.smtp.messages
    .map((m, i) => ({ m, rcpt: h.smtp.envelopes[i].rcptTo }))
    .filter(({ m }) => header(m, 'x-civ-workflow') === PLAN && header(m, 'x-civ-kind') === 'delivery-failed');
const sleepUntil = async (at: string) => h.env.sleep(Date.parse(at) - (await h.env.currentTimeMs()));

test('December’s bulletin refused for the head and the office mailbox: the office’s staff are told', async () => {
  await sleepUntil('2020-12-01T10:00:00+08:00');
  const state = await h.until(async () => {
    const s = await planState();
    return s.handledKeys.includes('delivery-failed-bulletin-12') ? s : undefined;
  }, 'the notice of the bulletin');
  expect(state.failures.map((f) => f.key)).toEqual(['bulletin-12', 'delivery-failed-bulletin-12']);
  const [notice, ...more] = notices();
  expect(more).toEqual([]);
  expect(notice.rcpt).toEqual(OFFICE_STAFF);
  expect(notice.m.subject).toBe('【邮件未送达】2020年文明单位创建工作情况通报');
  expect(notice.m.text).toContain('邮件主题：【情况通报】2020年文明单位创建工作情况通报第11期（11月份）');
  // Copied to the office mailbox, the bulletin did not reach it either.
  expect(notice.m.text).toContain(`未送达地址：${HEAD}、${OFFICE_MAILBOX}`);
});

test('the final sign-off request refused for all its readers: told too, and the year goes on', async () => {
  // The year ends; the head is asked on the first working day of the next (4 January 2021).
  await sleepUntil('2021-01-04T10:00:00+08:00');
  const state = await h.until(async () => {
    const s = await planState();
    return s.handledKeys.includes('delivery-failed-final-sign-off-request') ? s : undefined;
  }, 'the notice of the request');
  expect(state.phase).toBe('awaiting-final-sign-off');
  expect(state.failures.map((f) => f.key)).toEqual([
    'bulletin-12',
    'delivery-failed-bulletin-12',
    'final-sign-off-request',
    'delivery-failed-final-sign-off-request',
  ]);
  const request = notices().find((n) => n.m.subject?.includes('提请年度审核'));
  expect(request?.rcpt).toEqual(OFFICE_STAFF);
  expect(request?.m.text).toContain(`未送达地址：${HEAD}、${OFFICE_MAILBOX}`);
  // The notices themselves, refused by the office mailbox, are recorded but not told again.
  expect(state.handledKeys.filter((k) => k.startsWith('delivery-failed-delivery-failed'))).toEqual([]);
  expect(notices()).toHaveLength(2);
  expect((await h.env.client.workflow.getHandle(PLAN).describe()).status.name).toBe('RUNNING');
  await recordHistory(h.env.client.workflow.getHandle(PLAN), 'plan-mail-refused');
});
