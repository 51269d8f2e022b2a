import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { signatureHeaders } from '../../lib/wechatpay/notification';
import type { PaymentService } from './service';

/**
 * Payments of the signed-in resident (bills and top-ups), the sandbox's confirm button, and the providers'
 * notification endpoint. The notification answers 204, or WeChat Pay's own failure shape
 * `{code, message}` (not the app's error envelope) with a 4xx/5xx status, so WeChat Pay retries.
 */
export function paymentRoutes(router: AppRouter, mount: Mount, { payments }: { payments: PaymentService }): void {
  mount(router, 'createPayment', (ctx, { body }) => payments.create(authOf(ctx).subjectId, body));

  mount(router, 'createTopUp', (ctx, { body }) => payments.topUp(authOf(ctx).subjectId, body));

  mount(router, 'listPayments', async (ctx, { query }) => ({
    payments: await payments.list(authOf(ctx).subjectId, query),
  }));

  mount(router, 'getPayment', async (ctx, { params }) => found(await payments.get(authOf(ctx).subjectId, params.id)));

  mount(router, 'resumePayment', async (ctx, { params }) =>
    found(await payments.resume(authOf(ctx).subjectId, params.id)),
  );

  mount(router, 'cancelPayment', async (ctx, { params }) =>
    found(await payments.cancel(authOf(ctx).subjectId, params.id)),
  );

  mount(router, 'confirmSandboxPayment', async (ctx, { params }) =>
    found(await payments.confirmSandbox(authOf(ctx).subjectId, params.id)),
  );

  mount(router, 'payNotify', async (ctx, { params }) => {
    let outcome: Awaited<ReturnType<PaymentService['handleNotification']>>;
    try {
      outcome = await payments.handleNotification(
        params.provider,
        signatureHeaders((name) => ctx.get(name)),
        ctx.state.rawBody ?? Buffer.alloc(0),
      );
    } catch (err) {
      ctx.state.log.error({ err }, 'payment notification failed');
      outcome = { ok: false, status: 500, code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后重试' };
    }
    if (!outcome.ok) {
      ctx.status = outcome.status;
      ctx.body = { code: outcome.code, message: outcome.message };
    }
  });
}
