import { z } from 'zod';
import { billingErrors } from './errors/billing';
import { casesErrors } from './errors/cases';
import { coreErrors } from './errors/core';
import type { ErrorSpec } from './errors/define';
import { followupsErrors } from './errors/followups';
import { helpErrors } from './errors/help';
import { outletsErrors } from './errors/outlets';
import { workordersErrors } from './errors/workorders';

export { defineErrors, type ErrorSpec } from './errors/define';

/**
 * Every stable error code with its HTTP status and Chinese message. Programs branch on the code;
 * people read the message. The BFF sends the message unless it has a more specific one, and the
 * mini-program shows the message for a code it knows, so a resident never sees an English or
 * technical text. Each feature declares its own codes in `errors/<feature>.ts`.
 */
export const errorCatalog = {
  ...coreErrors,
  ...billingErrors,
  ...outletsErrors,
  ...helpErrors,
  ...workordersErrors,
  ...followupsErrors,
  ...casesErrors,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

/** The codes as values: `ErrorCode.NOT_FOUND === 'NOT_FOUND'`. */
export const ErrorCode = Object.fromEntries(Object.keys(errorCatalog).map((code) => [code, code])) as {
  readonly [K in ErrorCode]: K;
};

/** What a person reads for each code. */
export const errorMessages = Object.fromEntries(
  Object.entries(errorCatalog).map(([code, spec]) => [code, spec.message]),
) as Record<ErrorCode, string>;

/** The HTTP status each code is answered with. */
export const errorStatus = Object.fromEntries(
  Object.entries(errorCatalog).map(([code, spec]) => [code, spec.status]),
) as Record<ErrorCode, number>;

/** The message for any code string, falling back to the generic one for codes this build does not know. */
export function messageFor(code: string): string {
  return code in errorMessages ? errorMessages[code as ErrorCode] : errorMessages.INTERNAL;
}

/** One field problem in a validation error. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The one error envelope every failing response uses. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(FieldIssue).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
