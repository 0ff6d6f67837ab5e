import { getSocket } from '../../../lib/socket';
import { emitAlertEvent } from './alert-acks';
import type { AlertDraft } from './alert-types';

/** post_alert on /streaming (the streamer of a LIVE stream); resolves with the alert as posted. */
export function postAlert(streamId: string, draft: AlertDraft) {
  return emitAlertEvent(getSocket('/streaming'), 'post_alert', { stream_id: streamId, ...draft });
}
