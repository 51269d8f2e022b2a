import { z } from 'zod';
import { endpoints, ErrorBody, type Endpoint } from '@bianmin/shared';
import type { AppRouter } from '../../http/route';
import type { AudioType, ImageType } from '../../lib/media-types';

const SECURITY: Record<Endpoint['access'], Array<Record<string, string[]>> | undefined> = {
  public: undefined,
  authenticated: [{ bearer: [] }],
  resident: [{ bearer: [] }],
  staff: [{ bearer: [] }],
  supervisor: [{ bearer: [] }],
  unit: [{ bearer: [] }],
  coordinator: [{ bearer: [] }],
  dispatcher: [{ bearer: [] }],
  manager: [{ bearer: [] }],
  followup: [{ bearer: [] }],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** The file types an upload or download carries (the BFF tells them by their bytes: lib/media-types.ts). */
const FILE_TYPES: Record<'image' | 'audio', readonly (ImageType | AudioType)[]> = {
  image: ['image/jpeg', 'image/png', 'image/webp'],
  audio: ['audio/webm', 'audio/ogg', 'audio/mpeg', 'audio/aac', 'audio/mp4'],
};

/** The OpenAPI 3.0 document of the API, generated from the shared contract. */
export function buildOpenApi(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [name, e] of Object.entries(endpoints) as Array<[string, Endpoint]>) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    const status = String(e.status ?? 200);
    const bytes = { schema: { type: 'string', format: 'binary' } };
    const files = (kind: 'image' | 'audio') =>
      Object.fromEntries(FILE_TYPES[kind].map((type) => [type, bytes] as const));
    const success = e.stream
      ? { description: 'Server-Sent Events', content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : e.binary
        ? { description: e.binary === 'image' ? '图片' : '录音', content: files(e.binary) }
        : e.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.response, 'output') } } }
          : { description: 'No content' };
    (paths[path] ??= {})[e.method.toLowerCase()] = {
      operationId: name,
      summary: e.summary,
      ...(SECURITY[e.access] ? { security: SECURITY[e.access] } : {}),
      parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
      ...(e.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input') } } } }
        : {}),
      ...(e.upload ? { requestBody: { required: true, content: files(e.upload) } } : {}),
      responses: {
        [status]: success,
        default: {
          description: '错误',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: '便民 Bianmin BFF',
      version: '0.1.0',
      description: '便民小程序的后端接口。错误统一为 {error: {code, message}}。',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
  };
}

/** `GET /api/openapi.json`. */
export function openApiRoutes(router: AppRouter): void {
  const document = buildOpenApi();
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = document;
  });
}
