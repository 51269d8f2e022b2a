import { defineErrors } from './define';

/** Errors of the case library (案例库) (code → HTTP status and the Chinese message). */
export const casesErrors = defineErrors({
  CASE_NOT_RESOLVED: { status: 409, message: '这条求助还没有办结，办结后才能存为案例。' },
  CASE_NO_CATEGORY: { status: 409, message: '这条求助没有问题类别，存不了案例。' },
  CASE_EXISTS: { status: 409, message: '已经存为案例了，不用再存。' },
  CASE_ORDER_NOT_DONE: { status: 409, message: '这张工单还没有对单通过，办完后才能存为案例。' },
  CASE_ORDER_NOT_COMPLAINT: { status: 409, message: '只有投诉工单能存为案例。' },
});
