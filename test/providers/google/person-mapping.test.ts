import { describe, expect, it } from 'vitest';
import { classifyAnswer } from '../../../src/providers/google/errors.ts';
import { CONTACT_SYNC_ID_KEY } from '../../../src/providers/google/index.ts';
import type { Person } from '../../../src/providers/google/people-types.ts';
import {
  remoteContactFromPerson,
  syncedFieldsFromPerson,
} from '../../../src/providers/google/person-mapping.ts';
import { personForCreate, personUpdate } from '../../../src/providers/google/person-writing.ts';
import { phoneLabelOf, phoneTypeOf, plainLabelOf } from '../../../src/providers/google/value-labels.ts';
import { sendInTurn } from '../../../src/providers/google/write-outcomes.ts';
import { ProviderError } from '../../../src/providers/provider.ts';
import { fieldsOf } from './connector-kit.ts';

describe('phone types and labels', () => {
  it.each([
    ['mobile', 'mobile'],
    ['home', 'home'],
    ['work', 'work'],
    ['main', 'main'],
    ['other', 'other'],
    ['homeFax', 'home-fax'],
    ['workFax', 'work-fax'],
    ['otherFax', 'other-fax'],
    ['pager', 'pager'],
  ])('Google %s is the CRM label %s, both ways', (type, label) => {
    expect(phoneLabelOf(type)).toBe(label);
    expect(phoneTypeOf(label)).toBe(type);
  });

  it.each(['workMobile', 'workPager', 'googleVoice', 'Assistant', undefined])(
    'Google %s reads as other',
    (type) => {
      expect(phoneLabelOf(type)).toBe('other');
    },
  );

  it.each([
    ['home', 'home'],
    ['work', 'work'],
    ['other', 'other'],
    ['blog', 'other'],
    ['homePage', 'other'],
    ['custom label', 'other'],
  ])('email / url type %s reads as %s', (type, label) => {
    expect(plainLabelOf(type)).toBe(label);
  });
});

describe('birthdays', () => {
  it.each<[string, Record<string, number>, unknown]>([
    ['with a year', { year: 1815, month: 12, day: 10 }, { year: 1815, month: 12, day: 10 }],
    ['without a year', { month: 2, day: 29 }, { month: 2, day: 29 }],
    ['with year 0 (no year)', { year: 0, month: 3, day: 14 }, { month: 3, day: 14 }],
    ['year only', { year: 1990 }, null],
    ['year and month', { year: 1990, month: 4, day: 0 }, null],
    ['not a date', { year: 2001, month: 2, day: 29 }, null],
  ])('a Google date %s', (_case, date, expected) => {
    expect(syncedFieldsFromPerson({ birthdays: [{ date }] }).birthday).toEqual(expected);
  });

  it('writes a birthday without a year as a Date without a year', () => {
    const person = personForCreate({
      crmContactId: 'c',
      fields: fieldsOf({ birthday: { month: 3, day: 14 } }),
    });
    expect(person.birthdays).toEqual([{ date: { month: 3, day: 14 } }]);
  });
});

describe('reading a Person', () => {
  it('reads only the contact’s own values, not those of a linked profile', () => {
    const profile = { metadata: { source: { type: 'PROFILE', id: '1' } } };
    const own = { metadata: { source: { type: 'CONTACT', id: '2' } } };
    const fields = syncedFieldsFromPerson({
      names: [
        { ...profile, givenName: 'Profile' },
        { ...own, givenName: 'Contact' },
      ],
      emailAddresses: [
        { ...profile, value: 'p@example.com' },
        { ...own, value: 'c@example.com', type: 'home' },
      ],
    });
    expect(fields.firstName).toBe('Contact');
    expect(fields.emails).toEqual([{ address: 'c@example.com', label: 'home' }]);
  });

  it('reads the first home address, empty strings as null, and skips empty values', () => {
    const fields = syncedFieldsFromPerson({
      addresses: [
        { type: 'work', city: 'Work town' },
        { type: 'home', streetAddress: '1 Main St', city: ' ', country: 'France' },
        { type: 'home', city: 'Second home' },
      ],
      phoneNumbers: [{ value: '' }, { value: '+33 1 23 45 67 89', type: 'home' }],
    });
    expect(fields.homeAddress).toEqual({
      street: '1 Main St',
      city: null,
      region: null,
      postalCode: null,
      country: 'France',
    });
    expect(fields.phones).toEqual([{ number: '+33 1 23 45 67 89', label: 'home' }]);
  });

  it('reads a deletion stub as deleted with nothing else', () => {
    const stub: Person = {
      resourceName: 'people/c1',
      etag: '%E',
      metadata: { deleted: true, sources: [{ type: 'CONTACT', id: '1' }] },
    };
    expect(remoteContactFromPerson(stub)).toEqual({
      remoteId: 'people/c1',
      previousRemoteIds: [],
      etag: '%E',
      deleted: true,
      fields: null,
      crmContactId: null,
      updatedAt: null,
    });
  });
});

