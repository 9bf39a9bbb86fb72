import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, setCsrfToken } from './api.ts';
import { ContactPage } from './pages/contact-page.tsx';
import { ContactsPage } from './pages/contacts-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SyncSettingsPage } from './pages/sync-settings-page.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { fetchSession, SESSION_KEY } from './session.ts';

/** Only a path of this site may follow a login, never another origin. */
function safeNext(location: string): string {
  const next = new URLSearchParams(location.split('?')[1] ?? '').get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/contacts';
}

export function App() {
  const location = useLocation();
  const path = location.split('?')[0] ?? '/';
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  useFocusHeadingOnNavigation(path);

  const user = session.data?.user;
  const signedIn = user !== undefined;
  useEffect(() => {
    if (session.isPending || session.isError) return;
    if (!signedIn && path !== '/login') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(location)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (signedIn && (path === '/login' || path === '/')) {
      navigate(path === '/login' ? safeNext(location) : '/contacts', { replace: true });
    }
  }, [session.isPending, session.isError, signedIn, path, location]);

  if (session.isPending) {
    return (
      <p className="page-loading" role="status">
        Loading…
      </p>
    );
  }
  if (session.isError) {
    return (
      <main className="container">
        <h1>Contact Sync</h1>
        <p role="alert">{session.error.message}</p>
        <button type="button" onClick={() => void session.refetch()}>
          Try again
        </button>
      </main>
    );
  }
  if (!user) {
    return (
      <main id="main" className="container narrow">
        <LoginPage />
      </main>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header email={user.email} path={path} />
      <main id="main" className="container">
        <Page path={path} />
      </main>
    </>
  );
}

function Page({ path }: { path: string }) {
  if (path === '/contacts') return <ContactsPage />;
  if (path === '/settings/sync') return <SyncSettingsPage />;
  const contact = /^\/contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return <ContactPage key={contact[1]} id={decodeURIComponent(contact[1])} />;
  if (path === '/login' || path === '/') return null;
  return <NotFoundPage />;
}

function Header({ email, path }: { email: string; path: string }) {
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
      navigate('/login', { replace: true });
    },
  });
  const current = (prefix: string) => (path.startsWith(prefix) ? 'page' : undefined);

  return (
    <header className="site-header">
      <div className="container header-row">
        <span className="brand">Contact Sync</span>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <Link to="/contacts" aria-current={current('/contacts')}>
                Contacts
              </Link>
            </li>
            <li>
              <Link to="/settings/sync" aria-current={current('/settings')}>
                Settings › Contact Sync
              </Link>
            </li>
            <li>
              <button type="button" className="link-button" onClick={() => logout.mutate()}>
                Log out
              </button>
            </li>
          </ul>
        </nav>
        <span className="user-email" title="Signed in as">
          {email}
        </span>
      </div>
    </header>
  );
}

/**
 * After an in-app navigation, focus moves to the new page's heading so a screen reader announces
 * it (a full page load would have done that); the first render leaves focus where the browser put it.
 */
function useFocusHeadingOnNavigation(path: string) {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs after each change of page
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page that loads its data first shows its heading (or another one) a moment later: the focus
    // follows until the page settles, unless the user has moved it elsewhere meanwhile.
    const main = document.querySelector('main');
    if (!main) return;
    let focused: HTMLElement | null = null;
    const focusHeading = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return;
      heading.focus();
      focused = heading;
      if (heading.textContent) document.title = `${heading.textContent} · Contact Sync`;
    };
    focusHeading();
    const observer = new MutationObserver(() => {
      const lost = document.activeElement === document.body || document.activeElement === null;
      if (!focused || (!focused.isConnected && lost)) focusHeading();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [path]);
}
