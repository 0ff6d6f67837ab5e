// The live player: WHEP first (sub-second), then HLS, then a clear offline state that retries.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import VolumeOffIcon from '@mui/icons-material/VolumeOff';
import VolumeUpIcon from '@mui/icons-material/VolumeUp';
import FullscreenIcon from '@mui/icons-material/Fullscreen';
import FullscreenExitIcon from '@mui/icons-material/FullscreenExit';
import SpeedIcon from '@mui/icons-material/Speed';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import { overlay } from '../../theme/create-theme';
import VideoBox, { VideoNotice } from '../video-box';
import { startWhep, webrtcAvailable, webrtcLatency } from './whep';
import { startHls } from './hls';
import { behindFromDate, type PlaybackClock } from './playback-clock';

export type PlayerMode = 'connecting' | 'webrtc' | 'hls' | 'offline';

export interface VideoPlayerProps {
  streamId: string;
  live: boolean;
  /** Shown when not live (e.g. "This stream has ended"). */
  offlineText?: string;
  poster?: string | null;
  children?: ReactNode;
  onModeChange?: (mode: PlayerMode) => void;
  /** Called with the playback clock whenever the mode changes (HLS: the playing date). */
  onClock?: (clock: PlaybackClock) => void;
  retryMs?: number;
  /** The server's media_state: a change (e.g. waiting → live) retries at once. */
  mediaState?: string;
}

