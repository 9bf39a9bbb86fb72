import { describe, expect, it } from 'vitest';
import type { SyncedFieldName, SyncedFields } from '../synced-fields.ts';
import { type FieldDecision, type MergeInput, mergeSyncedFields } from './three-way-merge.ts';

function fields(overrides: Partial<SyncedFields> = {}): SyncedFields {
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical Engines',
    jobTitle: 'Analyst',
    birthday: { year: 1815, month: 12, day: 10 },
    homeAddress: { street: '12 St James Sq', city: 'London', region: null, postalCode: null, country: 'UK' },
    phones: [{ number: '(202) 555-0143', label: 'mobile' }],
    emails: [{ address: 'ada@example.com', label: 'home' }],
    websites: [{ url: 'https://ada.example.com', label: 'home' }],
    ...overrides,
  };
}

const EARLIER = Date.parse('2024-05-01T10:00:00Z');
const LATER = Date.parse('2024-05-01T11:00:00Z');

interface Case {
  name: string;
  base: SyncedFields | null;
  crm: SyncedFields;
  remote: SyncedFields;
  times?: Pick<MergeInput, 'crmChangedAt' | 'remoteChangedAt'>;
  expected: {
    crmNeedsUpdate: boolean;
    remoteNeedsUpdate: boolean;
    decision?: Omit<FieldDecision, 'reason'> & { reason?: string };
    merged?: Partial<SyncedFields>;
  };
}

function merge(row: Case) {
  const times = row.times ?? { crmChangedAt: EARLIER, remoteChangedAt: LATER };
  return mergeSyncedFields({ base: row.base, crm: row.crm, remote: row.remote, region: 'US', ...times });
}

function expectCase(row: Case) {
  const result = merge(row);
  expect({ crm: result.crmNeedsUpdate, remote: result.remoteNeedsUpdate }).toEqual({
    crm: row.expected.crmNeedsUpdate,
    remote: row.expected.remoteNeedsUpdate,
  });
  const wanted = row.expected.decision;
  if (wanted) {
    const decision = result.decisions.find((d) => d.field === wanted.field);
    const { reason, ...rest } = wanted;
    expect(decision).toMatchObject(rest);
    if (reason) expect(decision?.reason).toContain(reason);
  }
  if (row.expected.merged) expect(result.merged).toMatchObject(row.expected.merged);
}

