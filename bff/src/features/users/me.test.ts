import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@bianmin/shared';
import { createTestApp, type TestApp } from '../../testing/app';

describe('GET and PATCH /api/me', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.residentToken('profile-owner');
  });
  afterAll(() => t.close());

  const patch = (body: object, as = token) => t.http.patch('/api/me').set('Authorization', `Bearer ${as}`).send(body);

  it('turns elder mode on and remembers it for the next login', async () => {
    const res = await patch({ elderMode: true }).expect(200);
    expect(User.parse(res.body).elderMode).toBe(true);
    const again = await t.http.post('/api/auth/dev-login').send({ openid: 'profile-owner' }).expect(200);
    expect(again.body.user.elderMode).toBe(true);
    await patch({ elderMode: false }).expect(200);
  });

  it('stores a phone number as digits however it was typed', async () => {
    const res = await patch({ phone: '138 0013-8000' }).expect(200);
    expect(res.body.phone).toBe('13800138000');
  });

  it('clears the phone and birth year with null', async () => {
    await patch({ phone: '13800138000', birthYear: 1950 }).expect(200);
    const res = await patch({ phone: null, birthYear: null }).expect(200);
    expect(res.body).toMatchObject({ phone: null, birthYear: null });
  });

  it.each([
    [{ birthYear: 1850 }, 'body.birthYear'],
    [{ birthYear: new Date().getFullYear() + 1 }, 'body.birthYear'],
    [{ birthYear: 1960.5 }, 'body.birthYear'],
    [{ phone: '12345' }, 'body.phone'],
    [{ elderMode: 'yes' }, 'body.elderMode'],
    [{ elderMode: { $ne: false } }, 'body.elderMode'],
    [{ openid: 'someone-else' }, 'body'],
    [{}, 'body'],
  ])('refuses %j with a Chinese message for %s and changes nothing', async (body, path) => {
    const before = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    const res = await patch(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((res.body.error.details as Array<{ path: string }>).map((d) => d.path)).toContain(path);
    const after = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('accepts the PATCH as a POST with X-HTTP-Method-Override, as WeChat must send it', async () => {
    const res = await t.http
      .post('/api/me')
      .set('Authorization', `Bearer ${token}`)
      .set('X-HTTP-Method-Override', 'PATCH')
      .send({ elderMode: true })
      .expect(200);
    expect(res.body.elderMode).toBe(true);
    await patch({ elderMode: false }).expect(200);
  });

  it('does not let the override turn a POST into anything but PATCH', async () => {
    await t.http
      .post('/api/me')
      .set('Authorization', `Bearer ${token}`)
      .set('X-HTTP-Method-Override', 'DELETE')
      .send({})
      .expect(404);
  });

  it("changes only the caller's own profile", async () => {
    const other = await t.residentToken('someone-else');
    await patch({ nickname: '李大爷' }, other).expect(200);
    const mine = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(mine.body.nickname).not.toBe('李大爷');
  });
});
