import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FieldUtility, StaffRole, UnitMemberRole } from '@bianmin/shared';
import { createManualClock } from '../../lib/clock';
import { hashPassword } from '../../lib/password';
import { createTestApp } from '../../testing/app';

/** Helpers of the work-order tests: an app on a manual clock, units with members, residents with accounts. */
export type Manual = ReturnType<typeof createManualClock>;

const PASSWORD = 'test-password';

/** A real 2×2 PNG (signature, IHDR, IDAT, IEND): an image by its bytes. */
export function pngBytes(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function woTestApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const clock = options.clock ? (options.clock as Manual) : createManualClock('2026-01-05T02:00:00.000Z');
  const t = await createTestApp({ ...options, clock });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Signs a staff member in (creating her with `role` if she is new). */
  async function staff(username: string, role: StaffRole, displayName = username) {
    if (!(await t.models.Agent.exists({ username }))) {
      await t.models.Agent.create({ username, role, displayName, passwordHash: await hashPassword(PASSWORD) });
    }
    const res = await t.http.post('/api/agent/login').send({ username, password: PASSWORD }).expect(200);
    const agent = await t.models.Agent.findOne({ username }).lean();
    return { token: (res.body as { token: string }).token, id: String(agent?._id), username, name: displayName };
  }

  return Object.assign(t, {
    clock,
    bearer,
    staff,

    /** A unit of `utility` in `district` serving `grids`. */
    async unit(name: string, utility: FieldUtility, district: string, grids: string[] = []) {
      const unit = await t.models.Unit.create({ name, utility, district, grids, phone: '010-12345678' });
      return String(unit._id);
    },

    /** A member of a unit, signed in: field staff or its coordinator. */
    async member(unitId: string, username: string, role: Exclude<UnitMemberRole, 'grid'>, name: string, phone: string) {
      const who = await staff(username, role, name);
      await t.models.Unit.updateOne({ _id: unitId }, { $push: { members: { agentId: who.id, name, role, phone } } });
      return who;
    },

    /** A resident with a phone on her profile. */
    async resident(phone = '13700001234') {
      const token = await t.residentToken();
      await t.http.patch('/api/me').set(bearer(token)).send({ phone }).expect(200);
      return token;
    },

    /**
     * An account of `utility` in `district` (grid `gridId`), bound by the resident. The one place
     * the tests bind accounts: a bind that needs proof of holdership adds it here.
     */
    async bindAccount(token: string, utility: FieldUtility, district: string, gridId = 'grid-1') {
      const accountNo = `${{ power: 1, water: 2, gas: 3 }[utility]}${randomBytes(4).readUInt32BE() % 1_000_000_000}`;
      await t.models.UtilityAccount.create({
        utility,
        accountNo,
        holderName: '张建明',
        holderIdNumber: '110101195501011234',
        holderPhone: '13800138000',
        address: `北京市${district}东华门街道1号`,
        district,
        gridId,
      });
      const res = await t.http
        .post('/api/accounts')
        .set(bearer(token))
        .send({ utility, accountNo, holderName: '张建明' })
        .expect(201);
      return (res.body as { id: string }).id;
    },

    /** Uploads `bytes` as a photo; answers its id. */
    async photo(token: string, bytes: Buffer = pngBytes()) {
      const res = await t.http
        .post('/api/photos')
        .set(bearer(token))
        .set('Content-Type', 'image/png')
        .send(bytes)
        .expect(201);
      return (res.body as { photo: { id: string } }).photo.id;
    },

    /** A resident's 报修; answers the order's id. */
    async report(token: string, body: object) {
      const res = await t.http.post('/api/workorders').set(bearer(token)).send(body).expect(201);
      return (res.body as { order: { id: string } }).order.id;
    },

    /** Runs the work-order tick once (escalations, auto-close, recovery). */
    tick: () => t.services.workorders.tick(),
  });
}

export type WoTestApp = Awaited<ReturnType<typeof woTestApp>>;
