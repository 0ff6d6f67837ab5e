import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import type { ChatMessage } from '../../../lib/types';
import ChatReplay, { visibleAt } from './chat-replay';

const start = 1_700_000_000_000;
const m = (sec: number): ChatMessage => ({ message_id: `m${sec}`, stream_id: 's', user_id: 'u', username: 'ann', message: `at ${sec}s`, message_type: 'TEXT', created_at: start + sec * 1000 });
const msgs = [m(1), m(5), m(5), m(30)].map((x, i) => ({ ...x, message_id: `m${i}` }));

describe('chat replay', () => {
  it('shows the messages sent up to the playback position', () => {
    expect(visibleAt(msgs, start, 0)).toHaveLength(0);
    expect(visibleAt(msgs, start, 5)).toHaveLength(3);
    expect(visibleAt(msgs, start, 29.9)).toHaveLength(3);
    expect(visibleAt(msgs, start, 600)).toHaveLength(4);
  });
  it('renders the messages up to the position, newest last', () => {
    renderWithApp(<ChatReplay messages={msgs} startedAt={start} position={6} />);
    const shown = within(screen.getByRole('log', { name: 'Chat replay' })).getAllByText(/^at /);
    expect(shown.map((e) => e.textContent)).toEqual(['at 1s', 'at 5s', 'at 5s']);
    expect(screen.getByText('3 / 4')).toBeInTheDocument();
  });
});
