import { Link } from '../router.tsx';

export function NotFoundPage() {
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing at this address. Go to <Link to="/contacts">your contacts</Link>.
      </p>
    </>
  );
}
