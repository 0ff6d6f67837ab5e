import type { Components, Theme } from '@mui/material/styles';

export const components: Components<Theme> = {
  MuiButton: { defaultProps: { disableElevation: true } },
  MuiCard: { defaultProps: { variant: 'outlined' } },
  MuiPaper: { styleOverrides: { root: { backgroundImage: 'none' } } },
  MuiTextField: { defaultProps: { size: 'small' } },
  MuiChip: { styleOverrides: { root: { fontWeight: 600 } } },
};
