import { defineErrors } from './define';

/** Errors of work orders, units, photos and notices (code → HTTP status and the Chinese message). */
export const workordersErrors = defineErrors({
  WO_RATE_LIMITED: { status: 429, message: '您的报修已经收到了，请稍等，我们马上安排。' },
  WO_PHONE_REQUIRED: { status: 400, message: '请留下手机号，师傅好联系您。' },
  WO_ACCOUNT_MISMATCH: { status: 400, message: '这个户号和所选的问题不是同一家单位的，请换一个户号。' },
  WO_SLOT_INVALID: { status: 400, message: '这个上门时间不能预约，请换一个时间。' },
  WO_SLOT_FULL: { status: 409, message: '这个时间已经约满了，请换一个时间。' },
  WO_PHOTO_INVALID: { status: 400, message: '照片没有找到，请重新上传。' },
  WO_ALREADY_TAKEN: { status: 409, message: '这张工单已经有同事接了。' },
  WO_NOT_YOURS: { status: 409, message: '这张工单不在您手上。' },
  WO_WRONG_STATUS: { status: 409, message: '工单状态已经变了，请刷新后再看。' },
  WO_NEEDS_VISIT: { status: 409, message: '请先到现场，再填写回单。' },
  WO_TIME_PASSED: { status: 400, message: '新的上门时间要晚于现在。' },
  WO_UNIT_INVALID: { status: 400, message: '这个单位不负责这项业务，请换一个单位。' },
  WO_MEMBER_INVALID: { status: 400, message: '这位同事不在本单位，请换一位。' },
  WO_NOT_RATEABLE: { status: 409, message: '工单核对完成后才能评价。' },
  WO_RATED: { status: 409, message: '您已经评价过了，谢谢！' },
  WO_HELP_NO_PLACE: { status: 400, message: '这条求助没有户号和地址，请先问清居民的地址，再转工单。' },
  PHOTO_NOT_IMAGE: { status: 415, message: '只能上传照片（JPG、PNG 或 WebP）。' },
  PHOTO_TOO_LARGE: { status: 413, message: '照片太大了，请换一张或重新拍一张。' },
  PHOTO_RATE_LIMITED: { status: 429, message: '照片传得太快了，请稍等一会儿再传。' },
});
