import type { PayParams, PayProviderName } from '@bianmin/shared';
import type { NotificationKeys, Transaction } from './notification';

/** What a provider needs to open an order. */
export interface OrderRequest {
  /** The payment's id in the BFF. */
  paymentId: string;
  outTradeNo: string;
  amountFen: number;
  description: string;
  /** The payer's openid (JSAPI orders are paid by this WeChat user). */
  payerOpenid: string;
  /** When the order stops being payable. */
  expiresAt: Date;
}

/** An order's state at the provider, as its order query tells it. */
export interface OrderState {
  /** WeChat Pay's trade_state: SUCCESS, NOTPAY, CLOSED, USERPAYING, PAYERROR, REFUND, REVOKED; NOTFOUND when unknown. */
  tradeState: string;
  transaction: Transaction | null;
}

/**
 * One way of taking money, behind the payments service: WeChat Pay API v3 (JSAPI) or the
 * sandbox. Both confirm payments only through a signed, encrypted v3 notification that the
 * same code verifies ({@link NotificationKeys}).
 */
export interface PayProvider {
  readonly name: PayProviderName;
  /** Opens an order and answers what the mini-program needs to pay it. */
  createOrder(order: OrderRequest): Promise<{ prepayId: string | null; payParams: PayParams }>;
  /** The parameters again for an order already open (a retried request with the same key). */
  payParamsFor(order: { paymentId: string; prepayId: string | null }): PayParams;
  /** Asks the provider how an order stands. */
  queryOrder(outTradeNo: string): Promise<OrderState>;
  /** Closes an unpaid order so it can no longer be paid. */
  closeOrder(outTradeNo: string): Promise<void>;
  /** The keys its notifications are checked with. */
  readonly notificationKeys: NotificationKeys;
}

/** A provider failed to answer (network, 5xx, a response that does not verify). */
export class PayProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PayProviderError';
  }
}
