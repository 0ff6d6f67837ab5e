import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { json, stubFetch } from '../../../testing/fetch-stub';
import type { Stream } from '../../../lib/types';
import DirectoryView from './directory-view';
import { applyDirectoryEvent } from '../lib/apply-directory-event';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

afterEach(() => vi.unstubAllGlobals());

const stream = (id: string, over: Partial<Stream> = {}): Stream => ({
  stream_id: id, streamer_id: `u-${id}`, streamer_username: `trader_${id}`, title: `Stream ${id}`, description: null,
  category: 'crypto', thumbnail_url: null, status: 'LIVE', viewer_count: 0, peak_viewers: 0, started_at: Date.now() - 65_000,
  ended_at: null, duration_seconds: null, is_recording: true, recording_url: null, created_at: Date.now(), ...over,
});

describe('DirectoryView', () => {
  it('lists live streams busiest first, with streamer, category, viewers and uptime, and recent broadcasts', async () => {
    stubFetch({
      'GET /api/v1/streaming': (c) =>
        c.url.includes('status=LIVE')
          ? json(200, { streams: [stream('a', { viewer_count: 3 }), stream('b', { viewer_count: 42 })], next_cursor: null })
          : c.url.includes('status=ENDED')
            ? json(200, { streams: [stream('old', { status: 'ENDED', ended_at: Date.now() - 7_200_000, duration_seconds: 3600 })], next_cursor: null })
            : json(200, { streams: [], next_cursor: null }),
    });
    renderWithApp(<DirectoryView />);
    const live = await screen.findByRole('region', { name: 'Live streams' });
    const cards = await waitFor(() => {
      const l = live.querySelectorAll('a');
      expect(l).toHaveLength(2);
      return l;
    });
    expect(cards[0]).toHaveAccessibleName('Stream b by trader_b');
    expect(cards[0]).toHaveAttribute('href', '/watch/b');
    expect(cards[0]).toHaveTextContent('42 viewers');
    expect(cards[0]).toHaveTextContent('crypto');
    expect(cards[0]).toHaveTextContent(/1:0\d/);
    const vod = await screen.findByRole('link', { name: 'Stream old by trader_old' });
    expect(vod).toHaveAttribute('href', '/vod/old');
    expect(vod).toHaveTextContent('1:00:00');
  });

  it('searches and filters by category through the API, with an empty state', async () => {
    const { calls } = stubFetch({ 'GET /api/v1/streaming': () => json(200, { streams: [], next_cursor: null }) });
    renderWithApp(<DirectoryView />);
    expect(await screen.findByText('Nobody is live right now')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Forex' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search streams' }), 'eur');
    await waitFor(() => expect(calls.some((c) => c.url.includes('status=LIVE') && c.url.includes('category=forex') && c.url.includes('q=eur'))).toBe(true));
    expect(screen.getByText('Try another search or category.')).toBeInTheDocument();
  });

  it('shows a readable error when the server fails', async () => {
    stubFetch({ 'GET /api/v1/streaming': () => json(503, { error: { code: 'server_busy', message: 'The server is busy' } }) });
    renderWithApp(<DirectoryView />);
    expect((await screen.findAllByText('The server is busy')).length).toBeGreaterThan(0);
  });

  it('keeps counts, new streams and ends current from the directory feed, without polling', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/streaming': (c) =>
        c.url.includes('status=LIVE') ? json(200, { streams: [stream('a', { viewer_count: 3 })], next_cursor: null }) : json(200, { streams: [], next_cursor: null }),
    });
    const { unmount } = renderWithApp(<DirectoryView />);
    const live = await screen.findByRole('region', { name: 'Live streams' });
    await within(live).findByText('3 viewers');
    await waitFor(() => expect(fake.events()).toContain('watch_directory'));
    act(() => fake.deliver('directory_update', { updates: [{ stream_id: 'a', viewer_count: 17, status: 'LIVE', media_state: 'live' }] }));
    expect(await within(live).findByText('17 viewers')).toBeInTheDocument();
    expect(within(live).queryByText('Reconnecting…')).toBeNull();
    act(() => fake.deliver('directory_update', { updates: [{ stream_id: 'a', viewer_count: 17, status: 'LIVE', media_state: 'reconnecting' }] }));
    expect(await within(live).findByText('Reconnecting…')).toBeInTheDocument();
    act(() => fake.deliver('stream_started', stream('n', { title: 'Fresh open', viewer_count: 0 })));
    expect(await within(live).findByRole('link', { name: 'Fresh open by trader_n' })).toBeInTheDocument();
    const liveCalls = calls.filter((c) => c.url.includes('status=LIVE')).length;
    act(() => fake.deliver('stream_ended', { stream_id: 'a', duration: 60 }));
    await waitFor(() => expect(within(live).queryByRole('link', { name: 'Stream a by trader_a' })).toBeNull());
    // The end refreshes recent broadcasts, not the live list.
    await waitFor(() => expect(calls.filter((c) => c.url.includes('status=ENDED')).length).toBeGreaterThan(1));
    expect(calls.filter((c) => c.url.includes('status=LIVE')).length).toBe(liveCalls);
    unmount();
    expect(fake.events()).toContain('unwatch_directory');
  });
});

