import type { AppRouter, Mount } from '../../http/route';
import { toUnit, type UnitService } from './service';

/** The units for the dispatch desk (who to dispatch to, who is in each unit). */
export function unitRoutes(router: AppRouter, mount: Mount, deps: { units: UnitService }): void {
  mount(router, 'listUnits', async () => ({ items: (await deps.units.list()).map(toUnit) }));
}
