import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build configuration, written by hand (no `taro init` on these machines).
 *
 * - Each target builds into its own folder (`dist/weapp`, `dist/h5`) so a weapp build never
 *   overwrites the H5 files the BFF serves, and CI can build both in one run.
 * - `@bianmin/shared` exports TypeScript source from outside `src/` (an npm workspace symlink);
 *   webpack resolves the symlink to `shared/src`, which Taro's script rule does not include by
 *   default, so it is added to `compile.include` for both targets.
 */
const target = process.env.TARO_ENV ?? 'weapp';
const sharedSource = path.resolve(__dirname, '..', '..', 'shared', 'src');
/**
 * zod ships modern syntax (classes, `?.`, `??`) that older WeChat base libraries and the browsers
 * of package.json's browserslist cannot parse, and webpack copies node_modules as they are; so
 * Babel compiles it down like the app's own code.
 */
const zodSource = (filename: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(filename);
const compileInclude = [sharedSource, zodSource];

/**
 * npm nests @tarojs/plugin-framework-react under miniapp/node_modules (its optional vite 4 peer
 * clashes with vitest's vite at the root), where Taro's own runtime files in the root
 * node_modules cannot find it. Resolve it from here, wherever npm put it.
 */
const frameworkReact = path.dirname(
  require.resolve('@tarojs/plugin-framework-react/package.json', { paths: [path.resolve(__dirname, '..')] }),
);

/**
 * The hotline the help page offers to call when the request cannot go out (no network): fixed at
 * build time, since it must work offline. The city's 12345 unless `BIANMIN_HOTLINE` names another.
 */
const hotline = /^[\d-]{3,20}$/.test(process.env.BIANMIN_HOTLINE ?? '')
  ? (process.env.BIANMIN_HOTLINE as string)
  : '12345';

/** The help page's module, built into the H5 app's main bundle (see `webpackChain`). */
const helpPage = path.resolve(__dirname, '..', 'src', 'pages', 'help', 'index.tsx');

/** The weapp talks to the BFF at an absolute URL fixed at build time; H5 uses same-origin paths. */
const apiBase = target === 'h5' ? '' : (process.env.BIANMIN_API_BASE ?? 'http://127.0.0.1:3000');

export default defineConfig((merge) => {
  const baseConfig: UserConfigExport = {
    projectName: 'bianmin',
    date: '2025-11-25',
    designWidth: 750,
    // 1 design px = 1 rpx on weapp; the H5 rem base below follows from the same ratio
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${target}`,
    plugins: [path.resolve(__dirname, 'plugins', 'weapp-aria.ts')],
    alias: {
      '@tarojs/plugin-framework-react': frameworkReact,
    },
    defineConstants: {
      BIANMIN_API_BASE: JSON.stringify(apiBase),
      BIANMIN_HOTLINE: JSON.stringify(hotline),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    // the persistent cache is keyed on the config file only; a stale cache after a dependency
    // change costs more debugging than the few seconds it saves
    cache: { enable: false },
    mini: {
      compile: { include: compileInclude },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // plain HTML elements instead of web components: real roles and aria-* attributes reach the
      // DOM, and the bundle is smaller
      useHtmlComponents: true,
      compile: { include: compileInclude },
      webpackChain(chain) {
        // a budget, not webpack's generic 244 KB: react-dom, zod (the shared contract) and Taro's
        // H5 runtime already take about 360 KB, the help page about 35 KB; warn when the main
        // script grows well past that
        chain.performance.maxAssetSize(480 * 1024).maxEntrypointSize(640 * 1024);
        // One-tap help must open with the network gone: Taro's H5 router loads every page as a
        // lazy chunk, which fails offline and the tap would do nothing. The help page joins the
        // main bundle instead, so the router's import of it needs no chunk at all (test/e2e/
        // help-offline.test.ts taps it offline from several pages).
        chain.entry('app').add(helpPage);
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: {
          enable: true,
          config: {
            // The guideline gives sizes in dp, i.e. fixed CSS px. Pinning the root font size to
            // 20px makes 40 design px = 20 CSS px on every screen: text neither shrinks below the
            // elder floor on narrow phones nor doubles on a desktop window.
            baseFontSize: 20,
            minRootSize: 20,
            maxRootSize: 20,
          },
        },
        cssModules: { enable: false },
      },
    },
  };

  // `taro build --watch` runs with NODE_ENV=development, a plain build with production
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig);
});
