import { createTheme } from '@mui/material/styles';
import { palette, type ColorMode } from './palette';
import { typography } from './typography';
import { components } from './components';

export type { ColorMode };

export function createAppTheme(mode: ColorMode) {
  return createTheme({ palette: palette(mode), typography, components, shape: { borderRadius: 10 } });
}

// Overlay colours for chips drawn on top of video (independent of the page theme).
export const overlay = { background: 'rgba(0,0,0,0.65)', text: '#fff' };
