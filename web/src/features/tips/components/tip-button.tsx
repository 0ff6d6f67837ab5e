// "Tip" on the watch page: opens the tip dialog for a signed-in viewer, asks anyone else to sign in.
import { useState } from 'react';
import Button from '@mui/material/Button';
import PaidIcon from '@mui/icons-material/Paid';
import { useNotify } from '../../../lib/notify';
import TipDialog from './tip-dialog';

export default function TipButton({ streamId, streamerName, signedIn }: { streamId: string; streamerName: string; signedIn: boolean }) {
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="contained" color="success" startIcon={<PaidIcon />} onClick={() => (signedIn ? setOpen(true) : notify('Sign in to send a tip.', 'info'))}>
        Tip
      </Button>
      {signedIn && <TipDialog open={open} streamId={streamId} streamerName={streamerName} onClose={() => setOpen(false)} />}
    </>
  );
}
