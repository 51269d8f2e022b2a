import type { Endpoint } from './endpoint';

/** The help feature's endpoints (see DESIGN.md's HTTP API table). */
export const helpEndpoints = {} as const satisfies Record<string, Endpoint>;
