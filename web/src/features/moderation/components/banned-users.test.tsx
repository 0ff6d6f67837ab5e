import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { json, stubFetch } from '../../../testing/fetch-stub';
import ChatSettingsPanel from './chat-settings-panel';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

beforeEach(() => {
  fake.reset();
});
afterEach(() => vi.unstubAllGlobals());

const mode = { slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: false };
const NOW = Date.now();
const carl = { user_id: 'u7', username: 'carl', until: null, created_by: 'me1', created_at: NOW - 10 * 60_000 };
const dana = { user_id: 'u8', username: 'dana', until: NOW + 5 * 60_000, created_by: 'u2', created_at: NOW - 30_000 };
const routes = (bans: unknown) => ({
  'GET /api/v1/channels/me1/chat-settings': () => json(200, { chat_mode: mode }),
  'GET /api/v1/channels/me1/blocked-terms': () => json(200, { terms: [] }),
  'GET /api/v1/channels/me1/moderators': () => json(200, { moderators: [{ user_id: 'u2', username: 'bob', created_at: 1 }] }),
  'GET /api/v1/channels/me1/bans': bans as () => Response,
});
const panel = (streamId: string | null = 's1') => <ChatSettingsPanel streamerId="me1" isOwner chatMode={mode} onSetMode={vi.fn()} streamId={streamId} />;

describe('Chat settings: Banned users', () => {
  it('lists bans and timeouts with when, by whom and the timeout end', async () => {
    stubFetch(routes(() => json(200, { bans: [dana, carl] })));
    renderWithApp(panel());
    const list = await screen.findByRole('list', { name: 'Banned users' });
    const rows = await within(list).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('dana');
    expect(rows[0]).toHaveTextContent(/Timed out just now, until .+ by bob/);
    expect(rows[1]).toHaveTextContent('carl');
    expect(rows[1]).toHaveTextContent('Banned 10 min ago by you');
    expect(within(rows[1]).getByRole('button', { name: 'Unban carl' })).toBeEnabled();
  });

  it('shows loading, then the empty state', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    stubFetch(routes(async () => (await gate, json(200, { bans: [] }))));
    renderWithApp(panel());
    expect(await screen.findByText('Loading bans…')).toBeInTheDocument();
    release();
    const list = await screen.findByRole('list', { name: 'Banned users' });
    expect(within(list).getByText('Nobody is banned or timed out.')).toBeInTheDocument();
    expect(screen.queryByText('Loading bans…')).toBeNull();
  });

  it('a failed load says why and retries', async () => {
    stubFetch(routes([() => json(403, { error: { code: 'forbidden', message: 'Only the streamer and their moderators see bans' } }), () => json(200, { bans: [carl] })]));
    renderWithApp(panel());
    expect(await screen.findByText(/Could not load the bans: Only the streamer and their moderators see bans/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: 'Unban carl' })).toBeInTheDocument();
  });

  it('unbans through unban_user and drops the row on the ack', async () => {
    stubFetch(routes(() => json(200, { bans: [dana, carl] })));
    fake.acks.unban_user = (p) => ({ ok: true, user_id: p.user_id });
    renderWithApp(panel());
    await userEvent.click(await screen.findByRole('button', { name: 'Unban carl' }));
    expect(fake.emitted).toContainEqual({ event: 'unban_user', payload: { stream_id: 's1', user_id: 'u7' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Unban carl' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Unban dana' })).toBeInTheDocument();
  });

  it('a refused unban shows a readable error and keeps the row', async () => {
    stubFetch(routes(() => json(200, { bans: [carl] })));
    fake.acks.unban_user = () => ({ ok: false, error: { code: 'not_moderator', message: 'Only the streamer and moderators can unban' } });
    renderWithApp(panel());
    await userEvent.click(await screen.findByRole('button', { name: 'Unban carl' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not unban carl: Only the streamer and moderators can unban');
    expect(screen.getByRole('button', { name: 'Unban carl' })).toBeEnabled();
  });

  it('follows the room: user_banned reloads the list, user_unbanned drops a row; other streams are ignored', async () => {
    const { calls } = stubFetch(routes([() => json(200, { bans: [carl] }), () => json(200, { bans: [dana, carl] })]));
    renderWithApp(panel());
    await screen.findByRole('button', { name: 'Unban carl' });
    const loads = () => calls.filter((c) => c.url === '/api/v1/channels/me1/bans').length;
    expect(loads()).toBe(1);
    act(() => fake.deliver('user_banned', { stream_id: 'other', user_id: 'u8' }));
    expect(loads()).toBe(1);
    act(() => fake.deliver('user_banned', { stream_id: 's1', user_id: 'u8' }));
    expect(await screen.findByRole('button', { name: 'Unban dana' })).toBeInTheDocument();
    act(() => fake.deliver('user_unbanned', { stream_id: 's1', user_id: 'u7' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Unban carl' })).toBeNull());
  });

  it('while not live the list shows but unbanning is off, and says why', async () => {
    stubFetch(routes(() => json(200, { bans: [carl] })));
    renderWithApp(panel(null));
    expect(await screen.findByRole('button', { name: 'Unban carl' })).toBeDisabled();
    expect(screen.getByText(/Go live to unban/)).toBeInTheDocument();
    expect(fake.handlers.get('user_banned')?.size ?? 0).toBe(0);
  });
});
