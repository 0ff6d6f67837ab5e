import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithApp } from '../../../testing/render';
import { tradeAlert } from '../../../testing/trade-alert';
import AlertCard from './alert-card';

describe('alert card', () => {
  it('shows entry, stop, targets with their R:R, and the disclosures without a click', () => {
    renderWithApp(<AlertCard alert={tradeAlert()} delayNotice="You see this 60 s after subscribers." />);
    const card = screen.getByRole('article', { name: 'Alert LONG AAPL' });
    expect(within(card).getByText('Entry').nextSibling).toHaveTextContent('189.5');
    expect(within(card).getByText('Stop').nextSibling).toHaveTextContent('185');
    // 195: 5.5 / 4.5 → 1.22; 198.5: 9 / 4.5 → 2.
    expect(within(card).getByText('Targets').nextSibling).toHaveTextContent('195(1 : 1.22)198.5(1 : 2)');
    expect(within(card).getByText('Risk').nextSibling).toHaveTextContent('2.37%');
    expect(within(card).getByLabelText('Status')).toHaveTextContent('Open');
    const disclosures = within(card).getByLabelText('Disclosures');
    expect(disclosures).toHaveTextContent('Streamer holds / plans to trade this');
    expect(disclosures).toHaveTextContent('Not financial advice. Trade your own plan.');
    expect(disclosures).not.toHaveTextContent('Paid promotion');
    expect(within(card).getByRole('note')).toHaveTextContent('You see this 60 s after subscribers.');
    expect(within(card).queryByLabelText('Result')).toBeNull();
  });

  it('a closed short shows its P&L; a zone and a paid promotion are labelled', () => {
    const a = tradeAlert({ side: 'short', entry: { low: '5850', high: '5855' }, stop: '5870', targets: ['5800'], status: 'closed', pnl: { return_pct: '0.8547', r_multiple: '2.5' }, disclosures: { holds_position: false, paid_promotion: true } });
    renderWithApp(<AlertCard alert={a} />);
    const card = screen.getByRole('article', { name: 'Alert SHORT AAPL' });
    expect(within(card).getByText('Entry zone').nextSibling).toHaveTextContent('5850–5855');
    // Midpoint 5852.5, risk 17.5, reward 52.5 → 3.
    expect(within(card).getByText('Target').nextSibling).toHaveTextContent('5800(1 : 3)');
    expect(within(card).getByLabelText('Result')).toHaveTextContent('+0.8547%+2.5 R');
    expect(within(card).getByLabelText('Status')).toHaveTextContent('Closed');
    expect(within(card).getByLabelText('Disclosures')).toHaveTextContent('Streamer holds no positionPaid promotion');
  });
});
