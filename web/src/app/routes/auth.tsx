import { Navigate, useNavigate, useSearchParams } from 'react-router';
import AuthForm, { type AuthMode } from '../../features/auth/components/auth-form';
import AuthLayout from '../../layouts/auth-layout';
import { useSession } from '../../lib/session';

export default function AuthPage({ mode }: { mode: AuthMode }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (user) return <Navigate to={target} replace />;
  return (
    <AuthLayout>
      <AuthForm mode={mode} onDone={() => navigate(target, { replace: true })} />
    </AuthLayout>
  );
}
