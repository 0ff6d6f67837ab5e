// "Verify": reads the channel's whole log a page at a time and recomputes the hash chain in the browser.
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { getAlertLog } from '../api/get-alert-log';
import { verifyChain, type ChainResult } from '../lib/verify-chain';

/** A log longer than this many pages is checked up to there and said so (500 entries a page). */
const MAX_PAGES = 200;

export type VerifyState = { phase: 'idle' } | { phase: 'running'; checked: number } | { phase: 'done'; result: ChainResult } | { phase: 'error'; message: string };

export function useChainVerify(streamerId: string | undefined) {
  const [state, setState] = useState<VerifyState>({ phase: 'idle' });
  const run = useRef(0);

  const verify = useCallback(async () => {
    if (!streamerId) return;
    const mine = ++run.current;
    setState({ phase: 'running', checked: 0 });
    try {
      let from: { head: string; seq: number } | undefined;
      let afterSeq: number | null = null;
      let checked = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await getAlertLog(streamerId, afterSeq);
        const result = await verifyChain(r.events, from);
        if (run.current !== mine) return;
        checked += result.count;
        if (!result.ok || r.next_seq === null || r.events.length === 0) {
          return setState({ phase: 'done', result: { ...result, count: checked } });
        }
        from = { head: result.head, seq: result.seq! };
        afterSeq = result.seq;
        setState({ phase: 'running', checked });
      }
      setState({ phase: 'error', message: `Checked the first ${checked} entries; the log is longer than this page verifies.` });
    } catch (e) {
      if (run.current === mine) setState({ phase: 'error', message: errorMessage(e) });
    }
  }, [streamerId]);

  return { state, verify };
}
