import { repeatOf } from './repeats';
import { Types } from 'mongoose';
import {
  beijingParts,
  ELDER_AGE,
  type CreateHelpBody,
  type HelpCallbackBody,
  type HelpDetailsBody,
  type HelpList,
  type HelpSurveyBody,
  type ResidentHelp,
} from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { pause } from '../../lib/once';
import { mustBeOpen, OPEN, type Actor, type HelpCore, type HelpDeps } from './core';
import { createResidentMessages } from './messages';
import type { HelpRequestRecord } from './model';
import { deadlines, priorityOf, rankOf } from './sla';
import { ownContext } from './context';
import { createHelpAccount, createHelpNotice, emergencyFor, type HelpAccount } from './notice';
import { cancellable, toResidentHelp, toSummary } from './view';
import { isDuplicateKey } from '../../db/query';

/** How often a copy of a tap looks again while another copy of it is being made (about 20 s in all). */
const TAP_ATTEMPTS = 200;
/** A tap's ticket older than this belongs to a copy that stopped half-way (crashed). */
const TAP_TICKET_STALE_MS = 10_000;

/** The resident's side: one tap, details after the tap, messages, call-back, survey, cancel. */
export function createResidentHelp(deps: HelpDeps, core: HelpCore) {
  const { models, clock, settings, once } = deps;
  const noticeFor = createHelpNotice(deps);
  const accountOf = createHelpAccount(deps);
  // what the page shows beside the request, read at the same time (the one tap waits for it);
  // `known` is its account when the caller has just read it (the tap that made the request)
  const view = async (doc: HelpRequestRecord, known?: HelpAccount) => {
    const [queue, there, { account, notice }] = await Promise.all([
      core.queueInfo(doc),
      core.agentThere(doc),
      (known !== undefined ? Promise.resolve(known) : accountOf(doc)).then(async (account) => ({
        account,
        notice: await noticeFor(doc, account),
      })),
    ]);
    return toResidentHelp(doc, queue, emergencyFor(settings, doc, account), there, notice);
  };

  async function resident(userId: string): Promise<Actor & { phone: string | null; elder: boolean }> {
    const user = await models.User.findById(userId).lean();
    if (!user) throw new AppError('UNAUTHENTICATED');
    const year = beijingParts(clock.now()).year;
    const elder = user.elderMode || (typeof user.birthYear === 'number' && year - user.birthYear >= ELDER_AGE);
    return { kind: 'resident', id: userId, name: user.nickname, phone: user.phone ?? null, elder };
  }

  /** Applies a resident's change to their own open request; another resident's is "not found". */
  async function change(userId: string, id: string, plan: Parameters<HelpCore['mutate']>[2]) {
    const actor = await resident(userId);
    const result = await core.mutate(id, actor, plan, { userId });
    if (result) await core.publish(result);
    return result ? view(result.after) : null;
  }

  /**
   * The account a tap names and whether its grid has a manager there: the request is offered to
   * the grid only while one of its managers has the workbench open (agents/presence.ts).
   */
  async function placeOf(accountId: string | null) {
    const account = accountId ? await models.UtilityAccount.findById(accountId).lean() : null;
    const gridHasManagers = account?.gridId
      ? await models.Agent.exists({ ...deps.presence.connectedFilter(), grids: account.gridId })
      : null;
    return { account, gridHasManagers };
  }

  const messages = createResidentMessages(deps, core, resident);

  return {
    /**
     * One tap. A tap with a client key that already made a request is answered with it, uncounted
     * (the retry of a tap whose answer was lost, or kept while offline). Otherwise `admit` (the
     * route's limit) counts it or refuses it; a refused key made nothing, so sent again it is
     * counted, and refused, again. Copies of one key arriving together are taken one at a time
     * (a ticket per key): the others wait for its outcome, and are answered with its request, or
     * counted in turn if it was refused.
     */
    async tap(userId: string, body: CreateHelpBody, admit: () => Promise<void>): Promise<ResidentHelp> {
      if (!body.clientKey) return this.create(userId, body, admit);
      const createKey = `${userId}:${body.clientKey}`;
      const ticket = `tap:${createKey}`;
      for (let attempt = 0; attempt < TAP_ATTEMPTS; attempt++) {
        if (attempt > 0) await pause(Math.min(10 * attempt, 100));
        // read what the key made and take its ticket at once (one round trip of the tap, not two):
        // a copy that made a request keeps the ticket, so one that finds nothing made and gets
        // the ticket is the first copy, or the next after a refused one
        const [made, claimed] = await Promise.all([
          models.HelpRequest.findOne({ createKey, userId }).lean<HelpRequestRecord>(),
          once.claim(ticket, TAP_TICKET_STALE_MS),
        ]);
        if (made) return view(made);
        if (!claimed) continue;
        try {
          return await this.create(userId, body, admit);
        } catch (err) {
          // refused or failed: nothing made, so the next copy of this key is a new tap
          await once.give(ticket);
          throw err;
        }
      }
      throw new AppError('CONFLICT');
    },

    /**
     * Makes the request of one tap (`tap` has answered retries with what they made). `admit` (the
     * limit) is counted while the resident, her context and the account the tap names are read
     * and the request's publication is claimed, all at once (the resident waits for each round
     * trip). Only the claim writes, and a refused tap gives it back: a refused tap makes nothing.
     */
    async create(userId: string, body: CreateHelpBody, admit: () => Promise<void>): Promise<ResidentHelp> {
      const now = clock.now();
      const category = body.category ?? null;
      const _id = new Types.ObjectId();
      const helpId = _id.toHexString();
      const placed = (accountId: string | null) =>
        Promise.all([placeOf(accountId), repeatOf(models, { _id, userId, accountId, category, createdAt: now })]);
      // the account the tap names, read before she is known to hold it: used only if she does
      const named = body.context?.accountId ?? null;
      const claiming = core.claimCreation(helpId);
      const [, who, context, early, creation] = await Promise.all([
        admit(),
        resident(userId),
        // only her own account, bill and payment: a stranger's would show agents its holder
        ownContext(models, userId, body.context),
        placed(named),
        claiming,
      ]).catch(async (err: unknown) => {
        // refused (or a read failed): the claim is given back once it has landed
        await claiming.catch(() => undefined);
        await core.dropCreation(helpId);
        throw err;
      });
      const [{ account, gridHasManagers }, repeat] =
        context.accountId === named ? early : await placed(context.accountId);
      const gridId = account?.gridId ?? null;
      const priority = priorityOf(category, who.elder);
      const phone = body.callbackPhone ?? who.phone;
      const createKey = body.clientKey ? `${userId}:${body.clientKey}` : `id:${helpId}`;
      const doc = await models.HelpRequest.create({
        _id,
        createKey,
        userId,
        residentName: who.name ?? '居民',
        residentPhone: who.phone,
        elder: who.elder,
        category,
        text: body.text ?? null,
        context,
        location: body.location ?? null,
        priority,
        rank: rankOf(priority, Boolean(body.callbackPhone)),
        status: 'waiting',
        district: account?.district ?? null,
        gridId,
        offeredTo: gridHasManagers ? 'grid' : 'pool',
        gridUntil: gridHasManagers ? new Date(now.getTime() + settings.gridWaitSeconds * 1000) : null,
        callbackPhone: phone,
        callback: body.callbackPhone ? { phone, reason: 'resident', since: now } : null,
        ...deadlines(settings.slaOverrides, { category, priority, createdAt: now, pausedMs: 0 }),
        audit: [
          {
            at: now,
            actorKind: 'resident',
            actorId: userId,
            actorName: who.name,
            action: 'created',
            to: 'waiting',
            detail: category,
          },
        ],
        repeatOf: repeat,
        createdAt: now,
        updatedAt: now,
      }).catch(async (err: unknown) => {
        // the same tap arriving twice at once: the unique key lets one through; answer the other with it
        const made = isDuplicateKey(err) ? await models.HelpRequest.findOne({ createKey, userId }) : null;
        if (!made) throw err;
        return made;
      });
      const saved = doc.toObject<HelpRequestRecord>();
      if (saved._id.toHexString() !== helpId) {
        await core.dropCreation(helpId);
        return view(saved);
      }
      // what the page shows is read while the request is published: the answer waits for both
      const [, shown] = await Promise.all([
        core.publishCreated(creation, saved),
        view(saved, account ? { utility: account.utility, district: account.district } : null),
      ]);
      return shown;
    },

    async list(userId: string): Promise<HelpList> {
      const docs = await models.HelpRequest.find({ userId })
        .sort({ createdAt: -1 })
        .limit(100)
        .lean<HelpRequestRecord[]>();
      return { items: await Promise.all(docs.map(async (d) => toSummary(d, await core.queueInfo(d)))) };
    },

    async get(userId: string, id: string): Promise<ResidentHelp | null> {
      const doc = await models.HelpRequest.findOne({ _id: id, userId }).lean<HelpRequestRecord>();
      return doc ? view(doc) : null;
    },

    /** Whether this resident owns the request (for the event stream). */
    async owns(userId: string, id: string): Promise<boolean> {
      return Boolean(await models.HelpRequest.exists({ _id: id, userId }));
    },

    details(userId: string, id: string, body: HelpDetailsBody) {
      return change(userId, id, (doc) => {
        mustBeOpen(doc);
        const category = body.category ?? doc.category ?? null;
        const priority = priorityOf(category, doc.elder);
        return {
          guard: { status: doc.status },
          set: {
            ...(body.text !== undefined ? { text: body.text } : {}),
            ...(body.location ? { location: body.location } : {}),
            category,
            priority,
            rank: rankOf(priority, Boolean(doc.callback)),
            ...deadlines(settings.slaOverrides, {
              category,
              priority,
              createdAt: doc.createdAt,
              pausedMs: doc.pausedMs,
            }),
          },
          audit: [
            ...(category !== doc.category
              ? [{ action: 'category' as const, from: doc.category ?? null, to: category }]
              : []),
            ...(priority !== doc.priority ? [{ action: 'priority' as const, from: doc.priority, to: priority }] : []),
            ...(body.text !== undefined ? [{ action: 'text' as const, detail: body.text }] : []),
          ],
        };
      });
    },

    requestCallback(userId: string, id: string, body: HelpCallbackBody) {
      return change(userId, id, (doc) => {
        mustBeOpen(doc);
        const phone = body.phone ?? doc.callbackPhone ?? doc.residentPhone;
        if (!phone) throw new AppError('HELP_PHONE_REQUIRED');
        return {
          guard: { status: doc.status },
          set: {
            callbackPhone: phone,
            callback: { phone, reason: 'resident', since: doc.callback?.since ?? clock.now() },
            rank: rankOf(doc.priority, true),
          },
          audit: [{ action: 'callback_requested' }],
        };
      });
    },

    ...messages,

    /**
     * 「不用了，取消求助」: the resident takes back a request nobody has answered yet; it leaves the
     * agents' queue at once (their streams get the change). Once an agent has it, it is too
     * late (HELP_TOO_LATE_TO_CANCEL); cancelling one already cancelled answers it as it is.
     */
    cancel(userId: string, id: string) {
      return change(userId, id, (doc) => {
        if (doc.cancelledAt) return {};
        if (!cancellable(doc))
          throw new AppError(OPEN.includes(doc.status) ? 'HELP_TOO_LATE_TO_CANCEL' : 'HELP_CLOSED');
        const now = clock.now();
        return {
          guard: { status: 'waiting', assignedAgentId: null },
          set: { status: 'closed', closedAt: now, cancelledAt: now, callback: null },
          audit: [{ action: 'cancelled', from: 'waiting', to: 'closed' }],
        };
      });
    },

    survey(userId: string, id: string, body: HelpSurveyBody) {
      return change(userId, id, (doc) => {
        if (doc.survey) throw new AppError('HELP_SURVEY_ANSWERED');
        if (doc.status !== 'resolved' && doc.status !== 'closed') throw new AppError('HELP_SURVEY_NOT_OPEN');
        return {
          guard: { status: doc.status, survey: null },
          set: {
            survey: { ...body, suggestion: body.suggestion ?? null, at: clock.now() },
            status: 'closed',
            closedAt: doc.closedAt ?? clock.now(),
          },
          audit: [
            { action: 'survey', detail: body.satisfaction },
            ...(doc.status !== 'closed' ? [{ action: 'status' as const, from: doc.status, to: 'closed' }] : []),
          ],
        };
      });
    },
  };
}
