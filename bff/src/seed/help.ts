import type { Models } from '../db/models';

/** Teams, grids (网格) and capacity of the demo staff: agent03 is the customer manager of two grids. */
export const DEMO_HELP_STAFF = [
  { username: 'agent01', team: '综合服务组', grids: [] as string[], capacity: 5 },
  { username: 'agent02', team: '综合服务组', grids: [] as string[], capacity: 5 },
  { username: 'agent03', team: '网格客户经理组', grids: ['dongcheng-1', 'xicheng-1'], capacity: 5 },
  { username: 'super01', team: '班长', grids: [] as string[], capacity: 5 },
];

/** Sets the demo staff's help fields; their presence and load are left as they are. */
export async function seedHelp(models: Models): Promise<void> {
  for (const staff of DEMO_HELP_STAFF) {
    await models.Agent.updateOne(
      { username: staff.username },
      { $set: { team: staff.team, grids: staff.grids, capacity: staff.capacity } },
    );
  }
}
