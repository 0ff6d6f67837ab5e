import { getSocket } from '../../../lib/socket';
import { emitAlertEvent } from './alert-acks';
import type { UpdateDraft } from './alert-types';

/** update_alert on /streaming; resolves with the alert after the update. */
export function updateAlert(alertId: string, update: UpdateDraft) {
  return emitAlertEvent(getSocket('/streaming'), 'update_alert', { alert_id: alertId, ...update });
}
