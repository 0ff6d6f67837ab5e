import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import { tradeAlert } from '../../../testing/trade-alert';
import ChannelView from './channel-view';

afterEach(() => vi.unstubAllGlobals());

const stream = { stream_id: 's1', streamer_id: 'streamer-1', streamer_username: 'Boss', title: 'boss levels', status: 'ENDED' };
const record = {
  alerts: 4, closed: 2, open: 1, retracted: 1, win_rate: '50', total_r: '1.5', avg_r: '0.75', avg_return_pct: '1.2',
  best: { symbol: 'AAPL', r_multiple: '2.5' }, worst: { symbol: 'TSLA', r_multiple: '-1' },
  by_symbol: { AAPL: { alerts: 2, closed: 1, win_rate: '100', total_r: '2.5' }, TSLA: { alerts: 2, closed: 1, win_rate: '0', total_r: '-1' } },
  by_timeframe: [{ timeframe: 'day', alerts: 4, closed: 2, total_r: '1.5' }],
  equity_curve: [{ t: 1, r: '2.5' }, { t: 2, r: '1.5' }],
};

describe('channel page', () => {
  it('finds the streamer by name and shows the record, the disclosures, the tables and the history', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/streaming': () => json(200, { streams: [{ ...stream, streamer_id: 'x', streamer_username: 'bossy' }, stream], next_cursor: null }),
      'GET /api/v1/channels/streamer-1/track-record': () => json(200, { track_record: record }),
      'GET /api/v1/channels/streamer-1/alert-settings': () => json(200, { settings: { disclaimer: 'Education only; not advice.', release_delays: { PREMIUM: 0, BASIC: 0, FREE: 60 } } }),
      'GET /api/v1/channels/streamer-1/alerts': () => json(200, { alerts: [tradeAlert({ status: 'closed', pnl: { return_pct: '2.9', r_multiple: '1.2' } })], next_cursor: null }),
    });
    renderWithApp(<ChannelView name="boss" userId={null} />);
    expect(await screen.findByRole('heading', { name: /Boss\s*track record/ })).toBeInTheDocument();
    expect(calls[0].url).toBe('/api/v1/streaming?q=boss&limit=100');
    const disclosures = screen.getByRole('region', { name: 'Disclosures' });
    await waitFor(() => expect(disclosures).toHaveTextContent('Education only; not advice.'));
    expect(disclosures).toHaveTextContent('Free and signed-out viewers: after 60 s');
    // A signed-out viewer counts as FREE: told so.
    expect(within(disclosures).getByRole('note')).toHaveTextContent('You see alerts 60 s after subscribers.');
    expect(await screen.findByLabelText('Win rate')).toHaveTextContent('50%');
    expect(screen.getByLabelText('Total R')).toHaveTextContent('+1.5');
    expect(screen.getByLabelText('Worst')).toHaveTextContent('TSLA -1 R');
    const bySymbol = screen.getByRole('table', { name: 'By symbol' });
    expect(within(bySymbol).getAllByRole('row').map((r) => r.textContent)).toEqual(['SymbolAlertsClosedWin rateTotal RAvg return', 'AAPL21100%+2.5—', 'TSLA210%-1—']);
    expect(within(screen.getByRole('table', { name: 'By timeframe' })).getByText('day')).toBeInTheDocument();
    const history = screen.getByRole('region', { name: 'Alert history' });
    expect(await within(history).findByRole('article', { name: 'Alert LONG AAPL' })).toHaveTextContent('+2.9%');
    expect(screen.getByRole('button', { name: 'Verify the record' })).toBeInTheDocument();
  });

  it('says so when no streamer has that name, or the server has no trade alerts', async () => {
    stubFetch({ 'GET /api/v1/streaming': () => json(200, { streams: [], next_cursor: null }) });
    renderWithApp(<ChannelView name="nobody" userId={null} />);
    expect(await screen.findByText('Channel not found')).toBeInTheDocument();
    vi.unstubAllGlobals();
    stubFetch({ 'GET /api/v1/streaming': () => json(200, { streams: [stream], next_cursor: null }) });
    renderWithApp(<ChannelView name="boss" userId={null} />);
    expect(await screen.findByText('Trade alerts are not available on this server yet.')).toBeInTheDocument();
  });
});
