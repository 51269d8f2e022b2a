import { DEMO_CITY, type CityDistrict, type OutletFacility, type OutletService, type Utility } from '@bianmin/shared';
import type { Models } from '../db/models';
import { encodeHours, type Period } from '../features/outlets/hours';
import type { Logger } from '../lib/logger';

/**
 * Demo outlets (营业网点) of 北京市: four per district, every utility covered. Names, addresses
 * and GCJ-02 coordinates are plausible, not real: each is stored with `demo: true` and the app
 * says 演示数据. Phones are the utilities' public hotlines, so a demo tap never rings a stranger.
 */

const h = (open: string, close: string): Period => {
  const minutes = (t: string) => {
    const [hours = 0, mins = 0] = t.split(':').map(Number);
    return hours * 60 + mins;
  };
  return { open: minutes(open), close: minutes(close) };
};

/** Weekly templates (Monday first). */
const TEMPLATES = {
  /** Utility service halls: lunch break on weekdays, Saturday mornings, closed on Sunday. */
  hall: [...Array.from({ length: 5 }, () => [h('8:30', '12:00'), h('13:30', '17:00')]), [h('9:00', '12:00')], []],
  /** Smaller halls: weekdays only, shorter lunch. */
  weekdays: [...Array.from({ length: 5 }, () => [h('9:00', '11:30'), h('13:00', '17:00')]), [], []],
  /** Telecom shops: every day, no lunch break. */
  shop: Array.from({ length: 7 }, () => [h('9:00', '19:00')]),
  /** Post offices: long weekdays, shorter weekends. */
  post: [...Array.from({ length: 5 }, () => [h('8:30', '17:30')]), [h('9:00', '16:00')], [h('9:00', '16:00')]],
  /** Self-service halls: never close. */
  allDay: Array.from({ length: 7 }, () => [h('0:00', '24:00')]),
} satisfies Record<string, Period[][]>;
type Template = keyof typeof TEMPLATES;

/** Public holidays (demo calendar) and the weekend days worked in exchange (调休上班). */
const HOLIDAYS: Array<[from: string, days: number, note: string]> = [
  ['2026-01-01', 3, '元旦休息'],
  ['2026-02-15', 9, '春节休息'],
  ['2026-05-01', 5, '劳动节休息'],
  ['2026-10-01', 7, '国庆节休息'],
  ['2027-01-01', 3, '元旦休息'],
  ['2027-02-05', 7, '春节休息'],
  ['2027-05-01', 5, '劳动节休息'],
  ['2027-10-01', 7, '国庆节休息'],
];
const WORKED_WEEKEND_DAYS = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10', '2027-02-20'];

function holidayDates(): Array<{ date: string; note: string }> {
  return HOLIDAYS.flatMap(([from, days, note]) =>
    Array.from({ length: days }, (_, i) => ({
      date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      note,
    })),
  );
}

/** Holiday exceptions by template: halls close, shops and post offices open shorter hours. */
function exceptionsFor(template: Template) {
  if (template === 'allDay') return [];
  const holidays = holidayDates();
  if (template === 'hall' || template === 'weekdays') {
    return [
      ...holidays.map(({ date, note }) => ({ date, note, periods: [] })),
      ...WORKED_WEEKEND_DAYS.map((date) => ({
        date,
        note: '调休上班',
        periods: [h('8:30', '12:00'), h('13:30', '17:00')],
      })),
    ];
  }
  return holidays.map(({ date, note }) => ({
    date,
    note: note.replace('休息', '缩短营业时间'),
    periods: [h('10:00', '16:00')],
  }));
}

const HOTLINE: Record<Utility, string> = {
  water: '96116',
  power: '95598',
  gas: '96777',
  telecom: '10010',
  cable: '96196',
  post: '11183',
};

const SERVICES: Record<Utility, OutletService[]> = {
  water: ['pay', 'business', 'invoice', 'install'],
  power: ['pay', 'business', 'invoice', 'install'],
  gas: ['pay', 'business', 'invoice', 'install'],
  telecom: ['pay', 'business', 'invoice'],
  cable: ['pay', 'business', 'install'],
  post: ['pay', 'business'],
};

type Row = [
  key: string,
  district: CityDistrict,
  utilities: Utility[],
  name: string,
  address: string,
  lat: number,
  lng: number,
  template: Template,
  facilities: OutletFacility[],
  queueLength?: number,
];

const E: OutletFacility = 'elderWindow';
const A: OutletFacility = 'accessible';
const P: OutletFacility = 'parking';
const T: OutletFacility = 'terminal24h';

