import { createTheme } from '@mui/material/styles';
import { palette, type ColorMode } from './palette';
import { typography } from './typography';
import { components } from './components';

export type { ColorMode };

export function createAppTheme(mode: ColorMode) {
  return createTheme({ palette: palette(mode), typography, components, shape: { borderRadius: 10 } });
}

// Overlay colours for chips and buttons drawn on top of video (independent of the page theme).
export const overlay = { background: 'rgba(0,0,0,0.65)', hover: 'rgba(0,0,0,0.85)', text: '#fff' };

// Behind the picture (letterboxing, before the first frame, "no video" notices): black in both modes,
// so a stream looks the same in the light and the dark theme.
export const videoFrame = { background: '#000', text: overlay.text, aspectRatio: '16 / 9' };
