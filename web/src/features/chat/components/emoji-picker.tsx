// The heavy emoji picker, loaded on first open only (see chat-panel's lazy import).
import EmojiPickerReact, { Theme } from 'emoji-picker-react';
import { useTheme } from '@mui/material/styles';

export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const theme = useTheme();
  return (
    <EmojiPickerReact
      onEmojiClick={(e) => onPick(e.emoji)}
      theme={theme.palette.mode === 'dark' ? Theme.DARK : Theme.LIGHT}
      lazyLoadEmojis
      previewConfig={{ showPreview: false }}
      width={320}
      height={380}
    />
  );
}
