import { describe, expect, it } from 'vitest';
import { curvePoints, groupName, groupRows } from './track-record-rows';

describe('track record rows', () => {
  it('draws the cumulative R from 0, not the per-alert R', () => {
    expect(curvePoints([{ t: 10, alert_id: 'a', r: '2', cumulative_r: '2' }, { t: 20, alert_id: 'b', r: '-1', cumulative_r: '1' }])).toEqual([{ t: 0, r: 0 }, { t: 10, r: 2 }, { t: 20, r: 1 }]);
    expect(curvePoints([])).toEqual([]);
  });
  it('reads groups as a list or a map, and names the "none" group', () => {
    expect(groupRows([{ symbol: 'AAPL', alerts: 1 }], 'symbol')).toEqual([{ symbol: 'AAPL', alerts: 1, key: 'AAPL' }]);
    expect(groupRows({ day: { alerts: 2 } }, 'timeframe')).toEqual([{ alerts: 2, key: 'day' }]);
    expect(groupName('none', 'timeframe')).toBe('no timeframe');
  });
});
