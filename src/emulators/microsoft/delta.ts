import { randomBytes } from 'node:crypto';
import { contactId, type RenderOptions, renderContact } from './contact-render.ts';
import type { Folder, Mailbox } from './contact-store.ts';
import { badRequest, GraphError } from './errors.ts';
import type { MicrosoftSettings } from './settings.ts';

/*
 * Delta rounds per folder. A round is fixed when it starts (the items to hand out and the change
 * counter it ends at); its pages are then handed out under `$skiptoken`s, and its end under a
 * `$deltatoken` holding that counter. Every token is one generation of the folder's sync state, and
 * only the newest few generations are kept, so stale links die the way Exchange's do (410).
 */

interface RoundEntry {
  immutableId: string;
  /** Set for tombstones: the ids the client knew the contact by. */
  removed?: { restId: string; immutableId: string };
  /** Hand out the version before the current one (an out-of-order entry). */
  stale?: boolean;
}

interface Round {
  entries: RoundEntry[];
  watermark: number;
  select: ReadonlySet<string> | undefined;
}

type TokenPosition =
  | { kind: 'skip'; round: Round; offset: number }
  | { kind: 'delta'; watermark: number; select: ReadonlySet<string> | undefined };

/** What one delta link stands for, and which generation of the folder's sync state it is. */
export type DeltaTokenState = TokenPosition & { generation: number };
type TokenState = DeltaTokenState;

export interface DeltaRequest {
  skipToken: string | undefined;
  deltaToken: string | undefined;
  select: ReadonlySet<string> | undefined;
  pageSize: number;
  immutableIds: boolean;
}

export interface DeltaPage {
  value: Record<string, unknown>[];
  next: { skipToken: string } | { deltaToken: string };
}

export function deltaPage(
  mailbox: Mailbox,
  folder: Folder,
  request: DeltaRequest,
  settings: MicrosoftSettings,
  random: () => number,
): DeltaPage {
  const { round, offset } = startOrResume(mailbox, folder, request, settings, random);
  const end = Math.min(offset + request.pageSize, round.entries.length);
  const options: RenderOptions = {
    immutableIds: request.immutableIds,
    select: round.select,
    expandExtended: undefined,
  };
  const value = round.entries.slice(offset, end).flatMap((entry) => renderEntry(folder, entry, options));
  const next =
    end < round.entries.length
      ? { skipToken: issue(folder, { kind: 'skip', round, offset: end }, settings) }
      : {
          deltaToken: issue(
            folder,
            { kind: 'delta', watermark: round.watermark, select: round.select },
            settings,
          ),
        };
  return { value, next };
}

/** Makes every outstanding link of every folder answer 410, as an evicted sync state does. */
export function expireAllTokens(mailbox: Mailbox, settings: MicrosoftSettings): void {
  for (const folder of mailbox.folders.values()) {
    folder.delta.tokens.clear();
    folder.delta.generation += settings.deltaTokenGenerationsKept;
  }
}

function startOrResume(
  mailbox: Mailbox,
  folder: Folder,
  request: DeltaRequest,
  settings: MicrosoftSettings,
  random: () => number,
): { round: Round; offset: number } {
  const token = request.skipToken ?? request.deltaToken;
  if (token === undefined)
    return { round: initialRound(mailbox, folder, request.select, settings, random), offset: 0 };
  const state = lookup(folder, token, settings);
  if (state.kind === 'skip') return { round: state.round, offset: state.offset };
  return {
    round: incrementalRound(mailbox, folder, state.watermark, state.select, settings, random),
    offset: 0,
  };
}

/** The first round hands out the folder's current contacts only, never earlier deletions. */
function initialRound(
  mailbox: Mailbox,
  folder: Folder,
  select: ReadonlySet<string> | undefined,
  settings: MicrosoftSettings,
  random: () => number,
): Round {
  const entries = [...folder.contacts.keys()].map((immutableId) => ({ immutableId }));
  return { entries: withReplays(entries, settings, random), watermark: mailbox.lastSeq, select };
}

function incrementalRound(
  mailbox: Mailbox,
  folder: Folder,
  since: number,
  select: ReadonlySet<string> | undefined,
  settings: MicrosoftSettings,
  random: () => number,
): Round {
  const entries: RoundEntry[] = [];
  for (const [immutableId, change] of folder.changes) {
    if (change.seq <= since) continue;
    if (change.removed) {
      entries.push({ immutableId, removed: change.removed });
      continue;
    }
    entries.push({ immutableId });
    if (settings.deltaOutOfOrderRate > 0 && random() < settings.deltaOutOfOrderRate) {
      entries.push({ immutableId, stale: true });
    }
  }
  return { entries: withReplays(entries, settings, random), watermark: mailbox.lastSeq, select };
}

/** Real rounds may repeat an item; the repeats go to the end so a client sees them on a later page. */
function withReplays(entries: RoundEntry[], settings: MicrosoftSettings, random: () => number): RoundEntry[] {
  if (settings.deltaReplayRate === 0) return entries;
  const replays = entries.filter((entry) => !entry.stale && random() < settings.deltaReplayRate);
  return [...entries, ...replays];
}

function renderEntry(folder: Folder, entry: RoundEntry, options: RenderOptions): Record<string, unknown>[] {
  if (entry.removed) {
    const id = options.immutableIds ? entry.removed.immutableId : entry.removed.restId;
    return [{ '@odata.type': '#microsoft.graph.contact', id, '@removed': { reason: 'deleted' } }];
  }
  const contact = folder.contacts.get(entry.immutableId);
  // Deleted or moved away since the round began: the next round carries its tombstone.
  if (!contact) return [];
  const version = entry.stale ? contact.previous : contact.current;
  if (!version) return [];
  const rendered = renderContact(contact, options, version);
  return [
    { '@odata.type': '#microsoft.graph.contact', ...rendered, id: contactId(contact, options.immutableIds) },
  ];
}

interface TokenPayload {
  f: string;
  g: number;
  n: string;
}

function issue(folder: Folder, state: TokenPosition, settings: MicrosoftSettings): string {
  folder.delta.generation += 1;
  const generation = folder.delta.generation;
  const payload: TokenPayload = { f: folder.id, g: generation, n: randomBytes(6).toString('base64url') };
  const token = Buffer.from(JSON.stringify(payload)).toString('base64url');
  folder.delta.tokens.set(token, { ...state, generation });
  const oldestKept = generation - settings.deltaTokenGenerationsKept + 1;
  for (const [key, value] of folder.delta.tokens) {
    if (value.generation < oldestKept) folder.delta.tokens.delete(key);
  }
  return token;
}

function lookup(folder: Folder, token: string, settings: MicrosoftSettings): TokenState {
  const payload = decode(token);
  if (!payload || payload.f !== folder.id) throw badRequest('Badly formed token.');
  const state = folder.delta.tokens.get(token);
  if (state) return state;
  const highest = folder.delta.generation;
  const kept = Array.from(
    { length: Math.min(settings.deltaTokenGenerationsKept, highest) },
    (_, i) => highest - i,
  );
  throw new GraphError(
    410,
    'SyncStateNotFound',
    `The sync state generation is not found; generation=${payload.g};[highest=${highest}]${kept.map((g) => `[${g}]`).join('')}.`,
  );
}

function decode(token: string): TokenPayload | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenPayload>;
    const valid =
      typeof parsed.f === 'string' && typeof parsed.g === 'number' && typeof parsed.n === 'string';
    return valid ? (parsed as TokenPayload) : undefined;
  } catch {
    return undefined;
  }
}
