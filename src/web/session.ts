import { api, type Session, setCsrfToken } from './api.ts';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when there is no valid session cookie (the server answers user null). */
export async function fetchSession(): Promise<Session | null> {
  const session = await api<Session | { user: null; csrfToken: null }>('/api/auth/session');
  if (!session.user) return null;
  setCsrfToken(session.csrfToken);
  return session as Session;
}
