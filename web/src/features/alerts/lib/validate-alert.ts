// The composer's checks, the server's rules (issue 13) with its error codes, so most mistakes are caught
// before sending. The server stays the judge: when it refuses, the composer shows the server's message.
import type { AlertDraft, Side, Timeframe, UpdateKind } from '../api/alert-types';
import { compare, parseDecimal, priceProblem, type PriceProblem } from './decimal';

export const SYMBOL_PATTERN = /^[A-Z0-9.\-/:!]{1,20}$/;
export const MAX_TARGETS = 5;
export const MAX_NOTE_CHARS = 500;
export const SIDES: Side[] = ['long', 'short'];
export const TIMEFRAMES: Timeframe[] = ['scalp', 'day', 'swing', 'position'];
export const DISCLAIMER_MIN = 10;
export const DISCLAIMER_MAX = 1000;
export const MAX_RELEASE_DELAY_S = 900;

export interface FieldError {
  /** The form field it belongs to: symbol, entry, entry_high, stop, targets.N, size_pct, note. */
  field: string;
  code: string;
  message: string;
}

const PRICE_TEXT: Record<PriceProblem, string> = {
  not_a_number: 'a price like 189.5',
  too_many_decimals: 'at most 10 decimals',
  too_many_digits: 'at most 12 significant digits',
  not_positive: 'above zero',
};

// The server's codes for the same problems (domain/alerts/decimal.cpp).
const PRICE_CODE: Record<PriceProblem, string> = {
  not_a_number: 'invalid_price',
  too_many_decimals: 'too_many_decimals',
  too_many_digits: 'too_many_digits',
  not_positive: 'price_not_positive',
};

function checkPrice(field: string, label: string, text: string, errors: FieldError[]): boolean {
  const p = priceProblem(text.trim());
  if (!p) return true;
  errors.push({ field, code: PRICE_CODE[p], message: `${label}: ${PRICE_TEXT[p]}` });
  return false;
}

/** Every problem with a draft (empty when the server should take it). Side/timeframe come from pickers. */
export function validateAlert(d: Omit<AlertDraft, 'idempotency_key'>): FieldError[] {
  const errors: FieldError[] = [];
  const symbol = d.symbol.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) {
    errors.push({ field: 'symbol', code: 'invalid_symbol', message: 'Symbol: 1–20 of A–Z 0–9 . - / : !' });
  }
  if (!SIDES.includes(d.side)) errors.push({ field: 'side', code: 'invalid_side', message: 'Side: long or short' });
  if (d.timeframe !== undefined && !TIMEFRAMES.includes(d.timeframe)) {
    errors.push({ field: 'timeframe', code: 'invalid_timeframe', message: 'Timeframe: scalp, day, swing or position' });
  }
  const zone = typeof d.entry === 'object';
  const entryLow = typeof d.entry === 'object' ? d.entry.low : d.entry;
  const entryHigh = typeof d.entry === 'object' ? d.entry.high : d.entry;
  let entriesOk = checkPrice('entry', zone ? 'Zone low' : 'Entry', entryLow, errors);
  if (zone) entriesOk = checkPrice('entry_high', 'Zone high', entryHigh, errors) && entriesOk;
  const low = parseDecimal(entryLow.trim());
  const high = parseDecimal(entryHigh.trim());
  if (entriesOk && zone && low && high && compare(low, high) >= 0) {
    errors.push({ field: 'entry_high', code: 'invalid_entry', message: 'Zone: the high must be above the low' });
    entriesOk = false;
  }
  const long = d.side === 'long';
  if (checkPrice('stop', 'Stop', d.stop, errors) && entriesOk && low && high) {
    const stop = parseDecimal(d.stop.trim())!;
    // The losing side of the whole zone: below its low for a long, above its high for a short.
    if (long ? compare(stop, low) >= 0 : compare(stop, high) <= 0) {
      errors.push({ field: 'stop', code: 'invalid_stop', message: `Stop must be ${long ? 'below' : 'above'} the entry for a ${d.side}` });
    }
  }
  if (d.targets.length > MAX_TARGETS) {
    errors.push({ field: 'targets', code: 'too_many_targets', message: `At most ${MAX_TARGETS} targets` });
  }
  d.targets.forEach((t, i) => {
    if (!checkPrice(`targets.${i}`, `Target ${i + 1}`, t, errors) || !entriesOk || !low || !high) return;
    const target = parseDecimal(t.trim())!;
    if (long ? compare(target, high) <= 0 : compare(target, low) >= 0) {
      errors.push({ field: `targets.${i}`, code: 'invalid_target', message: `Target ${i + 1} must be ${long ? 'above' : 'below'} the entry for a ${d.side}` });
    }
  });
  if (d.size_pct !== undefined && !(Number.isInteger(d.size_pct) && d.size_pct >= 1 && d.size_pct <= 100)) {
    errors.push({ field: 'size_pct', code: 'invalid_size_pct', message: 'Size: a whole percent from 1 to 100' });
  }
  if (d.note !== undefined && [...d.note].length > MAX_NOTE_CHARS) {
    errors.push({ field: 'note', code: 'note_too_long', message: `Note: at most ${MAX_NOTE_CHARS} characters` });
  }
  return errors;
}

/** What an update needs: a price for every kind but retract, and a share for scale_out. */
export function validateUpdate(kind: UpdateKind, price: string | undefined, sharePct: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (kind !== 'retract') {
    if (price === undefined) errors.push({ field: 'price', code: 'invalid_price', message: 'Price is required' });
    else checkPrice('price', 'Price', price, errors);
  }
  if (kind === 'scale_out' && !(sharePct !== undefined && Number.isInteger(sharePct) && sharePct >= 1 && sharePct <= 99)) {
    errors.push({ field: 'share_pct', code: 'invalid_share_pct', message: 'Share: a whole percent from 1 to 99' });
  }
  return errors;
}
