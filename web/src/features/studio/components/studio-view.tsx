// The streamer studio: details, source and device choice, preview, Go live (create + WHIP publish),
// the live panel and End stream. Leaving while live asks first.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import Grid from '@mui/material/Grid';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import VideocamIcon from '@mui/icons-material/Videocam';
import StopIcon from '@mui/icons-material/Stop';
import ScreenShareIcon from '@mui/icons-material/ScreenShare';
import PictureInPictureIcon from '@mui/icons-material/PictureInPictureAlt';
import ConfirmDialog from '../../../components/confirm-dialog';
import { LiveChip, ViewerChip } from '../../../components/live-chip';
import VideoBox, { VideoNotice } from '../../../components/video-box';
import { errorMessage } from '../../../lib/api-client';
import { useNotify } from '../../../lib/notify';
import { useSession } from '../../../lib/session';
import type { Stream } from '../../../lib/types';
import { createStream } from '../api/create-stream';
import { endStream } from '../api/end-stream';
import { myLiveStreams } from '../api/my-live-streams';
import { publishHealthSampler, whipPublish, type WhipSession } from '../api/whip-publish';
import { useMediaSource, type SourceKind } from '../hooks/use-media-source';
import LiveStats, { type PublishHealth } from './live-stats';

export const STUDIO_CATEGORIES = ['trading', 'crypto', 'stocks', 'forex', 'options', 'futures', 'education'];

export interface StudioViewProps {
  onLiveChange?: (stream: Stream | null) => void;
  viewerCount?: number | null;
  /** The chat panel for the live stream (composed by the route). */
  chat?: ReactNode;
  /** Drawn over the preview while live (viewers' reactions). */
  previewOverlay?: ReactNode;
}

