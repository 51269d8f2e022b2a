import {
  absentLabel,
  helpActorLabels,
  helpCategoryLabels,
  helpCategoryValues,
  helpPriorityLabels,
  helpPriorityValues,
  helpStatusStaffLabels,
  helpStatusValues,
  presenceLabels,
  satisfactionLabels,
  satisfactionValues,
  slaKindLabels,
  slaKindValues,
  type HelpAuditAction,
  type HelpCategory,
  type HelpPriority,
  type HelpStatus,
  type Presence,
  type Satisfaction,
  type SlaKind,
} from './enums-help';
import type { HelpAuditEntry } from './schemas/help-agent';

/**
 * The words the workbench uses for what the BFF stores as codes: audit entries, page paths,
 * presence. Staff read Chinese only; a test renders every code through these and fails on any
 * Latin letter or raw path.
 */

/** The mini-program's pages by path (as the help button sends it), with the title each shows. */
export const pageNames: Record<string, string> = {
  'pages/index/index': '首页',
  'pages/pay/index': '缴费',
  'pages/outlets/index': '网点',
  'pages/me/index': '我的',
  'pages/help/index': '一键求助',
  'pages/help/list/index': '我的求助',
  'pages/messages/index': '消息',
  'packages/pay/bind/index': '绑定户号',
  'packages/pay/bills/index': '账单',
  'packages/pay/confirm/index': '确认缴费',
  'packages/pay/result/index': '缴费结果',
  'packages/pay/history/index': '缴费记录',
  'packages/pay/receipt/index': '缴费凭证',
  'packages/pay/payer/index': '替家人缴费',
  'packages/pay/family/index': '亲情账户',
  'packages/pay/topup/index': '充值',
  'packages/outlets/detail/index': '网点详情',
  'packages/agent/login/index': '工作台登录',
  'packages/agent/desk/index': '客服工作台',
  'packages/agent/supervisor/index': '班长视图',
  'packages/agent/orders/index': '工单台',
  'packages/agent/followups/index': '回访台',
  'packages/agent/bulletin/index': '回访简报',
  'packages/agent/campaigns/index': '专题回访',
  'packages/agent/cases/index': '案例库',
  'packages/repair/report/index': '报修',
  'packages/repair/order/index': '报修进度',
  'packages/repair/list/index': '我的报修',
  'packages/field/home/index': '现场工单',
  'packages/field/order/index': '工单详情',
};

/** 「缴费记录」页 for `/packages/pay/history/index?x=1`; a page this build does not know is 「其他页面」. */
export function pageName(path: string): string {
  const bare = path.replace(/^\/+/, '').replace(/[?#].*$/, '');
  const name = pageNames[bare];
  return name ? `「${name}」页` : '其他页面';
}

const pick = <T extends string>(values: readonly T[], labels: Record<T, string>, value: string | null) =>
  value !== null && (values as readonly string[]).includes(value) ? labels[value as T] : null;

const statusText = (v: string | null) => pick<HelpStatus>(helpStatusValues, helpStatusStaffLabels, v);
const categoryText = (v: string | null) => pick<HelpCategory>(helpCategoryValues, helpCategoryLabels, v);
const priorityText = (v: string | null) => pick<HelpPriority>(helpPriorityValues, helpPriorityLabels, v);
const satisfactionText = (v: string | null) => pick<Satisfaction>(satisfactionValues, satisfactionLabels, v);
const slaText = (v: string | null) => pick<SlaKind>(slaKindValues, slaKindLabels, v);
const quoted = (text: string | null) => (text ? `「${text}」` : '');
const because = (text: string | null) => (text ? `，原因：${text}` : '');

/** Who made a change: the agent's name, or 居民 / 系统 (a resident's own name is not repeated). */
export function actorText(actor: HelpAuditEntry['actor']): string {
  if (actor.kind === 'resident' || actor.kind === 'system') return helpActorLabels[actor.kind];
  return actor.name ?? helpActorLabels[actor.kind];
}

const auditWords: Record<HelpAuditAction, (a: HelpAuditEntry) => string> = {
  created: (a) => `发起求助${categoryText(a.detail) ? `（${categoryText(a.detail)}）` : ''}`,
  claim: () => '接单',
  auto_assign: (a) => `自动分给${a.to ?? '客服'}`,
  reassign: (a) => `改派给${a.to ?? '同事'}${because(a.detail)}`,
  transfer: (a) => `从${a.from ?? '原处理人'}转交给${a.to ?? '同事'}${because(a.detail)}`,
  first_response: () => '第一次回复居民',
  status: (a) => {
    const to = statusText(a.to) ?? '新的状态';
    if (a.to === 'waiting_on_resident') return `改为「${to}」，暂停计时`;
    if (a.to === 'resolved') return `办结${a.detail ? `，处理结果：${a.detail}` : ''}`;
    if (a.from === 'waiting_on_resident') return `改为「${to}」，恢复计时${a.detail ? `（${a.detail}）` : ''}`;
    return `把状态从「${statusText(a.from) ?? '原来的状态'}」改为「${to}」`;
  },
  note: () => '写了内部备注',
  call_reached: (a) => `回电接通了${a.detail ? `：${a.detail}` : ''}`,
  call_missed: (a) => `回电没有接通${a.detail ? `：${a.detail}` : ''}`,
  escalated: (a) => `${slaText(a.detail) ?? '超时'}，已升级给班长`,
  offered_to_pool: () => '片区客户经理没有接，转给全部客服',
  callback_task: (a) => `长辈求助${a.detail && /^\d+$/.test(a.detail) ? ` ${a.detail} 秒` : ''}没有人接，转为回电任务`,
  callback_requested: () => '请客服回电',
  phone_requested: () => '请居民留回电号码',
  category: (a) => `把原因改为${quoted(categoryText(a.to) ?? '未选原因')}`,
  priority: (a) => `优先级变为${quoted(priorityText(a.to) ?? '普通')}`,
  text: (a) => `补充说明${a.detail ? `：${a.detail}` : ''}`,
  survey: (a) => `评价：${satisfactionText(a.detail) ?? '已评价'}`,
  returned: (a) => `${a.from ?? '处理人'}离开太久，工单退回排队`,
  cancelled: () => '不用了，取消了求助（还没有人接手）',
};

/** One audit entry in words, without its time: 「王晓丽：从刘强转交给王晓丽，原因：需要电费专员」. */
export function auditText(entry: HelpAuditEntry): string {
  const words = (auditWords as Record<string, ((a: HelpAuditEntry) => string) | undefined>)[entry.action];
  return `${actorText(entry.actor)}：${words ? words(entry) : '做了一项操作'}`;
}

/** An agent's state as colleagues and the supervisor read it: her choice while connected, else 离开. */
export function presenceText(agent: { presence: Presence; connected: boolean }): string {
  if (agent.presence === 'offline') return presenceLabels.offline;
  return agent.connected ? presenceLabels[agent.presence] : absentLabel;
}

/**
 * An outage notice in one plain sentence: 「东城区计划停电，1月5日 09:00 至 17:00。」 (the title and
 * its Beijing times, `NoticeBrief.whenText`), as the help page and the workbench say it.
 */
export function noticeSentence(notice: { title: string; whenText: string }): string {
  return `${notice.title}，${notice.whenText}`;
}
