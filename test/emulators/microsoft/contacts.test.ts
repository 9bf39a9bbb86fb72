import { describe, expect, it } from 'vitest';
import { call, emulatorForThisFile, newAccount, seed } from './support.ts';

const emulator = emulatorForThisFile();
const CRM_ID = 'String {6f5b2c4e-2d7a-4c8e-9b1a-3f0e5d7c9a11} Name ContactSyncId';

describe('contact CRUD', () => {
  it('POST answers 201 with the full contact; API-created contacts read unset strings as null', async () => {
    const { graph } = await newAccount(emulator(), 'crud@contoso.example');
    const created = await graph('/me/contacts', {
      method: 'POST',
      body: { givenName: 'Ann', surname: 'Lee', emailAddresses: [{ address: 'ann@x.example', name: 'Ann' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Ann Lee',
      jobTitle: null,
      homeAddress: {},
      businessPhones: [],
    });
    expect(created.body['@odata.etag']).toBe(`W/"${created.body.changeKey}"`);
  });

  it('PATCH answers 200 with a new changeKey; a stale If-Match answers 412 ErrorIrresolvableConflict', async () => {
    const { graph } = await newAccount(emulator(), 'etag@contoso.example');
    const created = await graph('/me/contacts', { method: 'POST', body: { givenName: 'Bo' } });
    const id = String(created.body.id);
    const etag = String(created.body['@odata.etag']);
    const patched = await graph(`/me/contacts/${id}`, {
      method: 'PATCH',
      body: { jobTitle: 'Chef' },
      headers: { 'if-match': etag },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.jobTitle).toBe('Chef');
    expect(patched.body.changeKey).not.toBe(created.body.changeKey);
    const stale = await graph(`/me/contacts/${id}`, {
      method: 'PATCH',
      body: { jobTitle: 'Cook' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      error: { code: 'ErrorIrresolvableConflict', innerError: { date: expect.any(String) } },
    });
    const staleDelete = await graph(`/me/contacts/${id}`, {
      method: 'DELETE',
      headers: { 'if-match': etag },
    });
    expect(staleDelete.status).toBe(412);
    const removed = await graph(`/me/contacts/${id}`, {
      method: 'DELETE',
      headers: { 'if-match': String(patched.body['@odata.etag']) },
    });
    expect(removed.status).toBe(204);
    const gone = await graph(`/me/contacts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
  });

  it('PATCH null clears a property and a sent list replaces the whole list', async () => {
    const { graph } = await newAccount(emulator(), 'patch@contoso.example');
    const created = await graph('/me/contacts', {
      method: 'POST',
      body: { givenName: 'Cy', jobTitle: 'Pilot', homePhones: ['1', '2'] },
    });
    const patched = await graph(`/me/contacts/${created.body.id}`, {
      method: 'PATCH',
      body: { jobTitle: null, homePhones: ['3'] },
    });
    expect(patched.body).toMatchObject({ jobTitle: null, homePhones: ['3'], givenName: 'Cy' });
  });

  it('more than 3 e-mails or 2 business or home phones answers 400 with the service message', async () => {
    const { graph } = await newAccount(emulator(), 'caps@contoso.example');
    const emails = await graph('/me/contacts', {
      method: 'POST',
      body: { emailAddresses: ['a', 'b', 'c', 'd'].map((n) => ({ address: `${n}@x.example` })) },
    });
    expect(emails.status).toBe(400);
    expect(emails.body).toMatchObject({
      error: {
        message:
          'The multi value property EmailAddresses has 4 entries, that exceeds the max allowed value of 3',
      },
    });
    const phones = await graph('/me/contacts', { method: 'POST', body: { businessPhones: ['1', '2', '3'] } });
    expect(phones.body).toMatchObject({
      error: {
        message:
          'The multi value property BusinessPhones has 3 entries, that exceeds the max allowed value of 2',
      },
    });
    const home = await graph('/me/contacts', { method: 'POST', body: { homePhones: ['1', '2', '3'] } });
    expect(home.status).toBe(400);
  });

  it('a birthday reads back as a timestamp a minute before noon UTC', async () => {
    const { graph } = await newAccount(emulator(), 'birthday@contoso.example');
    const created = await graph('/me/contacts', {
      method: 'POST',
      body: { birthday: '1815-12-10T00:00:00Z' },
    });
    expect(created.body.birthday).toBe('1815-12-10T11:59:00Z');
    const read = await graph(`/me/contacts/${created.body.id}?$select=birthday`);
    expect(read.body).toEqual({
      '@odata.context': expect.any(String),
      '@odata.etag': created.body['@odata.etag'],
      id: created.body.id,
      birthday: '1815-12-10T11:59:00Z',
    });
  });

  it('contacts seeded as typed in Outlook read unset strings as ""', async () => {
    const { graph } = await newAccount(emulator(), 'blank@contoso.example');
    const [id] = await seed(emulator(), 'blank@contoso.example', [{ givenName: 'Di' }]);
    const read = await graph(`/me/contacts/${id}`);
    expect(read.body).toMatchObject({ givenName: 'Di', jobTitle: '', birthday: null, otherAddress: {} });
  });

  it('an unknown property or a bad $select answers 400', async () => {
    const { graph } = await newAccount(emulator(), 'bad@contoso.example');
    expect((await graph('/me/contacts', { method: 'POST', body: { faxNumber: '1' } })).status).toBe(400);
    expect((await graph('/me/contacts?$select=nope')).status).toBe(400);
  });

  it('a token without a contacts scope answers 403', async () => {
    const { graph } = await newAccount(emulator(), 'noscope@contoso.example', 'openid User.Read');
    const answer = await graph('/me/contacts');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'ErrorAccessDenied' } });
  });

  it('/users/{upn}/contacts is the same as /me/contacts', async () => {
    const { graph } = await newAccount(emulator(), 'upn@contoso.example');
    await graph('/me/contacts', { method: 'POST', body: { givenName: 'Ed' } });
    const listed = await graph('/users/upn@contoso.example/contacts');
    expect(listed.body.value).toHaveLength(1);
  });
});

describe('listing', () => {
  it('pages with $top/$skip and @odata.nextLink until the end; default page size is 10', async () => {
    const { email, graph } = await newAccount(emulator(), 'paging@contoso.example');
    await seed(
      emulator(),
      email,
      Array.from({ length: 25 }, (_, i) => ({ givenName: `P${i}` })),
    );
    const first = await graph('/me/contacts');
    expect(first.body.value).toHaveLength(10);
    const seen: unknown[] = [];
    let next: string | undefined = '/me/contacts?$top=7&$select=givenName';
    while (next) {
      const page = await graph(next);
      seen.push(...(page.body.value as unknown[]));
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(seen).toHaveLength(25);
  });

  it('a 1,000-contact page of a 25,000-contact mailbox is answered quickly', async () => {
    const { email, graph } = await newAccount(emulator(), 'big@contoso.example');
    const batch = Array.from({ length: 25_000 }, (_, i) => ({
      givenName: `G${i}`,
      surname: 'Big',
      emailAddresses: [{ address: `g${i}@x.example` }],
    }));
    await seed(emulator(), email, batch);
    await graph('/me/contacts?$top=1000');
    const started = performance.now();
    const page = await graph('/me/contacts?$top=1000&$skip=12000');
    const elapsed = performance.now() - started;
    expect(page.body.value).toHaveLength(1000);
    expect(elapsed).toBeLessThan(200);
  });

  it('filters by e-mail address', async () => {
    const { email, graph } = await newAccount(emulator(), 'filter@contoso.example');
    await seed(emulator(), email, [{ emailAddresses: [{ address: 'x@y.example' }] }, { givenName: 'Other' }]);
    const found = await graph(
      `/me/contacts?$filter=${encodeURIComponent("emailAddresses/any(a:a/address eq 'x@y.example')")}`,
    );
    expect(found.body.value).toHaveLength(1);
  });
});

describe('extended properties', () => {
  it('are hidden unless expanded, and filterable by id and value', async () => {
    const { graph } = await newAccount(emulator(), 'ext@contoso.example');
    const created = await graph('/me/contacts', {
      method: 'POST',
      body: {
        givenName: 'Fax',
        singleValueExtendedProperties: [
          { id: 'String 0x3A24', value: '+1 555 0100' },
          { id: CRM_ID, value: 'crm-42' },
        ],
      },
    });
    expect(created.body.singleValueExtendedProperties).toBeUndefined();
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq 'String 0x3A24')`);
    const read = await graph(`/me/contacts/${created.body.id}?$expand=${expand}`);
    expect(read.body.singleValueExtendedProperties).toEqual([{ id: 'String 0x3A24', value: '+1 555 0100' }]);
    const filter = encodeURIComponent(
      `singleValueExtendedProperties/Any(ep: ep/id eq '${CRM_ID}' and ep/value eq 'crm-42')`,
    );
    const found = await graph(`/me/contacts?$filter=${filter}`);
    expect((found.body.value as Array<{ id: string }>).map((c) => c.id)).toEqual([created.body.id]);
    const none = await graph(`/me/contacts?$filter=${filter.replace('crm-42', 'crm-43')}`);
    expect(none.body.value).toEqual([]);
  });
});

describe('folders and ids', () => {
  it('lists sub-folders but not the default folder, which answers to its well-known name', async () => {
    const { graph } = await newAccount(emulator(), 'folders@contoso.example');
    const created = await graph('/me/contactFolders', { method: 'POST', body: { displayName: 'Clients' } });
    expect(created.status).toBe(201);
    const list = await graph('/me/contactFolders');
    expect((list.body.value as Array<{ displayName: string }>).map((f) => f.displayName)).toEqual([
      'Clients',
    ]);
    const root = await graph('/me/contactFolders/contacts');
    expect(root.body.displayName).toBe('Contacts');
    await graph(`/me/contactFolders/${created.body.id}/contacts`, {
      method: 'POST',
      body: { givenName: 'Sub' },
    });
    const defaultList = await graph('/me/contacts');
    expect(defaultList.body.value).toEqual([]);
  });

  it('a move changes the default id but not the immutable id', async () => {
    const { email, graph } = await newAccount(emulator(), 'move@contoso.example');
    const immutable = { prefer: 'IdType="ImmutableId"' };
    const created = await graph('/me/contacts', {
      method: 'POST',
      body: { givenName: 'Mover' },
      headers: immutable,
    });
    expect(created.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    const listed = await graph('/me/contacts');
    const restId = (listed.body.value as Array<{ id: string }>)[0]?.id ?? '';
    expect(restId).not.toBe(created.body.id);
    const folder = await graph('/me/contactFolders', { method: 'POST', body: { displayName: 'Archive' } });
    const moved = await call<{ id: string }>(
      `${emulator().url}/_control/accounts/${email}/contacts/${encodeURIComponent(restId)}/move`,
      { method: 'POST', body: { folderId: folder.body.id } },
    );
    expect(moved.body.id).not.toBe(restId);
    expect((await graph(`/me/contacts/${restId}`)).status).toBe(404);
    const byImmutable = await graph(`/me/contactFolders/${folder.body.id}/contacts/${created.body.id}`, {
      headers: immutable,
    });
    expect(byImmutable.body.id).toBe(created.body.id);
  });
});
