export default definePageConfig({ navigationBarTitleText: '替家人缴费' });
