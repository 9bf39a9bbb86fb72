import { describe, expect, it } from 'vitest';
import type { Exchange } from './index.ts';
import { graphContact, loadForTests, locate, routedOperation } from './test-fixtures.ts';

const loaded = loadForTests();

function exchange(overrides: Partial<Exchange> & Pick<Exchange, 'method' | 'path'>): Exchange {
  return { provider: 'microsoft', query: {}, status: 200, ...overrides };
}

const notFound = {
  error: {
    code: 'ErrorItemNotFound',
    message: 'The specified object was not found in the store.',
    innerError: {
      date: '2026-07-27T12:15:35',
      'request-id': '6f0c6c1e-4b1a-4d38-9a55-0f2d9c6f5d11',
      'client-request-id': '6f0c6c1e-4b1a-4d38-9a55-0f2d9c6f5d11',
    },
  },
};

const tombstone = {
  '@odata.type': '#microsoft.graph.contact',
  id: 'AAMkGone=',
  '@removed': { reason: 'deleted' },
};

function batch(requests: unknown[], responses: unknown[]): Exchange {
  return exchange({
    method: 'POST',
    path: '/v1.0/$batch',
    requestBody: { requests },
    responseBody: { responses },
  });
}

describe.skipIf(loaded.skipped !== undefined)(`Microsoft Graph conformance ${loaded.skipped ?? ''}`, () => {
  const checker = loaded.checker!;

  const cases: [string, Exchange, string[]][] = [
    [
      'a valid contact with @odata.etag passes',
      exchange({ method: 'GET', path: '/v1.0/me/contacts/AAMkAGI2THVSAAA=1', responseBody: graphContact() }),
      [],
    ],
    [
      'a misspelt email address key fails at its path',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts/AAMkAGI2THVSAAA=1',
        responseBody: { ...graphContact(), emailAddresses: [{ name: 'Ada', adress: 'ada@example.com' }] },
      }),
      ['response emailAddresses[0].adress'],
    ],
    [
      'a wrong type and an undeclared property on a contact fail',
      exchange({
        method: 'GET',
        path: '/v1.0/users/u1/contacts/AAMk1',
        responseBody: { ...graphContact(), businessPhones: '+1 555', faxNumber: '+1 556' },
      }),
      ['response businessPhones', 'response faxNumber'],
    ],
    [
      'a birthday sent as a bare date breaks the extract’s timestamp pattern',
      exchange({
        method: 'PATCH',
        path: '/v1.0/me/contacts/AAMk1',
        requestBody: { birthday: '1974-07-22' },
        responseBody: graphContact(),
      }),
      ['request birthday'],
    ],
    [
      'creating a contact answers 201 with the contact',
      exchange({
        method: 'POST',
        path: '/v1.0/me/contacts',
        requestBody: { givenName: 'Ada', emailAddresses: [{ address: 'ada@example.com', name: 'Ada' }] },
        status: 201,
        responseBody: graphContact(),
      }),
      [],
    ],
    [
      'creating a contact with 200 is not the documented status',
      exchange({
        method: 'POST',
        path: '/v1.0/me/contacts',
        requestBody: { givenName: 'Ada' },
        responseBody: graphContact(),
      }),
      ['response '],
    ],
    [
      'PATCH answers 200 with the updated contact although the extract says 204',
      exchange({
        method: 'PATCH',
        path: '/v1.0/me/contactFolders/F1/contacts/AAMk1',
        requestBody: { surname: 'Byron', homeAddress: { city: 'London' } },
        responseBody: graphContact(),
      }),
      [],
    ],
    [
      'DELETE answers 204 without a body',
      exchange({ method: 'DELETE', path: '/v1.0/me/contacts/AAMk1', status: 204 }),
      [],
    ],
    [
      'a list page with @odata.context and @odata.nextLink passes',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts',
        query: { $top: '10', $select: 'givenName,surname,emailAddresses' },
        responseBody: {
          '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/contacts",
          value: [graphContact(1), graphContact(2)],
          '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/contacts?$top=10&$skip=10',
        },
      }),
      [],
    ],
    [
      'bad OData options and an unknown parameter fail',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts',
        query: { $top: '-1', $select: 'givenName,sirname', pageSize: '10' },
        responseBody: { value: [] },
      }),
      ['request query.$top', 'request query.$select', 'request query.pageSize'],
    ],
    [
      'a delta page with a @removed tombstone passes',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts/delta',
        responseBody: {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(contact)',
          '@odata.deltaLink': 'https://graph.microsoft.com/v1.0/me/contacts/delta?$deltatoken=abc',
          value: [{ ...graphContact(), '@odata.type': '#microsoft.graph.contact' }, tombstone],
        },
      }),
      [],
    ],
    [
      'a folder delta page with $skiptoken and an empty value passes',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contactFolders/F1/contacts/delta',
        query: { $skiptoken: 'x' },
        responseBody: {
          value: [],
          '@odata.nextLink':
            'https://graph.microsoft.com/v1.0/me/contactFolders/F1/contacts/delta?$skiptoken=y',
        },
      }),
      [],
    ],
    [
      'a tombstone with an unknown reason or extra data fails',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts/delta',
        responseBody: {
          '@odata.deltaLink': 'd',
          value: [{ ...tombstone, '@removed': { reason: 'gone' }, givenName: 'Ada' }],
        },
      }),
      ['response value[0]["@removed"].reason', 'response value[0].givenName'],
    ],
    [
      'a delta page without a next or delta link fails',
      exchange({ method: 'GET', path: '/v1.0/me/contacts/delta', responseBody: { value: [] } }),
      ['response '],
    ],
    [
      'an error envelope with innerError passes',
      exchange({ method: 'GET', path: '/v1.0/me/contacts/nope', status: 404, responseBody: notFound }),
      [],
    ],
    [
      'an error envelope without code fails',
      exchange({
        method: 'GET',
        path: '/v1.0/me/contacts/nope',
        status: 404,
        responseBody: { error: { message: 'The specified object was not found in the store.' } },
      }),
      ['response error.code'],
    ],
    [
      'an unknown route is flagged',
      exchange({ method: 'POST', path: '/v1.0/me/contacts/AAMk1/permanentDelete', status: 204 }),
      ['route /v1.0/me/contacts/AAMk1/permanentDelete'],
    ],
    [
      'a subscription is created with 201 and renewed with 200',
      exchange({
        method: 'PATCH',
        path: '/v1.0/subscriptions/7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
        requestBody: { expirationDateTime: '2026-07-30T11:00:00Z' },
        responseBody: {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
          id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
          resource: 'me/contacts',
          changeType: 'created,updated,deleted',
          notificationUrl: 'https://example.com/hook',
          expirationDateTime: '2026-07-30T11:00:00Z',
          clientState: 'secret',
        },
      }),
      [],
    ],
    [
      'a $batch whose requests and responses conform passes',
      batch(
        [
          {
            id: '1',
            method: 'PATCH',
            url: '/me/contacts/AAMk1',
            headers: { 'Content-Type': 'application/json' },
            body: { surname: 'Byron' },
          },
          { id: '2', method: 'GET', url: '/me/contacts?$top=5', dependsOn: ['1'] },
          { id: '3', method: 'DELETE', url: '/me/contacts/AAMk3' },
        ],
        [
          { id: '3', status: 204, headers: {} },
          { id: '1', status: 200, headers: { 'Content-Type': 'application/json' }, body: graphContact() },
          { id: '2', status: 429, headers: { 'Retry-After': '10' }, body: notFound },
        ],
      ),
      [],
    ],
    [
      'a $batch with a bad inner body fails at the inner path',
      batch(
        [
          {
            id: '1',
            method: 'POST',
            url: '/me/contacts',
            headers: { 'Content-Type': 'application/json' },
            body: { givenName: 'Ada', emailAddresses: [{ adress: 'ada@example.com' }] },
          },
        ],
        [{ id: '1', status: 201, body: { ...graphContact(), surName: 'Lovelace' } }],
      ),
      ['request requests[0].body.emailAddresses[0].adress', 'response responses[0].body.surName'],
    ],
    [
      'a $batch with a broken envelope, duplicate ids, a missing Content-Type and an unknown route fails',
      batch(
        [
          { id: '1', method: 'PATCH', url: '/me/contacts/A', body: { surname: 'Byron' } },
          { id: '1', method: 'GET', url: '/me/people', dependsOn: ['9'] },
          { id: '3', method: 'GET' },
        ],
        [{ id: '7', status: 200 }],
      ),
      [
        'request requests[2].url',
        'request requests[0].id',
        'request requests[0].headers',
        'request requests[1].id',
        'request requests[1].dependsOn',
        'response responses[0].id',
        'route requests[1].url',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, sent, expected) => {
    expect(locate(checker.check(sent))).toEqual([...expected].sort());
  });

  const routes: [string, string, string][] = [
    ['GET', '/v1.0/me/contacts', 'users_ListContacts'],
    ['POST', '/v1.0/me/contacts', 'users_CreateContacts'],
    ['GET', '/v1.0/me/contacts/AAMk1', 'users_GetContacts'],
    ['GET', '/v1.0/me/contacts/delta', 'users.contacts_delta'],
    ['GET', '/v1.0/me/contactFolders/F1/contacts/delta', 'users.contactFolders.contacts_delta'],
    ['GET', "/v1.0/me/contactFolders('contacts')/contacts", 'users.contactFolders_ListContacts'],
    ['GET', '/v1.0/me/contactFolders/delta', 'users.contactFolders_delta'],
    ['GET', '/v1.0/users/u1/contactFolders/F1/childFolders', 'users.contactFolders_ListChildFolders'],
    ['POST', '/v1.0/subscriptions', 'subscriptions.subscription_CreateSubscription'],
    ['DELETE', '/v1.0/subscriptions/s1', 'subscriptions.subscription_DeleteSubscription'],
    ['POST', '/v1.0/subscriptions/s1/reauthorize', 'subscriptions_reauthorize'],
  ];

  it.each(routes)('%s %s is %s', (method, path, operation) => {
    expect(routedOperation(checker, { provider: 'microsoft', method, path })).toBe(operation);
  });
});
