// The shapes of the task workflow's Updates. An Update can come from the CLI or be typed into
// Temporal UI as raw JSON, so its shape is checked before its meaning (domain/item-state.ts).
import type * as Zod from 'zod';
import { once, zod } from './lazy-zod';
import { formatPath, isRealDate } from './plan';
import { type Rejection, rejection } from './rejections';

/** Long enough for a real report, short enough that no upload can bloat a workflow's history. */
export const MAX_SUMMARY_LENGTH = 4000;

/** What several Updates share: where an action came from, a person's name, a bounded text. */
function sharedFields(z: typeof Zod) {
  return {
    /**
     * Where an action came from, recorded beside the person: the portal (the person is the one in
     * the signed link) or the CLI (an admin with Temporal access; the OS user is kept beside
     * `--actor`).
     */
    origin: {
      channel: z.enum(['portal', 'cli'], { error: 'must be "portal" or "cli"' }).optional(),
      osUser: z.string().max(64).optional(),
    },
    name: z.string().max(100, 'is longer than 100 characters'),
    /**
     * The actor's verified address: the portal's link names it. It alone decides who acted; `actor`
     * is then the name recorded beside it.
     */
    actorEmail: z.email({ error: 'must be an email address' }).max(254).optional(),
    text: (what: string) =>
      z.string().max(MAX_SUMMARY_LENGTH, `${what} is longer than ${MAX_SUMMARY_LENGTH} characters`),
  };
}
type SharedFields = ReturnType<typeof sharedFields>;

const LINK = /^https?:\/\/\S+$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What a 复查评审 台账 records of an activity beside the summary, each optional: when (活动时间) and
 * where (地点) it was held, how many took part (参加人数), where it was reported (宣传报道, links)
 * and the honours it brought (先进典型).
 */
function ledgerFields(z: typeof Zod) {
  return {
    heldOn: z
      .string()
      .regex(DAY, 'must be a date written YYYY-MM-DD')
      .refine((d) => !DAY.test(d) || isRealDate(d), { message: 'is not a real calendar date' })
      .optional(),
    place: z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters').optional(),
    participants: z.int({ error: 'must be a whole number' }).min(1).max(100_000).optional(),
    publicity: z
      .array(z.string().max(2000).regex(LINK, 'must be a link starting with http:// or https://'))
      .max(20, 'has more than 20 entries')
      .optional(),
    honours: z
      .array(z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters'))
      .max(10, 'has more than 10 entries')
      .optional(),
  };
}

/** A task's, theme's or festival's own Updates. */
function itemSchemas(z: typeof Zod, { origin, name, actorEmail, text }: SharedFields) {
  return {
    report: z.strictObject({
      ...origin,
      branch: z.string().max(40),
      actor: name,
      actorEmail,
      summary: text('the summary'),
      evidence: z
        .array(z.string().max(2000), { error: 'must be a list of links' })
        .max(20, 'has more than 20 entries')
        .optional(),
      /** KPI id → value in percent. */
      kpis: z.record(z.string(), z.number({ error: 'must be a number (percent)' })).optional(),
      /** KPI id → the counts a rate KPI is computed from (注册人数 / 在编干部职工数). */
      kpiCounts: z
        .record(
          z.string(),
          z.strictObject({
            numerator: z.int({ error: 'must be a whole number' }).min(0).max(1_000_000),
            denominator: z
              .int({ error: 'must be a whole number' })
              .min(1, 'must be at least 1')
              .max(1_000_000),
          }),
        )
        .optional(),
      ...ledgerFields(z),
      /** A progress report for this milestone instead of the final report. */
      milestone: z.string().optional(),
    }),
    decide: z.strictObject({
      ...origin,
      verdict: z.enum(['approve', 'return'], { error: 'must be "approve" or "return"' }),
      actor: name,
      actorEmail,
      comment: text('the comment'),
      /** Return: the branches that must rework (default: all responsible branches). */
      branches: z.array(z.string()).optional(),
      /** Return: a new due date. */
      newDue: z.string().optional(),
      /** Approve although a KPI misses its threshold (office or head only). */
      overrideReason: z.string().trim().min(1, 'must not be empty').optional(),
    }),
    extend: z.strictObject({
      ...origin,
      actor: name,
      actorEmail,
      newDue: z.string(),
      reason: text('the reason'),
    }),
    /** 签收: a branch acknowledges its assignment, as 督办 practice asks. */
    acknowledge: z.strictObject({
      ...origin,
      branch: z.string().max(40),
      actor: name,
      actorEmail,
    }),
    close: z.strictObject({
      actor: z.string(),
      actorEmail,
      reason: z.string(),
    }),
  };
}

/** The Updates of the plan workflow that concern people. */
function peopleSchemas(z: typeof Zod, { origin, name, actorEmail, text }: SharedFields) {
  return {
    /** A branch's lead changes post mid-year: later emails go to the new lead, the old lead's links stop. */
    changeLead: z.strictObject({
      ...origin,
      branch: z.string().max(40),
      actor: name,
      actorEmail,
      lead: z.strictObject({
        name: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(40)
          .regex(/^[^\r\n<>"@,;]+$/, 'must be a plain name'),
        email: z.email({ error: 'must be an email address' }).max(254),
      }),
    }),
    /** Every link a person holds so far stops working (a forwarded or lost email); later emails bring new ones. */
    revokeLinks: z.strictObject({
      ...origin,
      actor: name,
      actorEmail,
      email: z.email({ error: 'must be an email address' }).max(254),
      reason: text('the reason'),
    }),
  };
}

function buildUpdateSchemas(z: typeof Zod) {
  const shared = sharedFields(z);
  return { ...itemSchemas(z, shared), ...peopleSchemas(z, shared) };
}

/** The Updates' schemas, built on the first Update (domain/lazy-zod.ts). */
export const updateSchemas = once(() => buildUpdateSchemas(zod()));
type UpdateSchemas = ReturnType<typeof buildUpdateSchemas>;

export type ReportInput = Zod.infer<UpdateSchemas['report']>;
export type DecideInput = Zod.infer<UpdateSchemas['decide']>;
export type ExtendInput = Zod.infer<UpdateSchemas['extend']>;
export type RevokeLinksInput = Zod.infer<UpdateSchemas['revokeLinks']>;
export type AcknowledgeInput = Zod.infer<UpdateSchemas['acknowledge']>;
export type ChangeLeadInput = Zod.infer<UpdateSchemas['changeLead']>;
export type Channel = NonNullable<ReportInput['channel']>;

/**
 * The rejection of input of the wrong shape, naming its first issue and where ("malformed report:
 * kpis.law-awareness: …"), or undefined for input of the right shape.
 */
export function malformed(
  schema: Zod.ZodType,
  input: unknown,
  what: string,
): Rejection<'malformed'> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  const path = formatPath(issue.path);
  return rejection('malformed', { input: what, issue: issue.message }, path || undefined);
}
