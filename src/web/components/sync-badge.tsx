import type { SyncView } from '../api.ts';
import { PROVIDER_TEXT } from '../format.ts';

/** "Synced with Google", "Pending" or "Not synced", in words (never colour alone). */
export function SyncBadge({ sync, compact = false }: { sync: SyncView; compact?: boolean }) {
  const provider = PROVIDER_TEXT[sync.provider ?? ''] ?? 'Google';
  if (sync.state === 'linked') {
    return <span className="badge linked">{compact ? 'Synced' : `Synced with ${provider}`}</span>;
  }
  if (sync.state === 'pending') {
    return (
      <span className="badge pending" title={`Waiting to be created in ${provider}`}>
        Pending
      </span>
    );
  }
  return <span className="badge">Not synced</span>;
}