describe('three-way merge of single-valued fields', () => {
  const cases: Case[] = [
    {
      name: 'nothing changed on either side: nothing to write',
      base: fields(),
      crm: fields(),
      remote: fields(),
      expected: { crmNeedsUpdate: false, remoteNeedsUpdate: false },
    },
    {
      name: 'only the CRM changed the company: it is sent to the remote',
      base: fields(),
      crm: fields({ company: 'Babbage & Co' }),
      remote: fields(),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'company', outcome: 'took-crm' },
        merged: { company: 'Babbage & Co' },
      },
    },
    {
      name: 'only the remote changed the job title: it is written to the CRM',
      base: fields(),
      crm: fields(),
      remote: fields({ jobTitle: 'Mathematician' }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'jobTitle', outcome: 'took-remote' },
        merged: { jobTitle: 'Mathematician' },
      },
    },
    {
      name: 'edits to different fields on both sides are both kept',
      base: fields(),
      crm: fields({ company: 'Babbage & Co' }),
      remote: fields({ jobTitle: 'Mathematician' }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: true,
        merged: { company: 'Babbage & Co', jobTitle: 'Mathematician' },
      },
    },
    {
      name: 'both sides made the same change: no conflict and nothing to write',
      base: fields(),
      crm: fields({ firstName: 'Augusta' }),
      remote: fields({ firstName: 'Augusta' }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: false,
        decision: { field: 'firstName', outcome: 'unchanged', reason: 'same change' },
      },
    },
    {
      name: 'both sides changed the last name: the newer remote value wins and the CRM value is the loser',
      base: fields(),
      crm: fields({ lastName: 'Byron' }),
      remote: fields({ lastName: 'King' }),
      times: { crmChangedAt: EARLIER, remoteChangedAt: LATER },
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'lastName', outcome: 'conflict', winner: 'remote', loserValue: 'Byron' },
        merged: { lastName: 'King' },
      },
    },
    {
      name: 'both sides changed the last name: the newer CRM value wins and the remote value is the loser',
      base: fields(),
      crm: fields({ lastName: 'Byron' }),
      remote: fields({ lastName: 'King' }),
      times: { crmChangedAt: LATER, remoteChangedAt: EARLIER },
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'lastName', outcome: 'conflict', winner: 'crm', loserValue: 'King' },
      },
    },
    {
      name: 'both sides changed at the same moment: the CRM wins the tie and says so',
      base: fields(),
      crm: fields({ company: 'Byron Ltd' }),
      remote: fields({ company: 'King Ltd' }),
      times: { crmChangedAt: LATER, remoteChangedAt: LATER },
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'company', outcome: 'conflict', winner: 'crm', reason: 'CRM wins ties' },
      },
    },
    {
      name: 'an unknown remote change time loses to a known CRM time',
      base: fields(),
      crm: fields({ company: 'Byron Ltd' }),
      remote: fields({ company: 'King Ltd' }),
      times: { crmChangedAt: EARLIER, remoteChangedAt: null },
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'company', outcome: 'conflict', winner: 'crm' },
      },
    },
    {
      name: 'null, an empty string and blanks are the same "nothing": no ping-pong update',
      base: fields({ company: null, jobTitle: '' }),
      crm: fields({ company: '', jobTitle: null }),
      remote: fields({ company: '   ', jobTitle: '' }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: false,
        decision: { field: 'company', outcome: 'unchanged' },
      },
    },
    {
      name: 'a value cleared on the remote clears the CRM, written as null rather than ""',
      base: fields(),
      crm: fields(),
      remote: fields({ company: '' }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'company', outcome: 'took-remote' },
        merged: { company: null },
      },
    },
    {
      name: 'a value cleared in the CRM is cleared on the remote',
      base: fields(),
      crm: fields({ jobTitle: null }),
      remote: fields(),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'jobTitle', outcome: 'took-crm' },
        merged: { jobTitle: null },
      },
    },
    {
      name: 'a birthday changed on the remote reaches the CRM',
      base: fields(),
      crm: fields(),
      remote: fields({ birthday: { year: 1815, month: 12, day: 11 } }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'birthday', outcome: 'took-remote' },
      },
    },
    {
      name: 'a home address whose parts are all blank equals no address',
      base: fields({ homeAddress: null }),
      crm: fields({ homeAddress: null }),
      remote: fields({
        homeAddress: { street: ' ', city: '', region: null, postalCode: null, country: null },
      }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: false,
        decision: { field: 'homeAddress', outcome: 'unchanged' },
      },
    },
    {
      name: 'first link: a value only the remote has fills the empty CRM field',
      base: null,
      crm: fields({ jobTitle: null }),
      remote: fields({ jobTitle: 'Analyst' }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'jobTitle', outcome: 'took-remote' },
      },
    },
    {
      name: 'first link: a value only the CRM has fills the empty remote field',
      base: null,
      crm: fields(),
      remote: fields({ company: '' }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'company', outcome: 'took-crm' },
      },
    },
    {
      name: 'first link: two different values are a conflict won by the more recent side',
      base: null,
      crm: fields({ company: 'Byron Ltd' }),
      remote: fields({ company: 'King Ltd' }),
      times: { crmChangedAt: EARLIER, remoteChangedAt: LATER },
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'company', outcome: 'conflict', winner: 'remote', loserValue: 'Byron Ltd' },
      },
    },
  ];

  it.each(cases)('$name', expectCase);
});

