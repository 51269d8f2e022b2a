import type { Endpoint } from './endpoint';
import { IdParams } from '../schemas/common';
import { Case, CaseBody, CaseListQuery, CasePage, HelpCases } from '../schemas/cases';

/** The complaint case library (案例库). */
export const caseEndpoints = {
  createCase: {
    method: 'POST',
    path: '/api/agent/cases',
    summary: '把办结的求助或办完的投诉工单存为案例（原因、解决办法、经验）',
    access: 'staff',
    body: CaseBody,
    response: Case,
    status: 201,
  },
  listCases: {
    method: 'GET',
    path: '/api/agent/cases',
    summary: '案例库：按问题类别和区查看',
    access: 'staff',
    query: CaseListQuery,
    response: CasePage,
  },
  helpCases: {
    method: 'GET',
    path: '/api/agent/help/:id/cases',
    summary: '和这条求助同类、同区的案例',
    access: 'staff',
    params: IdParams,
    response: HelpCases,
  },
  orderCases: {
    method: 'GET',
    path: '/api/agent/workorders/:id/cases',
    summary: '和这张投诉工单同类、同区的案例',
    access: 'staff',
    params: IdParams,
    response: HelpCases,
  },
} as const satisfies Record<string, Endpoint>;