// prettier-ignore
const ROWS: Row[] = [
  ['dc-water', '东城区', ['water'], '北京自来水集团东城营业厅', '东城区东四十条甲22号', 39.9337, 116.4340, 'hall', [E, A], 3],
  ['dc-power', '东城区', ['power'], '国网北京东城供电公司崇文门营业厅', '东城区崇文门外大街8号', 39.8975, 116.4225, 'hall', [E, A, T], 5],
  ['dc-gas', '东城区', ['gas'], '北京燃气东城客户服务中心', '东城区和平里东街15号', 39.9560, 116.4190, 'weekdays', [E]],
  ['dc-post', '东城区', ['post', 'water', 'power', 'gas'], '中国邮政王府井邮政支局', '东城区王府井大街123号', 39.9155, 116.4115, 'post', [A]],
  ['xc-telecom', '西城区', ['telecom'], '中国联通西单营业厅', '西城区西单北大街131号', 39.9110, 116.3740, 'shop', [A, T]],
  ['xc-cable', '西城区', ['cable'], '歌华有线西城营业厅', '西城区德胜门外大街11号', 39.9530, 116.3790, 'weekdays', [E]],
  ['xc-water', '西城区', ['water'], '北京自来水集团西城营业厅', '西城区阜成门内大街95号', 39.9245, 116.3585, 'hall', [E, A, P]],
  ['xc-station', '西城区', ['water', 'power', 'gas'], '广安门便民缴费服务站', '西城区广安门内大街306号', 39.8910, 116.3580, 'allDay', [T, A]],
  ['cy-power', '朝阳区', ['power'], '国网北京朝阳供电公司望京营业厅', '朝阳区望京街10号', 39.9960, 116.4750, 'hall', [E, A, P, T], 8],
  ['cy-gas', '朝阳区', ['gas'], '北京燃气朝阳客户服务中心', '朝阳区劲松路6号', 39.8850, 116.4620, 'hall', [E, A, P], 2],
  ['cy-telecom', '朝阳区', ['telecom'], '中国移动朝阳门营业厅', '朝阳区朝阳门外大街18号', 39.9240, 116.4480, 'shop', [E, A]],
  ['cy-post', '朝阳区', ['post', 'water', 'power'], '中国邮政三里屯邮政所', '朝阳区三里屯路33号', 39.9350, 116.4560, 'post', []],
  ['hd-water', '海淀区', ['water'], '北京自来水集团海淀营业厅', '海淀区中关村大街27号', 39.9830, 116.3160, 'hall', [E, A, P], 4],
  ['hd-telecom', '海淀区', ['telecom'], '中国电信中关村营业厅', '海淀区海淀中街16号', 39.9810, 116.3070, 'shop', [A]],
  ['hd-cable', '海淀区', ['cable'], '歌华有线海淀营业厅', '海淀区学院路35号', 39.9930, 116.3530, 'weekdays', [E, P]],
  ['hd-selfservice', '海淀区', ['power'], '国网北京海淀供电公司五道口自助缴费厅', '海淀区成府路28号', 39.9930, 116.3380, 'allDay', [T]],
  ['ft-gas', '丰台区', ['gas'], '北京燃气丰台客户服务中心', '丰台区丰台北路32号', 39.8620, 116.2950, 'hall', [E, A, P]],
  ['ft-power', '丰台区', ['power'], '国网北京丰台供电公司方庄营业厅', '丰台区方庄路9号', 39.8650, 116.4280, 'hall', [E, A], 6],
  ['ft-post', '丰台区', ['post', 'water', 'power', 'gas'], '中国邮政丰台邮政支局', '丰台区丰台南路1号', 39.8500, 116.2880, 'post', [E, A]],
  ['ft-water', '丰台区', ['water'], '北京自来水集团丰台营业厅', '丰台区西罗园南里5号', 39.8550, 116.3820, 'weekdays', [A]],
  ['sjs-power', '石景山区', ['power'], '国网北京石景山供电公司鲁谷营业厅', '石景山区鲁谷路74号', 39.8960, 116.2310, 'hall', [E, A, P]],
  ['sjs-telecom', '石景山区', ['telecom'], '中国联通石景山营业厅', '石景山区石景山路22号', 39.9065, 116.2180, 'shop', [E]],
  ['sjs-cable', '石景山区', ['cable'], '歌华有线石景山营业厅', '石景山区古城大街3号', 39.9100, 116.1920, 'weekdays', [A]],
  ['sjs-gas', '石景山区', ['gas'], '北京燃气石景山客户服务中心', '石景山区八角西街12号', 39.9150, 116.2100, 'hall', [E, P]],
  ['tz-water', '通州区', ['water'], '北京自来水集团通州营业厅', '通州区新华大街256号', 39.9070, 116.6570, 'hall', [E, A]],
  ['tz-power', '通州区', ['power'], '国网北京城市副中心供电公司营业厅', '通州区运河东大街55号', 39.9040, 116.7080, 'hall', [E, A, P, T], 1],
  ['tz-post', '通州区', ['post', 'water', 'gas'], '中国邮政通州新华邮政支局', '通州区新华东街8号', 39.9090, 116.6640, 'post', [A]],
  ['tz-telecom', '通州区', ['telecom'], '中国移动通州万达营业厅', '通州区新华西街58号', 39.9060, 116.6460, 'shop', [E, A, P]],
  ['cp-gas', '昌平区', ['gas'], '北京燃气昌平客户服务中心', '昌平区府学路18号', 40.2200, 116.2390, 'hall', [E, A, P]],
  ['cp-power', '昌平区', ['power'], '国网北京昌平供电公司回龙观营业厅', '昌平区回龙观西大街9号', 40.0720, 116.3330, 'hall', [E, A, T], 7],
  ['cp-cable', '昌平区', ['cable'], '歌华有线昌平营业厅', '昌平区鼓楼南街2号', 40.2180, 116.2330, 'weekdays', []],
  ['cp-water', '昌平区', ['water'], '北京自来水集团天通苑营业厅', '昌平区天通苑北一区甲2号', 40.0760, 116.4250, 'hall', [E, A]],
  ['dx-telecom', '大兴区', ['telecom'], '中国电信大兴营业厅', '大兴区兴华大街二段17号', 39.7330, 116.3340, 'shop', [A, T]],
  ['dx-power', '大兴区', ['power'], '国网北京大兴供电公司黄村营业厅', '大兴区黄村西大街41号', 39.7280, 116.3290, 'hall', [E, A, P]],
  ['dx-gas', '大兴区', ['gas'], '北京燃气亦庄客户服务中心', '大兴区亦庄荣华中路10号', 39.7960, 116.5060, 'weekdays', [E, P]],
  ['dx-post', '大兴区', ['post', 'power', 'telecom'], '中国邮政大兴黄村邮政支局', '大兴区黄村东大街20号', 39.7290, 116.3450, 'post', [E]],
  ['sy-water', '顺义区', ['water'], '北京自来水集团顺义营业厅', '顺义区府前中街5号', 40.1290, 116.6540, 'hall', [E, A, P]],
  ['sy-power', '顺义区', ['power'], '国网北京顺义供电公司营业厅', '顺义区光明南街16号', 40.1250, 116.6580, 'hall', [E, A, T]],
  ['sy-cable', '顺义区', ['cable'], '歌华有线顺义营业厅', '顺义区新顺南大街6号', 40.1220, 116.6620, 'weekdays', [A]],
  ['sy-telecom', '顺义区', ['telecom'], '中国联通顺义营业厅', '顺义区站前街1号', 40.1310, 116.6450, 'shop', [E]],
];

