// A check's rejection as a client reads it: its code, the field it concerns and its English text.
import { type Rejection, type RejectionCode, rejectionText } from '../../domain/rejections';

export function why(
  r: Rejection | undefined,
): { code: RejectionCode; field?: string; text: string } | undefined {
  return r && { code: r.code, ...(r.field !== undefined && { field: r.field }), text: rejectionText(r) };
}

/** What `why` is expected to give; a RegExp matches the text. */
export function rejected(code: RejectionCode, field: string | undefined, text: string | RegExp): unknown {
  return {
    code,
    ...(field !== undefined && { field }),
    text: typeof text === 'string' ? text : expect.stringMatching(text),
  };
}
