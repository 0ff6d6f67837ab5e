// Sign in and register share one form; the server's messages (username_taken, invalid_credentials,
// rate_limited …) are shown as they come.
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { errorMessage } from '../../../lib/api-client';
import { signIn } from '../../../lib/session';
import { login } from '../api/login';
import { register } from '../api/register';

export type AuthMode = 'signin' | 'register';

export default function AuthForm({ mode, onDone }: { mode: AuthMode; onDone?: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isRegister = mode === 'register';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (isRegister && password.length < 8) {
      setError('Password must be at least 8 characters.');
      return;
    }
    setBusy(true);
    try {
      const resp = isRegister ? await register(username.trim(), password) : await login(username.trim(), password);
      signIn(resp);
      onDone?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card sx={{ maxWidth: 420, mx: 'auto', width: '100%' }}>
      <CardContent sx={{ p: { xs: 2, sm: 4 } }}>
        <Typography variant="h5" component="h1" gutterBottom>
          {isRegister ? 'Create your account' : 'Sign in to Tradecast'}
        </Typography>
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={isRegister ? 'Register' : 'Sign in'}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label="Username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
            autoFocus
            slotProps={{ htmlInput: { maxLength: 32 } }}
            helperText={isRegister ? '3–32 letters, digits, _ or ., starting with a letter' : undefined}
          />
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={isRegister ? 'new-password' : 'current-password'}
            required
            helperText={isRegister ? 'At least 8 characters' : undefined}
          />
          <Button type="submit" variant="contained" size="large" disabled={busy || !username || !password}>
            {isRegister ? 'Register' : 'Sign in'}
          </Button>
          <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
            {isRegister ? 'Already have an account? ' : 'New here? '}
            <Link component={RouterLink} to={isRegister ? '/signin' : '/register'}>
              {isRegister ? 'Sign in instead' : 'Create an account'}
            </Link>
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}
