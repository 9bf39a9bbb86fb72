import { type ConformanceChecker, type Exchange, loadConformanceChecker, type Violation } from './index.ts';

/**
 * The checker over the shared specs, or the reason it is unavailable. Test files load it once at
 * import time so that `describe.skipIf` can report the reason.
 */
export function loadForTests(): { checker?: ConformanceChecker; skipped?: string } {
  const loaded = loadConformanceChecker();
  return 'skipped' in loaded ? { skipped: loaded.skipped } : { checker: loaded };
}

/**
 * Violations reduced to sorted `where path` strings, which read well in a table of expectations;
 * sorted because the order in which a schema reports problems carries no meaning.
 */
export function locate(violations: Violation[]): string[] {
  return violations.map((violation) => `${violation.where} ${violation.path}`).sort();
}

/** The operation an exchange was routed to, read from the violation an undeclared parameter causes. */
export function routedOperation(
  checker: ConformanceChecker,
  exchange: Omit<Exchange, 'query' | 'status'>,
): string | undefined {
  const violations = checker.check({ ...exchange, query: { probeParameter: 'x' }, status: 500 });
  return violations.find((violation) => violation.path.endsWith('probeParameter'))?.operation;
}

const SOURCE = { type: 'CONTACT', id: '44a408968bb43d08' };

/** A contact as `people.get` returns it with names, emails, phones, memberships and metadata. */
export function googlePerson(n = 1): Record<string, unknown> {
  return {
    resourceName: `people/c494608773344160896${n}`,
    etag: '%EggBAgMGLjU3PRoEAQIFByIMU0xEMmM0Wk8zNkU9',
    metadata: {
      sources: [{ ...SOURCE, etag: '#SLD2c4ZO36E=', updateTime: '2021-09-15T03:14:59.398784Z' }],
      objectType: 'PERSON',
    },
    names: [
      {
        metadata: { primary: true, sourcePrimary: true, source: SOURCE },
        displayName: 'Ada Lovelace',
        familyName: 'Lovelace',
        givenName: 'Ada',
        displayNameLastFirst: 'Lovelace, Ada',
        unstructuredName: 'Ada Lovelace',
      },
    ],
    emailAddresses: [
      {
        metadata: { primary: true, source: SOURCE },
        value: 'ada@example.com',
        type: 'home',
        formattedType: 'Home',
      },
    ],
    phoneNumbers: [
      {
        metadata: { primary: true, source: SOURCE },
        value: '+91 70325 55311',
        canonicalForm: '+917032555311',
        type: 'mobile',
        formattedType: 'Mobile',
      },
    ],
    birthdays: [{ metadata: { primary: true, source: SOURCE }, date: { month: 12, day: 10 } }],
    memberships: [
      {
        metadata: { source: SOURCE },
        contactGroupMembership: {
          contactGroupId: 'myContacts',
          contactGroupResourceName: 'contactGroups/myContacts',
        },
      },
    ],
  };
}

/** A contact as `GET /me/contacts/{id}` returns it when created through the API. */
export function graphContact(n = 1): Record<string, unknown> {
  return {
    '@odata.etag': 'W/"EQAAABYAAAC7pXCbtdkYR7PXdfi5yDqdAAAPUhb1"',
    id: `AAMkAGI2THVSAAA=${n}`,
    createdDateTime: '2026-07-27T12:15:27Z',
    lastModifiedDateTime: '2026-07-27T12:15:28Z',
    changeKey: 'EQAAABYAAAC7pXCbtdkYR7PXdfi5yDqdAAAPUhb1',
    categories: [],
    parentFolderId: 'AAMkAGI2AAEOAAA=',
    birthday: '1815-12-10T11:59:00Z',
    fileAs: '',
    displayName: 'Ada Lovelace',
    givenName: 'Ada',
    initials: null,
    middleName: null,
    nickName: null,
    surname: 'Lovelace',
    title: null,
    yomiGivenName: null,
    yomiSurname: null,
    yomiCompanyName: null,
    generation: null,
    imAddresses: [],
    jobTitle: 'Analyst',
    companyName: 'Analytical Engines Ltd',
    department: null,
    officeLocation: null,
    profession: null,
    businessHomePage: 'https://example.com',
    assistantName: null,
    manager: null,
    homePhones: ['+44 20 7946 0018'],
    mobilePhone: '+44 7700 900123',
    businessPhones: [],
    spouseName: null,
    personalNotes: '',
    children: [],
    emailAddresses: [{ name: 'Ada Lovelace', address: 'ada@example.com' }],
    homeAddress: { street: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', countryOrRegion: 'UK' },
    businessAddress: {},
    otherAddress: {},
  };
}
