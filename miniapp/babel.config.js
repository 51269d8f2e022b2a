// Babel compiles every script of the app and of @bianmin/shared (see compile.include in config/index.ts).
// hot: false because React fast refresh needs react-refresh and its webpack plugin, which are not
// installed; the H5 dev server still reloads the page on change (see config/dev.ts).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
};
