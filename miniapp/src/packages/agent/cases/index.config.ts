export default definePageConfig({ navigationBarTitleText: '案例库' });
