import { z } from 'zod';
import { utilityValues } from '../enums';
import { Fen } from '../money';
import { Id, MobilePhone, Timestamp } from './common';

/**
 * The billing contract: utility accounts (户号), bills, paying on someone's behalf (代缴), payments
 * and family accounts (亲情账户). Whatever identifies an account's holder leaves the BFF masked.
 */

/** Bills are `unpaid` until a payment for them is confirmed by the payment provider. */
export const BillStatus = { unpaid: 'unpaid', paid: 'paid' } as const;
export type BillStatus = (typeof BillStatus)[keyof typeof BillStatus];
export const billStatusValues = Object.values(BillStatus) as [BillStatus, ...BillStatus[]];
export const billStatusLabels: Record<BillStatus, string> = { unpaid: '待缴', paid: '已缴' };

/** A payment is `pending` until the provider confirms it (`paid`) or it is given up (`closed`). */
export const PaymentStatus = { pending: 'pending', paid: 'paid', closed: 'closed' } as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];
export const paymentStatusValues = Object.values(PaymentStatus) as [PaymentStatus, ...PaymentStatus[]];
export const paymentStatusLabels: Record<PaymentStatus, string> = {
  pending: '还没付款',
  paid: '缴费成功',
  closed: '已关闭',
};

/** What a payment pays: bills of an account, or a top-up (预存/充值) of a prepaid account's balance. */
export const PaymentKind = { bills: 'bills', topUp: 'topUp' } as const;
export type PaymentKind = (typeof PaymentKind)[keyof typeof PaymentKind];
export const paymentKindValues = Object.values(PaymentKind) as [PaymentKind, ...PaymentKind[]];

/** Why a payment was closed; each says plainly that no money was taken. */
export const PaymentCloseReason = {
  /** The payer chose 「不付了」. */
  cancelled: 'cancelled',
  /** Its time to pay ran out. */
  expired: 'expired',
  /** The payer started a new payment of the same bills, which took this one's place. */
  replaced: 'replaced',
  /** An on-behalf payment closed because the account's holder is paying the bills herself. */
  holderPaying: 'holder_paying',
  /** The provider reports the order closed. */
  providerClosed: 'provider_closed',
  /** The provider would not open the order. */
  providerFailed: 'provider_failed',
  /** Closed, but the provider then reported it paid: the money is owed back (staff refund it). */
  refunding: 'refunding',
} as const;
export type PaymentCloseReason = (typeof PaymentCloseReason)[keyof typeof PaymentCloseReason];
export const paymentCloseReasonValues = Object.values(PaymentCloseReason) as [
  PaymentCloseReason,
  ...PaymentCloseReason[],
];
export const paymentCloseReasonLabels: Record<PaymentCloseReason, string> = {
  cancelled: '您选了不付，这笔已关闭，没有扣款。',
  expired: '超过了付款时间，这笔已关闭，没有扣款。',
  replaced: '您又发起了一次缴费，这笔已关闭，没有扣款。',
  holder_paying: '户主本人已在缴这笔费用，这笔代缴已关闭，没有扣款。',
  provider_closed: '支付已关闭，没有扣款。',
  provider_failed: '微信支付这次没有接单，没有扣款。',
  refunding: '这笔已关闭，但钱已经扣了。工作人员会把钱原路退回，您不用再操作。',
};

/** Who takes the money: WeChat Pay (API v3, JSAPI), or the built-in sandbox for development. */
export const PayProviderName = { wechat: 'wechat', sandbox: 'sandbox' } as const;
export type PayProviderName = (typeof PayProviderName)[keyof typeof PayProviderName];
export const payProviderValues = Object.values(PayProviderName) as [PayProviderName, ...PayProviderName[]];

