import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { fakeSocket as fake } from '../../../testing/fake-socket';
import { json, stubFetch } from '../../../testing/fetch-stub';
import StudioAlerts from './studio-alerts';
import StudioAlertSettings from './studio-alert-settings';

vi.mock('../../../lib/socket', async (importOriginal) => {
  const { fakeSocket } = await import('../../../testing/fake-socket');
  return { ...(await importOriginal<typeof import('../../../lib/socket')>()), getSocket: () => fakeSocket.socket };
});

beforeEach(() => fake.reset());
afterEach(() => vi.unstubAllGlobals());

const studio = (
  <>
    <StudioAlerts streamerId="me-1" streamId="s1" />
    <StudioAlertSettings />
  </>
);

describe('studio alert panels', () => {
  it('the composer asks for a disclaimer until the settings card saves one', async () => {
    const { calls } = stubFetch({
      'GET /api/v1/channels/me/alert-settings': () => json(200, { settings: { disclaimer: null, release_delays: { PREMIUM: 0, BASIC: 0, FREE: 60 } } }),
      'PUT /api/v1/channels/me/alert-settings': ({ body }) => json(200, { settings: body }),
      'GET /api/v1/channels/me-1/alerts': () => json(200, { alerts: [], next_cursor: null }),
    });
    renderWithApp(studio);
    expect(await screen.findByText(/Set your channel disclaimer in Alert settings/)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Disclaimer'), 'Not advice; I trade what I call.');
    await user.click(screen.getByRole('button', { name: 'Save alert settings' }));
    await waitFor(() => expect(screen.queryByText(/Set your channel disclaimer/)).toBeNull());
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ disclaimer: 'Not advice; I trade what I call.', release_delays: { PREMIUM: 0, BASIC: 0, FREE: 60 } });
  });

  it('nothing shows on a server without trade alerts', async () => {
    const { calls } = stubFetch({});
    renderWithApp(studio);
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/channels/me/alert-settings')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region', { name: 'Alert composer' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Alert settings' })).toBeNull();
  });
});
