// The studio with its live chat and tip alerts (toasts), composed from the studio and chat features.
import { useState } from 'react';
import ChatPanel from '../../features/chat/components/chat-panel';
import { FloatingReactions } from '../../features/chat/components/reactions';
import { useStreamRoom } from '../../features/chat/hooks/use-stream-room';
import StudioView from '../../features/studio/components/studio-view';
import PriceSettings from '../../features/subscriptions/components/price-settings';
import ChatSettingsPanel from '../../features/moderation/components/chat-settings-panel';
import Box from '@mui/material/Box';
import { useSession } from '../../lib/session';
import { formatMoney } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import type { Stream } from '../../lib/types';
import RequireAuth from '../require-auth';

function Studio() {
  const notify = useNotify();
  const { user } = useSession();
  const [live, setLive] = useState<Stream | null>(null);
  const room = useStreamRoom(live?.stream_id, {
    onTip: (t) => notify(`💸 ${t.username ?? 'Someone'} tipped ${formatMoney(t.amount_cents)}${t.message ? `: “${t.message}”` : ''}`, 'success'),
  });
  return (
    <>
    <StudioView
      onLiveChange={setLive}
      viewerCount={live ? room.viewerCount : null}
      previewOverlay={<FloatingReactions reactions={room.reactions} />}
      chat={
        live ? (
          <ChatPanel
            messages={room.messages}
            onSend={room.send}
            signedIn
            status={room.status}
            error={room.error}
            streamerId={live.streamer_id}
            title="Stream chat"
            moderation={user && user.id === live.streamer_id ? { onDelete: room.deleteMessage, onTimeout: room.timeoutUser, onBan: room.banUser } : null}
            chatMode={room.chatMode}
            exempt
          />
        ) : null
      }
    />
    {user && (
      <Box sx={{ mt: 2 }}>
        <ChatSettingsPanel
          streamerId={user.id}
          isOwner
          chatMode={live && room.status === 'joined' ? room.chatMode : null}
          onSetMode={live && room.status === 'joined' ? room.setChatMode : null}
          streamId={live && room.status === 'joined' ? live.stream_id : null}
        />
      </Box>
    )}
    {user && (
      <Box sx={{ mt: 2 }}>
        <PriceSettings streamerId={user.id} />
      </Box>
    )}
    </>
  );
}

export default function StudioPage() {
  return (
    <RequireAuth>
      <Studio />
    </RequireAuth>
  );
}
