import type { Endpoint } from './endpoint';
import { OutletDetail, OutletIdParams, OutletList, OutletsQuery } from '../schemas/outlets';

/**
 * The outlets feature's endpoints (see DESIGN.md's HTTP API table). Both are public: outlet
 * addresses and hours are public information, and a newcomer who has not signed in (or whose
 * login failed) should still find the nearest service hall.
 */
export const outletEndpoints = {
  listOutlets: {
    method: 'GET',
    path: '/api/outlets',
    summary: '营业网点：有位置时按距离排序，否则按城区；可按业务、营业中、爱心窗口筛选',
    access: 'public',
    query: OutletsQuery,
    response: OutletList,
  },
  getOutlet: {
    method: 'GET',
    path: '/api/outlets/:id',
    summary: '一个营业网点：一周营业时间、节假日安排、电话、位置',
    access: 'public',
    params: OutletIdParams,
    response: OutletDetail,
  },
} as const satisfies Record<string, Endpoint>;
