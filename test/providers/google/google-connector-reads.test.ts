import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PERSON_FIELDS } from '../../../src/providers/google/index.ts';
import { ProviderError } from '../../../src/providers/provider.ts';
import {
  contactsPath,
  expectConformance,
  type GoogleKit,
  seed,
  startKit,
} from '../../emulators/google/google-test-kit.ts';
import { connectorFor, listAll, requestCount } from './connector-kit.ts';

const EMAIL = 'reader@example.com';
let kit: GoogleKit;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  await kit.control('POST', '/accounts', { email: EMAIL });
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

const id = (resourceName: string) => resourceName.slice('people/'.length);

describe('Google connector listing', () => {
  it('lists 2,500 contacts in 3 calls of 1,000 with the fixed mask, and a cursor on the last page', async () => {
    await kit.signIn(EMAIL);
    await kit.control('POST', `/accounts/${encodeURIComponent(EMAIL)}/generate`, { count: 2500, seed: 7 });
    const { connector, requests } = await connectorFor(kit, EMAIL);

    const listing = await listAll(connector);

    expect(listing.pages).toBe(3);
    expect(listing.contacts).toHaveLength(2500);
    expect(listing.cursor).toEqual(expect.any(String));
    expect(await requestCount(kit, 'GET /v1/people/me/connections 200')).toBe(3);
    for (const request of requests) {
      expect(request.url.searchParams.get('personFields')).toBe(PERSON_FIELDS);
      expect(request.url.searchParams.get('pageSize')).toBe('1000');
      expect(request.url.searchParams.get('requestSyncToken')).toBe('true');
    }
    expect(connector.personFields).toBe(PERSON_FIELDS);
    expect((await connector.listPage(null, null)).totalItems).toBe(2500);
  });

  it('maps a Person to synced fields, its etag, update time and CRM id', async () => {
    const [name] = await seed(kit, EMAIL, [
      {
        names: [{ givenName: 'Ada', middleName: 'King', familyName: 'Lovelace' }],
        organizations: [{ name: 'Analytical Engines', title: 'Analyst', department: 'R&D' }],
        birthdays: [{ date: { month: 12, day: 10 } }],
        phoneNumbers: [
          { value: '+1 202 555 0100', type: 'workFax' },
          { value: '+1 202 555 0101', type: 'googleVoice' },
        ],
        emailAddresses: [{ value: 'ada@example.com', type: 'work' }],
        addresses: [
          { type: 'work', city: 'London' },
          { type: 'home', streetAddress: '12 St James Sq', extendedAddress: 'Flat 2', city: 'London' },
        ],
        urls: [{ value: 'https://ada.example', type: 'blog' }],
        clientData: [{ key: 'contactSyncId', value: 'crm-1' }],
      },
    ]);
    const { connector } = await connectorFor(kit, EMAIL);

    const [contact] = (await listAll(connector)).contacts;

    expect(contact).toMatchObject({
      remoteId: name,
      previousRemoteIds: [],
      deleted: false,
      crmContactId: 'crm-1',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      etag: expect.any(String),
      fields: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        company: 'Analytical Engines',
        jobTitle: 'Analyst',
        birthday: { month: 12, day: 10 },
        homeAddress: {
          street: '12 St James Sq\nFlat 2',
          city: 'London',
          region: null,
          postalCode: null,
          country: null,
        },
        phones: [
          { number: '+1 202 555 0100', label: 'work-fax' },
          { number: '+1 202 555 0101', label: 'other' },
        ],
        emails: [{ address: 'ada@example.com', label: 'work' }],
        websites: [{ url: 'https://ada.example', label: 'other' }],
      },
    });
  });

  it('returns edits and deletion stubs made since the cursor', async () => {
    const [kept, edited, removed] = await seed(kit, EMAIL, [
      { names: [{ givenName: 'Kept' }] },
      { names: [{ givenName: 'Edited' }] },
      { names: [{ givenName: 'Removed' }] },
    ]);
    const { connector } = await connectorFor(kit, EMAIL);
    const full = await listAll(connector);
    await kit.control('PATCH', contactsPath(EMAIL, `/${id(edited!)}`), { names: [{ givenName: 'Renamed' }] });
    await kit.control('DELETE', contactsPath(EMAIL, `/${id(removed!)}`));

    const changes = await listAll(connector, full.cursor);

    expect(changes.contacts.map((c) => c.remoteId).sort()).toEqual([edited, removed].sort());
    expect(changes.contacts.find((c) => c.remoteId === edited)?.fields?.firstName).toBe('Renamed');
    expect(changes.contacts.find((c) => c.remoteId === removed)).toMatchObject({
      deleted: true,
      fields: null,
      crmContactId: null,
    });
    expect(changes.contacts.some((c) => c.remoteId === kept)).toBe(false);
    expect(changes.cursor).toEqual(expect.any(String));
  });

  it('carries the previous resource name of a renamed contact', async () => {
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'Linked' }] }]);
    const { connector } = await connectorFor(kit, EMAIL);
    const full = await listAll(connector);
    const renamed = await kit.control<{ resourceName: string }>(
      'POST',
      contactsPath(EMAIL, `/${id(name!)}/rename`),
    );

    const changes = await listAll(connector, full.cursor);

    const contact = changes.contacts.find((c) => c.remoteId === renamed.body.resourceName);
    expect(contact?.previousRemoteIds).toEqual([name]);
  });

  it('reports an expired sync token as cursor-expired', async () => {
    await seed(kit, EMAIL, [{ names: [{ givenName: 'Someone' }] }]);
    const { connector } = await connectorFor(kit, EMAIL);
    const full = await listAll(connector);
    await kit.control('POST', `/accounts/${encodeURIComponent(EMAIL)}/expire-cursors`);

    const failure = await connector.listPage(full.cursor, null).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      kind: 'cursor-expired',
      details: { providerCode: 'EXPIRED_SYNC_TOKEN' },
    });
  });

  it('reads contacts by id with batchGet, leaving missing ones out', async () => {
    const names = await seed(kit, EMAIL, [
      { names: [{ givenName: 'One' }] },
      { names: [{ givenName: 'Two' }] },
    ]);
    const { connector, requests } = await connectorFor(kit, EMAIL);

    const contacts = await connector.getContacts([...names, 'people/c1234']);

    expect(contacts.map((c) => c.fields?.firstName).sort()).toEqual(['One', 'Two']);
    expect(requests.map((r) => r.url.pathname)).toEqual(['/v1/people:batchGet']);
  });

  it('reads the account email from the profile', async () => {
    const { connector } = await connectorFor(kit, EMAIL);

    expect(await connector.accountEmail()).toBe(EMAIL);
  });
});
