import type { HelpCategory } from '@bianmin/shared';
import type { Models } from '../db/models';
import { problemOf } from '../features/cases/service';

/** The cases the demo's library starts with: each kept from one finished request of the history. */
const DEMO_CASES: Array<{ category: HelpCategory; district: string; cause: string; fix: string; lesson: string }> = [
  {
    category: 'complaint',
    district: '东城区',
    cause: '抄表员把本月读数多抄了一位，电费比上月高了十倍。',
    fix: '请供电所重新抄表，更正账单，多扣的钱三天内退回，并向居民道歉。',
    lesson: '读数比上月高一倍以上的投诉，先请供电所核对读数，不要先解释阶梯电价。',
  },
  {
    category: 'complaint',
    district: '西城区',
    cause: '维修师傅约好上午上门，没有来也没有打电话。',
    fix: '联系班组改约当天下午，班长电话致歉；师傅到后修好了水表。',
    lesson: '上门迟到的投诉，先问清新的上门时间再回复居民，并提醒班组提前电话告知。',
  },
  {
    category: 'outage',
    district: '东城区',
    cause: '道路施工挖断了电缆，整片小区停电。',
    fix: '查到抢修工单，告诉居民抢修进度和预计恢复时间，恢复后回电确认。',
    lesson: '同一片区多人报停电，先看有没有停电通知和抢修工单，直接告诉居民已知情况。',
  },
  {
    category: 'bill_question',
    district: '朝阳区',
    cause: '居民不了解冬季阶梯气价，以为多收了钱。',
    fix: '按账单逐项说明阶梯和用量，对比去年同月，居民认可。',
    lesson: '账单疑问先打开居民的用量图，和去年同月比，用数字说明。',
  },
  {
    category: 'payment_failed',
    district: '海淀区',
    cause: '银行扣款成功，但缴费结果晚到，居民又缴了一次。',
    fix: '查到两笔付款，第二笔原路退回，告诉居民到账时间。',
    lesson: '重复缴费先查缴费记录里的订单号，确认后直接办退款，不让居民跑营业厅。',
  },
];

/**
 * Seeds the case library (案例库) with a few cases, each kept from a finished request of the
 * history of its category and district. Idempotent: a request already kept is skipped.
 */
export async function seedCases(models: Models, now: Date): Promise<number> {
  let added = 0;
  for (const c of DEMO_CASES) {
    const request = await models.HelpRequest.findOne(
      { category: c.category, district: c.district, status: 'closed', resolvedAt: { $ne: null } },
      { _id: 1, resolvedAt: 1, assignedAgentId: 1, assignedAgentName: 1 },
    ).lean();
    if (!request) continue;
    const kept = await models.Case.updateOne(
      { helpId: String(request._id) },
      {
        $setOnInsert: {
          category: c.category,
          utility: null,
          district: c.district,
          problem: problemOf({ text: null, category: c.category }),
          cause: c.cause,
          fix: c.fix,
          lesson: c.lesson,
          createdById: request.assignedAgentId ?? 'demo',
          createdByName: request.assignedAgentName ?? '客服',
          createdAt: request.resolvedAt ?? now,
        },
      },
      { upsert: true },
    );
    added += kept.upsertedCount;
  }
  return added;
}
