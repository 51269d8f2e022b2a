import { z } from 'zod';
import { PageQuery, paged, Timestamp } from './common';

/** A webhook message given up after the attempt limit: what it was and why it failed. */
export const WebhookFailure = z.object({
  id: z.string(),
  type: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  failedAt: Timestamp,
});
export type WebhookFailure = z.infer<typeof WebhookFailure>;

/** `GET /api/agent/supervisor/webhooks/failed`: newest first, paged. */
export const WebhookFailureQuery = PageQuery;
export const WebhookFailureList = paged(WebhookFailure);
export type WebhookFailureList = z.infer<typeof WebhookFailureList>;

/** `POST /api/agent/supervisor/webhooks/:id/resend`. */
export const WebhookParams = z.object({ id: z.string().trim().min(1).max(200) });
export type WebhookParams = z.infer<typeof WebhookParams>;
