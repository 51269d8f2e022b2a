export default definePageConfig({ navigationBarTitleText: '班长视图' });
