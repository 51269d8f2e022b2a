import type { UserConfigExport } from '@tarojs/cli';

/** Watch builds (`npm run dev:weapp`, `dev:h5`). */
export default {
  mini: {},
  h5: {
    devServer: {
      // loopback only: the watch server is for the developer's own browser
      host: '127.0.0.1',
      port: Number(process.env.H5_DEV_PORT ?? 10086),
      // no React fast refresh (see babel.config.js): the dev server reloads the page instead
      hot: false,
      // the H5 build calls the BFF at same-origin paths; in development the BFF runs apart
      proxy: [
        { context: ['/api'], target: process.env.BIANMIN_API_BASE ?? 'http://127.0.0.1:3000', changeOrigin: true },
      ],
    },
  },
} satisfies UserConfigExport;
