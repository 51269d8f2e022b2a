import { defineErrors } from './define';

/** Errors of the billing feature (code → HTTP status and the Chinese message). */
export const billingErrors = defineErrors({
  // one answer for an unknown account and a wrong proof: a failed bind never says which it was
  ACCOUNT_NOT_MATCHED: {
    status: 400,
    message: '户号和户主信息对不上。请核对账单上的户号，和户主姓名或身份证号后六位，再试一次。',
  },
  ACCOUNT_LIMIT: { status: 409, message: '绑定的户号太多了，请先解绑不用的户号。' },
  BILL_ALREADY_PAID: { status: 409, message: '这笔账单已经缴过了，不用再缴。' },
  BILL_PAYMENT_PENDING: { status: 409, message: '这笔账单正在缴费中，请稍等一会儿再看结果。' },
  BILLS_OF_SEVERAL_ACCOUNTS: { status: 400, message: '一次只能缴一个户号的账单。' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '这次缴费的内容和上次不一样，请返回重新选择账单。' },
  BEHALF_HOLD_LIMIT: {
    status: 429,
    message: '这笔账单今天已经替人发起过几次缴费了，请明天再试，或请户主本人缴。',
  },
  PAYMENT_NOT_PENDING: { status: 409, message: '这笔缴费已经有结果了，请刷新后再看。' },
  PAY_UNAVAILABLE: { status: 503, message: '缴费服务暂时不能用，请稍后再试。' },
  PAY_PROVIDER_FAILED: { status: 502, message: '微信支付暂时连不上，请稍后再试，钱没有扣。' },
  SANDBOX_DISABLED: { status: 404, message: '没有开启模拟支付。' },
  TOP_UP_NOT_PREPAID: { status: 400, message: '这个户号不是预存的，不能充值。有账单时按账单缴费就行。' },
  FAMILY_LIMIT: { status: 409, message: '亲情账户太多了，请先移除不用的。' },
});
