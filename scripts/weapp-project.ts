/**
 * Writes `project.private.config.json` (git-ignored; WeChat DevTools lets it override
 * project.config.json) with the AppID from WECHAT_APPID, so a real AppID never has to be
 * committed. Without WECHAT_APPID the committed `touristappid` applies.
 */
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib';

const file = path.join(repoRoot, 'project.private.config.json');
const appid = process.env.WECHAT_APPID?.trim();
if (appid) {
  writeFileSync(file, `${JSON.stringify({ appid, projectname: 'bianmin' }, null, 2)}\n`);
  process.stderr.write(`[bianmin] WeChat DevTools will use AppID ${appid} (project.private.config.json).\n`);
} else {
  rmSync(file, { force: true });
}
