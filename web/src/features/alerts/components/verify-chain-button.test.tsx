// The verify button against a log the test hashes with node:crypto, served through fetch in two pages.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import VerifyChainButton from './verify-chain-button';

afterEach(() => vi.unstubAllGlobals());

// Content written in canonical (JCS) order by hand, so the hash is independent of the code under test.
const texts = [
  '{"alert_id":"a1","entry":"189.5","kind":"post","seq":1,"side":"long","stop":"185","symbol":"AAPL","targets":["195"]}',
  '{"alert_id":"a1","kind":"filled","price":"189.5","seq":2}',
  '{"alert_id":"a1","kind":"close","price":"195","seq":3}',
];
function chain() {
  let prev = '0'.repeat(64);
  return texts.map((t) => {
    const hash = createHash('sha256').update(prev + t).digest('hex');
    const e = { ...JSON.parse(t), prev_hash: prev, hash };
    prev = hash;
    return e;
  });
}

function serve(events: ReturnType<typeof chain>) {
  return stubFetch({
    'GET /api/v1/channels/s-1/alerts/log': ({ url }) => {
      const after = Number(new URL(url, 'http://x').searchParams.get('after_seq') ?? 0);
      const page = events.filter((e) => e.seq > after).slice(0, 2);
      return json(200, { events: page, next_seq: page.length === 2 ? page[1].seq : null });
    },
  });
}

describe('verify the track record', () => {
  it('recomputes every page in the browser and says verified', async () => {
    const { calls } = serve(chain());
    renderWithApp(<VerifyChainButton streamerId="s-1" />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Verify the record' }));
    expect(await screen.findByText(/Verified: 3 entries/)).toBeInTheDocument();
    expect(calls.map((c) => new URL(c.url, 'http://x').searchParams.get('after_seq'))).toEqual([null, '2']);
  });

  it('says where a tampered log breaks', async () => {
    const events = chain();
    events[1].price = '180';
    serve(events);
    renderWithApp(<VerifyChainButton streamerId="s-1" />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Verify the record' }));
    expect(await screen.findByRole('status', { name: 'Verification' })).toHaveTextContent(/Broken at entry #2: entry #2 was changed after it was written .*\(1 entries before it verified\.\)/);
  });
});
