import { mergeInternalComponents } from '@tarojs/shared';
import { weappAriaPatch } from './aria-attributes';
import { isWeapp } from './platform';

// Runtime half of config/plugins/weapp-aria.ts: without it the runtime would number the View
// attributes differently from the template and every attribute would land in the wrong place.
// Imported first by app.tsx, before anything renders.
if (isWeapp) {
  mergeInternalComponents(weappAriaPatch());
}
