// Quick reactions: a row of buttons, and the emoji that float up over the video when anyone reacts.
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { keyframes } from '@mui/material/styles';
import type { FloatingReaction } from '../../../lib/room/use-stream-room';

export const QUICK_REACTIONS = [
  { emoji: '🚀', name: 'Rocket' },
  { emoji: '📈', name: 'Bullish' },
  { emoji: '📉', name: 'Bearish' },
  { emoji: '🔥', name: 'Fire' },
  { emoji: '👏', name: 'Applause' },
  { emoji: '💎', name: 'Diamond hands' },
];

export function ReactionBar({ onReact, disabled }: { onReact: (emoji: string) => void; disabled?: boolean }) {
  return (
    <Box role="group" aria-label="Reactions" sx={{ display: 'flex', gap: 0.25 }}>
      {QUICK_REACTIONS.map((r) => (
        <Tooltip key={r.emoji} title={r.name}>
          <span>
            <IconButton aria-label={`React ${r.name}`} onClick={() => onReact(r.emoji)} disabled={disabled} sx={{ fontSize: 20, width: 40, height: 40 }}>
              <span aria-hidden>{r.emoji}</span>
            </IconButton>
          </span>
        </Tooltip>
      ))}
    </Box>
  );
}

const floatUp = keyframes`
  0% { transform: translateY(0) scale(0.8); opacity: 0; }
  10% { opacity: 1; }
  100% { transform: translateY(-220px) scale(1.3); opacity: 0; }
`;

export function FloatingReactions({ reactions }: { reactions: FloatingReaction[] }) {
  return (
    <Box aria-hidden sx={{ position: 'absolute', right: 24, bottom: 56, width: 80, height: 240, pointerEvents: 'none', overflow: 'visible' }}>
      {reactions.map((r) => (
        <Box
          key={r.id}
          data-testid="floating-reaction"
          sx={{
            position: 'absolute',
            bottom: 0,
            right: (r.id * 17) % 50,
            fontSize: 28,
            animation: `${floatUp} 2.8s ease-out forwards`,
            '@media (prefers-reduced-motion: reduce)': { animation: 'none', opacity: 0.9 },
          }}
        >
          {r.emoji}
        </Box>
      ))}
    </Box>
  );
}
