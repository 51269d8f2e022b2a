export default definePageConfig({ navigationBarTitleText: '一键求助' });
