import type { ReactNode } from 'react';
import Box from '@mui/material/Box';

/** Centres the sign-in and register cards. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: '60vh', py: 4 }}>{children}</Box>;
}
