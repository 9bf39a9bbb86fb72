import { describe, expect, it } from 'vitest';
import type { Exchange } from './index.ts';
import { googlePerson, loadForTests, locate, routedOperation } from './test-fixtures.ts';

const loaded = loadForTests();

function exchange(overrides: Partial<Exchange> & Pick<Exchange, 'method' | 'path'>): Exchange {
  return { provider: 'google', query: {}, status: 200, ...overrides };
}

const SOURCE_ONLY = { type: 'CONTACT', id: '44a408968bb43d08', etag: '#SLD2c4ZO36E=' };

const expiredSyncToken = {
  error: {
    code: 400,
    message: 'Sync token is expired. Clear local cache and retry call without the sync token.',
    status: 'FAILED_PRECONDITION',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'EXPIRED_SYNC_TOKEN',
        domain: 'people.googleapis.com',
      },
    ],
  },
};

describe.skipIf(loaded.skipped !== undefined)(`Google People conformance ${loaded.skipped ?? ''}`, () => {
  const checker = loaded.checker!;

  const cases: [string, Exchange, string[]][] = [
    [
      'a valid Person from people.get passes',
      exchange({
        method: 'GET',
        path: '/v1/people/c4946087733441608961',
        query: { personFields: 'names,emailAddresses,phoneNumbers,birthdays,memberships,metadata' },
        responseBody: googlePerson(),
      }),
      [],
    ],
    [
      'a typo in a created Person is reported at its path',
      exchange({
        method: 'POST',
        path: '/v1/people:createContact',
        requestBody: { names: [{ givenName: 'Ada' }], emailAdresses: [{ value: 'ada@example.com' }] },
        responseBody: googlePerson(),
      }),
      ['request emailAdresses'],
    ],
    [
      'a wrong type deep in a response is reported',
      exchange({
        method: 'GET',
        path: '/v1/people/c1',
        responseBody: { ...googlePerson(), names: [{ givenName: 42 }] },
      }),
      ['response names[0].givenName'],
    ],
    [
      'an int32 sent as a string is a wrong type',
      exchange({
        method: 'GET',
        path: '/v1/people/c1',
        responseBody: { ...googlePerson(), birthdays: [{ date: { month: '12', day: 10 } }] },
      }),
      ['response birthdays[0].date.month'],
    ],
    [
      'a valid connections.list page passes',
      exchange({
        method: 'GET',
        path: '/v1/people/me/connections',
        query: { personFields: 'names,metadata', pageSize: '2', requestSyncToken: 'true' },
        responseBody: { connections: [googlePerson(1), googlePerson(2)], nextPageToken: 'p2', totalItems: 3 },
      }),
      [],
    ],
    [
      'a deleted contact in a sync page passes',
      exchange({
        method: 'GET',
        path: '/v1/people/me/connections',
        query: { personFields: 'names', syncToken: 's1' },
        responseBody: {
          connections: [
            { resourceName: 'people/c1', etag: '%Eg', metadata: { sources: [SOURCE_ONLY], deleted: true } },
          ],
          nextSyncToken: 's2',
        },
      }),
      [],
    ],
    [
      'an error without the {error:…} envelope fails',
      exchange({
        method: 'GET',
        path: '/v1/people/me/connections',
        query: { personFields: 'names', syncToken: 'old' },
        status: 400,
        responseBody: { code: 400, message: 'Sync token is expired.', status: 'FAILED_PRECONDITION' },
      }),
      ['response error', 'response code', 'response message', 'response status'],
    ],
    [
      'an expired sync token error in the envelope passes',
      exchange({
        method: 'GET',
        path: '/v1/people/me/connections',
        query: { personFields: 'names', syncToken: 'old' },
        status: 400,
        responseBody: expiredSyncToken,
      }),
      [],
    ],
    [
      'an error whose code differs from the HTTP status fails',
      exchange({
        method: 'DELETE',
        path: '/v1/people/c1:deleteContact',
        status: 404,
        responseBody: expiredSyncToken,
      }),
      ['response error.code'],
    ],
    [
      'an error with an unknown status name fails',
      exchange({
        method: 'GET',
        path: '/v1/people/c1',
        status: 404,
        responseBody: { error: { code: 404, message: 'Not found', status: 'NOTFOUND' } },
      }),
      ['response error.status'],
    ],
    [
      'an unknown route is flagged',
      exchange({ method: 'POST', path: '/v1/people:watch', requestBody: {} }),
      ['route /v1/people:watch'],
    ],
    [
      'a method the path does not allow is flagged',
      exchange({ method: 'PUT', path: '/v1/people/c1:updateContact', requestBody: googlePerson() }),
      ['route /v1/people/c1:updateContact'],
    ],
    [
      'undeclared, off-enum and non-repeated repeated query parameters fail',
      exchange({
        method: 'GET',
        path: '/v1/people/me/connections',
        query: {
          personFields: ['names', 'emails'],
          sortOrder: 'NEWEST_FIRST',
          pagesize: '10',
          pageSize: 'ten',
        },
        responseBody: { connections: [] },
      }),
      [
        'request query.personFields',
        'request query.sortOrder',
        'request query.pagesize',
        'request query.pageSize',
      ],
    ],
    [
      'repeated and standard parameters pass',
      exchange({
        method: 'GET',
        path: '/v1/people:batchGet',
        query: {
          resourceNames: ['people/c1', 'people/c2'],
          personFields: 'names',
          sources: 'READ_SOURCE_TYPE_CONTACT',
          fields: 'responses',
          '$.xgafv': '2',
          prettyPrint: 'false',
        },
        responseBody: {
          responses: [
            { requestedResourceName: 'people/c1', person: googlePerson(1), status: {} },
            { requestedResourceName: 'people/c2', status: { code: 5, message: 'Not found' } },
          ],
        },
      }),
      [],
    ],
    [
      'updateContact with its mask passes',
      exchange({
        method: 'PATCH',
        path: '/v1/people/c4946087733441608961:updateContact',
        query: { updatePersonFields: 'names,emailAddresses', personFields: 'names' },
        requestBody: googlePerson(),
        responseBody: googlePerson(),
      }),
      [],
    ],
    [
      'batchCreateContacts request and response pass',
      exchange({
        method: 'POST',
        path: '/v1/people:batchCreateContacts',
        requestBody: { contacts: [{ contactPerson: { names: [{ givenName: 'Ada' }] } }], readMask: 'names' },
        responseBody: {
          createdPeople: [
            { requestedResourceName: 'people/c1', httpStatusCode: 200, person: googlePerson() },
          ],
        },
      }),
      [],
    ],
    [
      'a typo inside a batchUpdateContacts map value is found',
      exchange({
        method: 'POST',
        path: '/v1/people:batchUpdateContacts',
        requestBody: {
          contacts: { 'people/c1': { etag: '%Eg', names: [{ givenNmae: 'Ada' }] } },
          updateMask: 'names',
          readMask: 'names',
        },
        responseBody: { updateResult: {} },
      }),
      ['request contacts["people/c1"].names[0].givenNmae'],
    ],
    [
      'deleteContact answers an empty object',
      exchange({ method: 'DELETE', path: '/v1/people/c1:deleteContact', responseBody: {} }),
      [],
    ],
    [
      'a success other than 200 and a missing body are flagged',
      exchange({
        method: 'POST',
        path: '/v1/people:createContact',
        requestBody: googlePerson(),
        status: 201,
      }),
      ['response ', 'response '],
    ],
    [
      'a body on a bodyless method is flagged',
      exchange({
        method: 'GET',
        path: '/v1/contactGroups',
        requestBody: {},
        responseBody: { contactGroups: [] },
      }),
      ['request '],
    ],
  ];

  it.each(cases)('%s', (_name, sent, expected) => {
    expect(locate(checker.check(sent))).toEqual([...expected].sort());
  });

  const routes: [string, string, string][] = [
    ['GET', '/v1/people/me', 'people.people.get'],
    ['GET', '/v1/people/me/connections', 'people.people.connections.list'],
    ['PATCH', '/v1/people/c123:updateContact', 'people.people.updateContact'],
    ['DELETE', '/v1/people/c123:deleteContact', 'people.people.deleteContact'],
    ['POST', '/v1/people:batchCreateContacts', 'people.people.batchCreateContacts'],
    ['GET', '/v1/people:batchGet', 'people.people.getBatchGet'],
    ['GET', '/v1/contactGroups/myContacts', 'people.contactGroups.get'],
    ['PUT', '/v1/contactGroups/abc', 'people.contactGroups.update'],
    ['POST', '/v1/contactGroups/abc/members:modify', 'people.contactGroups.members.modify'],
    ['GET', '/v1/otherContacts', 'people.otherContacts.list'],
  ];

  it.each(routes)('%s %s is %s', (method, path, operation) => {
    expect(routedOperation(checker, { provider: 'google', method, path })).toBe(operation);
  });

  it('violation messages name what is wrong', () => {
    const [violation] = checker.check(
      exchange({
        method: 'GET',
        path: '/v1/people/c1',
        responseBody: { ...googlePerson(), names: [{ givenName: 42 }] },
      }),
    );
    expect(violation).toEqual({
      where: 'response',
      operation: 'people.people.get',
      path: 'names[0].givenName',
      message: 'must be string, got 42',
    });
  });
});
