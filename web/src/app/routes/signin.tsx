import AuthPage from './auth';

export default function SignInPage() {
  return <AuthPage mode="signin" />;
}
