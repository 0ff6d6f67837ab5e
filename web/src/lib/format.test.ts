import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, parseAmountToCents } from './format';

describe('money and time formatting', () => {
  it('parses amounts to whole cents without floating point', () => {
    expect(parseAmountToCents('5')).toBe(500);
    expect(parseAmountToCents('2.5')).toBe(250);
    expect(parseAmountToCents('0.29')).toBe(29);
    expect(parseAmountToCents('19.99')).toBe(1999);
    for (const bad of ['', '0', '-1', '1.234', 'abc', '1e3', '1,2,3']) expect(parseAmountToCents(bad)).toBeNull();
  });
  it('formats cents and durations', () => {
    expect(formatMoney(1999, 'USD')).toContain('19.99');
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
