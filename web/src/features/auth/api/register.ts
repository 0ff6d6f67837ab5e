import { apiRequest } from '../../../lib/api-client';
import type { AuthResponse } from './auth-types';

export function register(username: string, password: string) {
  return apiRequest<AuthResponse>('/api/v1/auth/register', { method: 'POST', body: { username, password }, auth: false });
}
