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
      const all: ChatMessage[] = [];
      let before: number | undefined;
      try {
        while (all.length < MAX_REPLAY) {
          const page = await getMessages(streamId, { before, limit: 100 }, ctrl.signal);
          const msgs = [...(page.messages ?? [])].sort((a, b) => a.created_at - b.created_at);
          all.unshift(...msgs);
          if (msgs.length < 100) break;
          before = msgs[0].created_at;
        }
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
