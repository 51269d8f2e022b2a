import type { Config } from '../config';
import type { Models } from '../db/models';
import type { Logger } from '../lib/logger';
import { hashPassword } from '../lib/password';
import { seedBilling } from './billing';
// @billing-import
import { seedOutlets } from './outlets';
// @outlets-import
import { seedHelp } from './help';
// @help-import
import { seedWorkOrders } from './workorders';
// @workorders-import
import { seedCases } from './cases';
import { seedFollowupHistory } from './followup-history';
import { seedHelpHistory } from './help-history';
import { seedWorkOrderHistory } from './workorder-history';

/** The password of every demo staff account. Demo only: the seed never runs in production. */
export const DEMO_PASSWORD = 'bianmin-demo';

/** Demo staff: three agents, one supervisor and one follow-up agent (回访员). */
export const DEMO_STAFF = [
  { username: 'agent01', displayName: '王晓丽', role: 'agent' },
  { username: 'agent02', displayName: '刘强', role: 'agent' },
  { username: 'agent03', displayName: '陈静（客户经理）', role: 'agent' },
  { username: 'super01', displayName: '赵班长', role: 'supervisor' },
  { username: 'followup01', displayName: '孙丽娟', role: 'followup' },
] as const;

/**
 * Seeds the demo data. Idempotent: records that exist are left as they are, so a demo user's
 * changes survive a restart. Refuses to run in production.
 */
export async function seedDemo({
  models,
  config,
  logger,
}: {
  models: Models;
  config: Config;
  logger: Logger;
}): Promise<void> {
  if (config.env === 'production') throw new Error('the demo seed refuses to run when NODE_ENV=production');
  const existing = new Set(
    (await models.Agent.find({ username: { $in: DEMO_STAFF.map((s) => s.username) } }, { username: 1 }).lean()).map(
      (a) => a.username,
    ),
  );
  for (const staff of DEMO_STAFF) {
    if (existing.has(staff.username)) continue;
    await models.Agent.updateOne(
      { username: staff.username },
      { $setOnInsert: { ...staff, passwordHash: await hashPassword(DEMO_PASSWORD), active: true } },
      { upsert: true },
    );
  }
  await seedBilling(models, logger);
  // @billing-seed
  await seedOutlets(models, logger);
  // @outlets-seed
  await seedHelp(models);
  // @help-seed
  const now = new Date();
  await seedWorkOrders(models, logger, DEMO_PASSWORD, now);
  // @workorders-seed
  // a year of history, so the supervisor's report, 单位考核 and the 回访简报 are full from the first start
  if (config.seedDemoHistory) {
    const started = Date.now();
    const requests = await seedHelpHistory(models, config, now);
    const orders = await seedWorkOrderHistory(models, config, now);
    await seedCases(models, now);
    const followupDays = await seedFollowupHistory(models, now);
    logger.info({ requests, orders, followupDays, ms: Date.now() - started }, 'demo history seeded');
  }
  logger.info({ staff: DEMO_STAFF.length, added: DEMO_STAFF.length - existing.size }, 'demo seed applied');
}
