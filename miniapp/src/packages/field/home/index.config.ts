export default definePageConfig({ navigationBarTitleText: '现场工单' });
