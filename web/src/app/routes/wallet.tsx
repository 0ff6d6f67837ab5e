import WalletView from '../../features/wallet/components/wallet-view';
import RequireAuth from '../require-auth';

export default function WalletPage() {
  return (
    <RequireAuth>
      <WalletView />
    </RequireAuth>
  );
}
