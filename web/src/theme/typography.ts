import type { TypographyVariantsOptions } from '@mui/material/styles';

export const typography: TypographyVariantsOptions = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Color Emoji", sans-serif',
  h5: { fontWeight: 700 },
  h6: { fontWeight: 650 },
  button: { textTransform: 'none', fontWeight: 600 },
};
