import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { chatMessage as msg } from '../../../testing/chat-message';
import ChatPanel from './chat-panel';


describe('ChatPanel', () => {
  it('shows the history it is given and sends a typed message', async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<ChatPanel messages={[msg(1), msg(2)]} onSend={onSend} signedIn />);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(within(log).getByText('hello 1')).toBeInTheDocument();
    expect(within(log).getByText('hello 2')).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: 'Chat message' });
    await userEvent.type(box, 'BTC to the moon');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith('BTC to the moon', 'TEXT');
    expect(box).toHaveValue('');
  });

  it('sends emoji-only messages as EMOJI and submits on Enter', async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<ChatPanel messages={[]} onSend={onSend} signedIn />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Chat message' }), '🚀🚀{Enter}');
    expect(onSend).toHaveBeenCalledWith('🚀🚀', 'EMOJI');
  });

  it('shows a refusal such as the rate limit and keeps the text', async () => {
    const onSend = vi.fn().mockRejectedValue(Object.assign(new Error('5 messages per 10 s'), { code: 'rate_limited' }));
    renderWithApp(<ChatPanel messages={[]} onSend={onSend} signedIn />);
    const box = screen.getByRole('textbox', { name: 'Chat message' });
    await userEvent.type(box, 'spam');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Slow down: 5 messages per 10 s');
    expect(box).toHaveValue('spam');
  });

  it('is read-only for anonymous viewers', () => {
    renderWithApp(<ChatPanel messages={[msg(1)]} onSend={vi.fn()} signedIn={false} />);
    expect(screen.queryByRole('textbox', { name: 'Chat message' })).toBeNull();
    expect(screen.getByText(/chat is read-only/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in to chat' })).toHaveAttribute('href', '/signin');
  });

  it('renders chat as text, never as HTML', () => {
    const evil = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    const { container } = renderWithApp(<ChatPanel messages={[msg(1, { message: evil })]} onSend={vi.fn()} signedIn />);
    expect(screen.getByText(evil)).toBeInTheDocument();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('highlights tips and shows badges', () => {
    renderWithApp(
      <ChatPanel
        messages={[msg(1, { message_type: 'TIP', amount_cents: 500, message: 'great call' }), msg(2, { user_id: 'streamer-1' }), msg(3, { badges: ['moderator'] })]}
        onSend={vi.fn()}
        signedIn
        streamerId="streamer-1"
      />,
    );
    const tip = screen.getByText('great call').closest('li')!;
    expect(tip).toHaveAttribute('data-type', 'TIP');
    expect(within(tip).getByText('TIP $5.00')).toBeInTheDocument();
    expect(within(screen.getByText('hello 2').closest('li')!).getByText('Streamer')).toBeInTheDocument();
    expect(within(screen.getByText('hello 3').closest('li')!).getByText('Mod')).toBeInTheDocument();
  });

  it('stops following new messages while the reader is scrolled up, and jumps back on request', async () => {
    function Harness() {
      const [list, setList] = useState([msg(1)]);
      return (
        <>
          <button onClick={() => setList((l) => [...l, msg(l.length + 1)])}>add</button>
          <ChatPanel messages={list} onSend={vi.fn()} signedIn />
        </>
      );
    }
    renderWithApp(<Harness />);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    // jsdom has no layout: give the list a size so "scrolled up" means something.
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 2000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 400 });
    await userEvent.click(screen.getByRole('button', { name: 'add' }));
    expect(log.scrollTop).toBe(2000); // pinned: follows the newest message
    log.scrollTop = 100;
    fireEvent.scroll(log);
    await userEvent.click(screen.getByRole('button', { name: 'add' }));
    await userEvent.click(screen.getByRole('button', { name: 'add' }));
    expect(log.scrollTop).toBe(100); // the reader's position is kept
    const jump = screen.getByRole('button', { name: '2 new messages' });
    await userEvent.click(jump);
    expect(log.scrollTop).toBe(2000);
    expect(screen.queryByRole('button', { name: /new messages/ })).toBeNull();
  });
});
