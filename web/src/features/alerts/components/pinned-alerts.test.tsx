import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { json, stubFetch } from '../../../testing/fetch-stub';
import { tradeAlert } from '../../../testing/trade-alert';
import type { PlaybackClock } from '../../../components/video-player/playback-clock';
import PinnedAlerts from './pinned-alerts';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

beforeEach(() => fake.reset());
afterEach(() => vi.unstubAllGlobals());

const routes = (alerts = [tradeAlert()]) => ({
  'GET /api/v1/channels/streamer-1/alerts': () => json(200, { alerts, next_cursor: null }),
  'GET /api/v1/channels/streamer-1/alert-settings': () => json(200, { settings: { disclaimer: 'Not advice.', release_delays: { PREMIUM: 0, BASIC: 0, FREE: 60 } } }),
});

const live: PlaybackClock = { mode: 'webrtc', playingDate: () => null };
const pinned = (clock = live) => <PinnedAlerts streamerId="streamer-1" streamerName="boss" streamId="s1" clock={clock} signedIn={false} isOwner={false} />;

describe('pinned alerts on the watch page', () => {
  it('pins the open alerts, with the release delay told to a free viewer, and follows alert_updated', async () => {
    stubFetch(routes());
    renderWithApp(pinned());
    const card = await screen.findByRole('article', { name: 'Alert LONG AAPL' });
    await waitFor(() => expect(within(card).getByRole('note')).toHaveTextContent('You see this 60 s after subscribers.'));
    expect(screen.getByRole('link', { name: 'Track record' })).toHaveAttribute('href', '/c/boss');
    act(() => fake.deliver('alert', tradeAlert({ alert_id: 'a2', symbol: 'TSLA', side: 'short', entry: '250', stop: '260', targets: ['230'] })));
    expect(await screen.findByRole('article', { name: 'Alert SHORT TSLA' })).toBeInTheDocument();
    // Another stream's alert is not this page's.
    act(() => fake.deliver('alert', tradeAlert({ alert_id: 'a3', stream_id: 'other', symbol: 'MSFT' })));
    act(() => fake.deliver('alert_updated', { alert: tradeAlert({ status: 'closed', pnl: { return_pct: '2.9024', r_multiple: '1.2222' } }), update: { kind: 'close', price: '195' } }));
    const closed = await screen.findByRole('article', { name: 'Alert LONG AAPL' });
    await waitFor(() => expect(within(closed).getByLabelText('Status')).toHaveTextContent('Closed'));
    expect(within(closed).getByLabelText('Result')).toHaveTextContent('+2.9024%+1.2222 R');
    expect(screen.queryByRole('article', { name: /MSFT/ })).toBeNull();
    expect(screen.getByRole('heading', { name: /Trade alerts · 1 open/ })).toBeInTheDocument();
  });

  it('holds an alert from an HLS viewer until their playback reaches its posted time', async () => {
    stubFetch(routes([]));
    let playing = 1_700_000_055_000;
    const hls: PlaybackClock = { mode: 'hls', playingDate: () => playing };
    renderWithApp(pinned(hls));
    await screen.findByRole('region', { name: 'Trade alerts' });
    act(() => fake.deliver('alert', tradeAlert({ posted_at: 1_700_000_060_000 })));
    await new Promise((r) => setTimeout(r, 400));
    expect(screen.queryByRole('article', { name: 'Alert LONG AAPL' })).toBeNull();
    playing = 1_700_000_060_100;
    expect(await screen.findByRole('article', { name: 'Alert LONG AAPL' })).toBeInTheDocument();
  });

  it('shows nothing on a server without trade alerts', async () => {
    const { calls } = stubFetch({});
    renderWithApp(pinned());
    await waitFor(() => expect(calls.some((c) => c.url.startsWith('/api/v1/channels/streamer-1/alerts'))).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region', { name: 'Trade alerts' })).toBeNull();
  });
});
