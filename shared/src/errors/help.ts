import { defineErrors } from './define';

/** Errors of the help feature (code → HTTP status and the Chinese message). */
export const helpErrors = defineErrors({
  HELP_RATE_LIMITED: { status: 429, message: '您的求助已经收到，客服马上就来，请稍等。' },
  HELP_ALREADY_CLAIMED: { status: 409, message: '这条求助已经有同事接了。' },
  HELP_RESERVED_FOR_GRID: { status: 409, message: '这条求助正在等片区客户经理接单，请稍后再看。' },
  HELP_AT_CAPACITY: { status: 409, message: '您手上的求助已满，请先处理完再接。' },
  HELP_NOT_YOURS: { status: 409, message: '这条工单不在您手上。' },
  HELP_WRONG_STATUS: { status: 409, message: '工单状态已经变了，请刷新后再看。' },
  HELP_MESSAGE_RATE_LIMITED: { status: 429, message: '消息发得有点快，客服都收到了，请稍等一会儿再发。' },
  HELP_MESSAGE_CAP: {
    status: 409,
    message: '这次求助的留言已经很多了，客服会尽快回复您。着急的话请直接打电话。',
  },
  VOICE_NOT_AUDIO: { status: 415, message: '只能发送录音。请按住「按住说话」再说一次。' },
  VOICE_TOO_LARGE: { status: 413, message: '这段语音太大了，请说短一点（最长 60 秒）。' },
  HELP_CLOSED: { status: 409, message: '这条求助已经结束了。如还有问题，请再点一次求助。' },
  HELP_TOO_LATE_TO_CANCEL: { status: 409, message: '客服已经在处理您的求助了，不能取消。有什么话可以直接跟客服说。' },
  HELP_PHONE_REQUIRED: { status: 400, message: '请留下手机号，客服好打给您。' },
  HELP_SURVEY_NOT_OPEN: { status: 409, message: '问题解决后才能评价。' },
  HELP_SURVEY_ANSWERED: { status: 409, message: '您已经评价过了，谢谢！' },
  HELP_NO_CALLBACK_PHONE: { status: 409, message: '居民还没有留电话，先请居民在求助页留一个号码。' },
  HELP_AGENT_UNAVAILABLE: { status: 409, message: '这位同事现在不能接单，请换一位。' },
});
