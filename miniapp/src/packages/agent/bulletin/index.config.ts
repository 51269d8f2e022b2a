export default definePageConfig({ navigationBarTitleText: '回访简报' });
