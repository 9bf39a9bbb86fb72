import { ProviderError, type ProviderErrorKind, type WriteOutcome } from '../provider.ts';
import type { Person } from './people-types.ts';
import { syncedFieldsFromPerson } from './person-mapping.ts';

export function succeeded(person: Person): WriteOutcome {
  return {
    ok: true,
    remoteId: person.resourceName ?? '',
    etag: person.etag ?? '',
    fields: syncedFieldsFromPerson(person),
  };
}

export function failed(error: ProviderError): WriteOutcome {
  return { ok: false, error };
}

/** A thrown value that is not a ProviderError is a bug, and keeps propagating. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  throw error;
}

/** Kinds that concern one contact; the others (throttled, auth…) concern the whole account. */
const ITEM_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['conflict', 'not-found', 'invalid-data']);

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Sends the groups one after the other (never in parallel: google-people.md §3) and returns one
 * outcome per item, in order. A group refused for one item's sake is retried item by item, since
 * a batch is refused as a whole. After an account-wide failure nothing more is sent: the remaining
 * items carry that error, so the engine can back off once.
 */
export async function sendInTurn<T>(
  groups: readonly T[][],
  send: (group: T[]) => Promise<WriteOutcome[]>,
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  let stopped: ProviderError | undefined;
  const sendGroup = async (group: T[]): Promise<void> => {
    if (stopped) {
      outcomes.push(...group.map(() => failed(stopped as ProviderError)));
      return;
    }
    try {
      outcomes.push(...(await send(group)));
    } catch (error: unknown) {
      const providerError = asProviderError(error);
      if (ITEM_KINDS.has(providerError.kind) && group.length > 1) {
        for (const item of group) await sendGroup([item]);
        return;
      }
      if (!ITEM_KINDS.has(providerError.kind)) stopped = providerError;
      outcomes.push(...group.map(() => failed(providerError)));
    }
  };
  for (const group of groups) await sendGroup(group);
  return outcomes;
}
