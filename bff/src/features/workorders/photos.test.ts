import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageTypeOf } from '../../lib/media-types';
import { pngBytes, woTestApp, type WoTestApp } from './test-helpers';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('photos of work orders', () => {
  let t: WoTestApp;
  beforeAll(async () => {
    t = await woTestApp({ env: { WORKORDER_PHOTO_MAX_KB: '16' } });
  });
  afterAll(() => t.close());

  const upload = (token: string, bytes: Buffer, type = 'image/jpeg') =>
    t.http.post('/api/photos').set(t.bearer(token)).set('Content-Type', type).send(bytes);

  it('tells JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(imageTypeOf(JPEG)).toBe('image/jpeg');
    expect(imageTypeOf(pngBytes())).toBe('image/png');
    expect(imageTypeOf(WEBP)).toBe('image/webp');
    for (const other of [
      'GIF89a……',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '%PDF-1.7',
      'RIFF\u0000\u0000\u0000\u0000WAVE',
      '',
    ])
      expect(imageTypeOf(Buffer.from(other)), other).toBeNull();
  });

  it('refuses a file that is not an image whatever it is called, and keeps nothing', async () => {
    const token = await t.resident();
    const before = await t.conn.db?.collection('photos.files').countDocuments();
    for (const [bytes, type] of [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg'],
      [Buffer.from('%PDF-1.7 not a photo'), 'image/png'],
      [Buffer.from('GIF89a'), 'image/gif'],
      [Buffer.alloc(0), 'image/jpeg'],
    ] as const) {
      const res = await upload(token, bytes, type);
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'PHOTO_NOT_IMAGE', message: '只能上传照片（JPG、PNG 或 WebP）。' });
    }
    expect(await t.conn.db?.collection('photos.files').countDocuments()).toBe(before);
  });

  it('refuses a photo over WORKORDER_PHOTO_MAX_KB with 413', async () => {
    const token = await t.resident();
    const big = Buffer.concat([JPEG, Buffer.alloc(17 * 1024)]);
    const res = await upload(token, big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PHOTO_TOO_LARGE');
    const fits = await upload(token, Buffer.concat([JPEG, Buffer.alloc(10 * 1024)]));
    expect(fits.status).toBe(201);
  });

  it('serves the bytes back under the type their bytes say, not the one the upload claimed', async () => {
    const token = await t.resident();
    const id = (await upload(token, pngBytes(), 'image/jpeg').expect(201)).body.photo.id as string;
    const res = await t.http.get(`/api/photos/${id}`).set(t.bearer(token)).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(res.body as Buffer, pngBytes())).toBe(0);
    const webp = (await upload(token, WEBP, 'application/octet-stream').expect(201)).body.photo;
    expect(webp.contentType).toBe('image/webp');
  });

  it("refuses a report that names another resident's photo, or more than three", async () => {
    await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    const owner = await t.resident();
    const other = await t.resident('13700005555');
    const theirs = await t.photo(other);
    const accountId = await t.bindAccount(owner, 'power', '东城区', 'dongcheng-1');
    const res = await t.http
      .post('/api/workorders')
      .set(t.bearer(owner))
      .send({ problem: 'power_outage', accountId, photoIds: [theirs] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('WO_PHOTO_INVALID');
    const four = await Promise.all([1, 2, 3, 4].map(() => t.photo(owner)));
    const many = await t.http
      .post('/api/workorders')
      .set(t.bearer(owner))
      .send({ problem: 'power_outage', accountId, photoIds: four });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body.error.details)).toContain('最多 3 张照片');
    expect(await t.models.WorkOrder.countDocuments({})).toBe(0);
  });
});
