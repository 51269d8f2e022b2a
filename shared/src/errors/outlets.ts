import { defineErrors } from './define';

/** Errors of the outlets feature (code → HTTP status and the Chinese message). */
export const outletsErrors = defineErrors({});
