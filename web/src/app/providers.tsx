import type { ReactNode } from 'react';
import SessionCheck from '../features/auth/components/session-check';
import { NotifyProvider } from '../lib/notify';
import { AppThemeProvider } from '../theme/color-mode';

export default function Providers({ children }: { children: ReactNode }) {
  return (
    <AppThemeProvider>
      <NotifyProvider>
        <SessionCheck />
        {children}
      </NotifyProvider>
    </AppThemeProvider>
  );
}
