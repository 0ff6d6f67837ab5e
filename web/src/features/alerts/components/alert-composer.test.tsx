import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { tradeAlert } from '../../../testing/trade-alert';
import AlertComposer from './alert-composer';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

beforeEach(() => fake.reset());

const composer = () => screen.getByRole('region', { name: 'Alert composer' });

async function fillValidShort(user: ReturnType<typeof userEvent.setup>) {
  // Keyboard only: the symbol field has focus, Alt+S picks short, Tab walks the fields.
  await user.keyboard('es1!');
  await user.keyboard('{Alt>}s{/Alt}');
  await user.click(screen.getByLabelText('Entry'));
  await user.keyboard('5850.00');
  await user.tab();
  await user.keyboard('5870');
  await user.click(screen.getByLabelText('Targets'));
  await user.keyboard('5800, 5780.50');
  const groups = within(composer()).getByRole('group', { name: 'Disclosures' });
  await user.click(within(groups).getByRole('button', { name: 'No' }));
  await user.click(within(groups).getByRole('button', { name: 'Not paid' }));
}

describe('alert composer', () => {
  it('previews the alert with its R:R and posts it normalised with Ctrl+Enter', async () => {
    const user = userEvent.setup();
    fake.acks.post_alert = (p) => ({ ok: true, alert: tradeAlert({ symbol: 'ES1!', side: 'short', entry: '5850', stop: '5870', targets: ['5800', '5780.5'], alert_id: 'new', stream_id: String(p.stream_id) }) });
    const onPosted = vi.fn();
    renderWithApp(<AlertComposer streamId="s1" onPosted={onPosted} />);
    expect(screen.getByLabelText('Symbol')).toHaveFocus();
    await fillValidShort(user);
    const preview = screen.getByRole('status', { name: 'Preview' });
    expect(preview).toHaveTextContent('SHORT ES1! @ 5850.00 stop 5870 → 5800 / 5780.50');
    // Risk 20 on 5850 = 0.34%; 50 / 20 = 2.5; 69.5 / 20 = 3.475 exactly, half-even → 3.48 (the even neighbour).
    expect(preview).toHaveTextContent('Risk 0.34% from 5850 · T1 R:R 1 : 2.5 · T2 R:R 1 : 3.48');
    await user.click(screen.getByLabelText('Stop'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onPosted).toHaveBeenCalledOnce());
    const sent = fake.emitted.find((e) => e.event === 'post_alert')!.payload as Record<string, unknown>;
    expect(sent).toMatchObject({ stream_id: 's1', symbol: 'ES1!', side: 'short', entry: '5850', stop: '5870', targets: ['5800', '5780.5'], holds_position: false, paid_promotion: false });
    expect(sent.idempotency_key).toMatch(/^[0-9a-f-]{32,36}$/);
    // Cleared for the next one, disclosures unset again.
    expect(screen.getByLabelText('Symbol')).toHaveValue('');
    expect(screen.getByLabelText('Symbol')).toHaveFocus();
  });

  it('catches a stop on the wrong side and missing disclosures before sending', async () => {
    const user = userEvent.setup();
    renderWithApp(<AlertComposer streamId="s1" />);
    await user.keyboard('AAPL');
    await user.click(screen.getByLabelText('Entry'));
    await user.keyboard('189.5');
    await user.tab();
    await user.keyboard('190');
    await user.click(screen.getByLabelText('Targets'));
    await user.keyboard('180 1 2 3 4 5');
    await user.click(screen.getByRole('button', { name: /Post alert/ }));
    expect(screen.getByText('Stop must be below the entry for a long')).toBeInTheDocument();
    expect(screen.getByText(/At most 5 targets/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('State both disclosures for every alert.');
    expect(fake.events()).not.toContain('post_alert');
  });

  it("shows the server's message when it refuses", async () => {
    const user = userEvent.setup();
    fake.acks.post_alert = () => ({ ok: false, error: { code: 'disclaimer_required', message: 'Set a channel disclaimer before your first alert' } });
    renderWithApp(<AlertComposer streamId="s1" needsDisclaimer />);
    expect(screen.getByText(/Set your channel disclaimer in Alert settings/)).toBeInTheDocument();
    await fillValidShort(user);
    await user.click(screen.getByRole('button', { name: /Post alert/ }));
    expect(await screen.findByLabelText('Server refused')).toHaveTextContent('Set a channel disclaimer before your first alert');
    expect(screen.getByLabelText('Symbol')).toHaveValue('ES1!');
  });
});