/** What a payer looks an account up by (the survey's three ways). */
export const LookupBy = { accountNo: 'accountNo', idNumber: 'idNumber', phone: 'phone' } as const;
export type LookupBy = (typeof LookupBy)[keyof typeof LookupBy];
export const lookupByValues = Object.values(LookupBy) as [LookupBy, ...LookupBy[]];
export const lookupByLabels: Record<LookupBy, string> = {
  accountNo: '户号',
  idNumber: '身份证号',
  phone: '手机号',
};

/** How the signed-in resident is related to an account. */
export const AccountRelation = { bound: 'bound', family: 'family' } as const;
export type AccountRelation = (typeof AccountRelation)[keyof typeof AccountRelation];

const UtilityField = z.enum(utilityValues, { error: '请选择缴费项目' });

/** A utility account number (户号) as printed on a bill: 6 to 20 digits. */
export const AccountNo = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6,20}$/, '户号是 6 到 20 位数字，请看账单上的户号'));

/** A mainland resident ID-card number: 17 digits and a digit or X. */
export const IdCardNumber = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s/g, '').toUpperCase())
  .pipe(z.string().regex(/^\d{17}[\dX]$/, '身份证号是 18 位，最后一位可以是 X'));

const Alias = z.string().trim().min(1, '备注不能为空').max(16, '备注最多 16 个字');

/** A calendar day, `2026-01-31`, in the city's time zone. */
export const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The holder's name as the utility has it (proof of holdership when binding). */
export const HolderName = z.string().trim().min(1, '请填写户主姓名').max(40, '户主姓名最多 40 个字');

/** The last six characters of the holder's ID-card number: five digits and a digit or X. */
export const IdLast6 = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s/g, '').toUpperCase())
  .pipe(z.string().regex(/^\d{5}[\dX]$/, '请填写户主身份证号的后六位，最后一位可以是 X'));

/** How a resident proves holdership when binding: the holder's name, or the ID's last six. */
export const ProofBy = { holderName: 'holderName', holderIdLast6: 'holderIdLast6' } as const;
export type ProofBy = (typeof ProofBy)[keyof typeof ProofBy];
export const proofByLabels: Record<ProofBy, string> = {
  holderName: '户主姓名',
  holderIdLast6: '户主身份证号后六位',
};

/**
 * `POST /api/accounts`: bind an account as one's own. Binding shows the account's whole bill
 * history, so it needs proof of holdership, as the utilities' own apps ask: the holder's name or
 * the last six digits of the holder's ID number (each one given must match the record).
 */
export const BindAccountBody = z
  .strictObject({
    utility: UtilityField,
    accountNo: AccountNo,
    alias: Alias.optional(),
    holderName: HolderName.optional(),
    holderIdLast6: IdLast6.optional(),
  })
  .refine((b) => b.holderName !== undefined || b.holderIdLast6 !== undefined, {
    message: '请填写户主姓名，或户主身份证号后六位，用来确认您是户主。',
    path: ['holderName'],
  });
export type BindAccountBody = z.infer<typeof BindAccountBody>;

/**
 * An account as the signed-in resident sees it: the holder and address masked even here. For an
 * account of someone else (a family account) the account number is masked too and there is no
 * balance: a family link keeps only what the lookup showed.
 */
