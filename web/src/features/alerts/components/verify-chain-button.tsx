// "Verify": recomputes the channel's hash chain here, in the browser, and says "verified" or where it breaks.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import VerifiedIcon from '@mui/icons-material/Verified';
import { useChainVerify } from '../hooks/use-chain-verify';
import { describeBreak } from '../lib/verify-chain';

export default function VerifyChainButton({ streamerId }: { streamerId: string }) {
  const { state, verify } = useChainVerify(streamerId);
  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Button variant="outlined" startIcon={<VerifiedIcon />} onClick={verify} disabled={state.phase === 'running'}>
        {state.phase === 'running' ? `Verifying… ${state.checked}` : 'Verify the record'}
      </Button>
      <div role="status" aria-label="Verification">
        {state.phase === 'done' && state.result.ok && (
          <Alert severity="success">
            Verified: {state.result.count} {state.result.count === 1 ? 'entry' : 'entries'}, each hash recomputed in your browser and chained to the one before.
          </Alert>
        )}
        {state.phase === 'done' && !state.result.ok && (
          <Alert severity="error">
            Broken at entry #{state.result.seq ?? '?'}: {describeBreak(state.result)} ({state.result.count} entries before it verified.)
          </Alert>
        )}
        {state.phase === 'error' && <Alert severity="warning">Could not verify: {state.message}</Alert>}
      </div>
    </Stack>
  );
}
