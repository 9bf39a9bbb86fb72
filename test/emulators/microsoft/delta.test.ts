import { describe, expect, it } from 'vitest';
import { call, emulatorForThisFile, newAccount, putSettings, seed } from './support.ts';

const emulator = emulatorForThisFile();

type Page = {
  value: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

/** Follows nextLinks to the end of a round; returns every entry and the deltaLink. */
async function round(
  graph: (
    path: string,
    init?: { headers?: Record<string, string> },
  ) => Promise<{ status: number; body: unknown }>,
  start: string,
  pageSize?: number,
) {
  const headers = pageSize ? { prefer: `odata.maxpagesize=${pageSize}` } : {};
  const entries: Array<Record<string, unknown>> = [];
  const sizes: number[] = [];
  let link = start;
  for (;;) {
    const answer = await graph(link, { headers });
    if (answer.status !== 200) throw new Error(`delta page failed: ${JSON.stringify(answer.body)}`);
    const page = answer.body as Page;
    entries.push(...page.value);
    sizes.push(page.value.length);
    if (page['@odata.deltaLink']) return { entries, sizes, deltaLink: page['@odata.deltaLink'] };
    link = page['@odata.nextLink'] ?? '';
  }
}

describe('delta', () => {
  it('an initial round returns current contacts; the next returns changes and tombstones', async () => {
    const { email, graph } = await newAccount(emulator(), 'delta@contoso.example');
    const ids = await seed(emulator(), email, [{ givenName: 'A' }, { givenName: 'B' }, { givenName: 'C' }]);
    const first = await round(graph, '/me/contacts/delta', 2);
    expect(first.sizes).toEqual([2, 1]);
    expect(first.entries.map((e) => e.givenName)).toEqual(['A', 'B', 'C']);
    expect(first.entries[0]?.['@odata.type']).toBe('#microsoft.graph.contact');

    await call(`${emulator().url}/_control/accounts/${email}/contacts/${ids[0]}`, {
      method: 'PATCH',
      body: { givenName: 'A2' },
    });
    await graph(`/me/contacts/${ids[1]}`, { method: 'DELETE' });
    await graph('/me/contacts', { method: 'POST', body: { givenName: 'D' } });
    const second = await round(graph, first.deltaLink);
    expect(second.entries).toEqual([
      expect.objectContaining({ id: ids[0], givenName: 'A2' }),
      { '@odata.type': '#microsoft.graph.contact', id: ids[1], '@removed': { reason: 'deleted' } },
      expect.objectContaining({ givenName: 'D' }),
    ]);
    const quiet = await round(graph, second.deltaLink);
    expect(quiet.entries).toEqual([]);
  });

  it('contacts of other folders are not in the default folder delta, and a folder has its own', async () => {
    const { graph } = await newAccount(emulator(), 'perfolder@contoso.example');
    const folder = await graph('/me/contactFolders', { method: 'POST', body: { displayName: 'Team' } });
    await graph(`/me/contactFolders/${folder.body.id}/contacts`, {
      method: 'POST',
      body: { givenName: 'Sub' },
    });
    expect((await round(graph, '/me/contacts/delta')).entries).toEqual([]);
    const sub = await round(graph, `/me/contactFolders/${folder.body.id}/contacts/delta`);
    expect(sub.entries.map((e) => e.givenName)).toEqual(['Sub']);
    const byName = await round(graph, '/me/contactFolders/contacts/contacts/delta');
    expect(byName.entries).toEqual([]);
  });

  it('caps Prefer: odata.maxpagesize at the delta maximum', async () => {
    const { email, graph } = await newAccount(emulator(), 'cap@contoso.example');
    await seed(
      emulator(),
      email,
      Array.from({ length: 450 }, (_, i) => ({ givenName: `N${i}` })),
    );
    const answer = await graph('/me/contacts/delta', { headers: { prefer: 'odata.maxpagesize=1000' } });
    expect((answer.body.value as unknown[]).length).toBe(200);
    expect(answer.headers.get('preference-applied')).toBe('odata.maxpagesize=200');
    const all = await round(graph, '/me/contacts/delta', 1000);
    expect(all.sizes).toEqual([200, 200, 50]);
  });

  it('expired cursors answer 410 SyncStateNotFound; a malformed token answers 400', async () => {
    const { email, graph } = await newAccount(emulator(), 'expire@contoso.example');
    await seed(emulator(), email, [{ givenName: 'X' }]);
    const { deltaLink } = await round(graph, '/me/contacts/delta');
    await call(`${emulator().url}/_control/accounts/${email}/expire-cursors`, { method: 'POST' });
    const gone = await graph(deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: 'SyncStateNotFound' } });
    const bad = await graph('/me/contacts/delta?$deltatoken=not-a-token');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BadRequest', message: 'Badly formed token.' } });
  });

  it('keeps only the newest generations: an old link dies once newer rounds exist', async () => {
    const { email, graph } = await newAccount(emulator(), 'generations@contoso.example');
    await seed(emulator(), email, [{ givenName: 'G' }]);
    const first = await round(graph, '/me/contacts/delta');
    let latest = first.deltaLink;
    for (let i = 0; i < 2; i += 1) latest = (await round(graph, latest)).deltaLink;
    expect((await graph(first.deltaLink)).status).toBe(200);
    latest = (await round(graph, latest)).deltaLink;
    const stale = await graph(first.deltaLink);
    expect(stale.status).toBe(410);
    expect(String((stale.body.error as { message: string }).message)).toMatch(
      /generation=\d+;\[highest=\d+\]/,
    );
    expect((await graph(latest)).status).toBe(200);
  });

  it('with replays and out-of-order entries enabled, a round repeats items and sends older versions', async () => {
    const { email, graph } = await newAccount(emulator(), 'replay@contoso.example');
    const ids = await seed(
      emulator(),
      email,
      Array.from({ length: 20 }, (_, i) => ({ givenName: `R${i}` })),
    );
    const { deltaLink } = await round(graph, '/me/contacts/delta', 50);
    for (const id of ids) {
      await call(`${emulator().url}/_control/accounts/${email}/contacts/${id}`, {
        method: 'PATCH',
        body: { jobTitle: 'new' },
      });
    }
    await putSettings(emulator(), { deltaReplayRate: 0.5, deltaOutOfOrderRate: 0.5 });
    const changes = await round(graph, deltaLink, 50);
    await putSettings(emulator(), { deltaReplayRate: 0, deltaOutOfOrderRate: 0 });
    expect(changes.entries.length).toBeGreaterThan(20);
    const older = changes.entries.filter((e) => e.jobTitle === '');
    expect(older.length).toBeGreaterThan(0);
    const index = (e: Record<string, unknown>) => changes.entries.indexOf(e);
    const newerFirst = older.every((o) =>
      changes.entries.some((n) => n.id === o.id && n.jobTitle === 'new' && index(n) < index(o)),
    );
    expect(newerFirst).toBe(true);
  });

  it('$select on the first request applies to the whole round', async () => {
    const { email, graph } = await newAccount(emulator(), 'select@contoso.example');
    await seed(emulator(), email, [{ givenName: 'S', surname: 'T' }, { givenName: 'U' }]);
    const answer = await round(graph, '/me/contacts/delta?$select=givenName', 1);
    expect(Object.keys(answer.entries[1] ?? {}).sort()).toEqual([
      '@odata.etag',
      '@odata.type',
      'givenName',
      'id',
    ]);
  });
});
