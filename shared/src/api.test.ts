import { describe, expect, it } from 'vitest';
import { endpoints, fillPath } from './api';
import { errorMessages, messageFor } from './errors';

describe('endpoint contract', () => {
  it('has one entry per method and path', () => {
    const keys = Object.values(endpoints).map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every path parameter a params schema', () => {
    for (const endpoint of Object.values(endpoints)) {
      if (endpoint.path.includes('/:')) expect(endpoint).toHaveProperty('params');
    }
  });
});

describe('fillPath', () => {
  it('fills and encodes path parameters', () => {
    expect(fillPath('/api/help/:id/messages', { id: 'a b' })).toBe('/api/help/a%20b/messages');
    expect(() => fillPath('/api/help/:id', {})).toThrow(/missing path parameter id/);
  });
});

describe('error messages', () => {
  it('says every error in Chinese', () => {
    for (const message of Object.values(errorMessages)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('falls back to the generic message for an unknown code', () => {
    expect(messageFor('SOMETHING_NEW')).toBe(errorMessages.INTERNAL);
    expect(messageFor('RATE_LIMITED')).toBe(errorMessages.RATE_LIMITED);
  });
});
