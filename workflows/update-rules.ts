// A workflow's Updates as a table of rules: each Update's definition, the check its validator runs
// (a rejected Update leaves nothing in history) and the transition its handler applies.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { type Rejection, rejectionText } from '../domain/rejections';

export interface UpdateRule<State, Result, Input> {
  readonly update: UpdateDefinition<State, [Input]>;
  /** Why the input is rejected, or undefined when it is accepted. */
  check(input: Input): Rejection | undefined;
  apply(input: Input): Result;
}

/**
 * One row of the table: its check and its transition take the Update's own input. The table holds
 * rows of different inputs, so the row it returns names its input `unknown`.
 */
export function updateRule<State, Result, Input>(
  update: UpdateDefinition<State, [Input]>,
  check: (input: Input) => Rejection | undefined,
  apply: (input: Input) => Result,
): UpdateRule<State, Result, unknown> {
  return { update, check, apply };
}

/**
 * Registers every rule's Update, in the table's order; `done` turns what a transition returned
 * into the Update's result. With `settled`, an accepted Update waits to apply until it holds (an
 * item still asking its plan who leads a branch), so what it announces goes to the people as they
 * are; when it holds already, the handler applies at once, as it always did.
 */
export function setUpdateHandlers<State, Result>(
  rules: readonly UpdateRule<State, Result, unknown>[],
  done: (result: Result) => State,
  settled?: () => boolean,
): void {
  for (const rule of rules)
    setHandler(
      rule.update,
      (input) => {
        if (!settled || settled()) return done(rule.apply(input));
        return condition(settled).then(() => done(rule.apply(input)));
      },
      { validator: (input) => rejectUpdate(rule.check(input)) },
    );
}

/**
 * In a validator, rejects the Update if there is a rejection: a client reads the code as the
 * failure's type and the rejection itself in its details[0] (isRejection, domain/rejections.ts);
 * the message is the rejection's text.
 */
export function rejectUpdate(rejection: Rejection | undefined): void {
  if (rejection)
    throw ApplicationFailure.create({
      type: rejection.code,
      message: rejectionText(rejection),
      details: [rejection],
      nonRetryable: true,
    });
}
