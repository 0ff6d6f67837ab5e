// Capture for the studio: camera, screen share (charts), or screen with the camera as picture-in-picture
// composited on a canvas. Devices are listed once permission is granted.
import { useCallback, useEffect, useRef, useState } from 'react';

export type SourceKind = 'camera' | 'screen' | 'screen+camera';

export interface Devices {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

function stopAll(s: MediaStream | null) {
  s?.getTracks().forEach((t) => t.stop());
}

function playHidden(stream: MediaStream): HTMLVideoElement {
  const v = document.createElement('video');
  v.muted = true;
  v.playsInline = true;
  v.srcObject = stream;
  v.play().catch(() => {});
  return v;
}

/** Draws the screen full-size and the camera in the bottom-right corner, 30 fps. */
function composite(screen: MediaStream, camera: MediaStream): { stream: MediaStream; stop: () => void } {
  const sv = playHidden(screen);
  const cv = playHidden(camera);
  const canvas = document.createElement('canvas');
  const settings = screen.getVideoTracks()[0]?.getSettings();
  canvas.width = settings?.width ?? 1280;
  canvas.height = settings?.height ?? 720;
  const ctx = canvas.getContext('2d')!;
  let running = true;
  const timer = setInterval(() => {
    if (!running) return;
    ctx.drawImage(sv, 0, 0, canvas.width, canvas.height);
    const w = Math.round(canvas.width / 4);
    const h = Math.round((w * (cv.videoHeight || 9)) / (cv.videoWidth || 16));
    const x = canvas.width - w - 16;
    const y = canvas.height - h - 16;
    ctx.fillStyle = '#000';
    ctx.fillRect(x - 2, y - 2, w + 4, h + 4);
    ctx.drawImage(cv, x, y, w, h);
  }, 1000 / 30);
  const stream = canvas.captureStream(30);
  return {
    stream,
    stop: () => {
      running = false;
      clearInterval(timer);
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}

export function useMediaSource() {
  const [kind, setKind] = useState<SourceKind>('camera');
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [media, setMedia] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cleanup = useRef<() => void>(() => {});

  const refreshDevices = useCallback(async () => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    setDevices({ cameras: all.filter((d) => d.kind === 'videoinput'), mics: all.filter((d) => d.kind === 'audioinput') });
  }, []);

  const stop = useCallback(() => {
    cleanup.current();
    cleanup.current = () => {};
    setMedia(null);
  }, []);

  const start = useCallback(async (): Promise<MediaStream | null> => {
    stop();
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('This browser cannot capture video here (a secure https:// page is needed).');
      return null;
    }
    const camConstraints: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 }, ...(cameraId ? { deviceId: { exact: cameraId } } : {}) };
    const micConstraints: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, ...(micId ? { deviceId: { exact: micId } } : {}) };
    const opened: MediaStream[] = [];
    try {
      let out: MediaStream;
      if (kind === 'camera') {
        out = await navigator.mediaDevices.getUserMedia({ video: camConstraints, audio: micConstraints });
        opened.push(out);
        cleanup.current = () => stopAll(out);
      } else {
        const screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 30 } }, audio: false });
        opened.push(screen);
        const mic = await navigator.mediaDevices.getUserMedia({ audio: micConstraints, video: kind === 'screen+camera' ? camConstraints : false });
        opened.push(mic);
        if (kind === 'screen') {
          out = new MediaStream([...screen.getVideoTracks(), ...mic.getAudioTracks()]);
          cleanup.current = () => opened.forEach(stopAll);
        } else {
          const pip = composite(screen, new MediaStream(mic.getVideoTracks()));
          out = new MediaStream([...pip.stream.getVideoTracks(), ...mic.getAudioTracks()]);
          cleanup.current = () => {
            pip.stop();
            opened.forEach(stopAll);
          };
        }
        // Stopping the share from the browser's own bar ends the preview too.
        screen.getVideoTracks()[0]?.addEventListener('ended', () => stop());
      }
      setMedia(out);
      refreshDevices();
      return out;
    } catch (e) {
      opened.forEach(stopAll);
      const name = (e as DOMException).name;
      setError(
        name === 'NotAllowedError'
          ? 'Permission to use the camera, microphone or screen was denied.'
          : name === 'NotFoundError'
            ? 'No camera or microphone was found.'
            : `Could not start capture: ${(e as Error).message}`,
      );
      return null;
    }
  }, [kind, cameraId, micId, stop, refreshDevices]);

  useEffect(() => {
    refreshDevices().catch(() => {});
    return () => cleanup.current();
  }, [refreshDevices]);

  return { kind, setKind, cameraId, setCameraId, micId, setMicId, devices, media, error, start, stop };
}
