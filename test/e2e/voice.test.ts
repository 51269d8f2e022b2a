import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HelpMessageCreated, maskName } from '@bianmin/shared';
import { screenshot } from '../helpers/browser';
import { demoAndBrowser, residentPhone } from '../helpers/e2e';

// A voice message (语音留言, issue 17.5) from the resident's phone to the agent's workbench on the
// real `npm start`: Chromium's microphone is a sine wave written here as a WAV file. The resident
// holds 按住说话 and lets go; the workbench shows the bubble with its length and plays it.

/** A mono 16-bit PCM WAV of a 440 Hz tone, for Chromium's fake audio capture (it loops the file). */
function sineWav(seconds = 6, rate = 48_000, hz = 440): Buffer {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 16_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const clip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-voice-')), 'tone.wav');
fs.writeFileSync(clip, sineWav());

/** Presses the 按住说话 button with a finger (CDP touch events: a phone has no mouse) and answers how to move and lift it. */
async function pressVoice(page: Page) {
  const button = page.getByRole('button', { name: '按住说话，松开发送' });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error('no 按住说话 button on the page');
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  return {
    slideUp: (by: number) =>
      cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: at.x, y: at.y - by }] }),
    lift: () => cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
  };
}

describe('voice messages, from the resident page to the workbench, in Chromium', () => {
  const run = demoAndBrowser(
    {},
    {
      browserArgs: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${clip}`,
      ],
    },
  );

  it.each([
    { mode: 'normal', elderMode: false },
    { mode: 'elder', elderMode: true },
  ])(
    'the resident holds 按住说话 and lets go; the agent sees 语音 N秒 and plays it ($mode mode)',
    async ({ mode, elderMode }) => {
      const { resident, page } = await residentPhone(run, elderMode);
      // the masked name (its first and last characters) tells the two modes' requests apart
      const nickname = `${mode === 'elder' ? '长辈' : '普通'}语音测试居民`;
      const patched = await fetch(`${run.demo.url}/api/me`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${resident.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ nickname }),
      });
      expect(patched.status).toBe(200);
      const uploads: string[] = [];
      page.on('request', (r) => {
        if (/\/api\/help\/[0-9a-f]{24}\/voice/.test(r.url())) uploads.push(r.url());
      });

      await page.goto(`${run.demo.url}/`);
      await expect.poll(() => page.getByText(/^您好/).count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first().click();
      await expect.poll(() => page.getByText(/^(正在为您接通人工客服|现在没有客服在线)$/).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByRole('button', { name: '按住说话，松开发送' }).count()).toBe(1);
      if (elderMode) {
        // the first choice, before the quick reasons
        const voiceTop = (await page.getByRole('button', { name: '按住说话，松开发送' }).boundingBox())?.y ?? Infinity;
        const reasonsTop = (await page.getByText('遇到什么问题？（可以不选）').boundingBox())?.y ?? -Infinity;
        expect(voiceTop).toBeLessThan(reasonsTop);
      }
      await screenshot(page, `voice-resident-${mode}`);

      // a slip of the finger sends nothing, and says so
      const slip = await pressVoice(page);
      await slip.lift();
      await expect.poll(() => page.getByText(/说话时间太短了，没有发出/).count()).toBe(1);
      // sliding away before letting go cancels
      const away = await pressVoice(page);
      await expect.poll(() => page.getByText(/^已说 \d+ 秒，还能说 \d+ 秒$/).count()).toBe(1);
      await away.slideUp(200);
      await expect.poll(() => page.getByText('松开手指，取消发送').count()).toBe(1);
      await away.lift();
      await expect.poll(() => page.getByText('已取消，这段语音没有发出。').count()).toBe(1);
      expect(uploads).toEqual([]);

      // held for two seconds on the visible count, then let go: sent
      const sent = page.waitForResponse((r) => /\/api\/help\/[0-9a-f]{24}\/voice/.test(r.url()));
      const finger = await pressVoice(page);
      await expect.poll(() => page.getByText(/^已说 [2-9] 秒，还能说 \d+ 秒$/).count()).toBe(1);
      await screenshot(page, `voice-resident-recording-${mode}`);
      await finger.lift();
      const response = await sent;
      expect(response.status()).toBe(201);
      const { message } = HelpMessageCreated.parse(await response.json());
      expect(response.request().headers()['content-type']).toMatch(/^audio\/webm/);
      const seconds = message.voice?.seconds ?? 0;
      expect(seconds).toBeGreaterThanOrEqual(2);
      expect(message).toMatchObject({ kind: 'voice', from: 'resident', text: `语音 ${seconds}秒` });
      const label = `语音 ${seconds}秒`;
      // her own bubble, with its length and a play button
      await expect.poll(() => page.getByRole('button', { name: `播放${label}` }).count()).toBe(1);
      await screenshot(page, `voice-resident-sent-${mode}`);

      // the agent's workbench: the request, its voice bubble with the length, played
      const desk = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const agent = await desk.newPage();
      await agent.goto(`${run.demo.url}/#/packages/agent/login/index`);
      await agent.getByLabel('用户名').fill('agent02');
      await agent.getByLabel('密码').fill('bianmin-demo');
      await agent.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => agent.getByText('实时更新中').count()).toBeGreaterThan(0);
      const row = agent.getByRole('button', { name: new RegExp(maskName(nickname).replace(/\*/g, '\\*')) });
      await expect.poll(() => row.count()).toBe(1);
      await row.click();
      const play = agent.getByRole('button', { name: `播放${label}` });
      await expect.poll(() => play.count()).toBe(1);
      await play.click();
      // the page's own <audio> element really plays the clip (moves on, or reaches its end)
      await agent.waitForFunction(
        () => {
          const audio = document.querySelector<HTMLAudioElement>('.agent-message audio');
          return audio !== null && audio.error === null && (audio.currentTime > 0 || audio.ended);
        },
        undefined,
        { polling: 100 },
      );
      await screenshot(agent, `voice-agent-${mode}`);
      await desk.close();
      await page.context().close();
    },
  );
});
