import { DAY_MS, type FollowupLevel, type FollowupRecordBody, type FollowupTask } from '@bianmin/shared';

const HOUR_MS = DAY_MS / 24;

/** 「1 198」: digits in groups of three, as the paper prints counts. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** 「5 天」, 「3 小时」, 「不到 1 小时」. */
function spanText(ms: number): string {
  if (ms >= DAY_MS) return `${Math.floor(ms / DAY_MS)} 天`;
  if (ms >= HOUR_MS) return `${Math.floor(ms / HOUR_MS)} 小时`;
  return '不到 1 小时';
}

/** How long since the service and until the follow-up is due: 「3 天前办理 · 还有 11 天到期」. */
export function ageText(task: Pick<FollowupTask, 'servedAt' | 'dueAt'>, now: number): string {
  const since = `${spanText(Math.max(0, now - Date.parse(task.servedAt)))}前办理`;
  const left = Date.parse(task.dueAt) - now;
  return `${since} · ${left >= 0 ? `还有 ${spanText(left)}到期` : `已超期 ${spanText(-left)}`}`;
}

/** The answer tapped: one of the five levels, or 未评价 with its reason. */
export type Answer = Exclude<FollowupLevel, 'none'> | 'unreachable' | 'declined';

/** What the 回访员 entered for one call. */
export interface RecordForm {
  onTime: boolean | null;
  answer: Answer | null;
  suggestion: string;
  complaint: { text: string; utility: NonNullable<FollowupTask['utility']> | null } | null;
}

export const EMPTY_FORM: RecordForm = { onTime: null, answer: null, suggestion: '', complaint: null };

/**
 * The body of `POST /api/agent/followups/:id` for what was tapped; the shared schema checks it
 * (a level needs 是否按约服务; 未评价 needs no more).
 */
export function recordBody(form: RecordForm): Partial<FollowupRecordBody> {
  const { answer } = form;
  const body: Partial<FollowupRecordBody> = {};
  if (answer === 'unreachable' || answer === 'declined') {
    body.level = 'none';
    body.noRating = answer;
  } else if (answer) {
    body.level = answer;
    if (form.onTime !== null) body.onTime = form.onTime;
  }
  const suggestion = form.suggestion.trim();
  if (suggestion) body.suggestion = suggestion;
  if (form.complaint) {
    body.complaint = {
      text: form.complaint.text,
      ...(form.complaint.utility ? { utility: form.complaint.utility } : {}),
    };
  }
  return body;
}
