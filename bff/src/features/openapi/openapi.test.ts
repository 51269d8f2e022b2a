import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '@bianmin/shared';
import { createTestApp, type TestApp } from '../../testing/app';

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents every endpoint of the shared contract with its schemas', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; operationId: string }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const operation = doc.paths[endpoint.path.replace(/:(\w+)/g, '{$1}')]?.[endpoint.method.toLowerCase()];
      expect(operation, `${endpoint.method} ${endpoint.path}`).toBeDefined();
      expect(operation?.operationId).toBe(name);
      // a JSON body, or the bytes of an image (photo uploads)
      expect(Boolean(operation?.requestBody), name).toBe('body' in endpoint || 'upload' in endpoint);
    }
  });

  it('describes the dev-login body from its zod schema', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    const schema = res.body.paths['/api/auth/dev-login'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['openid']);
    expect(schema.properties.openid.maxLength).toBe(64);
  });

  it('serves a handler for every endpoint of the contract', async () => {
    for (const endpoint of Object.values(endpoints)) {
      const path = endpoint.path.replace(/:(\w+)/g, '0123456789abcdef01234567');
      const res = await t.http[endpoint.method.toLowerCase() as 'get'](path);
      // a missing route would be the generic 404 of the error middleware
      expect(res.body?.error?.message, `${endpoint.method} ${endpoint.path}`).not.toBe('没有这个接口。');
    }
  });
});