export default function VideoPlayer({ streamId, live, offlineText, poster, children, onModeChange, onClock, retryMs = 5_000, mediaState }: VideoPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [mode, setMode] = useState<PlayerMode>(live ? 'connecting' : 'offline');
  const [detail, setDetail] = useState<string | null>(null);
  const [muted, setMuted] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);
  const [latency, setLatency] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latencyFn = useRef<() => Promise<number | null>>(async () => null);
  const playingDateFn = useRef<() => number | null>(() => null);

  useEffect(() => onModeChange?.(mode), [mode, onModeChange]);
  useEffect(() => onClock?.({ mode, playingDate: () => (mode === 'hls' ? playingDateFn.current() : null) }), [mode, onClock]);

  useEffect(() => {
    if (!live) {
      setMode('offline');
      return;
    }
    const ctrl = new AbortController();
    let cleanup = () => {};
    const video = videoRef.current!;
    setMode('connecting');
    setLatency(null);
    playingDateFn.current = () => null;
    (async () => {
      const reasons: string[] = [];
      if (webrtcAvailable()) {
        try {
          const s = await startWhep(`/api/v1/streaming/${encodeURIComponent(streamId)}/whep`, ctrl.signal);
          if (ctrl.signal.aborted) return s.close();
          cleanup = s.close;
          video.srcObject = s.stream;
          latencyFn.current = () => webrtcLatency(s.pc);
          s.pc.addEventListener('connectionstatechange', () => {
            if (s.pc.connectionState === 'failed' || s.pc.connectionState === 'closed') setAttempt((a) => a + 1);
          });
          setMode('webrtc');
          video.play().catch(() => {});
          return;
        } catch (e) {
          if (ctrl.signal.aborted) return;
          reasons.push(`WebRTC: ${(e as Error).message}`);
        }
      }
      try {
        const s = await startHls(video, `/hls/${encodeURIComponent(streamId)}/index.m3u8`, ctrl.signal);
        if (ctrl.signal.aborted) return s.close();
        cleanup = s.close;
        playingDateFn.current = s.playingDate;
        // Behind live: now against the playing frame's EXT-X-PROGRAM-DATE-TIME, else hls.js's estimate.
        latencyFn.current = async () => {
          const date = s.playingDate();
          return date !== null ? behindFromDate(date) : s.latency();
        };
        setMode('hls');
        video.play().catch(() => {});
        return;
      } catch (e) {
        if (ctrl.signal.aborted) return;
        reasons.push(`HLS: ${(e as Error).message}`);
      }
      setDetail(reasons.join(' · '));
      setMode('offline');
    })();
    return () => {
      ctrl.abort();
      cleanup();
      video.srcObject = null;
    };
  }, [streamId, live, attempt, mediaState]);

  // While the stream is live but nothing plays, try again now and then (the publisher may start late).
  useEffect(() => {
    if (!live || mode !== 'offline') return;
    const t = setTimeout(() => setAttempt((a) => a + 1), retryMs);
    return () => clearTimeout(t);
  }, [live, mode, retryMs]);

  useEffect(() => {
    if (mode !== 'webrtc' && mode !== 'hls') return;
    const t = setInterval(async () => setLatency(await latencyFn.current().catch(() => null)), 2000);
    return () => clearInterval(t);
  }, [mode]);

  useEffect(() => {
    const on = () => setFullscreen(document.fullscreenElement === boxRef.current);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);

  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else boxRef.current?.requestFullscreen?.().catch(() => {});
  }, []);

  const playing = mode === 'webrtc' || mode === 'hls';
  return (
    <VideoBox ref={boxRef} square={fullscreen}>
      <video
        ref={videoRef}
        aria-label="Live video"
        data-mode={mode}
        autoPlay
        playsInline
        muted={muted}
        poster={poster ?? undefined}
        style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }}
      />
      {mode === 'connecting' && (
        <Box sx={centered}>
          <CircularProgress aria-label="Connecting to the stream" />
        </Box>
      )}
      {mode === 'offline' && (
        <VideoNotice
          icon={<VideocamOffIcon fontSize="large" />}
          title={
            <Typography variant="h6">
              {!live ? (offlineText ?? 'Stream is offline') : mediaState === 'waiting' ? 'Starting soon' : mediaState === 'reconnecting' ? 'Reconnecting…' : 'Stream is offline'}
            </Typography>
          }
        >
          {live && (
            <>
              <Typography variant="body2" sx={{ opacity: 0.75 }}>
                {mediaState === 'waiting'
                  ? 'The streamer has not started their video yet.'
                  : mediaState === 'reconnecting'
                    ? 'The streamer dropped out; waiting for them to come back.'
                    : "The streamer's video is not reaching us yet. We'll keep trying."}
              </Typography>
              {detail && (
                <Typography variant="caption" sx={{ opacity: 0.6 }}>
                  {detail}
                </Typography>
              )}
              <Button variant="outlined" color="inherit" size="small" onClick={() => setAttempt((a) => a + 1)}>
                Retry now
              </Button>
            </>
          )}
        </VideoNotice>
      )}
      {children}
      <Box sx={{ position: 'absolute', right: 8, bottom: 8, display: 'flex', gap: 0.5, alignItems: 'center' }}>
        {playing && (
          <Tooltip title={mode === 'webrtc' ? 'WebRTC (WHEP): sub-second; from the jitter buffer and round trip' : 'HLS fallback; from the playlist’s program date time'}>
            <Chip
              size="small"
              icon={<SpeedIcon sx={{ color: `${overlay.text} !important` }} />}
              label={`${mode === 'webrtc' ? 'WebRTC' : 'HLS'}${latency !== null ? ` · ${latency.toFixed(1)} s behind` : ''}`}
              aria-label="Behind live"
              sx={{ bgcolor: overlay.background, color: overlay.text }}
            />
          </Tooltip>
        )}
        <IconButton aria-label={muted ? 'Unmute' : 'Mute'} onClick={() => setMuted((m) => !m)} sx={overlayButton}>
          {muted ? <VolumeOffIcon /> : <VolumeUpIcon />}
        </IconButton>
        <IconButton aria-label={fullscreen ? 'Exit fullscreen' : 'Fullscreen'} onClick={toggleFullscreen} sx={overlayButton}>
          {fullscreen ? <FullscreenExitIcon /> : <FullscreenIcon />}
        </IconButton>
      </Box>
    </VideoBox>
  );
}

const centered = { position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' } as const;
const overlayButton = { bgcolor: overlay.background, color: overlay.text, '&:hover': { bgcolor: overlay.hover } } as const;
