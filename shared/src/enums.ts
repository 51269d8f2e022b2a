/**
 * Enumerations shared by the BFF and the mini-program: an `as const` object for values,
 * a derived union for types, and the Chinese label a resident reads.
 */

/** The public utilities a resident deals with. */
export const Utility = {
  water: 'water',
  power: 'power',
  gas: 'gas',
  telecom: 'telecom',
  cable: 'cable',
  post: 'post',
} as const;
export type Utility = (typeof Utility)[keyof typeof Utility];
export const utilityValues = Object.values(Utility) as [Utility, ...Utility[]];
export const utilityLabels: Record<Utility, string> = {
  water: '水费',
  power: '电费',
  gas: '燃气费',
  telecom: '通信费',
  cable: '有线电视',
  post: '邮政',
};

/** Who is behind a token. Residents log in through WeChat; agents and supervisors by password. */
export const Role = {
  resident: 'resident',
  agent: 'agent',
  supervisor: 'supervisor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roleValues = Object.values(Role) as [Role, ...Role[]];

/** Staff roles: the ones that may use the workbench. */
export const StaffRole = {
  agent: Role.agent,
  supervisor: Role.supervisor,
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];
export const staffRoleValues = Object.values(StaffRole) as [StaffRole, ...StaffRole[]];
export const staffRoleLabels: Record<StaffRole, string> = {
  agent: '客服',
  supervisor: '班长',
};
