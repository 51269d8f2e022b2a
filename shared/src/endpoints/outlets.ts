import type { Endpoint } from './endpoint';

/** The outlets feature's endpoints (see DESIGN.md's HTTP API table). */
export const outletEndpoints = {} as const satisfies Record<string, Endpoint>;