export default function StudioView({ onLiveChange, viewerCount = null, chat, previewOverlay }: StudioViewProps) {
  const { user } = useSession();
  const notify = useNotify();
  const src = useMediaSource();
  const previewRef = useRef<HTMLVideoElement>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('trading');
  const [live, setLive] = useState<Stream | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [health, setHealth] = useState<PublishHealth | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const whip = useRef<WhipSession | null>(null);

  const setLiveStream = useCallback(
    (s: Stream | null) => {
      setLive(s);
      onLiveChange?.(s);
    },
    [onLiveChange],
  );

  // A reload while live: pick the stream up again (the video has to be re-published).
  useEffect(() => {
    if (!user) return;
    const ctrl = new AbortController();
    myLiveStreams(user.id, ctrl.signal)
      .then((r) => {
        const s = r.streams[0];
        if (s) {
          setLiveStream(s);
          setTitle(s.title);
          setPublishError('Your stream is still live but no video is being sent. Start a source and press “Publish video”.');
        }
      })
      .catch(() => {});
    return () => ctrl.abort();
  }, [user, setLiveStream]);

  useEffect(() => {
    if (previewRef.current) previewRef.current.srcObject = src.media;
  }, [src.media]);

  useEffect(() => {
    if (!live) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [live]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => !!live && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => () => whip.current?.stop(), []);

  const publish = async (stream: Stream, media: MediaStream) => {
    setPublishError(null);
    try {
      whip.current?.stop();
      whip.current = await whipPublish(stream.stream_id, media);
      const sample = publishHealthSampler(whip.current.pc);
      const pc = whip.current.pc;
      const t = setInterval(async () => {
        if (pc.connectionState === 'closed') return clearInterval(t);
        setHealth(await sample().catch(() => null));
      }, 2000);
    } catch (e) {
      const status = (e as { status?: number }).status;
      setPublishError(
        status === 404 || status === 405
          ? 'Video ingest (WHIP) is not available on this server yet: your stream is live for chat, but viewers see it as offline.'
          : `Could not send video: ${errorMessage(e)}`,
      );
    }
  };

  const goLive = async () => {
    setError(null);
    setBusy(true);
    try {
      const media = src.media ?? (await src.start());
      if (!media) return;
      const { stream } = await createStream({ title: title.trim(), description: description.trim() || undefined, category });
      setLiveStream(stream);
      notify('You are live!', 'success');
      await publish(stream, media);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const republish = async () => {
    if (!live) return;
    const media = src.media ?? (await src.start());
    if (media) await publish(live, media);
  };

  const end = async () => {
    if (!live) return;
    setConfirmEnd(false);
    setBusy(true);
    try {
      await endStream(live.stream_id);
      whip.current?.stop();
      whip.current = null;
      src.stop();
      setHealth(null);
      setPublishError(null);
      setLiveStream(null);
      notify('Stream ended. The recording will appear in your broadcasts.', 'info');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          Studio
        </Typography>
        {live && <LiveChip />}
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: chat ? 8 : 12 }}>
          <Card>
            <CardContent>
              <VideoBox>
                <video ref={previewRef} aria-label="Preview" autoPlay muted playsInline style={{ width: '100%', height: '100%', objectFit: 'contain' }} />
                {!src.media && (
                  <VideoNotice status={false} icon={<VideocamIcon fontSize="large" />} title={<Typography>No source yet. Pick one and start the preview.</Typography>} />
                )}
                {live && (
                  <Box sx={{ position: 'absolute', top: 12, left: 12, display: 'flex', gap: 1 }}>
                    <LiveChip />
                    <ViewerChip count={viewerCount ?? live.viewer_count} />
                  </Box>
                )}
                {live && previewOverlay}
              </VideoBox>
              <Stack spacing={2} sx={{ mt: 2 }}>
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
                  <ToggleButtonGroup
                    exclusive
                    size="small"
                    value={src.kind}
                    onChange={(_, v: SourceKind | null) => v && src.setKind(v)}
                    aria-label="Video source"
                    disabled={!!whip.current}
                  >
                    <ToggleButton value="camera" aria-label="Camera">
                      <VideocamIcon sx={{ mr: 0.5 }} /> Camera
                    </ToggleButton>
                    <ToggleButton value="screen" aria-label="Screen share">
                      <ScreenShareIcon sx={{ mr: 0.5 }} /> Screen
                    </ToggleButton>
                    <ToggleButton value="screen+camera" aria-label="Screen with camera">
                      <PictureInPictureIcon sx={{ mr: 0.5 }} /> Screen + camera
                    </ToggleButton>
                  </ToggleButtonGroup>
                  <Box sx={{ flex: 1 }} />
                  {src.media ? (
                    <Button onClick={src.stop} disabled={!!live && !!whip.current}>
                      Stop preview
                    </Button>
                  ) : (
                    <Button variant="outlined" onClick={() => src.start()}>
                      Start preview
                    </Button>
                  )}
                </Stack>
                {src.error && <Alert severity="error">{src.error}</Alert>}
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                  <FormControl fullWidth size="small" disabled={src.kind === 'screen'}>
                    <InputLabel id="cam-label" shrink>Camera device</InputLabel>
                    <Select labelId="cam-label" label="Camera device" displayEmpty notched value={src.cameraId} onChange={(e) => src.setCameraId(e.target.value)}>
                      <MenuItem value="">Default camera</MenuItem>
                      {src.devices.cameras.map((d, i) => (
                        <MenuItem key={d.deviceId || i} value={d.deviceId}>
                          {d.label || `Camera ${i + 1}`}
                        </MenuItem>
                      ))}
                    </Select>
                  </FormControl>
                  <FormControl fullWidth size="small">
                    <InputLabel id="mic-label" shrink>Microphone</InputLabel>
                    <Select labelId="mic-label" label="Microphone" displayEmpty notched value={src.micId} onChange={(e) => src.setMicId(e.target.value)}>
                      <MenuItem value="">Default microphone</MenuItem>
                      {src.devices.mics.map((d, i) => (
                        <MenuItem key={d.deviceId || i} value={d.deviceId}>
                          {d.label || `Microphone ${i + 1}`}
                        </MenuItem>
                      ))}
                    </Select>
                  </FormControl>
                </Stack>
                <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} disabled={!!live} required slotProps={{ htmlInput: { maxLength: 140 } }} placeholder="Live trading session" />
                <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} disabled={!!live} multiline minRows={2} slotProps={{ htmlInput: { maxLength: 2000 } }} />
                <FormControl size="small" disabled={!!live}>
                  <InputLabel id="cat-label">Category</InputLabel>
                  <Select labelId="cat-label" label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
                    {STUDIO_CATEGORIES.map((c) => (
                      <MenuItem key={c} value={c}>
                        {c[0].toUpperCase() + c.slice(1)}
                      </MenuItem>
                    ))}
                  </Select>
                </FormControl>
                {publishError && (
                  <Alert
                    severity="warning"
                    action={
                      live ? (
                        <Button color="inherit" size="small" onClick={republish}>
                          Publish video
                        </Button>
                      ) : undefined
                    }
                  >
                    {publishError}
                  </Alert>
                )}
                {!live ? (
                  <Button variant="contained" color="error" size="large" startIcon={<VideocamIcon />} onClick={goLive} disabled={busy || !title.trim()}>
                    Go live
                  </Button>
                ) : (
                  <Button variant="contained" color="error" size="large" startIcon={<StopIcon />} onClick={() => setConfirmEnd(true)} disabled={busy}>
                    End stream
                  </Button>
                )}
              </Stack>
            </CardContent>
          </Card>
          {live && (
            <Box sx={{ mt: 2 }} aria-label="Live panel" component="section">
              <LiveStats streamId={live.stream_id} startedAt={live.started_at ?? live.created_at} viewerCount={viewerCount} health={health} />
              <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
                <Chip label={`Watch page: /watch/${live.stream_id}`} variant="outlined" component="a" href={`/watch/${live.stream_id}`} target="_blank" clickable />
              </Stack>
            </Box>
          )}
        </Grid>
        {chat && <Grid size={{ xs: 12, md: 4 }}>{chat}</Grid>}
      </Grid>
      <ConfirmDialog
        open={confirmEnd}
        title="End the stream?"
        text="Viewers will see that the stream has ended. The recording is kept."
        confirmLabel="End stream now"
        onConfirm={end}
        onCancel={() => setConfirmEnd(false)}
      />
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="You are live"
        text="Leaving the studio stops sending your video. Your stream stays live until you end it. Leave anyway?"
        confirmLabel="Leave"
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </Stack>
  );
}
