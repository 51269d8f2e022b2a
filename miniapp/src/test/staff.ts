import type { StaffRole } from '@bianmin/shared';
import { agentSession } from '../packages/agent/services';

/** Signs a staff member into the workbench's session, as the staff login would, for a test. */
export function signInStaff(agent: { username: string; displayName: string; role: StaffRole }): void {
  agentSession.signIn({
    token: 'staff-token-1234567890',
    expiresAt: '2099-01-01T00:00:00.000Z',
    deviceToken: 'device-token-1234567890',
    agent: { id: 'e'.repeat(24), ...agent },
  });
}
