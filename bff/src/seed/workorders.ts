import { addDays, beijingDay, beijingMidnight, type FieldUtility } from '@bianmin/shared';
import type { Models } from '../db/models';
import type { Logger } from '../lib/logger';
import { hashPassword } from '../lib/password';

/** The demo's responsible units: one per utility in 东城区 and 西城区, with the grids they serve. */
export const DEMO_UNITS: Array<{
  name: string;
  utility: FieldUtility;
  district: string;
  grids: string[];
  phone: string;
}> = [
  { name: '东城供电所', utility: 'power', district: '东城区', grids: ['dongcheng-1'], phone: '010-95598' },
  { name: '西城供电所', utility: 'power', district: '西城区', grids: ['xicheng-1'], phone: '010-95598' },
  { name: '自来水东城营业所', utility: 'water', district: '东城区', grids: ['dongcheng-1'], phone: '010-96116' },
  { name: '自来水西城营业所', utility: 'water', district: '西城区', grids: ['xicheng-1'], phone: '010-96116' },
  { name: '燃气东城抢修班', utility: 'gas', district: '东城区', grids: ['dongcheng-1'], phone: '010-96777' },
  { name: '燃气西城抢修班', utility: 'gas', district: '西城区', grids: ['xicheng-1'], phone: '010-96777' },
];

const FIELD_NAMES = [
  '张建国',
  '李文',
  '赵强',
  '孙立军',
  '周海',
  '吴志刚',
  '郑涛',
  '冯磊',
  '陈勇',
  '褚明',
  '卫东',
  '蒋波',
];
const COORD_NAMES = ['王工', '刘工', '杨工', '黄工', '林工', '何工'];

/**
 * The demo's unit staff: two field members per unit (field01 … field12, in the order of the
 * units) and a coordinator (客服工程师) per unit (coord01 … coord06), each with a work phone.
 */
export const DEMO_UNIT_STAFF = DEMO_UNITS.flatMap((unit, u) => [
  ...[0, 1].map((k) => {
    const n = u * 2 + k + 1;
    return {
      unit: unit.name,
      username: `field${String(n).padStart(2, '0')}`,
      displayName: FIELD_NAMES[n - 1] ?? `现场${n}`,
      role: 'field' as const,
      phone: `138000100${String(n).padStart(2, '0')}`,
    };
  }),
  {
    unit: unit.name,
    username: `coord${String(u + 1).padStart(2, '0')}`,
    displayName: COORD_NAMES[u] ?? `客服工程师${u + 1}`,
    role: 'coordinator' as const,
    phone: `139000200${String(u + 1).padStart(2, '0')}`,
  },
]);

/**
 * Seeds the units, their staff (password `password`) and one planned notice. Idempotent: what
 * exists is left as it is (a demo user's changes survive a restart).
 */
export async function seedWorkOrders(models: Models, logger: Logger, password: string, now: Date): Promise<void> {
  let hash: string | undefined;
  let added = 0;
  for (const staff of DEMO_UNIT_STAFF) {
    if (await models.Agent.exists({ username: staff.username })) continue;
    hash ??= await hashPassword(password);
    await models.Agent.updateOne(
      { username: staff.username },
      {
        $setOnInsert: {
          username: staff.username,
          displayName: staff.displayName,
          role: staff.role,
          team: staff.unit,
          passwordHash: hash,
          active: true,
        },
      },
      { upsert: true },
    );
    added += 1;
  }
  for (const unit of DEMO_UNITS) {
    const staff = DEMO_UNIT_STAFF.filter((s) => s.unit === unit.name);
    const agents = await models.Agent.find({ username: { $in: staff.map((s) => s.username) } }, { username: 1 }).lean();
    const members = staff.flatMap((s) => {
      const agent = agents.find((a) => a.username === s.username);
      return agent ? [{ agentId: String(agent._id), name: s.displayName, role: s.role, phone: s.phone }] : [];
    });
    await models.Unit.updateOne(
      { name: unit.name },
      { $setOnInsert: { ...unit, active: true, members } },
      { upsert: true },
    );
  }
  // a planned water outage tomorrow in 东城区, so the notices have something to show
  const title = '东城区计划停水（演示）';
  if (!(await models.Notice.exists({ title }))) {
    const tomorrow = addDays(beijingDay(now), 1);
    const start = beijingMidnight(tomorrow).getTime();
    await models.Notice.create({
      utility: 'water',
      kind: 'planned',
      district: '东城区',
      streets: ['东华门街道'],
      title,
      description: '东华门街道供水管道检修，请提前储水。',
      startsAt: new Date(start + 9 * 3600_000),
      endsAt: new Date(start + 15 * 3600_000),
      status: 'scheduled',
      createdByName: '刘工',
      createdAt: now,
      updatedAt: now,
    });
  }
  logger.info({ units: DEMO_UNITS.length, staff: DEMO_UNIT_STAFF.length, added }, 'work-order demo seed applied');
}
