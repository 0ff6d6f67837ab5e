// A channel's blocked terms (REST, owner and moderators): read, and replace the whole list.
import { apiRequest } from '../../../lib/api-client';

const path = (streamerId: string) => `/api/v1/channels/${encodeURIComponent(streamerId)}/blocked-terms`;

export function getBlockedTerms(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ terms: string[] }>(path(streamerId), { signal }).then((r) => r.terms);
}

export function setBlockedTerms(streamerId: string, terms: string[]) {
  return apiRequest<{ terms: string[] }>(path(streamerId), { method: 'PUT', body: { terms } }).then((r) => r.terms);
}
