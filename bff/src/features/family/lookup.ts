import {
  maskAccountNo,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  type PayerLookupBody,
  type PayerLookupResult,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { retryAfterSeconds, type Limits, type LimitOutcome } from '../../lib/limits';
import { toObjectId, type BillingAdapter } from '../bills/adapter';

const HOUR = 3_600_000;
/** The most accounts one lookup answers (one holder rarely has more of one utility). */
const LOOKUP_LIMIT = 5;

/** Limits of lookups from all residents together (config `billing.lookupLimits`). */
export interface LookupLimits {
  perValuePerHour: number;
  perAlikePerHour: number;
  perAccountPerHour: number;
}

/**
 * The values a guesser cannot tell apart from what she knows of her target: the masked answer of a
 * lookup by account number, and the district. Guessing an ID number, she knows its region (from
 * the district), and would guess the birth date within a year or a few; guessing a phone number,
 * the masked phone shows its first three and last four digits and she guesses the middle four.
 * So the key of an ID is its region, birth year and check digit, and of a phone its first three
 * and last four digits: the guesses for one person share their key, whoever sends them, while a
 * key holds few enough real people that honest payers almost never share one.
 */
export function alikeKey(body: Pick<PayerLookupBody, 'by' | 'value'>): string | null {
  const v = body.value;
  if (body.by === 'idNumber') return `id:${v.slice(0, 10)}:${v.slice(-1)}`;
  if (body.by === 'phone') return `phone:${v.slice(0, 3)}:${v.slice(-4)}`;
  return null;
}

const refused = (outcome: LimitOutcome) =>
  new AppError('RATE_LIMITED', '查询的次数太多了，请过一小时再查。也可以点“一键求助”找人帮忙。', {
    retryAfterSeconds: retryAfterSeconds(outcome),
  });

/**
 * 代缴 lookups: find accounts by account number, holder ID number or holder phone; only masked
 * data leaves, and a hit lets this payer pay exactly the unpaid bills shown, for a while.
 *
 * Besides the per-resident limit of the route, lookups are limited in the database for all
 * residents together, so that more residents do not mean more guesses (lookup-value: one ID or
 * phone number; lookup-alike: numbers alike to a guesser, see `alikeKey`; lookup-account: one
 * account found, whatever it was looked up by). The first two are counted before the search, from
 * the request alone, so a refusal says nothing of whether the number exists; the third is counted
 * when an account is found, as the answer would have said "found" anyway.
 */
export function createPayerLookup(deps: {
  models: Models;
  adapter: BillingAdapter;
  clock: Clock;
  limits: Limits;
  settings: { lookupGrantMinutes: number; lookupLimits: LookupLimits };
}) {
  const { models, adapter, clock, limits, settings } = deps;
  const rule = (max: number) => ({ max, windowMs: HOUR });

  async function take(name: string, key: string, max: number): Promise<void> {
    const outcome = await limits.take(name, key, rule(max));
    if (!outcome.ok) throw refused(outcome);
  }

  return async function lookup(userId: string, body: PayerLookupBody): Promise<PayerLookupResult> {
    const alike = alikeKey(body);
    if (alike) {
      await take('lookup-value', `${body.by}:${body.value}`, settings.lookupLimits.perValuePerHour);
      await take('lookup-alike', alike, settings.lookupLimits.perAlikePerHour);
    }
    const found = await adapter.findAccountsBy(body.utility, body.by, body.value, LOOKUP_LIMIT);
    if (found.length === 0) return { found: false, accounts: [] };
    for (const account of found) {
      await take('lookup-account', String(account._id), settings.lookupLimits.perAccountPerHour);
    }
    const unpaid = await adapter.billsOf(
      found.map((a) => a._id),
      { unpaidOnly: true },
    );
    const validUntil = new Date(clock.now().getTime() + settings.lookupGrantMinutes * 60_000);
    const result: PayerLookupResult = { found: true, accounts: [] };
    for (const account of found) {
      const bills = unpaid
        .filter((b) => String(b.accountId) === String(account._id))
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
      await models.PayerLookup.create({
        userId: toObjectId(userId),
        accountId: account._id,
        by: body.by,
        billIds: bills.map((b) => b._id),
        validUntil,
      });
      result.accounts.push({
        accountId: String(account._id),
        utility: account.utility,
        accountNo: maskAccountNo(account.accountNo),
        holderName: maskName(account.holderName),
        holderIdNumber: maskIdNumber(account.holderIdNumber),
        holderPhone: maskPhone(account.holderPhone),
        address: maskAddress(account.address),
        owedFen: bills.reduce((sum, b) => sum + b.amountFen, 0),
        unpaidBills: bills.map((b) => ({
          id: String(b._id),
          period: b.period,
          amountFen: b.amountFen,
          dueDate: b.dueDate,
          pending: b.pendingPaymentId !== null,
        })),
      });
    }
    return result;
  };
}
