import Chip from '@mui/material/Chip';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { overlay } from '../theme/create-theme';
import { formatCount } from '../lib/format';

export function LiveChip() {
  return <Chip label="LIVE" color="error" size="small" />;
}

export function ViewerChip({ count }: { count: number }) {
  return (
    <Chip
      size="small"
      icon={<VisibilityIcon sx={{ color: `${overlay.text} !important` }} />}
      label={`${formatCount(count)} ${count === 1 ? 'viewer' : 'viewers'}`}
      sx={{ bgcolor: overlay.background, color: overlay.text }}
    />
  );
}
