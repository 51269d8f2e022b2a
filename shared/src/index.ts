export * from './enums';
export * from './errors';
export * from './money';
export * from './usage';
export * from './mask';
export * from './time';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/outbox';
export * from './schemas/me';
export * from './schemas/health';
export * from './schemas/help';
export * from './schemas/billing';
// @billing-exports
export * from './schemas/outlets';
// @outlets-exports
export * from './enums-help';
export * from './schemas/help-agent';
export * from './schemas/help-report';
export * from './help-words';
export * from './queue';
// @help-exports
export * from './enums-workorders';
export * from './schemas/workorders';
export * from './schemas/workorders-staff';
export * from './schemas/notices';
export * from './schemas/assessment';
export * from './emergency';
// @workorders-exports
export * from './enums-followups';
export * from './schemas/followups';
export * from './enums-notifications';
export * from './schemas/notifications';
export * from './schemas/followup-campaigns';
export * from './schemas/cases';
export * from './api';
