import { describe, expect, it } from 'vitest';
import { add, compare, divide, formatDecimal, midpoint, normalizePrice, parseDecimal, priceProblem, sub } from './decimal';
import { riskReward } from './risk-reward';

const d = (s: string) => parseDecimal(s)!;

describe('decimal prices', () => {
  it('normalises as the server does', () => {
    expect(normalizePrice('100.50')).toBe('100.5');
    expect(normalizePrice('5850.00')).toBe('5850');
    expect(normalizePrice('0.00001234')).toBe('0.00001234');
    expect(normalizePrice('007.10')).toBe('7.1');
  });

  it('adds and subtracts exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatDecimal(add(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDecimal(sub(d('185'), d('189.5')))).toBe('-4.5');
    expect(formatDecimal(sub(d('1.0000000001'), d('1')))).toBe('0.0000000001');
    expect(compare(d('5850.25'), d('5850.250'))).toBe(0);
    expect(compare(d('0.00001234'), d('0.0000124'))).toBe(-1);
  });

  it('divides rounding half-even', () => {
    expect(formatDecimal(divide(d('1'), d('8'), 2)!)).toBe('0.12'); // 0.125 → even 0.12
    expect(formatDecimal(divide(d('3'), d('8'), 2)!)).toBe('0.38'); // 0.375 → even 0.38
    expect(formatDecimal(divide(d('2'), d('3'), 2)!)).toBe('0.67');
    expect(formatDecimal(divide(sub(d('1'), d('9')), d('8'), 2)!)).toBe('-1');
    expect(formatDecimal(divide(sub(d('0'), d('1')), d('8'), 2)!)).toBe('-0.12');
    expect(divide(d('1'), d('0'), 2)).toBeNull();
  });

  it('takes a zone midpoint exactly', () => {
    expect(formatDecimal(midpoint(d('5850.25'), d('5851')))).toBe('5850.625');
  });

  it('says why a text is not a price, with the server limits', () => {
    expect(priceProblem('189.5')).toBeNull();
    expect(priceProblem('100.50')).toBeNull();
    expect(priceProblem('1.0000000000')).toBeNull(); // trailing zeros do not count
    expect(priceProblem('0.00000000001')).toBe('too_many_decimals');
    expect(priceProblem('1234567890123')).toBe('too_many_digits');
    expect(priceProblem('123456789012')).toBeNull();
    expect(priceProblem('0')).toBe('not_positive');
    expect(priceProblem('0.000')).toBe('not_positive');
    for (const bad of ['', '-1', '+1', '1e3', '1.', '.5', '1,5', ' 1']) expect(priceProblem(bad)).toBe('not_a_number');
  });
});

describe('reward to risk', () => {
  it('long: risk to the stop, reward to each target', () => {
    // entry 189.5, stop 185 → risk 4.5; target 195 → 5.5 / 4.5 = 1.2222 → 1.22; 198.5 → 9 / 4.5 = 2.
    expect(riskReward('long', '189.5', '185', ['195', '198.5'])).toEqual({ entry: '189.5', risk_pct: '2.37', ratios: ['1.22', '2'] });
  });

  it('short: the signs flip', () => {
    // entry 5850, stop 5870 → risk 20; target 5800 → 50 / 20 = 2.5.
    expect(riskReward('short', '5850', '5870', ['5800'])).toEqual({ entry: '5850', risk_pct: '0.34', ratios: ['2.5'] });
  });

  it('a zone is measured from its midpoint; tiny prices stay exact', () => {
    // zone 0.00001200–0.00001300 → 0.0000125; stop 0.0000115 → risk 0.000001; target 0.0000150 → 2.5.
    const r = riskReward('long', { low: '0.000012', high: '0.000013' }, '0.0000115', ['0.000015', 'x']);
    expect(r).toEqual({ entry: '0.0000125', risk_pct: '8', ratios: ['2.5', null] });
  });

  it('a wrong-side target shows as negative; no stop distance, no ratio', () => {
    expect(riskReward('long', '100', '90', ['95'])!.ratios).toEqual(['-0.5']);
    expect(riskReward('long', '100', '100', ['110'])).toBeNull();
    expect(riskReward('long', '100', 'abc', ['110'])).toBeNull();
  });
});
