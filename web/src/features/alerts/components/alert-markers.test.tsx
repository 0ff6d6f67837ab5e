import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { tradeAlert } from '../../../testing/trade-alert';
import AlertMarkers from './alert-markers';

describe('VOD alert markers', () => {
  it('places one marker per alert on the timeline and seeks to its media time', async () => {
    const onSeek = vi.fn();
    const alerts = [tradeAlert(), tradeAlert({ alert_id: 'a2', side: 'short', symbol: 'TSLA', media_time_ms: 300_000 }), tradeAlert({ alert_id: 'a3', media_time_ms: null })];
    renderWithApp(<AlertMarkers alerts={alerts} durationMs={600_000} onSeek={onSeek} />);
    const markers = screen.getAllByRole('button', { name: /^Seek to/ });
    expect(markers).toHaveLength(2);
    expect(markers[1]).toHaveAccessibleName('Seek to SHORT TSLA @ 189.5 stop 185 → 195 / 198.5 at 5:00');
    expect(markers[1].style.left).toBe('calc(50% - 6px)');
    await userEvent.setup().click(markers[0]);
    expect(onSeek).toHaveBeenCalledWith(65_000);
  });
});
