// Routes; every page except Home is loaded on first visit (charts, player and studio stay out of the
// first download).
import { createBrowserRouter } from 'react-router';
import AppShell from '../layouts/app-shell';
import HomePage from './routes/home';
import { RouteError } from './route-error';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export function createRouter() {
  return createBrowserRouter([
    {
      element: <AppShell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomePage /> },
        { path: 'signin', lazy: page(() => import('./routes/signin')) },
        { path: 'register', lazy: page(() => import('./routes/register')) },
        { path: 'watch/:streamId', lazy: page(() => import('./routes/watch')) },
        { path: 'vod/:streamId', lazy: page(() => import('./routes/vod')) },
        { path: 'c/:username', lazy: page(() => import('./routes/channel')) },
        { path: 'studio', lazy: page(() => import('./routes/studio')) },
        { path: 'studio/analytics', lazy: page(() => import('./routes/analytics')) },
        { path: 'wallet', lazy: page(() => import('./routes/wallet')) },
        { path: '*', lazy: page(() => import('./routes/not-found')) },
      ],
    },
  ]);
}
