// Renders a component inside the app's theme, toasts and a memory router, as the app would.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { NotifyProvider } from '../lib/notify';
import { AppThemeProvider } from '../theme/color-mode';

export function renderWithApp(ui: ReactElement, { path = '/' }: { path?: string } = {}) {
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  return render(
    <AppThemeProvider>
      <NotifyProvider>
        <RouterProvider router={router} />
      </NotifyProvider>
    </AppThemeProvider>,
  );
}
