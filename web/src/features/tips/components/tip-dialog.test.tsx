import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import TipDialog from './tip-dialog';

const tip = (amount: number) => ({ tip: { tip_id: 't1', stream_id: 's1', amount_cents: amount, fee_cents: 5, streamer_credit_cents: amount - 5, created_at: 1 } });

afterEach(() => vi.unstubAllGlobals());

describe('TipDialog', () => {
  it('shows the balance and refuses an amount above it', async () => {
    stubFetch({ 'GET /api/v1/wallet': () => json(200, { balance_cents: 300, currency: 'USD' }) });
    renderWithApp(<TipDialog open streamId="s1" streamerName="alice" onClose={vi.fn()} />);
    expect(await screen.findByLabelText('Balance')).toHaveTextContent('$3.00');
    // Default amount is $5: more than the balance.
    expect(screen.getByText(/Insufficient funds/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Send tip/ })).toBeDisabled();
    const amount = screen.getByRole('textbox', { name: 'Amount' });
    await userEvent.clear(amount);
    await userEvent.type(amount, '2.50');
    expect(screen.queryByText(/Insufficient funds/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Send tip $2.50' })).toBeEnabled();
  });

  it('presets set the amount; a bad amount is flagged', async () => {
    stubFetch({ 'GET /api/v1/wallet': () => json(200, { balance_cents: 10_000, currency: 'USD' }) });
    renderWithApp(<TipDialog open streamId="s1" streamerName="alice" onClose={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: '$10.00' }));
    expect(screen.getByRole('textbox', { name: 'Amount' })).toHaveValue('10');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Amount' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Amount' }), '1.234');
    expect(screen.getByText('Enter an amount like 5 or 2.50')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Send tip/ })).toBeDisabled();
  });

  it('retries a failed tip with the same idempotency key', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/wallet': () => json(200, { balance_cents: 10_000, currency: 'USD' }),
      'POST /api/v1/streaming/s1/tips': [
        () => json(503, { error: { code: 'server_busy', message: 'Server busy' } }, { 'retry-after': '1' }),
        () => json(201, tip(500)),
      ],
    });
    const onSent = vi.fn();
    renderWithApp(<TipDialog open streamId="s1" streamerName="alice" onClose={vi.fn()} onSent={onSent} />);
    await screen.findByText('$100.00');
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'nice trade');
    await userEvent.click(screen.getByRole('button', { name: 'Send tip $5.00' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Server busy');
    expect(screen.getByRole('alert')).toHaveTextContent('retry safely');
    await userEvent.click(screen.getByRole('button', { name: 'Retry tip' }));
    expect(await screen.findByText(/You tipped \$5.00/)).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    const [a, b] = posts.map((p) => p.body as { amount_cents: number; message: string; idempotency_key: string });
    expect(a).toMatchObject({ amount_cents: 500, message: 'nice trade' });
    expect(a.idempotency_key).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(b.idempotency_key).toBe(a.idempotency_key);
    expect(onSent).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('Balance')).toHaveTextContent('$95.00');
  });

  it('uses a new key when the amount changes after a failure', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/wallet': () => json(200, { balance_cents: 10_000, currency: 'USD' }),
      'POST /api/v1/streaming/s1/tips': [() => json(503, { error: { code: 'server_busy', message: 'busy' } }), () => json(201, tip(100))],
    });
    renderWithApp(<TipDialog open streamId="s1" streamerName="alice" onClose={vi.fn()} />);
    await screen.findByText('$100.00');
    await userEvent.click(screen.getByRole('button', { name: 'Send tip $5.00' }));
    await screen.findByRole('alert');
    await userEvent.click(screen.getByRole('button', { name: '$1.00' }));
    await userEvent.click(screen.getByRole('button', { name: /Send tip \$1.00|Retry tip/ }));
    await screen.findByText(/You tipped/);
    const keys = calls.filter((c) => c.method === 'POST').map((c) => (c.body as { idempotency_key: string }).idempotency_key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('explains insufficient funds reported by the server', async () => {
    stubFetch({
      'GET /api/v1/wallet': () => json(200, { balance_cents: 10_000, currency: 'USD' }),
      'POST /api/v1/streaming/s1/tips': () => json(409, { error: { code: 'insufficient_funds', message: 'Not enough money' } }),
    });
    renderWithApp(<TipDialog open streamId="s1" streamerName="alice" onClose={vi.fn()} />);
    await screen.findByText('$100.00');
    await userEvent.click(screen.getByRole('button', { name: 'Send tip $5.00' }));
    await waitFor(() => expect(screen.getByText(/Insufficient funds for this tip/)).toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Wallet' })).toHaveAttribute('href', '/wallet');
  });
});
