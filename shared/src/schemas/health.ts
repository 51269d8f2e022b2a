import { z } from 'zod';

/** `GET /api/health`: 200 when the database answers, 503 while it does not. */
export const Health = z.object({
  ok: z.boolean(),
  db: z.enum(['up', 'down']),
});
export type Health = z.infer<typeof Health>;
