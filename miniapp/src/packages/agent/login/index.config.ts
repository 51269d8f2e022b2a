export default definePageConfig({ navigationBarTitleText: '工作台登录' });
