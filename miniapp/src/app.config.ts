/**
 * App configuration. The four tab pages live in the main package; pages used less often
 * (help for now, later the agent workbench and outlet details) can move to subpackages.
 * Tab bar colours reach 4.5:1 on its white background in both states.
 */
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/pay/index',
    'pages/outlets/index',
    'pages/me/index',
    'pages/help/index',
    // @billing-pages
    // @outlets-pages
    'pages/help/list/index',
    'pages/messages/index',
    // @help-pages
  ],
  subPackages: [
    {
      root: 'packages/pay',
      pages: [
        'bind/index',
        'bills/index',
        'confirm/index',
        'result/index',
        'history/index',
        'receipt/index',
        'payer/index',
        'family/index',
        'topup/index',
      ],
    },
    // @billing-subpackages
    { root: 'packages/outlets', pages: ['detail/index'] },
    // @outlets-subpackages
    {
      root: 'packages/agent',
      pages: [
        'login/index',
        'desk/index',
        'supervisor/index',
        'orders/index',
        'followups/index',
        'bulletin/index',
        'campaigns/index',
        'cases/index',
      ],
    },
    // @help-subpackages
    { root: 'packages/repair', pages: ['report/index', 'order/index', 'list/index'] },
    { root: 'packages/field', pages: ['home/index', 'order/index'] },
    // @workorders-subpackages
  ],
  window: {
    navigationBarTitleText: '便民',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f5f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#4e5969',
    selectedColor: '#0a6640',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/pay/index', text: '缴费' },
      { pagePath: 'pages/outlets/index', text: '网点' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});
