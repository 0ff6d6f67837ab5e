// How our tests start Debian's Chromium (headless, no network of its own, fake camera and microphone,
// WebRTC host candidates on loopback): one list for the media tests and the web end-to-end tests.
export const chromiumPath = process.env.CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumArgs = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required'];
