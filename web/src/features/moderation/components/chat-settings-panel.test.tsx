import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import ChatSettingsPanel from './chat-settings-panel';

afterEach(() => vi.unstubAllGlobals());

const mode = { slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: false };
const routes = (extra = {}) => ({
  'GET /api/v1/channels/me1/chat-settings': () => json(200, { chat_mode: mode }),
  'GET /api/v1/channels/me1/blocked-terms': () => json(200, { terms: ['scam'] }),
  'GET /api/v1/channels/me1/moderators': () => json(200, { moderators: [{ user_id: 'u2', username: 'bob', created_at: 1 }] }),
  'GET /api/v1/channels/me1/bans': () => json(200, { bans: [] }),
  ...extra,
});

describe('ChatSettingsPanel', () => {
  it('changes the chat mode live: slow mode select and the three switches', async () => {
    stubFetch(routes());
    const onSetMode = vi.fn(async () => {});
    renderWithApp(<ChatSettingsPanel streamerId="me1" isOwner chatMode={mode} onSetMode={onSetMode} />);
    await userEvent.click(screen.getByRole('switch', { name: 'Followers-only' }));
    expect(onSetMode).toHaveBeenLastCalledWith({ followers_only: true });
    await userEvent.click(screen.getByRole('switch', { name: 'Emote-only' }));
    expect(onSetMode).toHaveBeenLastCalledWith({ emote_only: true });
    await userEvent.click(screen.getByRole('combobox', { name: 'Slow mode' }));
    await userEvent.click(screen.getByRole('option', { name: '30 seconds' }));
    expect(onSetMode).toHaveBeenLastCalledWith({ slow_mode_seconds: 30 });
  });

  it('while not live the mode is read-only and says why', async () => {
    stubFetch(routes());
    renderWithApp(<ChatSettingsPanel streamerId="me1" isOwner />);
    expect(await screen.findByText(/Go live to change the chat mode/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Subscribers-only' })).toBeDisabled());
  });

  it('adds and removes blocked terms through the REST list', async () => {
    const { calls } = stubFetch(
      routes({ 'PUT /api/v1/channels/me1/blocked-terms': (c: { body: { terms: string[] } }) => json(200, { terms: c.body.terms.map((t) => t.toLowerCase()).sort() }) }),
    );
    renderWithApp(<ChatSettingsPanel streamerId="me1" isOwner chatMode={mode} onSetMode={vi.fn()} />);
    const list = await screen.findByRole('list', { name: 'Blocked terms' });
    expect(await within(list).findByText('scam')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Blocked term' }), 'Rug Pull');
    await userEvent.click(screen.getByRole('button', { name: 'Add term' }));
    expect(await within(list).findByText('rug pull')).toBeInTheDocument();
    expect(calls.at(-1)).toMatchObject({ method: 'PUT', body: { terms: ['scam', 'Rug Pull'] } });
    await userEvent.click(screen.getByLabelText('Remove blocked term scam'));
    await waitFor(() => expect(within(list).queryByText('scam')).toBeNull());
  });

  it('the owner adds a moderator by username; a refusal is shown and the list stays', async () => {
    stubFetch(
      routes({
        'PUT /api/v1/channels/me1/moderators/carol': () => json(200, { moderator: { user_id: 'u3', username: 'carol', created_at: 2 } }),
        'PUT /api/v1/channels/me1/moderators/nobody': () => json(404, { error: { code: 'user_not_found', message: 'No such user' } }),
        'DELETE /api/v1/channels/me1/moderators/u2': () => json(200, { removed: true }),
      }),
    );
    renderWithApp(<ChatSettingsPanel streamerId="me1" isOwner chatMode={mode} onSetMode={vi.fn()} />);
    const mods = await screen.findByRole('list', { name: 'Moderators' });
    expect(await within(mods).findByText('bob')).toBeInTheDocument();
    const name = screen.getByRole('textbox', { name: 'Moderator username' });
    await userEvent.type(name, 'nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Add moderator' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No such user');
    expect(within(mods).getAllByRole('listitem')).toHaveLength(1);
    await userEvent.clear(name);
    await userEvent.type(name, 'carol');
    await userEvent.click(screen.getByRole('button', { name: 'Add moderator' }));
    expect(await within(mods).findByText('carol')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove moderator bob' }));
    await waitFor(() => expect(within(mods).queryByText('bob')).toBeNull());
  });

  it('a moderator sees the list without the owner-only controls', async () => {
    stubFetch(routes());
    renderWithApp(<ChatSettingsPanel streamerId="me1" isOwner={false} chatMode={mode} onSetMode={vi.fn()} />);
    expect(await screen.findByText('bob')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add moderator' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove moderator bob' })).toBeNull();
  });
});
