import type { PaletteOptions } from '@mui/material/styles';

export type ColorMode = 'dark' | 'light';

// Trading colours: green for gains/tips, red for LIVE and losses; a deep navy background in dark mode
// so charts shared on screen keep their contrast.
export function palette(mode: ColorMode): PaletteOptions {
  const common = {
    primary: { main: mode === 'dark' ? '#38bdf8' : '#0369a1' },
    secondary: { main: mode === 'dark' ? '#a78bfa' : '#6d28d9' },
    success: { main: mode === 'dark' ? '#22c55e' : '#15803d' },
    error: { main: mode === 'dark' ? '#ef4444' : '#b91c1c' },
    warning: { main: '#f59e0b' },
  };
  if (mode === 'dark') {
    return {
      mode,
      ...common,
      background: { default: '#0b1220', paper: '#111a2e' },
      divider: 'rgba(148, 163, 184, 0.16)',
      text: { primary: '#e2e8f0', secondary: '#94a3b8' },
    };
  }
  return { mode, ...common, background: { default: '#f4f6fb', paper: '#ffffff' } };
}
