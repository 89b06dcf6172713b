import { useState, type FormEvent } from 'react';
import { login } from '../api/client.ts';
import type { SessionTokens } from '../api/types.ts';

export function LoginScreen({ onSignedIn }: { onSignedIn: (session: SessionTokens) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await login(username, password));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="center-screen card" onSubmit={submit} aria-label="收银员登录">
      <h1>零售收银台</h1>
      <label>账号<input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus autoComplete="username" /></label>
      <label>密码<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" /></label>
      {error && <p className="error" role="alert">{error}</p>}
      <button className="primary big" type="submit" disabled={busy || !username || !password}>登录</button>
    </form>
  );
}
