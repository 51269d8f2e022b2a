import type { UserConfigExport } from '@tarojs/cli';

/** Release builds: CSS in files of their own so the browser can cache them apart from the JS. */
export default {
  mini: {},
  h5: {
    enableExtract: true,
  },
} satisfies UserConfigExport;
