import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import EmptyState from '../../components/empty-state';

export default function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      <Button component={RouterLink} to="/" sx={{ mt: 1 }}>
        Back to live streams
      </Button>
    </EmptyState>
  );
}
