import type { z } from 'zod';
import { billingEndpoints } from './endpoints/billing';
import { caseEndpoints } from './endpoints/cases';
import { coreEndpoints } from './endpoints/core';
import type { Endpoint } from './endpoints/endpoint';
import { followupEndpoints } from './endpoints/followups';
import { helpEndpoints } from './endpoints/help';
import { noticeEndpoints } from './endpoints/notices';
import { notificationEndpoints } from './endpoints/notifications';
import { outletEndpoints } from './endpoints/outlets';
import { staffEndpoints } from './endpoints/staff';
import { workorderEndpoints } from './endpoints/workorders';

export type { Access, Endpoint } from './endpoints/endpoint';

/**
 * Every endpoint of the API. Each feature keeps its own in `endpoints/<feature>.ts`; this is the
 * one list the BFF mounts from, the client is typed from and the OpenAPI document is built from.
 */
export const endpoints = {
  ...coreEndpoints,
  ...billingEndpoints,
  ...outletEndpoints,
  ...helpEndpoints,
  ...staffEndpoints,
  ...workorderEndpoints,
  ...noticeEndpoints,
  ...followupEndpoints,
  ...notificationEndpoints,
  ...caseEndpoints,
} as const satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type SchemaOf<E, K extends string> = E extends Record<K, infer S extends z.ZodType> ? S : undefined;

/** What a caller sends as the body of endpoint `N` (before the BFF's transforms). */
export type BodyOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'body'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'body'>> : undefined;
/** The query string of endpoint `N`. */
export type QueryOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'query'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'query'>> : undefined;
/** The path parameters of endpoint `N`. */
export type ParamsOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'params'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'params'>> : undefined;
/** What endpoint `N` answers on success. */
export type ResponseOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'response'> extends z.ZodType ? z.output<SchemaOf<Endpoints[N], 'response'>> : undefined;

/** Fills `:name` segments of a path: `fillPath('/api/x/:id', {id: 'a'})` → `/api/x/a`. */
export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
