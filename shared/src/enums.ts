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

/**
 * Who is behind a token. Residents log in through WeChat; staff by password: agents and
 * supervisors (the workbench), field staff and coordinators (客服工程师) of the responsible units,
 * and follow-up staff (回访员), who call residents back after a service.
 */
export const Role = {
  resident: 'resident',
  agent: 'agent',
  supervisor: 'supervisor',
  field: 'field',
  coordinator: 'coordinator',
  followup: 'followup',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roleValues = Object.values(Role) as [Role, ...Role[]];

/** Staff roles: the ones that sign in with a password (the workbench and the field app). */
export const StaffRole = {
  agent: Role.agent,
  supervisor: Role.supervisor,
  field: Role.field,
  coordinator: Role.coordinator,
  followup: Role.followup,
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];
export const staffRoleValues = Object.values(StaffRole) as [StaffRole, ...StaffRole[]];
/** The help desk's staff (the workbench). Field staff and coordinators work in the field app. */
export const helpDeskRoleValues = [StaffRole.agent, StaffRole.supervisor] as const;
export type HelpDeskRole = (typeof helpDeskRoleValues)[number];
export const staffRoleLabels: Record<StaffRole, string> = {
  agent: '客服',
  supervisor: '班长',
  field: '现场人员',
  coordinator: '客服工程师',
  followup: '回访员',
};

/**
 * The city the demo data is laid out in, and its districts. Outlets, utility accounts and help
 * reports name a district by its Chinese name; the app offers these when no location is given.
 */
export const DEMO_CITY = '北京市';
export const cityDistricts = [
  '东城区',
  '西城区',
  '朝阳区',
  '海淀区',
  '丰台区',
  '石景山区',
  '通州区',
  '昌平区',
  '大兴区',
  '顺义区',
] as const;
export type CityDistrict = (typeof cityDistricts)[number];
