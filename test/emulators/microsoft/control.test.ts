import { describe, expect, it } from 'vitest';
import { call, emulatorForThisFile, newAccount, seed } from './support.ts';

const emulator = emulatorForThisFile();
const control = (path: string) => `${emulator().url}/_control${path}`;

describe('control API', () => {
  it('seeds Outlook-style contacts and rejects invalid ones whole', async () => {
    const { email } = await newAccount(emulator(), 'seed@contoso.example');
    const ids = await seed(emulator(), email, [{ givenName: 'Ok' }]);
    expect(ids).toHaveLength(1);
    const bad = await call(control(`/accounts/${email}/contacts`), {
      method: 'POST',
      body: {
        contacts: [
          { givenName: 'Fine' },
          { emailAddresses: [1, 2, 3, 4].map((n) => ({ address: `${n}@x.example` })) },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(String((bad.body.error as { message: string }).message)).toContain('contacts[1]');
    const listed = await call<{ contacts: unknown[] }>(control(`/accounts/${email}/contacts`));
    expect(listed.body.contacts).toHaveLength(1);
  });

  it('an edit made in Outlook gets a new changeKey; a delete removes the contact', async () => {
    const { email, graph } = await newAccount(emulator(), 'edit@contoso.example');
    const [id] = await seed(emulator(), email, [{ givenName: 'Before' }]);
    const before = await graph(`/me/contacts/${id}`);
    const edited = await call(control(`/accounts/${email}/contacts/${id}`), {
      method: 'PATCH',
      body: { givenName: 'After' },
    });
    expect(edited.body).toMatchObject({ givenName: 'After', displayName: 'After' });
    expect(edited.body.changeKey).not.toBe(before.body.changeKey);
    expect((await call(control(`/accounts/${email}/contacts/${id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await graph(`/me/contacts/${id}`)).status).toBe(404);
    expect((await call(control(`/accounts/${email}/contacts/nope`), { method: 'DELETE' })).status).toBe(404);
  });

  it('generates contacts within Outlook limits, faxes as extended properties', async () => {
    const { email, graph } = await newAccount(emulator(), 'generated@contoso.example');
    const generated = await call<{ ids: string[] }>(control(`/accounts/${email}/generate`), {
      method: 'POST',
      body: { count: 300, seed: 7 },
    });
    expect(generated.status).toBe(201);
    const listed = await call<{ contacts: Array<Record<string, unknown[]>> }>(
      control(`/accounts/${email}/contacts`),
    );
    expect(listed.body.contacts).toHaveLength(300);
    for (const contact of listed.body.contacts) {
      expect(contact.emailAddresses?.length ?? 0).toBeLessThanOrEqual(3);
      expect(contact.businessPhones?.length ?? 0).toBeLessThanOrEqual(2);
    }
    const withFax = listed.body.contacts.find((c) =>
      (c.singleValueExtendedProperties as Array<{ id: string }>).some((p) => p.id === 'String 0x3A24'),
    );
    expect(withFax).toBeDefined();
    const page = await graph('/me/contacts?$top=300');
    expect(page.body.value).toHaveLength(300);
  });

  it('creates folders and lists them with the default folder id', async () => {
    const { email } = await newAccount(emulator(), 'ctlfolders@contoso.example');
    const created = await call(control(`/accounts/${email}/folders`), {
      method: 'POST',
      body: { displayName: 'Family' },
    });
    expect(created.status).toBe(201);
    const listed = await call<{ defaultFolderId: string; folders: Array<{ displayName: string }> }>(
      control(`/accounts/${email}/folders`),
    );
    expect(listed.body.folders.map((f) => f.displayName)).toEqual(['Contacts', 'Family']);
  });

  it('reset forgets accounts, contacts and settings', async () => {
    const { email } = await newAccount(emulator(), 'reset@contoso.example');
    await seed(emulator(), email, [{ givenName: 'Gone' }]);
    await call(control('/settings'), { method: 'PUT', body: { deltaMaxPageSize: 50 } });
    expect((await call(control('/reset'), { method: 'POST' })).status).toBe(204);
    const accounts = await call<{ accounts: string[] }>(control('/accounts'));
    expect(accounts.body.accounts).toEqual([]);
    const settings = await call(control('/settings'));
    expect(settings.body.deltaMaxPageSize).toBe(200);
  });

  it('rejects unknown settings', async () => {
    const answer = await call(control('/settings'), { method: 'PUT', body: { deltaMaxPageSiz: 5 } });
    expect(answer.status).toBe(400);
  });
});