describe('writing a Person', () => {
  it('creates with every synced field, our id in clientData and My Contacts membership', () => {
    const person = personForCreate({
      crmContactId: 'crm-9',
      fields: fieldsOf({
        firstName: 'Ada',
        company: 'Engines',
        homeAddress: {
          street: '1 Sq\nFlat 2',
          city: 'London',
          region: null,
          postalCode: null,
          country: null,
        },
        phones: [{ number: '+44 20 7946 0000', label: 'home-fax' }],
        emails: [{ address: 'a@example.com', label: 'work' }],
        websites: [{ url: 'https://a.example', label: 'home' }],
      }),
    });
    expect(person).toEqual({
      names: [{ givenName: 'Ada' }],
      organizations: [{ name: 'Engines' }],
      addresses: [{ type: 'home', streetAddress: '1 Sq', extendedAddress: 'Flat 2', city: 'London' }],
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'homeFax' }],
      emailAddresses: [{ value: 'a@example.com', type: 'work' }],
      urls: [{ value: 'https://a.example', type: 'home' }],
      clientData: [{ key: CONTACT_SYNC_ID_KEY, value: 'crm-9' }],
      memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } }],
    });
  });

  it('removes only the home address when the CRM clears it', () => {
    const base: Person = {
      addresses: [
        { type: 'home', city: 'Home town', formattedValue: 'Home town' },
        { type: 'work', city: 'Work town', formattedValue: 'Work town', formattedType: 'Work' },
      ],
    };
    const update = personUpdate(base, {
      remoteId: 'people/c1',
      etag: 'e1',
      changed: ['homeAddress'],
      fields: fieldsOf({}),
    });
    expect(update).toEqual({
      mask: ['addresses'],
      person: { etag: 'e1', addresses: [{ type: 'work', city: 'Work town', formattedValue: 'Work town' }] },
    });
  });

  it('keeps a phone’s Google-only type when the same number, written differently, keeps its label', () => {
    const base: Person = {
      phoneNumbers: [{ value: '(202) 555-0142', type: 'workMobile', canonicalForm: '+12025550142' }],
    };
    const update = personUpdate(
      base,
      {
        remoteId: 'people/c1',
        etag: 'e1',
        changed: ['phones'],
        fields: fieldsOf({ phones: [{ number: '+1 202 555 0142', label: 'other' }] }),
      },
      { region: 'US' },
    );
    expect(update.person.phoneNumbers).toEqual([{ value: '+1 202 555 0142', type: 'workMobile' }]);
  });

  it('names one Person field per changed group of synced fields', () => {
    const update = personUpdate(
      {},
      {
        remoteId: 'people/c1',
        etag: 'e1',
        changed: ['lastName', 'firstName', 'websites', 'birthday'],
        fields: fieldsOf({}),
      },
    );
    expect(update.mask).toEqual(['names', 'birthdays', 'urls']);
    expect(update.person).toEqual({ etag: 'e1', names: [], birthdays: [], urls: [] });
  });
});

describe('error classification', () => {
  const answer = (
    httpStatus: number,
    rpcStatus: string | undefined,
    message: string,
    reasons: string[] = [],
  ) => ({
    httpStatus,
    rpcStatus,
    message,
    reasons,
    retryAfterMs: undefined,
  });

  it.each([
    [
      '400 EXPIRED_SYNC_TOKEN (INVALID_ARGUMENT variant)',
      answer(400, 'INVALID_ARGUMENT', 'x', ['EXPIRED_SYNC_TOKEN']),
      'cursor-expired',
    ],
    ['410 (documented, stale)', answer(410, undefined, 'Gone'), 'cursor-expired'],
    [
      '400 by its message only',
      answer(400, 'FAILED_PRECONDITION', 'Sync token is expired. Clear local cache…'),
      'cursor-expired',
    ],
    [
      'etag mismatch',
      answer(400, 'FAILED_PRECONDITION', 'Request person.etag is different than the current person.etag.'),
      'conflict',
    ],
    [
      'source etag mismatch',
      answer(400, 'FAILED_PRECONDITION', 'Request person.metadata.sources.etag is different…'),
      'conflict',
    ],
    [
      'account full',
      answer(400, 'FAILED_PRECONDITION', 'The account has reached the maximum'),
      'invalid-data',
    ],
    [
      'singleton violation',
      answer(400, 'INVALID_ARGUMENT', 'Cannot have more than one person.names per source.'),
      'invalid-data',
    ],
    [
      '401',
      answer(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      'auth-revoked',
    ],
    [
      '403 scope',
      answer(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.'),
      'missing-scope',
    ],
    [
      '403 legacy rate limit',
      answer(403, 'PERMISSION_DENIED', 'Rate limit', ['userRateLimitExceeded']),
      'throttled',
    ],
    ['404', answer(404, 'NOT_FOUND', 'Requested entity was not found.'), 'not-found'],
    ['429', answer(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded'), 'throttled'],
    ['500', answer(500, 'INTERNAL', 'Internal error'), 'temporary'],
    ['503', answer(503, 'UNAVAILABLE', 'The service is currently unavailable.'), 'temporary'],
  ])('%s', (_case, failed, kind) => {
    expect(classifyAnswer(failed).kind).toBe(kind);
  });
});

describe('sending writes in turn', () => {
  const ok = (id: string) => ({ ok: true as const, remoteId: id, etag: 'e', fields: fieldsOf({}) });

  it('retries a group refused for one item item by item, and stops at an account-wide error', async () => {
    const sent: string[][] = [];
    const outcomes = await sendInTurn([['a', 'bad', 'c'], ['d'], ['e']], async (group) => {
      sent.push(group);
      if (group.includes('bad')) throw new ProviderError('invalid-data', 'bad item');
      if (group.includes('d')) throw new ProviderError('throttled', 'slow down');
      return group.map(ok);
    });
    expect(sent).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c'], ['d']]);
    expect(outcomes.map((o) => (o.ok ? o.remoteId : o.error.kind))).toEqual([
      'a',
      'invalid-data',
      'c',
      'throttled',
      'throttled',
    ]);
  });
});
