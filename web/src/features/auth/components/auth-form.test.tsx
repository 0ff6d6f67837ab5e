import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApp } from '../../../testing/render';
import { json, stubFetch } from '../../../testing/fetch-stub';
import { getToken } from '../../../lib/token-store';
import { signOut } from '../../../lib/session';
import AuthForm from './auth-form';

afterEach(() => {
  vi.unstubAllGlobals();
  signOut();
});

describe('AuthForm', () => {
  it('registers and keeps the session', async () => {
    const { calls } = stubFetch({
      'POST /api/v1/auth/register': () => json(201, { user: { id: 'u1', username: 'alice' }, token: 'tok123', expires_at: Date.now() + 60_000 }),
    });
    const onDone = vi.fn();
    renderWithApp(<AuthForm mode="register" onDone={onDone} />);
    await userEvent.type(screen.getByLabelText(/Username/), 'alice');
    await userEvent.type(screen.getByLabelText(/Password/), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(onDone).toHaveBeenCalled();
    expect(calls[0].body).toEqual({ username: 'alice', password: 'correct horse' });
    expect(getToken()).toBe('tok123');
    expect(JSON.parse(localStorage.getItem('tradecast.session')!).user.username).toBe('alice');
  });

  it('checks the password length before asking the server', async () => {
    const { calls } = stubFetch({});
    renderWithApp(<AuthForm mode="register" />);
    await userEvent.type(screen.getByLabelText(/Username/), 'bob');
    await userEvent.type(screen.getByLabelText(/Password/), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByRole('alert')).toHaveTextContent('at least 8 characters');
    expect(calls).toHaveLength(0);
  });

  it("shows the server's message when sign-in fails", async () => {
    stubFetch({ 'POST /api/v1/auth/login': () => json(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password' } }) });
    renderWithApp(<AuthForm mode="signin" />);
    await userEvent.type(screen.getByLabelText(/Username/), 'alice');
    await userEvent.type(screen.getByLabelText(/Password/), 'wrongwrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password');
    expect(getToken()).toBeNull();
  });
});
