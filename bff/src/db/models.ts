import type { Connection } from 'mongoose';
import { accountBindingSchema, balanceCreditSchema, utilityAccountSchema } from '../features/accounts/model';
import { agentSchema } from '../features/agents/model';
import { sessionSchema, staffDeviceSchema } from '../features/auth/model';
import { userSchema } from '../features/users/model';
import { billClaimSchema, billSchema } from '../features/bills/model';
import { familyLinkSchema, payerLookupSchema } from '../features/family/model';
import { paymentLedgerSchema, paymentSchema } from '../features/payments/model';
// @billing-import
import { outletSchema } from '../features/outlets/model';
// @outlets-import
import {
  helpDayMarkSchema,
  helpDayRollupSchema,
  helpDaySumSchema,
  helpEscalationSchema,
  helpRequestSchema,
  helpSeatSchema,
} from '../features/help/model';
import { outboxSchema } from '../features/outbox/model';
import { eventSchema, sequenceSchema } from '../lib/events/model';
import { limitHitSchema } from '../lib/limits';
import { onceSchema } from '../lib/once';
// @help-import
import { unitSchema } from '../features/units/model';
import {
  workOrderDayMarkSchema,
  workOrderDaySumSchema,
  workOrderEscalationSchema,
  workOrderMonthSumSchema,
  workOrderSchema,
  workOrderStepSchema,
} from '../features/workorders/model';
import { caseSchema } from '../features/cases/model';
import { incidentSchema, noticeSchema } from '../features/notices/model';
// @workorders-import
import { notificationSchema, subscribeCreditSchema } from '../features/notifications/model';
import {
  followupAnswerSchema,
  followupCampaignSchema,
  followupCountMarkSchema,
  followupCountSchema,
  followupDaySumSchema,
  followupSlotMarkSchema,
  followupSlotTallySchema,
  followupTaskSchema,
} from '../features/followups/model';

function bindModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    Session: conn.model('Session', sessionSchema),
    StaffDevice: conn.model('StaffDevice', staffDeviceSchema),
    Agent: conn.model('Agent', agentSchema),
    UtilityAccount: conn.model('UtilityAccount', utilityAccountSchema),
    AccountBinding: conn.model('AccountBinding', accountBindingSchema),
    BalanceCredit: conn.model('BalanceCredit', balanceCreditSchema),
    Bill: conn.model('Bill', billSchema),
    BillClaim: conn.model('BillClaim', billClaimSchema),
    Payment: conn.model('Payment', paymentSchema),
    PaymentLedger: conn.model('PaymentLedger', paymentLedgerSchema),
    FamilyLink: conn.model('FamilyLink', familyLinkSchema),
    PayerLookup: conn.model('PayerLookup', payerLookupSchema),
    // @billing-models
    Outlet: conn.model('Outlet', outletSchema),
    // @outlets-models
    HelpRequest: conn.model('HelpRequest', helpRequestSchema),
    HelpEscalation: conn.model('HelpEscalation', helpEscalationSchema),
    HelpSeat: conn.model('HelpSeat', helpSeatSchema),
    HelpDayMark: conn.model('HelpDayMark', helpDayMarkSchema),
    HelpDayRollup: conn.model('HelpDayRollup', helpDayRollupSchema),
    HelpDaySum: conn.model('HelpDaySum', helpDaySumSchema),
    Event: conn.model('Event', eventSchema),
    Sequence: conn.model('Sequence', sequenceSchema),
    Outbox: conn.model('Outbox', outboxSchema),
    Once: conn.model('Once', onceSchema),
    LimitHit: conn.model('LimitHit', limitHitSchema),
    // @help-models
    Unit: conn.model('Unit', unitSchema),
    WorkOrder: conn.model('WorkOrder', workOrderSchema),
    WorkOrderStep: conn.model('WorkOrderStep', workOrderStepSchema),
    WorkOrderDayMark: conn.model('WorkOrderDayMark', workOrderDayMarkSchema),
    WorkOrderDaySum: conn.model('WorkOrderDaySum', workOrderDaySumSchema),
    WorkOrderMonthSum: conn.model('WorkOrderMonthSum', workOrderMonthSumSchema),
    WorkOrderEscalation: conn.model('WorkOrderEscalation', workOrderEscalationSchema),
    Notice: conn.model('Notice', noticeSchema),
    Incident: conn.model('Incident', incidentSchema),
    // @workorders-models
    FollowupTask: conn.model('FollowupTask', followupTaskSchema),
    FollowupAnswer: conn.model('FollowupAnswer', followupAnswerSchema),
    FollowupCount: conn.model('FollowupCount', followupCountSchema),
    FollowupCountMark: conn.model('FollowupCountMark', followupCountMarkSchema),
    FollowupDaySum: conn.model('FollowupDaySum', followupDaySumSchema),
    Notification: conn.model('Notification', notificationSchema),
    SubscribeCredit: conn.model('SubscribeCredit', subscribeCreditSchema),
    FollowupCampaign: conn.model('FollowupCampaign', followupCampaignSchema),
    FollowupSlotMark: conn.model('FollowupSlotMark', followupSlotMarkSchema),
    FollowupSlotTally: conn.model('FollowupSlotTally', followupSlotTallySchema),
    Case: conn.model('Case', caseSchema),
  };
}

export type Models = ReturnType<typeof bindModels>;

const byConnection = new WeakMap<Connection, Models>();

/**
 * Every model of the BFF, bound to one connection; asking twice for the same connection gives
 * the same models (the app and a test can share them). Only the BFF imports models.
 */
export function createModels(conn: Connection): Models {
  let models = byConnection.get(conn);
  if (!models) {
    models = bindModels(conn);
    byConnection.set(conn, models);
  }
  return models;
}

/** Builds every index before the app serves, so unique constraints hold from the first request. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
