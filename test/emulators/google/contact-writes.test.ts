import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectConformance,
  type GoogleKit,
  namedContacts,
  type PersonJson,
  seed,
  startKit,
} from './google-test-kit.ts';

const EMAIL = 'writer@example.com';
let kit: GoogleKit;
let token: string;

beforeAll(async () => {
  kit = await startKit();
});

beforeEach(async () => {
  await kit.control('POST', '/reset');
  token = await kit.signIn(EMAIL);
});

afterAll(async () => {
  expectConformance(kit);
  await kit.close();
});

const ADA = {
  names: [{ givenName: 'Ada', familyName: 'Lovelace' }],
  emailAddresses: [{ value: 'ada@example.com', type: 'work' }],
  phoneNumbers: [{ value: '+44 20 7946 0018', type: 'workFax' }],
  biographies: [{ value: 'Analyst', contentType: 'TEXT_PLAIN' }],
  clientData: [{ key: 'crmId', value: 'crm-1' }],
};

function create(person: unknown = ADA) {
  return kit.api<PersonJson>(token, 'POST', '/v1/people:createContact', person);
}

function update(person: PersonJson | Record<string, unknown>, fields: string, resourceName: string) {
  return kit.api<PersonJson>(
    token,
    'PATCH',
    `/v1/${resourceName}:updateContact?updatePersonFields=${fields}`,
    person,
  );
}

