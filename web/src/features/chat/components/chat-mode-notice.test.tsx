import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import ChatPanel, { chatModeText, refusalText } from './chat-panel';

const mode = { slow_mode_seconds: 30, followers_only: true, subscribers_only: false, emote_only: false };

describe('chat mode and moderation refusals in the chat panel', () => {
  it('shows the mode above the input', () => {
    renderWithApp(<ChatPanel messages={[]} onSend={vi.fn()} signedIn chatMode={mode} />);
    expect(screen.getByRole('note', { name: 'Chat mode' })).toHaveTextContent('Followers-only chat · Slow mode: one message every 30 s');
  });

  it('says nothing when the chat is open', () => {
    expect(chatModeText({ slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: false })).toBeNull();
  });

  it('a slow-mode refusal says how long to wait; a ban closes the input', async () => {
    const onSend = vi.fn().mockRejectedValueOnce({ code: 'slow_mode', retry_after_ms: 12_300 }).mockRejectedValueOnce({ code: 'banned', message: 'x' });
    renderWithApp(<ChatPanel messages={[]} onSend={onSend} signedIn chatMode={mode} />);
    const input = screen.getByRole('textbox', { name: 'Chat message' });
    await userEvent.type(input, 'hello{enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('You can send another message in 13 s');
    await userEvent.type(input, '{enter}');
    expect(await screen.findByText('You are banned from this chat. You can still watch.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Chat message' })).toBeDisabled();
  });

  it('names every moderation refusal', () => {
    for (const code of ['followers_only', 'subscribers_only', 'emote_only', 'blocked_term', 'banned']) {
      expect(refusalText({ code, message: 'raw' })).not.toBe('raw');
    }
  });
});
