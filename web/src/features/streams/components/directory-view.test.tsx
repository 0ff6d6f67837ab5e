import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import type { Stream } from '../../../lib/types';
import DirectoryView from './directory-view';

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
});
