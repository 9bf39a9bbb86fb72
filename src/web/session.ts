import { ApiError, api, type Session, setCsrfToken } from './api.ts';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when there is no valid session cookie. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
