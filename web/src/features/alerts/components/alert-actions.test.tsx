import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { tradeAlert } from '../../../testing/trade-alert';
import AlertActions from './alert-actions';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

beforeEach(() => fake.reset());
const sent = () => fake.emitted.filter((e) => e.event === 'update_alert').map((e) => e.payload as Record<string, unknown>);

describe('one-click alert updates', () => {
  it('an open alert: Filled at the zone midpoint in one click, or Retract', async () => {
    const user = userEvent.setup();
    fake.acks.update_alert = () => ({ ok: true, alert: tradeAlert({ status: 'active' }) });
    const onUpdated = vi.fn();
    renderWithApp(<AlertActions alert={tradeAlert({ entry: { low: '189', high: '190' } })} onUpdated={onUpdated} />);
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Filled' }));
    await waitFor(() => expect(onUpdated).toHaveBeenCalledOnce());
    expect(sent()[0]).toMatchObject({ alert_id: 'a1', kind: 'filled', price: '189.5' });
    await user.click(screen.getByRole('button', { name: 'Retract' }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]).toMatchObject({ kind: 'retract' });
    expect(sent()[1]).not.toHaveProperty('price');
    expect(sent()[0].idempotency_key).not.toBe(sent()[1].idempotency_key);
  });

  it('a filled alert: stop to breakeven, scale out a share, close at the typed price; refusals show', async () => {
    const user = userEvent.setup();
    fake.acks.update_alert = () => ({ ok: true, alert: tradeAlert({ status: 'active' }) });
    renderWithApp(<AlertActions alert={tradeAlert({ status: 'active' })} />);
    await user.click(screen.getByRole('button', { name: 'Stop to breakeven' }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toMatchObject({ kind: 'move_stop', price: '189.5' });
    await user.type(screen.getByLabelText('Price'), '193.50');
    await user.click(screen.getByRole('button', { name: 'Scale out 50%' }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]).toMatchObject({ kind: 'scale_out', price: '193.5', share_pct: 50 });
    await waitFor(() => expect(screen.getByLabelText('Price')).toHaveValue(''));
    fake.acks.update_alert = () => ({ ok: false, error: { code: 'alert_closed', message: 'This alert is already closed' } });
    await user.type(screen.getByLabelText('Price'), '195');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This alert is already closed');
    expect(sent()[2]).toMatchObject({ kind: 'close', price: '195' });
  });

  it('nothing to do on a closed or retracted alert', () => {
    renderWithApp(<AlertActions alert={tradeAlert({ status: 'closed' })} />);
    expect(screen.queryByRole('group')).toBeNull();
  });
});
