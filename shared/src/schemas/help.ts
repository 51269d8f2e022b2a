import { z } from 'zod';
import { Id } from './common';

/**
 * What the app already knows when the help button is tapped: the page the resident was on and
 * the account, bill, payment or outlet in view. Every page passes its part to the help button;
 * the help request carries it so the agent sees the situation without asking.
 */
export const HelpPageContext = z.strictObject({
  page: z.string().trim().max(120).optional(),
  accountId: Id.optional(),
  billId: Id.optional(),
  paymentId: Id.optional(),
  outletId: Id.optional(),
});
export type HelpPageContext = z.infer<typeof HelpPageContext>;
