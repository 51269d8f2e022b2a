import type { AuthInfo } from '../../http/state';
import type { WorkOrderDeps } from './core';
import type { WorkOrderRecord } from './model';

/**
 * Who may see a photo: its uploader; once attached to an order, the order's resident, the members
 * of the unit it is at, and agents and supervisors. Everyone else gets the same "not found" as
 * for a photo that does not exist.
 */
export function createPhotoAccess(deps: Pick<WorkOrderDeps, 'models' | 'photos' | 'units'>) {
  const { models, photos, units } = deps;
  return async function visible(auth: AuthInfo, id: string): Promise<{ contentType: string } | null> {
    const photo = await photos.find(id);
    if (!photo) return null;
    if (photo.meta.ownerId === auth.subjectId) return photo;
    if (!photo.meta.orderId) return null;
    const order = await models.WorkOrder.findById(photo.meta.orderId).lean<WorkOrderRecord>();
    if (!order || !(order.photos.includes(id) || (order.report?.photos ?? []).includes(id))) return null;
    switch (auth.role) {
      case 'resident':
        return order.userId === auth.subjectId ? photo : null;
      case 'agent':
      case 'supervisor':
        return photo;
      case 'field':
      case 'coordinator': {
        const membership = await units.forMember(auth.subjectId);
        return membership && order.unitId === String(membership.unit._id) ? photo : null;
      }
      case 'followup':
        return null;
    }
  };
}
