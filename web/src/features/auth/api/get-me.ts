import { apiRequest } from '../../../lib/api-client';
import type { SessionUser } from '../../../lib/session';

export function getMe() {
  return apiRequest<{ user: SessionUser }>('/api/v1/me');
}
