import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import { chatMessage as msg } from '../../../testing/chat-message';
import ChatMessageItem from './chat-message-item';
import ChatReplay from './chat-replay';

const alertLine = msg(2, { message_type: 'ALERT', message: 'LONG AAPL @ 189.5 stop 185 → 195', alert_id: 'a1', user_id: 'boss' });

describe('ALERT lines in chat', () => {
  it('are marked as alerts', () => {
    renderWithApp(<ul><ChatMessageItem message={alertLine} streamerId="boss" /></ul>);
    const li = screen.getByText('LONG AAPL @ 189.5 stop 185 → 195').closest('li')!;
    expect(li).toHaveAttribute('data-type', 'ALERT');
    expect(within(li).getByText('ALERT')).toBeInTheDocument();
    expect(within(li).getByText('Streamer')).toBeInTheDocument();
  });

  it('replay as the card the page hands in, at their moment, or as the plain line without one', () => {
    const messages = [msg(1), alertLine, msg(3, { message_type: 'ALERT', message: 'SHORT TSLA @ 250 stop 260', alert_id: 'gone' })];
    renderWithApp(<ChatReplay messages={messages} startedAt={1_700_000_000_000} position={5} renderAlert={(id) => (id === 'a1' ? <div>card for {id}</div> : null)} />);
    const log = screen.getByRole('log', { name: 'Chat replay' });
    expect(within(log).getByText('card for a1')).toBeInTheDocument();
    expect(within(log).queryByText('LONG AAPL @ 189.5 stop 185 → 195')).toBeNull();
    expect(within(log).getByText('SHORT TSLA @ 250 stop 260')).toBeInTheDocument();
    renderWithApp(<ChatReplay messages={messages} startedAt={1_700_000_000_000} position={1.5} renderAlert={() => <div>early card</div>} />);
    expect(screen.queryByText('early card')).toBeNull();
  });
});
