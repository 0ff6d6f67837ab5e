// The alert events on /streaming: `alert {…}` and `alert_updated {alert, update}`, each sent to a viewer
// at their tier's release instant.
import { getSocket, listen } from '../../../lib/socket';
import type { AlertUpdate, TradeAlert } from './alert-types';

export interface AlertEventHandlers {
  onAlert: (alert: TradeAlert) => void;
  onUpdated: (alert: TradeAlert, update: AlertUpdate | null) => void;
}

/** Listens on the shared socket (the room is joined by lib/room); returns the cleanup. */
export function listenForAlerts(h: AlertEventHandlers): () => void {
  return listen(getSocket('/streaming'), [
    ['alert', (a: TradeAlert) => a?.alert_id && h.onAlert(a)],
    ['alert_updated', (d: { alert?: TradeAlert; update?: AlertUpdate }) => d?.alert?.alert_id && h.onUpdated(d.alert, d.update ?? null)],
  ]);
}
