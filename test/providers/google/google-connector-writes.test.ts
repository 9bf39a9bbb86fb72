import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteContact } from '../../../src/providers/provider.ts';
import {
  contactsPath,
  expectConformance,
  type GoogleKit,
  seed,
  startKit,
} from '../../emulators/google/google-test-kit.ts';
import { connectorFor, controlContacts, fieldsOf, listAll, requestCount } from './connector-kit.ts';

const EMAIL = 'writer@example.com';
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

/** A contact with data the sync does not manage next to the synced fields. */
const RICH_PERSON = {
  names: [{ honorificPrefix: 'Dr', givenName: 'Grace', middleName: 'Brewster', familyName: 'Hopper' }],
  organizations: [{ name: 'US Navy', title: 'Rear Admiral', department: 'Computing', type: 'work' }],
  addresses: [
    { type: 'work', streetAddress: '1 Navy Way', city: 'Arlington', region: 'VA', countryCode: 'US' },
    { type: 'home', streetAddress: '5 Old Road', city: 'New York', poBox: 'PO 42' },
  ],
  phoneNumbers: [
    { value: '+1 202 555 0142', type: 'workMobile' },
    { value: '+1 202 555 0199', type: 'home' },
  ],
  emailAddresses: [{ value: 'grace@example.com', type: 'work', displayName: 'Amazing Grace' }],
  biographies: [{ value: 'Wrote the first compiler.', contentType: 'TEXT_PLAIN' }],
  relations: [{ person: 'Vincent', type: 'spouse' }],
};

async function readOne(
  connectorFields: { getContacts(ids: string[]): Promise<RemoteContact[]> },
  name: string,
) {
  const [contact] = await connectorFields.getContacts([name]);
  if (!contact?.fields) throw new Error(`no contact ${name}`);
  return { ...contact, fields: contact.fields };
}

