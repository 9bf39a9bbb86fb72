import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { api, type Session, setCsrfToken } from '../api.ts';
import { SESSION_KEY } from '../session.ts';

export function LoginPage() {
  const queryClient = useQueryClient();
  const errorId = useId();
  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<Session>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // The App sees a session and moves on to the page that was asked for.
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
  };

  return (
    <>
      <h1 tabIndex={-1}>Log in to Contact Sync</h1>
      <form className="stack" onSubmit={submit} aria-describedby={login.isError ? errorId : undefined}>
        <div className="field">
          <label htmlFor="login-email">Email</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <div role="alert" id={errorId} className={login.isError ? 'message error' : undefined}>
          {login.isError ? login.error.message : null}
        </div>
        <div>
          <button type="submit" className="primary" disabled={login.isPending}>
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </div>
      </form>
    </>
  );
}
