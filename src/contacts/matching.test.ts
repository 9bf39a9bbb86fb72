import { describe, expect, it } from 'vitest';
import { foldText, type MatchableContact, matchKeys, samePerson, toE164 } from './matching.ts';

function person(
  firstName: string | null,
  lastName: string | null,
  emails: string[] = [],
  phones: string[] = [],
): MatchableContact {
  return {
    firstName,
    lastName,
    emails: emails.map((address) => ({ address })),
    phones: phones.map((number) => ({ e164: toE164(number, 'US') })),
  };
}

describe('the same-person rule', () => {
  const cases: [string, MatchableContact, MatchableContact, ReturnType<typeof samePerson>['reason']][] = [
    [
      'same names and a shared email',
      person('Ada', 'Lovelace', ['ada@example.com']),
      person('Ada', 'Lovelace', ['ada@example.com']),
      'shared-email',
    ],
    [
      'email compared without case',
      person('Ada', 'Lovelace', ['ADA@Example.com']),
      person('ada', 'lovelace', ['ada@example.com']),
      'shared-email',
    ],
    [
      'names compared without accents, case or surrounding spaces',
      person(' Zoë ', 'Müller-Ñúñez', ['z@example.com']),
      person('zoe', 'MULLER-NUNEZ ', ['z@example.com']),
      'shared-email',
    ],
    [
      'phones compared in E.164',
      person('Ada', 'Lovelace', [], ['(202) 555-0143']),
      person('Ada', 'Lovelace', [], ['+1 202 555 0143']),
      'shared-phone',
    ],
    [
      'one of several emails is enough',
      person('Ada', 'Lovelace', ['a@x.com', 'b@x.com']),
      person('Ada', 'Lovelace', ['c@x.com', 'b@x.com']),
      'shared-email',
    ],
    [
      'a different last name is another person',
      person('Ada', 'Lovelace', ['ada@example.com']),
      person('Ada', 'Byron', ['ada@example.com']),
      'different-name',
    ],
    [
      'same names with nothing shared are not matched',
      person('Ada', 'Lovelace', ['ada@example.com'], ['2025550143']),
      person('Ada', 'Lovelace', ['other@example.com'], ['2025550199']),
      'nothing-shared',
    ],
    [
      'a missing first name can never match',
      person(null, 'Lovelace', ['ada@example.com']),
      person(null, 'Lovelace', ['ada@example.com']),
      'missing-name',
    ],
    [
      'an unreadable phone number never matches',
      person('Ada', 'Lovelace', [], ['12']),
      person('Ada', 'Lovelace', [], ['12']),
      'nothing-shared',
    ],
  ];

  it.each(cases)('%s', (_, a, b, reason) => {
    const verdict = samePerson(a, b);
    expect(verdict.reason).toBe(reason);
    // The indexed keys must agree with the pure rule, both ways.
    const shared = matchKeys(a).some((key) => matchKeys(b).includes(key));
    expect(shared).toBe(verdict.same);
    expect(samePerson(b, a).same).toBe(verdict.same);
  });
});

describe('folding text', () => {
  it.each([
    ['  Élodie   Durand ', 'elodie durand'],
    ['ÅSA', 'asa'],
    ['Łukasz', 'łukasz'],
    ['ﬁona', 'fiona'],
  ])('%j folds to %j', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });
});

describe('E.164', () => {
  it.each([
    ['(202) 555-0143', 'US', '+12025550143'],
    ['+33 1 42 68 53 00', 'US', '+33142685300'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['not a phone', 'US', null],
  ])('%s in %s is %s', (input, region, expected) => {
    expect(toE164(input, region)).toBe(expected);
  });
});
