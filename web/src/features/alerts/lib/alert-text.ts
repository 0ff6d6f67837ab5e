// How an alert reads in one line and in labels: the chat line's short text, zone and status words.
import type { AlertStatus, Entry, TradeAlert, UpdateKind } from '../api/alert-types';

export const entryText = (e: Entry) => (typeof e === 'string' ? e : `${e.low}–${e.high}`);

/** "LONG AAPL @ 189.5 stop 185 → 195" (the ALERT chat line's form). */
export function alertLine(a: Pick<TradeAlert, 'side' | 'symbol' | 'entry' | 'stop' | 'targets'>): string {
  const targets = a.targets.length ? ` → ${a.targets.join(' / ')}` : '';
  return `${a.side.toUpperCase()} ${a.symbol} @ ${entryText(a.entry)} stop ${a.stop}${targets}`;
}

export const STATUS_LABEL: Record<AlertStatus, string> = { open: 'Open', active: 'Filled', closed: 'Closed', retracted: 'Retracted' };

export const UPDATE_LABEL: Record<UpdateKind, string> = {
  filled: 'Filled',
  scale_out: 'Scaled out',
  move_stop: 'Stop moved',
  add_target: 'Target added',
  close: 'Closed',
  retract: 'Retracted',
};

/** "+1.25" / "-0.5" / "0": a signed decimal string for P&L. */
export function signed(decimal: string): string {
  return decimal.startsWith('-') || /^0(\.0*)?$/.test(decimal) ? decimal : `+${decimal}`;
}