/** The demo outlets as stored, before the database gives them ids. */
export const DEMO_OUTLETS = ROWS.map(
  ([key, district, utilities, name, address, lat, lng, template, facilities, queueLength]) => {
    const primary = utilities[0] ?? 'post';
    const services = new Set<OutletService>(utilities.flatMap((u) => (u === primary ? SERVICES[u] : ['pay'])));
    if (facilities.includes('terminal24h')) services.add('terminal');
    return {
      key: `demo-${key}`,
      name,
      utilities,
      services: [...services],
      facilities,
      district,
      address: `${DEMO_CITY}${address}`,
      location: { lat, lng },
      phone: HOTLINE[primary],
      ...encodeHours({
        weekly: TEMPLATES[template].map((periods) => ({ periods })),
        exceptions: exceptionsFor(template),
      }),
      queueLength: queueLength ?? null,
      demo: true,
    };
  },
);

/** Adds the demo outlets that are missing; existing ones are left as they are (idempotent). */
export async function seedOutlets(models: Models, logger: Logger): Promise<void> {
  let added = 0;
  for (const outlet of DEMO_OUTLETS) {
    const result = await models.Outlet.updateOne({ key: outlet.key }, { $setOnInsert: outlet }, { upsert: true });
    added += result.upsertedCount;
  }
  logger.info({ outlets: DEMO_OUTLETS.length, added }, 'demo outlets seeded');
}
