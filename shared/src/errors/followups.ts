import { defineErrors } from './define';

/** Errors of follow-up (回访) (code → HTTP status and the Chinese message). */
export const followupsErrors = defineErrors({
  FOLLOWUP_DONE: { status: 409, message: '这条回访已经记录过了。' },
  FOLLOWUP_UNIT_INVALID: { status: 400, message: '没有这个营业所或班组。' },
  FOLLOWUP_SERVED_AT_INVALID: { status: 400, message: '业务办理时间不对：不能晚于现在，也不能早于回访期限。' },
  CAMPAIGN_PERIOD_INVALID: { status: 400, message: '专题回访的时间段不对：开始不能晚于结束，最长一年。' },
  CAMPAIGN_ENDED: { status: 409, message: '这个专题回访已经结束了。' },
  FOLLOWUP_COMPLAINT_UTILITY: { status: 400, message: '请选投诉的是哪项业务（供电、供水、燃气）。' },
});
