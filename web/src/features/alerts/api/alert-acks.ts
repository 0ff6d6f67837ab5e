// The alert events' acks: {ok:true, alert} or {ok:false, error} through emitWithAck; an ack of just
// {error:{code,message}} (the wording) is refused the same way, so callers see one shape.
import type { Socket } from 'socket.io-client';
import { emitWithAck } from '../../../lib/socket';
import type { TradeAlert } from './alert-types';

export async function emitAlertEvent(socket: Socket, event: string, payload: unknown): Promise<TradeAlert> {
  const ack = await emitWithAck<{ alert?: TradeAlert; error?: { code?: string; message?: string } }>(socket, event, payload);
  if (ack.error || !ack.alert) {
    throw Object.assign(new Error(ack.error?.message ?? 'The server did not return the alert'), { code: ack.error?.code ?? 'error' });
  }
  return ack.alert;
}
