import { defineErrors } from './define';

/** Errors of the help feature (code → HTTP status and the Chinese message). */
export const helpErrors = defineErrors({});
