import { defineErrors } from './define';

/**
 * Errors of the outlets feature (code → HTTP status and the Chinese message). Bad queries are the
 * core VALIDATION_FAILED with field messages; an unknown outlet is the core NOT_FOUND with the
 * message below.
 */
export const outletsErrors = defineErrors({
  OUTLET_NOT_FOUND: { status: 404, message: '没有找到这个网点，可能已经撤销或搬迁。' },
});
