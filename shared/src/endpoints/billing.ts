import type { Endpoint } from './endpoint';

/** The billing feature's endpoints (see DESIGN.md's HTTP API table). */
export const billingEndpoints = {} as const satisfies Record<string, Endpoint>;
