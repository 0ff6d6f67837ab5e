import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { ApiError } from '../../../lib/api-client';
import AlertSettingsForm from './alert-settings-form';

describe('alert settings form', () => {
  it('checks the disclaimer length and the delays, then saves them as numbers', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<AlertSettingsForm settings={null} onSave={onSave} />);
    expect(screen.getByLabelText('Free & signed-out delay (s)')).toHaveValue('60');
    const save = screen.getByRole('button', { name: 'Save alert settings' });
    await user.type(screen.getByLabelText('Disclaimer'), 'too short');
    expect(save).toBeDisabled();
    await user.type(screen.getByLabelText('Disclaimer'), '!!');
    await user.clear(screen.getByLabelText('Basic delay (s)'));
    await user.type(screen.getByLabelText('Basic delay (s)'), '901');
    expect(screen.getByText('0–900 seconds')).toBeInTheDocument();
    expect(save).toBeDisabled();
    await user.clear(screen.getByLabelText('Basic delay (s)'));
    await user.type(screen.getByLabelText('Basic delay (s)'), '15');
    await user.click(save);
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ disclaimer: 'too short!!', release_delays: { PREMIUM: 0, BASIC: 15, FREE: 60 } }));
  });

  it("shows the server's message when it refuses", async () => {
    const onSave = vi.fn().mockRejectedValue(new ApiError(400, 'invalid_disclaimer', 'The disclaimer has a control character'));
    renderWithApp(<AlertSettingsForm settings={{ disclaimer: 'Not advice, ever.', release_delays: { PREMIUM: 0, BASIC: 0, FREE: 60 } }} onSave={onSave} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save alert settings' }));
    expect(await screen.findByText('The disclaimer has a control character')).toBeInTheDocument();
  });
});
