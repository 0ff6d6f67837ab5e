import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import ViewersChart from './viewers-chart';
import { joinSeries, summarizeViewers } from '../lib/viewer-summary';

const T0 = 1_800_000_000_000;
const pt = (s: number, viewers: number, peak = viewers) => ({ t: T0 + s * 1000, viewers, peak });

describe('summarizeViewers', () => {
  it('weights each sample by how long it lasted and keeps the bucket peaks', () => {
    // 0 viewers for 10 s, 10 viewers for 30 s: average 7.5; a bucket saw 14 at its highest.
    expect(summarizeViewers([pt(0, 0), pt(10, 10, 14), pt(40, 4)])).toEqual({ peak: 14, average: 7.5 });
    expect(summarizeViewers([pt(0, 6)])).toEqual({ peak: 6, average: 6 });
    expect(summarizeViewers([])).toBeNull();
  });

  it('joins streams on one time axis with a gap between them', () => {
    const joined = joinSeries([[pt(100, 2), pt(110, 3)], [pt(0, 1)], []]);
    expect(joined.map((p) => p.viewers)).toEqual([1, null, 2, 3]);
  });
});

describe('ViewersChart', () => {
  it('draws the series with its peak and average', async () => {
    renderWithApp(<ViewersChart series={[[pt(0, 0), pt(15, 12), pt(30, 6), pt(45, 6)]]} />);
    const fig = screen.getByRole('figure', { name: 'Viewers over time chart' });
    expect(fig.querySelector('svg')).not.toBeNull();
    expect(screen.getByLabelText('Peak viewers in chart')).toHaveTextContent('Peak 12');
    // (0×15 + 12×15 + 6×15) / 45 = 6
    expect(screen.getByLabelText('Average viewers in chart')).toHaveTextContent('Average 6.0');
    expect(screen.queryByText(/No viewer samples yet/)).toBeNull();
  });

  it('averages across streams over their own spans, not the gaps between them', () => {
    renderWithApp(<ViewersChart series={[[pt(0, 2), pt(10, 2)], [pt(10_000, 8), pt(10_010, 8)]]} />);
    expect(screen.getByLabelText('Average viewers in chart')).toHaveTextContent('Average 5.0');
    expect(screen.getByLabelText('Peak viewers in chart')).toHaveTextContent('Peak 8');
  });

  it('says so when nothing was sampled', () => {
    renderWithApp(<ViewersChart series={[[], []]} />);
    expect(screen.getByRole('status')).toHaveTextContent('No viewer samples yet. Counts are recorded while a stream is live.');
    expect(screen.queryByRole('figure')).toBeNull();
  });
});
