// The release-delay disclosure (issue 13): a viewer whose tier gets alerts later than another is told so
// on every alert and on the channel page ("you see this 60 s after subscribers").
import type { Tier } from '../api/alert-types';

export const TIERS: Tier[] = ['PREMIUM', 'BASIC', 'FREE'];
export const DEFAULT_RELEASE_DELAYS: Record<Tier, number> = { PREMIUM: 0, BASIC: 0, FREE: 60 };

/** "60 s", "2 min", "2 min 30 s" */
export function delayText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

function whoText(tiers: Tier[]): string {
  const paid = tiers.filter((t) => t !== 'FREE');
  if (tiers.includes('FREE')) return paid.length ? 'everyone else' : 'followers';
  if (paid.length === 2) return 'subscribers';
  return paid[0] === 'PREMIUM' ? 'Premium subscribers' : 'Basic subscribers';
}

/**
 * How much later `tier` sees alerts than the earliest tier, as a sentence; null when it is among the
 * first. `tier` null is the streamer themself, who sees everything at once.
 */
export function releaseDelayText(delays: Partial<Record<Tier, number>> | null | undefined, tier: Tier | null, subject = 'this'): string | null {
  if (!delays || !tier) return null;
  const of = (t: Tier) => delays[t] ?? 0;
  const earliest = Math.min(...TIERS.map(of));
  const behind = of(tier) - earliest;
  if (behind <= 0) return null;
  const ahead = TIERS.filter((t) => t !== tier && of(t) === earliest);
  return `You see ${subject} ${delayText(behind)} after ${whoText(ahead)}.`;
}

/** The channel page's summary of the delays per tier. */
export function delaysSummary(delays: Partial<Record<Tier, number>>): string {
  const names: Record<Tier, string> = { PREMIUM: 'Premium', BASIC: 'Basic', FREE: 'Free and signed-out viewers' };
  return TIERS.map((t) => `${names[t]}: ${(delays[t] ?? 0) === 0 ? 'at once' : `after ${delayText(delays[t] ?? 0)}`}`).join(' · ');
}
