import { AppError } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { OutletService } from './service';

/** Outlet lookup: public, since addresses and hours are public and a newcomer may not be signed in. */
export function outletRoutes(router: AppRouter, mount: Mount, { outlets }: { outlets: OutletService }): void {
  mount(router, 'listOutlets', (_ctx, { query }) => outlets.list(query));

  mount(router, 'getOutlet', async (_ctx, { params }) => {
    const outlet = await outlets.get(params.id);
    if (!outlet) throw new AppError('OUTLET_NOT_FOUND');
    return outlet;
  });
}
