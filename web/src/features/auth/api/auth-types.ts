import type { SessionUser } from '../../../lib/session';
export interface AuthResponse {
  user: SessionUser;
  token: string;
  expires_at?: number;
}
