export default definePageConfig({ navigationBarTitleText: '专题回访' });
