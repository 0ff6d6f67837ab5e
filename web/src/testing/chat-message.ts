// A chat line for component tests: message i of user i in stream s1, one second apart.
import type { ChatMessage } from '../lib/types';

export const chatMessage = (i: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  message_id: `m${i}`,
  stream_id: 's1',
  user_id: `u${i}`,
  username: `user${i}`,
  message: `hello ${i}`,
  message_type: 'TEXT',
  created_at: 1_700_000_000_000 + i * 1000,
  ...extra,
});
