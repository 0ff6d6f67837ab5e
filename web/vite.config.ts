/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served by the tradecast binary itself (same origin for REST, Socket.IO, WHEP and HLS).
// In `npm run dev`, TRADECAST_URL points the dev server's proxy at a running tradecast.
const backend = process.env.TRADECAST_URL ?? 'http://127.0.0.1:3200';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': backend,
      '/hls': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: { chunkSizeWarningLimit: 900 },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // A hang guard, not a timing target: the 2-core CI machine may be building the server meanwhile.
    testTimeout: 30_000,
  },
});
