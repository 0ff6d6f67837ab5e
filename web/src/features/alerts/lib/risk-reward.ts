// Reward-to-risk of an alert's targets, in exact decimals (the composer's preview, the cards). Risk is the
// distance from the entry (a zone's midpoint) to the stop, reward the distance to each target, both
// measured in the alert's direction, so a wrong-side price shows as a negative ratio rather than a lie.
import type { Entry, Side } from '../api/alert-types';
import { decimalOf, divide, formatDecimal, midpoint, multiply, parseDecimal, sub, type Decimal } from './decimal';

/** Decimals shown for ratios and percentages (rounded half-even). */
export const RATIO_DECIMALS = 2;

export interface RiskReward {
  /** The price risk is measured from: the entry, or the zone's midpoint. */
  entry: string;
  /** Entry to stop as a share of the entry, in %. */
  risk_pct: string;
  /** One ratio per target ("2.5" means 1 : 2.5), null for a target that is not a price. */
  ratios: (string | null)[];
}

function entryPrice(entry: Entry): Decimal | null {
  if (typeof entry === 'string') return parseDecimal(entry.trim());
  const low = parseDecimal(entry.low.trim());
  const high = parseDecimal(entry.high.trim());
  return low && high ? midpoint(low, high) : null;
}

/** null until entry and stop are prices with some distance between them. */
export function riskReward(side: Side, entry: Entry, stop: string, targets: string[]): RiskReward | null {
  const e = entryPrice(entry);
  const s = parseDecimal(stop.trim());
  if (!e || !s || e.mantissa === 0n) return null;
  // For a long the risk is entry − stop and the reward target − entry; for a short both flip.
  const risk = side === 'long' ? sub(e, s) : sub(s, e);
  if (risk.mantissa === 0n) return null;
  const riskPct = divide(multiply(risk, decimalOf(100)), e, RATIO_DECIMALS)!;
  const ratios = targets.map((t) => {
    const target = parseDecimal(t.trim());
    if (!target) return null;
    const reward = side === 'long' ? sub(target, e) : sub(e, target);
    return formatDecimal(divide(reward, risk, RATIO_DECIMALS)!);
  });
  return { entry: formatDecimal(e), risk_pct: formatDecimal(riskPct), ratios };
}

/** "1 : 2.5" */
export const ratioText = (ratio: string) => `1 : ${ratio}`;
