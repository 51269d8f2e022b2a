import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const production = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), MONGODB_URI: 'mongodb://db:27017' };

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1', port: 3000, seedDemo: false });
    expect(config.auth.devLoginEnabled).toBe(false);
    expect(config.db.uri).toBeUndefined();
  });

  it('refuses to enable the development login in production', () => {
    expect(() => loadConfig({ ...production, DEV_LOGIN_ENABLED: 'true' })).toThrow(/DEV_LOGIN_ENABLED/);
    expect(loadConfig(production).auth.devLoginEnabled).toBe(false);
  });

  it('refuses the demo seed, a missing JWT secret or a missing database in production', () => {
    expect(() => loadConfig({ ...production, SEED_DEMO: '1' })).toThrow(/SEED_DEMO/);
    expect(() => loadConfig({ ...production, JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...production, MONGODB_URI: undefined })).toThrow(/MONGODB_URI/);
  });

  it('names every bad value', () => {
    try {
      loadConfig({ PORT: 'eighty', DEV_LOGIN_ENABLED: 'maybe', JWT_SECRET: 'short', MONGODB_URI: 'http://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DEV_LOGIN_ENABLED', 'JWT_SECRET', 'MONGODB_URI']) expect(text).toContain(name);
    }
  });

  it('reads on/off settings in the usual spellings', () => {
    expect(loadConfig({ DEV_LOGIN_ENABLED: 'yes' }).auth.devLoginEnabled).toBe(true);
    expect(loadConfig({ DEV_LOGIN_ENABLED: '0' }).auth.devLoginEnabled).toBe(false);
    expect(loadConfig({ SEED_DEMO: '' }).seedDemo).toBe(false);
  });

  it('refuses presence settings that would let an open workbench lapse or return work from someone still there', () => {
    expect(() => loadConfig({ HELP_PRESENCE_WINDOW_SECONDS: '10', HELP_PRESENCE_REFRESH_MS: '10000' })).toThrow(
      /HELP_PRESENCE_REFRESH_MS/,
    );
    expect(() => loadConfig({ HELP_PRESENCE_WINDOW_SECONDS: '60', HELP_ABSENT_RETURN_SECONDS: '30' })).toThrow(
      /HELP_ABSENT_RETURN_SECONDS/,
    );
    expect(loadConfig({}).help).toMatchObject({ presenceWindowMs: 60_000, absentReturnMs: 180_000 });
  });

  it('reads work-order time limits by type from WORKORDER_SLA_JSON, and refuses an unknown type or a bad limit', () => {
    const config = loadConfig({ WORKORDER_SLA_JSON: '{"repair": {"arrival": 7200, "priority": "emergency"}}' });
    expect(config.workorders.slaOverrides).toEqual({ repair: { arrival: 7200, priority: 'emergency' } });
    expect(loadConfig({}).workorders.slaOverrides).toEqual({});
    for (const bad of [
      '{"fixing": {"arrival": 60}}',
      '{"repair": {"arrival": -1}}',
      '{"repair": {"soon": 1}}',
      'not json',
    ])
      expect(() => loadConfig({ WORKORDER_SLA_JSON: bad }), bad).toThrow(/WORKORDER_SLA_JSON/);
  });

  it('reads subscription templates per reason from WECHAT_SUBSCRIBE_TEMPLATES_JSON, and refuses a bad one', () => {
    const config = loadConfig({
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_APP_SECRET: 'secret',
      WECHAT_SUBSCRIBE_TEMPLATES_JSON: '{"helpAnswered": "T1", "overdue": {"id": "T2", "data": {"amount2": "amount"}}}',
    });
    expect(config.notifications.templates).toEqual({
      helpAnswered: { id: 'T1', data: { thing1: 'title', thing2: 'body', time3: 'time' } },
      overdue: { id: 'T2', data: { amount2: 'amount' } },
    });
    expect(loadConfig({}).notifications.templates).toEqual({});
    expect(() => loadConfig({ WECHAT_SUBSCRIBE_TEMPLATES_JSON: '{"overdue": "T2"}' })).toThrow(/WECHAT_APP_SECRET/);
    for (const bad of [
      '{"birthday": "T1"}',
      '{"overdue": {"id": "T2", "data": {"amount2": "price"}}}',
      '{"overdue": {"id": "T2", "data": {"amount": "amount"}}}',
      'not json',
    ])
      expect(
        () => loadConfig({ WECHAT_APPID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_SUBSCRIBE_TEMPLATES_JSON: bad }),
        bad,
      ).toThrow(/WECHAT_SUBSCRIBE_TEMPLATES_JSON/);
  });
});
