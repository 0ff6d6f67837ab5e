import AuthPage from './auth';

export default function RegisterPage() {
  return <AuthPage mode="register" />;
}
