// The 16:9 frame every video sits in (the live player, a recording, the studio preview and the player's
// loading placeholder), coloured from theme/; what is drawn over the video is layered in as children.
import type { ReactNode, Ref } from 'react';
import Box from '@mui/material/Box';
import { videoFrame } from '../theme/create-theme';

export interface VideoBoxProps {
  children?: ReactNode;
  /** Square corners (fullscreen). */
  square?: boolean;
  ref?: Ref<HTMLDivElement>;
}

export default function VideoBox({ children, square, ref }: VideoBoxProps) {
  return (
    <Box
      ref={ref}
      sx={{ position: 'relative', width: '100%', aspectRatio: videoFrame.aspectRatio, bgcolor: videoFrame.background, borderRadius: square ? 0 : 2, overflow: 'hidden' }}
    >
      {children}
    </Box>
  );
}

/** A message centred over the frame where there is no picture: an icon, a line, and anything below it. */
export function VideoNotice({ icon, title, children, status = true }: { icon: ReactNode; title: ReactNode; children?: ReactNode; status?: boolean }) {
  return (
    <Box
      role={status ? 'status' : undefined}
      sx={{ position: 'absolute', inset: 0, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 1, p: 2, textAlign: 'center', color: videoFrame.text }}
    >
      {icon}
      {title}
      {children}
    </Box>
  );
}
