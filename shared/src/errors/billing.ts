import { defineErrors } from './define';

/** Errors of the billing feature (code → HTTP status and the Chinese message). */
export const billingErrors = defineErrors({});