describe('createContact and get', () => {
  it('creates a contact in myContacts with a people/c resource name, an etag and clientData', async () => {
    const created = await create();
    expect(created.status).toBe(200);
    expect(created.body.resourceName).toMatch(/^people\/c\d+$/);
    expect(created.body.etag).toMatch(/^%Eg/);
    expect(created.body.memberships![0]!.contactGroupMembership.contactGroupResourceName).toBe(
      'contactGroups/myContacts',
    );
    expect(created.body.clientData).toMatchObject([{ key: 'crmId', value: 'crm-1' }]);
    expect(created.body.phoneNumbers![0]).toMatchObject({ type: 'workFax', formattedType: 'Work Fax' });

    const got = await kit.api<PersonJson>(
      token,
      'GET',
      `/v1/${created.body.resourceName}?personFields=names,clientData`,
    );
    expect(got.body.names![0]!.displayName).toBe('Ada Lovelace');
    expect(got.body.emailAddresses).toBeUndefined();
  });

  it('refuses more than one name on create with the singleton message', async () => {
    const twoNames = await create({ names: [{ givenName: 'A' }, { givenName: 'B' }] });
    expect(twoNames.status).toBe(400);
    expect(twoNames.body).toMatchObject({
      error: { status: 'INVALID_ARGUMENT', message: 'Cannot have more than one person.names per source.' },
    });
  });

  it('answers get of an unknown contact with 404 NOT_FOUND and requires personFields', async () => {
    const missing = await kit.api(token, 'GET', '/v1/people/c123?personFields=names');
    expect(missing.body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const noMask = await kit.api(token, 'GET', '/v1/people/c123');
    expect(noMask.status).toBe(400);
  });

  it('batchGets up to 200 names with a status per item', async () => {
    const [name] = await seed(kit, EMAIL, namedContacts(1));
    const answer = await kit.api<{
      responses: { requestedResourceName: string; status: { code?: number } }[];
    }>(token, 'GET', `/v1/people:batchGet?personFields=names&resourceNames=${name}&resourceNames=people/c1`);
    expect(answer.body.responses.map((r) => [r.requestedResourceName, r.status.code])).toEqual([
      [name, undefined],
      ['people/c1', 5],
    ]);
    const tooMany = Array.from({ length: 201 }, (_, i) => `resourceNames=people/c${i}`).join('&');
    expect((await kit.api(token, 'GET', `/v1/people:batchGet?personFields=names&${tooMany}`)).status).toBe(
      400,
    );
  });
});

describe('updateContact', () => {
  it('replaces only the fields named in updatePersonFields and leaves the others untouched', async () => {
    const created = (await create()).body;
    const updated = await update(
      {
        etag: created.etag,
        emailAddresses: [{ value: 'new@example.com' }],
        names: [{ givenName: 'Ignored' }],
      },
      'emailAddresses,biographies',
      created.resourceName,
    );
    expect(updated.status).toBe(200);
    expect(updated.body.emailAddresses!.map((e) => e.value)).toEqual(['new@example.com']);
    expect(updated.body.biographies).toBeUndefined();
    expect(updated.body.names![0]!.givenName).toBe('Ada');
    expect(updated.body.phoneNumbers![0]!.value).toBe('+44 20 7946 0018');
    expect(updated.body.clientData).toMatchObject([{ key: 'crmId', value: 'crm-1' }]);
    expect(updated.body.etag).not.toBe(created.etag);
  });

  it('refuses a stale etag with 400 FAILED_PRECONDITION', async () => {
    const created = (await create()).body;
    await update({ etag: created.etag, biographies: [{ value: 'v2' }] }, 'biographies', created.resourceName);
    const stale = await update(
      { etag: created.etag, biographies: [{ value: 'v3' }] },
      'biographies',
      created.resourceName,
    );
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({
      error: {
        status: 'FAILED_PRECONDITION',
        message:
          'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.',
        errors: [{ reason: 'failedPrecondition' }],
      },
    });
  });

  it('accepts the contact source etag from metadata.sources instead of the person etag', async () => {
    const created = (await create()).body;
    const sources = [{ type: 'CONTACT', etag: created.metadata!.sources![0]!.etag! }];
    const updated = await update(
      { metadata: { sources }, nicknames: [{ value: 'Countess' }] },
      'nicknames',
      created.resourceName,
    );
    expect(updated.status).toBe(200);
  });

  it('refuses two birthdays and an update without updatePersonFields', async () => {
    const created = (await create()).body;
    const birthdays = [{ date: { month: 12, day: 10 } }, { date: { year: 1815, month: 12, day: 10 } }];
    const two = await update({ etag: created.etag, birthdays }, 'birthdays', created.resourceName);
    expect(two.body).toMatchObject({
      error: { message: 'Cannot have more than one person.birthdays per source.' },
    });
    const noMask = await kit.api(token, 'PATCH', `/v1/${created.resourceName}:updateContact`, {
      etag: created.etag,
    });
    expect(noMask.status).toBe(400);
  });

  it('refuses to leave a contact without any contact group membership', async () => {
    const created = (await create()).body;
    const none = await update({ etag: created.etag, memberships: [] }, 'memberships', created.resourceName);
    expect(none.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });
});

describe('deleteContact and the batch methods', () => {
  it('deletes a contact, answering {} and then 404', async () => {
    const created = (await create()).body;
    const deleted = await kit.api(token, 'DELETE', `/v1/${created.resourceName}:deleteContact`);
    expect(deleted).toMatchObject({ status: 200, body: {} });
    expect((await kit.api(token, 'DELETE', `/v1/${created.resourceName}:deleteContact`)).status).toBe(404);
  });

  it('batch-creates, batch-updates and batch-deletes', async () => {
    const contacts = namedContacts(3).map((contactPerson) => ({ contactPerson }));
    const created = await kit.api<{ createdPeople: { person: PersonJson }[] }>(
      token,
      'POST',
      '/v1/people:batchCreateContacts',
      {
        contacts,
        readMask: 'names',
      },
    );
    expect(created.body.createdPeople).toHaveLength(3);
    const people = created.body.createdPeople.map((r) => r.person);

    const updates = Object.fromEntries(
      people.map((p) => [p.resourceName, { etag: p.etag, biographies: [{ value: 'batch' }] }]),
    );
    const updated = await kit.api<{ updateResult: Record<string, { person: PersonJson }> }>(
      token,
      'POST',
      '/v1/people:batchUpdateContacts',
      { contacts: updates, updateMask: 'biographies', readMask: 'biographies,names' },
    );
    expect(Object.values(updated.body.updateResult).map((r) => r.person.biographies![0]!.value)).toEqual([
      'batch',
      'batch',
      'batch',
    ]);

    const deleted = await kit.api(token, 'POST', '/v1/people:batchDeleteContacts', {
      resourceNames: people.map((p) => p.resourceName),
    });
    expect(deleted).toMatchObject({ status: 200, body: {} });
    expect(
      (await kit.control<{ contacts: unknown[] }>('GET', `/accounts/${EMAIL}/contacts`)).body.contacts,
    ).toEqual([]);
  });

  it('refuses 201 contacts in a batch create or update and 501 names in a batch delete', async () => {
    const contacts = namedContacts(201).map((contactPerson) => ({ contactPerson }));
    const create201 = await kit.api(token, 'POST', '/v1/people:batchCreateContacts', {
      contacts,
      readMask: 'names',
    });
    expect(create201.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const updates = Object.fromEntries(
      Array.from({ length: 201 }, (_, i) => [`people/c${i}`, { etag: 'x' }]),
    );
    const update201 = await kit.api(token, 'POST', '/v1/people:batchUpdateContacts', {
      contacts: updates,
      updateMask: 'names',
    });
    expect(update201.status).toBe(400);
    const resourceNames = Array.from({ length: 501 }, (_, i) => `people/c${i}`);
    expect((await kit.api(token, 'POST', '/v1/people:batchDeleteContacts', { resourceNames })).status).toBe(
      400,
    );
    expect(
      (await kit.control<{ contacts: unknown[] }>('GET', `/accounts/${EMAIL}/contacts`)).body.contacts,
    ).toEqual([]);
  });

  it('refuses a contact past 25,000 in the account', async () => {
    for (let done = 0; done < 25_000; done += 5_000) await seed(kit, EMAIL, namedContacts(5_000));
    const started = performance.now();
    const page = await kit.api<{ connections: unknown[] }>(
      token,
      'GET',
      '/v1/people/me/connections?personFields=names,emailAddresses,metadata&pageSize=1000',
    );
    expect(page.body.connections).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(500);

    const over = await create();
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { status: 'FAILED_PRECONDITION' } });
  });
});
