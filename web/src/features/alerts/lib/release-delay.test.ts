import { describe, expect, it } from 'vitest';
import { delaysSummary, delayText, releaseDelayText } from './release-delay';

describe('release-delay disclosure', () => {
  it('tells a free viewer how far behind subscribers they are', () => {
    expect(releaseDelayText({ PREMIUM: 0, BASIC: 0, FREE: 60 }, 'FREE')).toBe('You see this 60 s after subscribers.');
  });
  it('says nothing to the first tier, or to the streamer', () => {
    expect(releaseDelayText({ PREMIUM: 0, BASIC: 0, FREE: 60 }, 'PREMIUM')).toBeNull();
    expect(releaseDelayText({ PREMIUM: 0, BASIC: 0, FREE: 60 }, 'BASIC')).toBeNull();
    expect(releaseDelayText({ PREMIUM: 0, BASIC: 0, FREE: 60 }, null)).toBeNull();
    expect(releaseDelayText({ PREMIUM: 0, BASIC: 0, FREE: 0 }, 'FREE')).toBeNull();
    expect(releaseDelayText(null, 'FREE')).toBeNull();
  });
  it('measures from the earliest tier and names it', () => {
    const delays = { PREMIUM: 0, BASIC: 30, FREE: 300 };
    expect(releaseDelayText(delays, 'BASIC')).toBe('You see this 30 s after Premium subscribers.');
    expect(releaseDelayText(delays, 'FREE', 'alerts')).toBe('You see alerts 5 min after Premium subscribers.');
    expect(releaseDelayText({ PREMIUM: 10, BASIC: 10, FREE: 100 }, 'FREE')).toBe('You see this 90 s after subscribers.');
  });
  it('writes delays in seconds, then minutes', () => {
    expect([0, 60, 119, 120, 150, 900].map(delayText)).toEqual(['0 s', '60 s', '119 s', '2 min', '2 min 30 s', '15 min']);
    expect(delaysSummary({ PREMIUM: 0, BASIC: 0, FREE: 60 })).toBe('Premium: at once · Basic: at once · Free and signed-out viewers: after 60 s');
  });
});
