/**
 * Enumerations of follow-up (回访) as the gas company's paper does it: the business types sampled,
 * the five levels plus 未评价, and the periods of the 回访简报. Values as `as const` objects,
 * derived unions, and the Chinese labels people read.
 */
import { workOrderTypeLabels, type WorkOrderType } from './enums-workorders';

/**
 * What was served: every work-order type, plus 营业 (a counter service registered from a unit's
 * business system), 求助 (a resolved help request) and 缴费失败 (a help request about a failed
 * payment). A help request about a complaint counts as 投诉.
 */
export const FollowupBusiness = {
  emergency_repair: 'emergency_repair',
  repair: 'repair',
  safety_check: 'safety_check',
  ignition: 'ignition',
  pipe_change: 'pipe_change',
  meter: 'meter',
  installation: 'installation',
  account_change: 'account_change',
  complaint: 'complaint',
  inquiry: 'inquiry',
  counter: 'counter',
  help: 'help',
  payment_failed: 'payment_failed',
} as const satisfies Record<WorkOrderType, WorkOrderType> & Record<string, string>;
export type FollowupBusiness = (typeof FollowupBusiness)[keyof typeof FollowupBusiness];
export const followupBusinessValues = Object.values(FollowupBusiness) as [FollowupBusiness, ...FollowupBusiness[]];
export const followupBusinessLabels: Record<FollowupBusiness, string> = {
  ...workOrderTypeLabels,
  meter: '抄表',
  counter: '营业',
  help: '求助',
  payment_failed: '缴费失败',
};
/** Routine work, sampled at a share between ROUTINE_SHARE_MIN and ROUTINE_SHARE_MAX. */
export const routineFollowupBusinesses: readonly FollowupBusiness[] = ['counter', 'meter'];
export const ROUTINE_SHARE_MIN = 0.15;
export const ROUTINE_SHARE_MAX = 0.3;

/** The customer's answer: the paper's five levels, or 未评价 (not reached, or declined). */
export const FollowupLevel = {
  excellent: 'excellent',
  good: 'good',
  fair: 'fair',
  pass: 'pass',
  fail: 'fail',
  none: 'none',
} as const;
export type FollowupLevel = (typeof FollowupLevel)[keyof typeof FollowupLevel];
export const followupLevelValues = Object.values(FollowupLevel) as [FollowupLevel, ...FollowupLevel[]];
export const followupLevelLabels: Record<FollowupLevel, string> = {
  excellent: '优秀',
  good: '良好',
  fair: '一般',
  pass: '合格',
  fail: '不合格',
  none: '未评价',
};
/** The levels that lower the 满意率: 1 − (一般 + 合格 + 不合格) / 回访户数. */
export const dissatisfiedLevels: readonly FollowupLevel[] = ['fair', 'pass', 'fail'];

/** Why a follow-up is 未评价. */
export const FollowupNoRating = { unreachable: 'unreachable', declined: 'declined' } as const;
export type FollowupNoRating = (typeof FollowupNoRating)[keyof typeof FollowupNoRating];
export const followupNoRatingValues = Object.values(FollowupNoRating) as [FollowupNoRating, ...FollowupNoRating[]];
export const followupNoRatingLabels: Record<FollowupNoRating, string> = {
  unreachable: '未接通',
  declined: '拒绝评价',
};

/** Where a follow-up task came from. */
export const FollowupSource = { workorder: 'workorder', help: 'help', counter: 'counter' } as const;
export type FollowupSource = (typeof FollowupSource)[keyof typeof FollowupSource];
export const followupSourceValues = Object.values(FollowupSource) as [FollowupSource, ...FollowupSource[]];
export const followupSourceLabels: Record<FollowupSource, string> = {
  workorder: '工单',
  help: '求助',
  counter: '营业登记',
};

/** Why a record became a task: always followed up, in the sample, or in a 专题回访 (campaign). */
export const FollowupReason = { always: 'always', sampled: 'sampled', campaign: 'campaign' } as const;
export type FollowupReason = (typeof FollowupReason)[keyof typeof FollowupReason];
export const followupReasonValues = Object.values(FollowupReason) as [FollowupReason, ...FollowupReason[]];

/** Periods of the 回访简报. */
export const BulletinPeriod = { week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;
export type BulletinPeriod = (typeof BulletinPeriod)[keyof typeof BulletinPeriod];
export const bulletinPeriodValues = Object.values(BulletinPeriod) as [BulletinPeriod, ...BulletinPeriod[]];
export const bulletinPeriodLabels: Record<BulletinPeriod, string> = {
  week: '周报',
  month: '月报',
  quarter: '季报',
  year: '年报',
};

/** This period's 满意率 against the same period a year before, in words. */
export const BulletinTrend = { up: 'up', same: 'same', down: 'down', none: 'none' } as const;
export type BulletinTrend = (typeof BulletinTrend)[keyof typeof BulletinTrend];
export const bulletinTrendValues = Object.values(BulletinTrend) as [BulletinTrend, ...BulletinTrend[]];
export const bulletinTrendLabels: Record<BulletinTrend, string> = {
  up: '有所提高',
  same: '继续保持',
  down: '有所下降',
  none: '无同期数据',
};

/** What a 专题回访 (thematic campaign) covers: one business type, one unit (班组), or one district. */
export const CampaignScopeKind = { business: 'business', team: 'team', district: 'district' } as const;
export type CampaignScopeKind = (typeof CampaignScopeKind)[keyof typeof CampaignScopeKind];
export const campaignScopeKindValues = Object.values(CampaignScopeKind) as [CampaignScopeKind, ...CampaignScopeKind[]];
export const campaignScopeKindLabels: Record<CampaignScopeKind, string> = {
  business: '业务类型',
  team: '班组',
  district: '区域',
};

/** A campaign runs until a supervisor ends it. */
export const CampaignState = { active: 'active', ended: 'ended' } as const;
export type CampaignState = (typeof CampaignState)[keyof typeof CampaignState];
export const campaignStateValues = Object.values(CampaignState) as [CampaignState, ...CampaignState[]];
export const campaignStateLabels: Record<CampaignState, string> = { active: '进行中', ended: '已结束' };
