// The studio with its live chat, tip alerts (toasts) and the trade-alert composer beside the chat,
// composed from the studio, chat and alerts features.
import { useState } from 'react';
import Stack from '@mui/material/Stack';
import StudioAlerts from '../../features/alerts/components/studio-alerts';
import StudioAlertSettings from '../../features/alerts/components/studio-alert-settings';
import RoomChat from '../../features/chat/components/room-chat';
import { FloatingReactions } from '../../features/watch/components/reactions';
import StudioView from '../../features/studio/components/studio-view';
import PriceSettings from '../../features/subscriptions/components/price-settings';
import ChatSettingsPanel from '../../features/moderation/components/chat-settings-panel';
import Box from '@mui/material/Box';
import { useStreamRoom } from '../../lib/room/use-stream-room';
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
          <Stack spacing={2}>
            <StudioAlerts streamerId={live.streamer_id} streamId={live.stream_id} />
            <RoomChat room={room} streamerId={live.streamer_id} signedIn title="Stream chat" moderate={user?.id === live.streamer_id} exempt />
          </Stack>
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
    {user && (
      <Box sx={{ mt: 2 }}>
        <StudioAlertSettings />
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
