// A posted form, read and applied: its fields (url-encoded or multipart alike), each checked for
// size before anything uses it, and the workflow update it asks for. What the portal will not do
// is a Refusal, which the error handler turns into a page.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import { isRejection } from '../domain/rejections';
import { MAX_SUMMARY_LENGTH } from '../domain/item-updates';
import type { UpdateRefusal } from './rejection-text';

/** A refusal: a plain Chinese page, a 4xx status, nothing changed. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(title);
  }
}

export type Fields = Record<string, string | string[]>;

/**
 * An empty set of fields, with no prototype: a field a client names `__proto__` or `constructor`
 * is a field like any other, and a name it did not send is absent, not inherited from Object.
 */
export function emptyFields(): Fields {
  return Object.create(null) as Fields;
}

/** The fields of a url-encoded form (multipart is the report route's alone, portal/report-form.ts). */
export function fieldsOf(req: FastifyRequest): { fields: Fields } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields = emptyFields();
  for (const [name, raw] of Object.entries(body)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (values.length) fields[name] = values.length === 1 ? values[0] : values;
  }
  return { fields };
}

/** A form from elsewhere, or from an older page: its token is not this session's. */
export function staleForm(): Refusal {
  return new Refusal(403, '表单已失效', '此表单已过期或并非来自本平台。请返回办理页面刷新后重新提交。');
}

export function one(fields: Fields, name: string, max = MAX_SUMMARY_LENGTH): string {
  const v = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (Array.isArray(v)) throw new Refusal(400, '提交的内容有误', `“${name}”一项重复提交。`);
  const text = (v ?? '').replace(/\r\n?/g, '\n');
  if (text.length > max) throw new Refusal(413, '提交内容过大', '填写的文字过长，请精简后重新提交。');
  return text;
}

/** The person of the link acts: their verified address decides, their name is recorded beside it. */
export function actorOfLink(access: { link: { name: string; email: string } }): {
  actor: string;
  actorEmail: string;
} {
  return { actor: access.link.name, actorEmail: access.link.email };
}

/** Runs an update for the person in the link; a validator's refusal comes back as a message. */
export async function act<Arg, Ret>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  updateId: string,
  arg: Arg,
): Promise<UpdateRefusal | undefined> {
  try {
    // The id is the form's nonce, made by the portal for the session: a form posted twice (a
    // replay, a double click) is applied once.
    await client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg], updateId });
    return undefined;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      const detail = cause instanceof ApplicationFailure ? cause.details?.[0] : undefined;
      return { ...(isRejection(detail) && { rejection: detail }), message: cause?.message ?? err.message };
    }
    // Signed off or ended, an item's workflow completes: nothing more is taken.
    if (err instanceof WorkflowNotFoundError) return { closed: true, message: err.message };
    throw err;
  }
}
