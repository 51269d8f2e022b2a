import type { Connection } from 'mongoose';
import { utilityAccountSchema } from '../features/accounts/model';
import { agentSchema } from '../features/agents/model';
import { sessionSchema } from '../features/auth/model';
import { userSchema } from '../features/users/model';
// @billing-import
// @outlets-import
// @help-import

function bindModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    Session: conn.model('Session', sessionSchema),
    Agent: conn.model('Agent', agentSchema),
    UtilityAccount: conn.model('UtilityAccount', utilityAccountSchema),
    // @billing-models
    // @outlets-models
    // @help-models
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
