import { apiRequest } from '../../../lib/api-client';
import type { AlertSettings } from './alert-types';

type Answer = { settings?: AlertSettings; alert_settings?: AlertSettings } & Partial<AlertSettings>;
// The body is {settings:{…}} or the fields themselves; both read the same.
const settingsOf = (r: Answer): AlertSettings => r.settings ?? r.alert_settings ?? { disclaimer: r.disclaimer ?? null, release_delays: r.release_delays! };

export function getMyAlertSettings(signal?: AbortSignal) {
  return apiRequest<Answer>('/api/v1/channels/me/alert-settings', { signal }).then(settingsOf);
}

export function putMyAlertSettings(settings: AlertSettings) {
  return apiRequest<Answer>('/api/v1/channels/me/alert-settings', { method: 'PUT', body: settings }).then(settingsOf);
}

export function getChannelAlertSettings(streamerId: string, signal?: AbortSignal) {
  return apiRequest<Answer>(`/api/v1/channels/${encodeURIComponent(streamerId)}/alert-settings`, { signal, auth: false }).then(settingsOf);
}
