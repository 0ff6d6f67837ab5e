import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { chatMessage as msg } from '../../../testing/chat-message';
import ChatPanel from './chat-panel';
import { useStreamRoom } from '../../../lib/room/use-stream-room';
import { signIn, signOut } from '../../../lib/session';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

const STREAMER = 'streamer-1';
const history = [msg(1), msg(2), msg(3, { user_id: STREAMER, username: 'boss', message: 'welcome all' })];

// The studio's wiring: the room hook feeding the panel, moderation only for the stream's streamer.
function Room({ isStreamer }: { isStreamer: boolean }) {
  const room = useStreamRoom('s1');
  return (
    <ChatPanel
      messages={room.messages}
      onSend={room.send}
      signedIn
      status={room.status}
      error={room.error}
      streamerId={STREAMER}
      moderation={isStreamer ? { onDelete: room.deleteMessage, onTimeout: room.timeoutUser } : null}
      timedOutUntil={room.timedOutUntil}
    />
  );
}

function reset() {
  fake.reset();
  fake.acks.join_stream = () => ({ ok: true, viewer_count: 1, recent_messages: history });
}

describe('chat moderation', () => {
  it('removes a deleted message for everyone in the room', async () => {
    reset();
    renderWithApp(<Room isStreamer={false} />);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(await within(log).findByText('hello 2')).toBeInTheDocument();
    act(() => fake.deliver('message_deleted', { stream_id: 'other', message_id: 'm2' }));
    expect(within(log).getByText('hello 2')).toBeInTheDocument(); // another room's deletion changes nothing
    act(() => fake.deliver('message_deleted', { stream_id: 's1', message_id: 'm2' }));
    expect(within(log).queryByText('hello 2')).toBeNull();
    expect(within(log).getByText('hello 1')).toBeInTheDocument();
  });

  it('gives viewers no moderation actions', async () => {
    reset();
    renderWithApp(<Room isStreamer={false} />);
    expect(await screen.findByText('hello 1')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Time out 5 minutes' })).toBeNull();
  });

  it("gives the streamer actions on other users' messages that emit the moderation events", async () => {
    reset();
    fake.acks.delete_message = (p) => ({ ok: true, message_id: p.message_id });
    fake.acks.timeout_user = (p) => ({ ok: true, user_id: p.user_id, until: Date.now() + 300_000 });
    renderWithApp(<Room isStreamer />);
    const line = (await screen.findByText('hello 1')).closest('li')!;
    // Two other users' lines carry the actions; the streamer's own line does not.
    expect(screen.getAllByRole('button', { name: 'Delete message' })).toHaveLength(2);
    expect(within(screen.getByText('welcome all').closest('li')!).queryByRole('button', { name: 'Delete message' })).toBeNull();

    await userEvent.click(within(line).getByRole('button', { name: 'Delete message' }));
    expect(fake.emitted).toContainEqual({ event: 'delete_message', payload: { stream_id: 's1', message_id: 'm1' } });
    await userEvent.click(within(line).getByRole('button', { name: 'Time out 5 minutes' }));
    expect(fake.emitted).toContainEqual({ event: 'timeout_user', payload: { stream_id: 's1', user_id: 'u1', seconds: 300 } });
    expect(await screen.findByText('user1 is timed out of the chat for 5 minutes.')).toBeInTheDocument();
  });

  it('shows a refused moderation action readably', async () => {
    reset();
    fake.acks.delete_message = () => ({ ok: false, error: { code: 'message_not_found', message: 'That message no longer exists.' } });
    renderWithApp(<Room isStreamer />);
    const line = (await screen.findByText('hello 2')).closest('li')!;
    await userEvent.click(within(line).getByRole('button', { name: 'Delete message' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not delete the message: That message no longer exists.');
  });

  it('tells a timed-out user why their message was refused and for how long', async () => {
    reset();
    fake.acks.send_message = () => ({ ok: false, error: { code: 'timed_out', message: 'timed out', retry_after: 240 } });
    renderWithApp(<Room isStreamer={false} />);
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Chat message' })).toBeEnabled());
    const box = screen.getByRole('textbox', { name: 'Chat message' });
    await userEvent.type(box, 'can I talk?');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The streamer has timed you out of this chat. You can write again in 4 min.');
    expect(box).toHaveValue('can I talk?');
  });

  it('shows a timeout of another user as a system line and leaves the input open', async () => {
    reset();
    renderWithApp(<Room isStreamer={false} />);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(await within(log).findByText('hello 2')).toBeInTheDocument();
    act(() => fake.deliver('user_timed_out', { stream_id: 'other', user_id: 'u2', until: Date.now() + 300_000 }));
    expect(within(log).queryByText(/timed out/)).toBeNull(); // another room's timeout
    act(() => fake.deliver('user_timed_out', { stream_id: 's1', user_id: 'u2', until: Date.now() + 300_000 }));
    expect(within(log).getByText('user2 was timed out for 5 minutes.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Chat message' })).toBeEnabled();
    expect(screen.queryByText(/You are timed out/)).toBeNull();
  });

  it('closes the input of the timed-out user with a countdown, and reopens it when the timeout ends', async () => {
    reset();
    signIn({ token: 'token-u1', user: { id: 'u1', username: 'user1' } });
    try {
      renderWithApp(<Room isStreamer={false} />);
      const box = screen.getByRole('textbox', { name: 'Chat message' });
      await waitFor(() => expect(box).toBeEnabled());
      act(() => fake.deliver('user_timed_out', { stream_id: 's1', user_id: 'u1', until: Date.now() + 3_000 }));
      expect(screen.getByRole('log', { name: 'Chat messages' })).toHaveTextContent('You were timed out for 3 seconds.');
      expect(box).toBeDisabled();
      expect(screen.getByRole('status')).toHaveTextContent(/You are timed out of this chat\. You can write again in 0:0[0-3]\./);
      expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
      await waitFor(() => expect(box).toBeEnabled(), { timeout: 5_000 });
      expect(screen.queryByText(/You are timed out/)).toBeNull();
    } finally {
      signOut();
    }
  });
});