export const AccountSummary = z.object({
  id: z.string(),
  utility: z.enum(utilityValues),
  accountNo: z.string(),
  alias: z.string().nullable(),
  relation: z.enum([AccountRelation.bound, AccountRelation.family]),
  holderName: z.string(),
  address: z.string(),
  /** Prepaid balance in fen where the utility has one; null where it bills afterwards, and for a family account. */
  balanceFen: z.number().int().nullable(),
  /** The account is prepaid (预存) and can be topped up; also for a family account, whose balance is not shown. */
  prepaid: z.boolean(),
  /** What is owed now: the sum of unpaid bills. */
  owedFen: Fen,
  unpaidCount: z.number().int().min(0),
  /** The earliest due date among unpaid bills. */
  nextDueDate: CalendarDay.nullable(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const AccountList = z.object({ accounts: z.array(AccountSummary) });
export type AccountList = z.infer<typeof AccountList>;

/** One bill. `pending` means a payment for it is waiting for its result. */
export const Bill = z.object({
  id: z.string(),
  accountId: z.string(),
  utility: z.enum(utilityValues),
  /** The month billed, `2026-01`. */
  period: z.string(),
  amountFen: Fen,
  /** The late fee (滞纳金) the utility has put on the bill, in fen; paid with it. Null: none. */
  lateFeeFen: Fen.nullable(),
  dueDate: CalendarDay,
  status: z.enum(billStatusValues),
  pending: z.boolean(),
  paidAt: Timestamp.nullable(),
  /**
   * What was used (度, 立方米) and the 阶梯 tier it reached, for power, water and gas; null for
   * plans (telecom, cable) and for anyone but the holder (a payer sees what is owed, not how
   * the household lives).
   */
  usage: z
    .object({ quantity: z.number().nonnegative(), unit: z.enum(['kWh', 'm3']), tier: z.number().int().min(1).max(3) })
    .nullable(),
});
export type Bill = z.infer<typeof Bill>;

/** `GET /api/bills?accountId=`. */
export const BillsQuery = z.strictObject({ accountId: Id });
export type BillsQuery = z.infer<typeof BillsQuery>;

/**
 * The bills of one account. For the holder (bound): every bill, paid ones with their dates. For
 * anyone else (family, lookup): only the unpaid bills, no history and no paid dates.
 */
export const BillList = z.object({
  account: AccountSummary.omit({ relation: true }).extend({
    relation: z.enum(['bound', 'family', 'lookup']),
  }),
  bills: z.array(Bill),
});
export type BillList = z.infer<typeof BillList>;

/** A bill as the bills page shows it to the signed-in resident. */
export const BillLine = Bill.extend({
  /** Whole Beijing days past its due date; 0 when not overdue (or paid). */
  overdueDays: z.number().int().min(0),
  /**
   * This resident can pay it now: unpaid, and free, or held only by her own unfinished payment
   * (a new one takes its place), or, for the holder, by someone else's on-behalf payment.
   */
  payable: z.boolean(),
});
export type BillLine = z.infer<typeof BillLine>;

/** `POST /api/payer-lookup`: find an account to pay for someone else. */
export const PayerLookupBody = z.discriminatedUnion('by', [
  z.strictObject({ utility: UtilityField, by: z.literal('accountNo'), value: AccountNo }),
  z.strictObject({ utility: UtilityField, by: z.literal('idNumber'), value: IdCardNumber }),
  z.strictObject({ utility: UtilityField, by: z.literal('phone'), value: MobilePhone }),
]);
export type PayerLookupBody = z.infer<typeof PayerLookupBody>;

/** An unpaid bill as a lookup shows it. */
export const LookupBill = z.object({
  id: z.string(),
  period: z.string(),
  amountFen: Fen,
  dueDate: CalendarDay,
  pending: z.boolean(),
});
export type LookupBill = z.infer<typeof LookupBill>;

/** A found account: only masked data, enough to be sure it is the right one. */
export const LookedUpAccount = z.object({
  accountId: z.string(),
  utility: z.enum(utilityValues),
  accountNo: z.string(),
  holderName: z.string(),
  holderIdNumber: z.string(),
  holderPhone: z.string(),
  address: z.string(),
  owedFen: Fen,
  unpaidBills: z.array(LookupBill),
});
export type LookedUpAccount = z.infer<typeof LookedUpAccount>;

/** A miss and a hit have the same shape: `found` false with no accounts, or true with some. */
export const PayerLookupResult = z.object({
  found: z.boolean(),
  accounts: z.array(LookedUpAccount),
});
export type PayerLookupResult = z.infer<typeof PayerLookupResult>;

/** An idempotency key: the client makes one per intended payment and sends it on every retry. */
export const IdempotencyKey = z.string().regex(/^[\w-]{8,64}$/, '请求编号格式不对');

/** `POST /api/payments`. Amounts are never sent: the BFF takes them from the bills. */
export const CreatePaymentBody = z.strictObject({
  billIds: z
    .array(Id)
    .min(1, '请至少选一笔账单')
    .max(24, '一次最多缴 24 笔账单')
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, '账单不能重复'),
  idempotencyKey: IdempotencyKey,
  /** The account paid for when it is not one of the payer's own (代缴, 亲情账户). */
  onBehalf: z.strictObject({ accountId: Id }).optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

/** The smallest and largest top-up, in fen: ¥10 and ¥5 000. */
export const TOP_UP_MIN_FEN = 1_000;
export const TOP_UP_MAX_FEN = 500_000;
const topUpRange = `充值金额要在 ${TOP_UP_MIN_FEN / 100} 元到 ${TOP_UP_MAX_FEN / 100} 元之间`;

/** A top-up amount in whole fen, ¥10 to ¥5 000; the top-up form checks what was typed with it too. */
export const TopUpAmount = z
  .number({ error: '请填写充值金额' })
  .int('充值金额最多到分')
  .min(TOP_UP_MIN_FEN, topUpRange)
  .max(TOP_UP_MAX_FEN, topUpRange);

/**
 * `POST /api/payments/top-up`: pay an amount into a prepaid account (预存/充值): one's own bound
 * account, or a family account (then on behalf, like 代缴). The same key rules as bill payments.
 */
export const TopUpBody = z.strictObject({
  accountId: Id,
  amountFen: TopUpAmount,
  idempotencyKey: IdempotencyKey,
});
export type TopUpBody = z.infer<typeof TopUpBody>;

export const PaymentBill = z.object({
  id: z.string(),
  period: z.string(),
  amountFen: Fen,
  /** The bill's late fee paid with it (0: none). */
  lateFeeFen: Fen,
});

/**
 * A payment as its payer sees it. Paid on someone's behalf, the account number is masked
 * (`******0001`) like the holder's name: the payer never learns more than the lookup showed.
 */
export const Payment = z.object({
  id: z.string(),
  /** Bills (`bills` lists them), or a top-up (`bills` empty). */
  kind: z.enum(paymentKindValues),
  status: z.enum(paymentStatusValues),
  provider: z.enum(payProviderValues),
  /** Bills plus their late fees, or the amount topped up. */
  amountFen: Fen,
  outTradeNo: z.string(),
  accountId: z.string(),
  utility: z.enum(utilityValues),
  accountNo: z.string(),
  holderName: z.string(),
  bills: z.array(PaymentBill),
  onBehalf: z.boolean(),
  transactionId: z.string().nullable(),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  /** While pending: until when it can be paid (afterwards it is closed and its bills freed). */
  payableUntil: Timestamp.nullable(),
  /** Why it was closed (`paymentCloseReasonLabels` says it in words); null unless closed. */
  closeReason: z.enum(paymentCloseReasonValues).nullable(),
  /**
   * A top-up once credited: the account's balance after it. Null otherwise, and always for a
   * top-up on someone's behalf (the family page does not show their balance either).
   */
  balanceAfterFen: z.number().int().nullable(),
});
export type Payment = z.infer<typeof Payment>;

/** What the mini-program needs to take the money. */
export const PayParams = z.discriminatedUnion('kind', [
  /** Show the app's own confirm sheet, then call the sandbox confirm endpoint (no WeChat involved). */
  z.object({ kind: z.literal('sandbox'), paymentId: z.string() }),
  /** Pass to `Taro.requestPayment` as they are. */
  z.object({
    kind: z.literal('wechat'),
    timeStamp: z.string(),
    nonceStr: z.string(),
    package: z.string(),
    signType: z.literal('RSA'),
    paySign: z.string(),
  }),
]);
export type PayParams = z.infer<typeof PayParams>;

export const CreatePaymentResult = z.object({ payment: Payment, payParams: PayParams.nullable() });
export type CreatePaymentResult = z.infer<typeof CreatePaymentResult>;

export const PaymentList = z.object({ payments: z.array(Payment) });
export type PaymentList = z.infer<typeof PaymentList>;

/**
 * `GET /api/bills?accountId=`: the account, its bills (overdue ones first, most overdue first,
 * then unpaid by due date, then paid, newest first), and the resident's own unfinished payment
 * of this account's bills, if any, to continue or give up.
 */
export const AccountBills = BillList.extend({
  bills: z.array(BillLine),
  pendingPayment: Payment.nullable(),
});
export type AccountBills = z.infer<typeof AccountBills>;

/** `GET /api/payments?status=pending&accountId=`: the own payments, newest first, filtered. */
export const PaymentsQuery = z.strictObject({
  status: z.enum(paymentStatusValues).optional(),
  accountId: Id.optional(),
});
export type PaymentsQuery = z.infer<typeof PaymentsQuery>;

/** The receipt (缴费凭证, 充值凭证) of a paid payment, with the amount in capital numerals. */
export const Receipt = z.object({
  title: z.string(),
  kind: z.enum(paymentKindValues),
  amountFen: Fen,
  amountText: z.string(),
  amountCapital: z.string(),
  utility: z.enum(utilityValues),
  accountNo: z.string(),
  holderName: z.string(),
  /** Paid for someone else (代缴): the receipt says for whom, masked. */
  onBehalf: z.boolean(),
  /** The months paid; empty for a top-up. */
  periods: z.array(z.string()),
  /** A top-up: the balance after it, for the holder only (as `Payment.balanceAfterFen`). */
  balanceAfterFen: z.number().int().nullable(),
  outTradeNo: z.string(),
  transactionId: z.string().nullable(),
  paidAt: Timestamp,
});
export type Receipt = z.infer<typeof Receipt>;

export const PaymentDetail = Payment.extend({ receipt: Receipt.nullable() });
export type PaymentDetail = z.infer<typeof PaymentDetail>;

/** `POST /api/pay/notify/:provider`. */
export const NotifyParams = z.object({ provider: z.string().max(32) });

/** `POST /api/family`: keep an account found by a lookup as a family account. */
export const SaveFamilyBody = z.strictObject({ accountId: Id, alias: Alias });
export type SaveFamilyBody = z.infer<typeof SaveFamilyBody>;

/** A family account with its unpaid bills, for the 亲情账户 page. */
export const FamilyAccount = AccountSummary.extend({
  unpaidBills: z.array(LookupBill),
  /** The prepaid balance is running low (also for a family account, whose balance is not shown). */
  lowBalance: z.boolean(),
});
export type FamilyAccount = z.infer<typeof FamilyAccount>;

export const FamilyList = z.object({ accounts: z.array(FamilyAccount) });
export type FamilyList = z.infer<typeof FamilyList>;

export const ReminderKind = { due: 'due', overdue: 'overdue', lowBalance: 'lowBalance' } as const;
export type ReminderKind = (typeof ReminderKind)[keyof typeof ReminderKind];

/** One in-app reminder: a bill falling due (or overdue), or a prepaid balance running low. */
export const Reminder = z.object({
  kind: z.enum(['due', 'overdue', 'lowBalance']),
  accountId: z.string(),
  utility: z.enum(utilityValues),
  alias: z.string().nullable(),
  billId: z.string().nullable(),
  /** The bill's amount, or the balance left; null for the low balance of a family account (not shown). */
  amountFen: z.number().int().nullable(),
  dueDate: CalendarDay.nullable(),
  message: z.string(),
});
export type Reminder = z.infer<typeof Reminder>;

export const ReminderList = z.object({ reminders: z.array(Reminder) });
export type ReminderList = z.infer<typeof ReminderList>;
