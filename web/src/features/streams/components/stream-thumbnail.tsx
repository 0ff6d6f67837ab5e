import Box from '@mui/material/Box';
import ShowChartIcon from '@mui/icons-material/ShowChart';
import type { Stream } from '../../../lib/types';

// A stable gradient per stream when the server has no thumbnail yet.
function hue(id: string) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

export default function StreamThumbnail({ stream }: { stream: Stream }) {
  const h = hue(stream.stream_id);
  return (
    <Box
      sx={{
        aspectRatio: '16 / 9',
        position: 'relative',
        background: `linear-gradient(135deg, hsl(${h} 55% 22%), hsl(${(h + 60) % 360} 60% 12%))`,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        overflow: 'hidden',
      }}
    >
      {stream.thumbnail_url ? (
        <img src={stream.thumbnail_url} alt="" loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
      ) : (
        <ShowChartIcon sx={{ fontSize: 56, color: 'rgba(255,255,255,0.35)' }} />
      )}
    </Box>
  );
}
