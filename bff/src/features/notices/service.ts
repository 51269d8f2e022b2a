import { Types } from 'mongoose';
import {
  beijingDay,
  dayTimeText,
  timeText,
  liveNoticeStatuses,
  noticeKindLabels,
  outageLabels,
  type FieldUtility,
  type Notice,
  type NoticeBody,
  type NoticeBrief,
  type NoticeUpdateBody,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { eachOf } from '../../db/query';
import type { Clock } from '../../lib/clock';
import type { NoticeRecord } from './model';

const iso = (d: Date) => d.toISOString();

/** One sentence a resident reads about the notice's times, in Beijing time. */
export function whenText(n: Pick<NoticeRecord, 'status' | 'startsAt' | 'endsAt' | 'utility'>): string {
  const back = n.utility === 'power' ? '供电' : n.utility === 'water' ? '供水' : '供气';
  switch (n.status) {
    case 'scheduled': {
      if (!n.endsAt) return `${dayTimeText(n.startsAt)} 开始，恢复时间确定后会告诉您。`;
      const end = beijingDay(n.endsAt) === beijingDay(n.startsAt) ? timeText(n.endsAt) : dayTimeText(n.endsAt);
      return `${dayTimeText(n.startsAt)} 至 ${end}。`;
    }
    case 'ongoing':
      return n.endsAt ? `预计 ${dayTimeText(n.endsAt)} 恢复${back}。` : `正在抢修，恢复时间确定后会告诉您。`;
    case 'restored':
      return `已恢复${back}。`;
    case 'cancelled':
      return `这次${outageLabels[n.utility]}已取消。`;
  }
}

export function toNoticeBrief(n: NoticeRecord): NoticeBrief {
  return {
    id: String(n._id),
    utility: n.utility,
    kind: n.kind,
    status: n.status,
    district: n.district,
    streets: [...n.streets],
    title: n.title,
    description: n.description,
    startsAt: iso(n.startsAt),
    endsAt: n.endsAt ? iso(n.endsAt) : null,
    whenText: whenText(n),
    updatedAt: iso(n.updatedAt),
  };
}

/** Outage notices: published by coordinators and supervisors, read by residents of the district. */
export function createNoticeService({
  models,
  clock,
  onCreated,
}: {
  models: Models;
  clock: Clock;
  /** Told of each notice published (the residents' 消息). */
  onCreated?: (notice: NoticeRecord) => Promise<void>;
}) {
  /** Shown to residents: scheduled or ongoing, and a planned one only until its window ended. */
  const live = (n: NoticeRecord) =>
    liveNoticeStatuses.includes(n.status) &&
    !(n.kind === 'planned' && n.endsAt && n.endsAt.getTime() <= clock.now().getTime());

  async function byDistrict(district: string): Promise<NoticeRecord[]> {
    return models.Notice.find({ district }).sort({ startsAt: -1 }).limit(50).lean<NoticeRecord[]>();
  }

  return {
    async create(by: { id: string; name: string }, body: NoticeBody): Promise<NoticeRecord> {
      const now = clock.now();
      const startsAt = new Date(body.startsAt);
      const doc = await models.Notice.create({
        utility: body.utility,
        kind: body.kind,
        district: body.district,
        streets: body.streets ?? [],
        title: body.title ?? `${body.district}${noticeKindLabels[body.kind]}${outageLabels[body.utility]}`,
        description: body.description,
        startsAt,
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
        status: startsAt.getTime() > now.getTime() ? 'scheduled' : 'ongoing',
        createdById: by.id,
        createdByName: by.name,
        createdAt: now,
        updatedAt: now,
      });
      const notice = doc.toObject<NoticeRecord>();
      await onCreated?.(notice);
      return notice;
    },

    async update(id: string, body: NoticeUpdateBody): Promise<NoticeRecord | null> {
      if (!Types.ObjectId.isValid(id)) return null;
      return models.Notice.findOneAndUpdate(
        { _id: id },
        {
          $set: {
            ...(body.status ? { status: body.status } : {}),
            ...(body.endsAt ? { endsAt: new Date(body.endsAt) } : {}),
            ...(body.description ? { description: body.description } : {}),
            updatedAt: clock.now(),
          },
        },
        { returnDocument: 'after' },
      ).lean<NoticeRecord>();
    },

    async get(id: string | null | undefined): Promise<NoticeRecord | null> {
      if (!id || !Types.ObjectId.isValid(id)) return null;
      return models.Notice.findById(id).lean<NoticeRecord>();
    },

    /** For staff: live notices (or all, newest first). */
    async list(state: 'live' | 'all'): Promise<NoticeRecord[]> {
      const all = await models.Notice.find({}).sort({ startsAt: -1 }).limit(200).lean<NoticeRecord[]>();
      return state === 'all' ? all : all.filter(live);
    },

    /**
     * The live notices of a district (of one utility, if given), newest first: what a report or a
     * help request from there is told at once. The help feature calls this too.
     */
    async forDistrict(district: string, utility?: FieldUtility): Promise<NoticeRecord[]> {
      return (await byDistrict(district)).filter((n) => live(n) && (!utility || n.utility === utility));
    },

    /** The live notices for the districts of a resident's bound accounts. */
    async forResident(userId: string): Promise<NoticeRecord[]> {
      if (!Types.ObjectId.isValid(userId)) return [];
      const bindings = await models.AccountBinding.find({ userId }, { accountId: 1 }).lean();
      const accounts = await eachOf(
        bindings.map((b) => String(b.accountId)),
        (id) => models.UtilityAccount.find({ _id: id }, { district: 1 }).lean(),
      );
      const districts = [...new Set(accounts.map((a) => a.district))];
      const notices = (await eachOf(districts, byDistrict)).filter(live);
      return notices.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
    },

    /** How many orders are linked to each notice. */
    async orderCounts(ids: string[]): Promise<Map<string, number>> {
      const counts = await Promise.all(
        ids.map(async (id) => [id, await models.WorkOrder.countDocuments({ noticeId: id })] as const),
      );
      return new Map(counts);
    },

    toStaff(n: NoticeRecord, orders: number): Notice {
      return {
        ...toNoticeBrief(n),
        createdBy: n.createdByName ?? null,
        createdAt: iso(n.createdAt),
        orders,
      };
    },
  };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