describe('DirectoryView fallback', () => {
  it('polls the live list every 15 s only while the socket is down, and stops once the feed is back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    fake.socket.connected = false;
    const connect = vi.spyOn(fake.socket, 'connect');
    try {
      const { calls } = stubFetch({ 'GET /api/v1/streaming': () => json(200, { streams: [], next_cursor: null }) });
      const liveCalls = () => calls.filter((c) => c.url.includes('status=LIVE')).length;
      renderWithApp(<DirectoryView />);
      await screen.findByText('Nobody is live right now');
      expect(connect).toHaveBeenCalled();
      expect(liveCalls()).toBe(1);
      act(() => vi.advanceTimersByTime(15_000));
      await waitFor(() => expect(liveCalls()).toBe(2));
      // The socket connects: watch_directory is acknowledged, and the poll stops.
      fake.socket.connected = true;
      act(() => fake.deliver('connect', undefined));
      await waitFor(() => expect(fake.events()).toContain('watch_directory'));
      await act(() => new Promise((r) => setTimeout(r, 200)));
      const settled = liveCalls();
      act(() => vi.advanceTimersByTime(60_000));
      // A reload would start on a (real) zero-delay timeout and a fetch: give it time to show.
      await act(() => new Promise((r) => setTimeout(r, 200)));
      expect(liveCalls()).toBe(settled);
    } finally {
      fake.socket.connected = true;
      connect.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe('applyDirectoryEvent', () => {
  const list = [stream('a', { viewer_count: 1 }), stream('b', { viewer_count: 2 })];
  it('updates counts and media state, drops streams that ended, and leaves others alone', () => {
    const next = applyDirectoryEvent(list, { kind: 'update', updates: [{ stream_id: 'b', viewer_count: 9, status: 'LIVE', media_state: 'reconnecting' }, { stream_id: 'a', viewer_count: 0, status: 'ENDED', media_state: 'offline' }] }, {});
    expect(next.map((s) => [s.stream_id, s.viewer_count, s.media_state])).toEqual([['b', 9, 'reconnecting']]);
    expect(applyDirectoryEvent(list, { kind: 'update', updates: [{ stream_id: 'zz', viewer_count: 1, status: 'LIVE', media_state: 'live' }] }, {})).toBe(list);
  });
  it('adds a started stream only when it matches the filters, once', () => {
    const n = stream('n', { title: 'EURUSD open', category: 'forex' });
    expect(applyDirectoryEvent(list, { kind: 'started', stream: n }, { category: 'crypto' })).toBe(list);
    expect(applyDirectoryEvent(list, { kind: 'started', stream: n }, { q: 'btc' })).toBe(list);
    const added = applyDirectoryEvent(list, { kind: 'started', stream: n }, { category: 'forex', q: 'eur' });
    expect(added.map((s) => s.stream_id)).toEqual(['n', 'a', 'b']);
    expect(applyDirectoryEvent(added, { kind: 'started', stream: n }, {})).toBe(added);
  });
});
