// The shapes of the task workflow's Updates. An Update can come from the CLI or be typed into
// Temporal UI as raw JSON, so its shape is checked before its meaning (domain/task-state.ts).
import { z } from 'zod';
import { formatPath } from './plan';

export const ReportInputSchema = z.strictObject({
  branch: z.string(),
  actor: z.string(),
  summary: z.string(),
  evidence: z.array(z.string(), { error: 'must be a list of links' }).optional(),
  /** KPI id → value in percent. */
  kpis: z.record(z.string(), z.number({ error: 'must be a number (percent)' })).optional(),
  /** A progress report for this milestone instead of the final report. */
  milestone: z.string().optional(),
});

export const DecideInputSchema = z.strictObject({
  verdict: z.enum(['approve', 'return'], { error: 'must be "approve" or "return"' }),
  actor: z.string(),
  comment: z.string(),
  /** Return: the branches that must rework (default: all responsible branches). */
  branches: z.array(z.string()).optional(),
  /** Return: a new due date. */
  newDue: z.string().optional(),
  /** Approve although a KPI misses its threshold (office or head only). */
  overrideReason: z.string().trim().min(1, 'must not be empty').optional(),
});

export const ExtendInputSchema = z.strictObject({
  actor: z.string(),
  newDue: z.string(),
  reason: z.string(),
});

export const CloseInputSchema = z.strictObject({
  actor: z.string(),
  reason: z.string(),
});

export type ReportInput = z.infer<typeof ReportInputSchema>;
export type DecideInput = z.infer<typeof DecideInputSchema>;
export type ExtendInput = z.infer<typeof ExtendInputSchema>;

/** "malformed report: kpis.law-awareness: …" for input of the wrong shape, else undefined. */
export function malformed(schema: z.ZodType, input: unknown, what: string): string | undefined {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  const path = formatPath(issue.path);
  return `malformed ${what}: ${path ? `${path}: ` : ''}${issue.message}`;
}
