export * from './enums';
export * from './errors';
export * from './money';
export * from './mask';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/me';
export * from './schemas/health';
export * from './schemas/help';
// @billing-exports
// @outlets-exports
// @help-exports
export * from './api';