describe('Google connector writes', () => {
  it('creates contacts carrying the CRM id in clientData, in My Contacts', async () => {
    const { connector } = await connectorFor(kit, EMAIL);

    const outcomes = await connector.createContacts([
      { crmContactId: 'crm-a', fields: fieldsOf({ firstName: 'Alan', birthday: { month: 6, day: 23 } }) },
      {
        crmContactId: 'crm-b',
        fields: fieldsOf({
          company: 'Bletchley',
          phones: [{ number: '+44 20 7946 0018', label: 'work-fax' }],
        }),
      },
    ]);

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const listed = (await listAll(connector)).contacts;
    expect(listed.map((c) => c.crmContactId).sort()).toEqual(['crm-a', 'crm-b']);
    expect(listed.find((c) => c.crmContactId === 'crm-a')?.fields?.birthday).toEqual({ month: 6, day: 23 });
    expect(listed.find((c) => c.crmContactId === 'crm-b')?.fields?.phones).toEqual([
      { number: '+44 20 7946 0018', label: 'work-fax' },
    ]);
    const stored = await controlContacts(kit, EMAIL);
    for (const person of stored) {
      expect(person.memberships).toEqual([
        expect.objectContaining({
          contactGroupMembership: expect.objectContaining({
            contactGroupResourceName: 'contactGroups/myContacts',
          }),
        }),
      ]);
    }
  });

  it('creates 450 contacts in 3 batch calls of at most 200', async () => {
    const { connector, requests } = await connectorFor(kit, EMAIL);
    const writes = Array.from({ length: 450 }, (_, i) => ({
      crmContactId: `crm-${i}`,
      fields: fieldsOf({ firstName: `Person ${i}` }),
    }));

    const outcomes = await connector.createContacts(writes);

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(450);
    expect(await requestCount(kit, 'POST /v1/people::batchCreateContacts 200')).toBe(3);
    expect(requests.map((r) => (r.body as { contacts: unknown[] }).contacts.length)).toEqual([200, 200, 50]);
    expect((await listAll(connector)).contacts).toHaveLength(450);
  });

  it('updates only the changed fields and keeps everything the sync does not manage', async () => {
    const [name] = await seed(kit, EMAIL, [RICH_PERSON]);
    const { connector, requests } = await connectorFor(kit, EMAIL);
    const before = await readOne(connector, name!);

    const [outcome] = await connector.updateContacts([
      {
        remoteId: name!,
        etag: before.etag,
        changed: ['phones', 'homeAddress'],
        fields: {
          ...before.fields,
          phones: [
            { number: '+1 202 555 0142', label: 'other' },
            { number: '+1 212 555 0123', label: 'mobile' },
          ],
          homeAddress: {
            street: '7 New Street',
            city: 'Boston',
            region: 'MA',
            postalCode: '02108',
            country: 'USA',
          },
        },
      },
    ]);

    expect(outcome).toMatchObject({ ok: true, remoteId: name });
    const write = requests.at(-1)!;
    expect(write.method).toBe('PATCH');
    expect(write.url.searchParams.get('updatePersonFields')).toBe('addresses,phoneNumbers');
    expect(Object.keys(write.body as object).sort()).toEqual(['addresses', 'etag', 'phoneNumbers']);
    const [stored] = await controlContacts(kit, EMAIL);
    expect(stored).toMatchObject({
      names: [expect.objectContaining({ honorificPrefix: 'Dr', middleName: 'Brewster', givenName: 'Grace' })],
      organizations: [expect.objectContaining({ department: 'Computing' })],
      biographies: [expect.objectContaining({ value: 'Wrote the first compiler.' })],
      relations: [expect.objectContaining({ person: 'Vincent', type: 'spouse' })],
      emailAddresses: [expect.objectContaining({ displayName: 'Amazing Grace' })],
      addresses: [
        expect.objectContaining({ type: 'work', streetAddress: '1 Navy Way', countryCode: 'US' }),
        expect.objectContaining({
          type: 'home',
          streetAddress: '7 New Street',
          city: 'Boston',
          poBox: 'PO 42',
        }),
      ],
      phoneNumbers: [
        expect.objectContaining({ value: '+1 202 555 0142', type: 'workMobile' }),
        expect.objectContaining({ value: '+1 212 555 0123', type: 'mobile' }),
      ],
    });
    if (outcome?.ok) expect(outcome.fields.homeAddress?.city).toBe('Boston');
  });

  it('merges a new first name into the name, keeping prefix and middle name', async () => {
    const [name] = await seed(kit, EMAIL, [RICH_PERSON]);
    const { connector } = await connectorFor(kit, EMAIL);
    const before = await readOne(connector, name!);

    const [outcome] = await connector.updateContacts([
      {
        remoteId: name!,
        etag: before.etag,
        changed: ['firstName', 'jobTitle'],
        fields: { ...before.fields, firstName: 'Amazing', jobTitle: null },
      },
    ]);

    expect(outcome?.ok).toBe(true);
    const [stored] = await controlContacts(kit, EMAIL);
    expect(stored?.names).toEqual([
      expect.objectContaining({
        honorificPrefix: 'Dr',
        givenName: 'Amazing',
        middleName: 'Brewster',
        displayName: 'Dr Amazing Brewster Hopper',
      }),
    ]);
    expect(stored?.organizations).toEqual([expect.not.objectContaining({ title: expect.anything() })]);
    expect(stored?.organizations).toEqual([
      expect.objectContaining({ name: 'US Navy', department: 'Computing' }),
    ]);
  });

  it('merges into the contact as listed without reading it again', async () => {
    await seed(kit, EMAIL, [RICH_PERSON]);
    const { connector, requests } = await connectorFor(kit, EMAIL);
    const [listed] = (await listAll(connector)).contacts;
    requests.length = 0;

    const [outcome] = await connector.updateContacts([
      {
        remoteId: listed!.remoteId,
        etag: listed!.etag,
        changed: ['emails'],
        fields: { ...listed!.fields!, emails: [] },
      },
    ]);

    expect(outcome?.ok).toBe(true);
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `PATCH /v1/${listed!.remoteId}:updateContact`,
    ]);
  });

  it('sends several updates with the same changed fields as one batch', async () => {
    const names = await seed(kit, EMAIL, [
      { names: [{ givenName: 'A' }] },
      { names: [{ givenName: 'B' }] },
      { names: [{ givenName: 'C' }] },
    ]);
    const { connector, requests } = await connectorFor(kit, EMAIL);
    const current = await connector.getContacts(names);

    const outcomes = await connector.updateContacts(
      names.map((name) => {
        const contact = current.find((c) => c.remoteId === name)!;
        return {
          remoteId: name,
          etag: contact.etag,
          changed: ['company'],
          fields: { ...contact.fields!, company: 'Acme' },
        };
      }),
    );

    expect(outcomes.map((o) => o.ok && o.fields.company)).toEqual(['Acme', 'Acme', 'Acme']);
    expect(requests.map((r) => r.url.pathname)).toEqual([
      '/v1/people:batchGet',
      '/v1/people:batchUpdateContacts',
    ]);
    expect((requests[1]!.body as { updateMask: string }).updateMask).toBe('organizations');
  });

  it('reports a contact edited since the engine read it as a conflict, without writing', async () => {
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'Old' }] }]);
    const before = await readOne((await connectorFor(kit, EMAIL)).connector, name!);
    await kit.control('PATCH', contactsPath(EMAIL, `/${id(name!)}`), {
      names: [{ givenName: 'Edited in Gmail' }],
    });
    // A connector that has not seen the contact reads it first, and finds it moved on.
    const { connector, requests } = await connectorFor(kit, EMAIL);

    const [outcome] = await connector.updateContacts([
      {
        remoteId: name!,
        etag: before.etag,
        changed: ['firstName'],
        fields: fieldsOf({ firstName: 'From CRM' }),
      },
    ]);

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['GET /v1/people:batchGet']);
  });

  it("turns Google's etag precondition failure into a conflict", async () => {
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'Old' }] }]);
    const { connector } = await connectorFor(kit, EMAIL);
    const [listed] = (await listAll(connector)).contacts;
    // Edited behind the cached version's back: only Google's own etag check can see it.
    await kit.control('PATCH', contactsPath(EMAIL, `/${id(name!)}`), {
      names: [{ givenName: 'Edited in Gmail' }],
    });

    const [outcome] = await connector.updateContacts([
      {
        remoteId: name!,
        etag: listed!.etag,
        changed: ['firstName'],
        fields: { ...listed!.fields!, firstName: 'CRM' },
      },
    ]);

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', details: { status: 400 } } });
  });

  it('reports an update of a contact that no longer exists as not-found', async () => {
    const [name] = await seed(kit, EMAIL, [{ names: [{ givenName: 'Gone' }] }]);
    const { connector } = await connectorFor(kit, EMAIL);
    const before = await readOne(connector, name!);
    await kit.control('DELETE', contactsPath(EMAIL, `/${id(name!)}`));

    const [outcome] = await connector.updateContacts([
      {
        remoteId: name!,
        etag: 'stale',
        changed: ['firstName'],
        fields: { ...before.fields, firstName: 'X' },
      },
    ]);

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