describe('three-way merge of phones, emails and websites (value by value)', () => {
  const cases: Case[] = [
    {
      name: 'a phone reformatted by the provider is not a change and keeps the CRM text',
      base: fields(),
      crm: fields(),
      remote: fields({ phones: [{ number: '+12025550143', label: 'mobile' }] }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: false,
        decision: { field: 'phones', outcome: 'unchanged' },
        merged: { phones: [{ number: '(202) 555-0143', label: 'mobile' }] },
      },
    },
    {
      name: 'an email read back in another case is not a change',
      base: fields(),
      crm: fields(),
      remote: fields({ emails: [{ address: ' ADA@Example.com', label: 'home' }] }),
      expected: { crmNeedsUpdate: false, remoteNeedsUpdate: false },
    },
    {
      name: 'a website with an upper-case host and a trailing slash is the same website',
      base: fields(),
      crm: fields(),
      remote: fields({ websites: [{ url: 'HTTPS://Ada.Example.com/', label: 'home' }] }),
      expected: { crmNeedsUpdate: false, remoteNeedsUpdate: false },
    },
    {
      name: 'a website path differing only in case is a different website',
      base: fields({ websites: [{ url: 'https://example.com/Ada', label: 'home' }] }),
      crm: fields({ websites: [{ url: 'https://example.com/Ada', label: 'home' }] }),
      remote: fields({ websites: [{ url: 'https://example.com/ada', label: 'home' }] }),
      expected: { crmNeedsUpdate: true, remoteNeedsUpdate: false },
    },
    {
      name: 'a phone added on the remote is added to the CRM after the CRM phones',
      base: fields(),
      crm: fields(),
      remote: fields({
        phones: [
          { number: '+1 202 555 0199', label: 'work' },
          { number: '+12025550143', label: 'mobile' },
        ],
      }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'phones', outcome: 'took-remote', reason: '1 added on the remote' },
        merged: {
          phones: [
            { number: '(202) 555-0143', label: 'mobile' },
            { number: '+1 202 555 0199', label: 'work' },
          ],
        },
      },
    },
    {
      name: 'an email removed in the CRM and untouched on the remote is removed there too',
      base: fields({
        emails: [
          { address: 'ada@example.com', label: 'home' },
          { address: 'old@example.com', label: 'work' },
        ],
      }),
      crm: fields(),
      remote: fields({
        emails: [
          { address: 'ada@example.com', label: 'home' },
          { address: 'old@example.com', label: 'work' },
        ],
      }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'emails', outcome: 'took-crm', reason: '1 removed in the CRM' },
        merged: { emails: [{ address: 'ada@example.com', label: 'home' }] },
      },
    },
    {
      name: 'values added on both sides are all kept: CRM order first, then the remote additions',
      base: fields({ emails: [] }),
      crm: fields({
        emails: [
          { address: 'b@example.com', label: 'work' },
          { address: 'a@example.com', label: 'home' },
        ],
      }),
      remote: fields({ emails: [{ address: 'c@example.com', label: 'other' }] }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: true,
        decision: { field: 'emails', outcome: 'merged' },
        merged: {
          emails: [
            { address: 'b@example.com', label: 'work' },
            { address: 'a@example.com', label: 'home' },
            { address: 'c@example.com', label: 'other' },
          ],
        },
      },
    },
    {
      name: 'a phone removed on the remote while the CRM changed its label is kept: no edit is lost',
      base: fields(),
      crm: fields({ phones: [{ number: '(202) 555-0143', label: 'work' }] }),
      remote: fields({ phones: [] }),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: { field: 'phones', outcome: 'took-crm', reason: 'kept though removed' },
        merged: { phones: [{ number: '(202) 555-0143', label: 'work' }] },
      },
    },
    {
      name: 'a phone label changed on the remote only is taken, keeping the CRM text',
      base: fields(),
      crm: fields(),
      remote: fields({ phones: [{ number: '+12025550143', label: 'home' }] }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: { field: 'phones', outcome: 'took-remote' },
        merged: { phones: [{ number: '(202) 555-0143', label: 'home' }] },
      },
    },
    {
      name: 'both sides changed the phone label: the newer label wins and the older is kept as the loser',
      base: fields(),
      crm: fields({ phones: [{ number: '(202) 555-0143', label: 'work' }] }),
      remote: fields({ phones: [{ number: '+12025550143', label: 'home' }] }),
      times: { crmChangedAt: EARLIER, remoteChangedAt: LATER },
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        decision: {
          field: 'phones',
          outcome: 'conflict',
          winner: 'remote',
          loserValue: [{ number: '(202) 555-0143', label: 'work' }],
        },
        merged: { phones: [{ number: '(202) 555-0143', label: 'home' }] },
      },
    },
    {
      name: 'both sides added the same email with different labels: the newer label wins',
      base: fields({ emails: [] }),
      crm: fields({ emails: [{ address: 'ada@example.com', label: 'work' }] }),
      remote: fields({ emails: [{ address: 'Ada@example.com', label: 'home' }] }),
      times: { crmChangedAt: LATER, remoteChangedAt: EARLIER },
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        decision: {
          field: 'emails',
          outcome: 'conflict',
          winner: 'crm',
          loserValue: [{ address: 'Ada@example.com', label: 'home' }],
        },
      },
    },
    {
      name: 'a value removed on both sides stays removed',
      base: fields(),
      crm: fields({ websites: [] }),
      remote: fields({ websites: [] }),
      expected: { crmNeedsUpdate: false, remoteNeedsUpdate: false, merged: { websites: [] } },
    },
    {
      name: 'the same number as a phone and as a fax are two values, and neither is dropped',
      base: fields(),
      crm: fields({
        phones: [
          { number: '(202) 555-0143', label: 'mobile' },
          { number: '(202) 555-0143', label: 'work-fax' },
        ],
      }),
      remote: fields(),
      expected: {
        crmNeedsUpdate: false,
        remoteNeedsUpdate: true,
        merged: {
          phones: [
            { number: '(202) 555-0143', label: 'mobile' },
            { number: '(202) 555-0143', label: 'work-fax' },
          ],
        },
      },
    },
    {
      name: 'a list the provider returns in another order is not a change',
      base: fields({
        emails: [
          { address: 'a@example.com', label: 'home' },
          { address: 'b@example.com', label: 'work' },
        ],
      }),
      crm: fields({
        emails: [
          { address: 'a@example.com', label: 'home' },
          { address: 'b@example.com', label: 'work' },
        ],
      }),
      remote: fields({
        emails: [
          { address: 'b@example.com', label: 'work' },
          { address: 'a@example.com', label: 'home' },
        ],
      }),
      expected: { crmNeedsUpdate: false, remoteNeedsUpdate: false },
    },
    {
      name: 'first link: the lists are united and a shared value keeps the CRM text',
      base: null,
      crm: fields({ phones: [{ number: '(202) 555-0143', label: 'mobile' }] }),
      remote: fields({
        phones: [
          { number: '+12025550143', label: 'mobile' },
          { number: '+12025550100', label: 'home' },
        ],
      }),
      expected: {
        crmNeedsUpdate: true,
        remoteNeedsUpdate: false,
        merged: {
          phones: [
            { number: '(202) 555-0143', label: 'mobile' },
            { number: '+12025550100', label: 'home' },
          ],
        },
      },
    },
  ];

  it.each(cases)('$name', expectCase);
});

describe('the merge result', () => {
  it('lists exactly the fields each side must receive, and one decision per synced field', () => {
    const result = merge({
      name: '',
      base: fields(),
      crm: fields({ company: 'Babbage & Co' }),
      remote: fields({ emails: [] }),
      expected: { crmNeedsUpdate: true, remoteNeedsUpdate: true },
    });
    expect(result.changedForRemote).toEqual<SyncedFieldName[]>(['company']);
    expect(result.changedForCrm).toEqual<SyncedFieldName[]>(['emails']);
    expect(result.decisions.map((d) => d.field)).toEqual([
      'firstName',
      'lastName',
      'company',
      'jobTitle',
      'birthday',
      'homeAddress',
      'phones',
      'emails',
      'websites',
    ]);
  });
});
