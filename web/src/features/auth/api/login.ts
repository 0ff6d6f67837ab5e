import { apiRequest } from '../../../lib/api-client';
import type { AuthResponse } from './auth-types';

export function login(username: string, password: string) {
  return apiRequest<AuthResponse>('/api/v1/auth/login', { method: 'POST', body: { username, password }, auth: false });
}
