// All stored chat of a (past) stream, oldest first, for the replay; pages backwards up to a cap.
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import type { ChatMessage } from '../../../lib/types';
import { getMessages } from '../api/get-messages';

const MAX_REPLAY = 5000;

export function useChatHistory(streamId: string | undefined) {
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!streamId) return;
    const ctrl = new AbortController();
    (async () => {
      let all: ChatMessage[] = [];
      let before: string | null = null;
      try {
        while (all.length < MAX_REPLAY) {
          const page = await getMessages(streamId, { before, limit: 200 }, ctrl.signal);
          all = all.concat(page.messages ?? []);
          before = page.next_cursor ?? null;
          if (!before || !page.messages?.length) break;
        }
        const seen = new Set<string>();
        all = all.filter((m) => !seen.has(m.message_id) && !!seen.add(m.message_id)).sort((a, b) => a.created_at - b.created_at);
        setMessages(all);
      } catch (e) {
        if (!ctrl.signal.aborted) {
          setError(errorMessage(e));
          setMessages(all);
        }
      }
    })();
    return () => ctrl.abort();
  }, [streamId]);
  return { messages, error };
}
