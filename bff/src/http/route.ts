import type Router from '@koa/router';
import type { z } from 'zod';
import { endpoints, type EndpointName, type Endpoints, type FieldIssue } from '@bianmin/shared';
import { requireAccess, type Authenticator } from './auth';
import { AppError, fieldIssues } from './errors';
import { stage } from './timing';
import type { AppContext, AppMiddleware, AppState } from './state';

type Out<E, K extends string> = E extends Record<K, infer S extends z.ZodType> ? z.output<S> : undefined;

/** What a handler receives: the body, query and path parameters, each parsed by its shared schema. */
export interface RouteInput<N extends EndpointName> {
  body: Out<Endpoints[N], 'body'>;
  query: Out<Endpoints[N], 'query'>;
  params: Out<Endpoints[N], 'params'>;
}

/**
 * A handler returns the response body; for 204 and streaming endpoints it returns nothing. A
 * handler that must answer with another status sets `ctx.status` and `ctx.body` itself.
 */
export type Handler<N extends EndpointName> =
  Out<Endpoints[N], 'response'> extends undefined
    ? (ctx: AppContext, input: RouteInput<N>) => Promise<void>
    : (ctx: AppContext, input: RouteInput<N>) => Promise<Out<Endpoints[N], 'response'>> | Out<Endpoints[N], 'response'>;

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', undefined, { details: fieldIssues(parsed.error, part) });
  return parsed.data;
}

/**
 * A handler's answer that does not meet its own contract is the server's fault, not the
 * caller's: it leaves as a 500 (no field paths shown) and is logged as an error with the issues.
 */
export class ResponseContractError extends Error {
  constructor(
    readonly endpoint: string,
    readonly issues: FieldIssue[],
  ) {
    super(`response of ${endpoint} does not meet its contract`);
    this.name = 'ResponseContractError';
  }
}

function checkResponse(schema: z.ZodType, result: unknown, endpoint: string): unknown {
  const parsed = schema.safeParse(result);
  if (!parsed.success) throw new ResponseContractError(endpoint, fieldIssues(parsed.error, 'response'));
  return parsed.data;
}

/** The router type every feature mounts on. */
export type AppRouter = Router<AppState>;

/**
 * Mounts endpoints of the shared contract: the access guard, then any extra middleware (rate
 * limits), then validation of params, query and body, the handler, and the response checked
 * against its schema, which also drops any field the contract does not name.
 */
export function createRouteMounter(authenticator: Authenticator) {
  return function mount<N extends EndpointName>(
    router: AppRouter,
    name: N,
    handler: Handler<N>,
    ...middleware: AppMiddleware[]
  ): void {
    const endpoint: Endpoints[N] = endpoints[name];
    const spec = endpoint as Partial<Record<'body' | 'query' | 'params' | 'response', z.ZodType>> & {
      status?: number;
      stream?: boolean;
    };
    const run: AppMiddleware = async (ctx) => {
      const input = await stage(
        ctx,
        'input',
        () =>
          ({
            params: parsePart(spec.params, ctx.params, 'params'),
            query: parsePart(spec.query, ctx.query, 'query'),
            body: parsePart(spec.body, ctx.state.body ?? {}, 'body'),
          }) as RouteInput<N>,
      );
      const answer = (): unknown => handler(ctx, input);
      const result = spec.stream ? await answer() : await stage(ctx, 'handler', answer);
      // streams, and handlers that answer with a status of their own, have written the response
      if (spec.stream || ctx.body !== undefined) return;
      ctx.status = spec.status ?? 200;
      const response = spec.response;
      if (response) ctx.body = await stage(ctx, 'contract', () => checkResponse(response, result, name));
    };
    router.register(endpoint.path, [endpoint.method], [
      requireAccess(endpoint.access, authenticator),
      ...middleware,
      run,
    ] as Parameters<AppRouter['register']>[2]);
  };
}

export type Mount = ReturnType<typeof createRouteMounter>;
