import { describe, expect, it } from 'vitest';
import { allRoutes, idParamsRead, residentPages, STAFF_ROOTS } from './pages';

describe('the audited page list', () => {
  it('takes every page and subpackage page of app.config.ts but the staff ones (workbench, field app)', async () => {
    const routes = await allRoutes();
    const audited = (await residentPages()).map((p) => p.route);
    expect(audited).toContain('pages/index/index');
    expect(audited).toContain('pages/me/index');
    for (const { route, staff } of routes) {
      expect(audited.includes(route), route).toBe(!staff);
      expect(staff, route).toBe(STAFF_ROOTS.some((root) => route.startsWith(`${root}/`)));
    }
  });

  it.each([
    ['const { id } = useRouter().params;', ['id']],
    ["const { accountId = '', billIds = '', onBehalf } = usePageParams();", ['accountId', 'billIds']],
    ['const params = useRouter().params; load(params.outletId, params?.page);', ['outletId']],
    ["const id = router.params['paymentId'];", ['paymentId']],
    ["api.call('getPayment', { params: { id } });", []],
  ])('finds the id parameters a page reads in %s', (source, expected) => {
    expect(idParamsRead(source)).toEqual(expected);
  });
});
