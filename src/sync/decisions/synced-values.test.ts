import { describe, expect, it } from 'vitest';
import { emailIdentity, phoneIdentity, sameAddress, sameText, websiteIdentity } from './synced-values.ts';

describe('how synced values are identified', () => {
  it.each([
    ['a US number in national form reads as E.164', '(202) 555-0143', '+12025550143'],
    ['an international form reads as the same E.164', '+1 202 555 0143', '+12025550143'],
    ['a number that cannot be read falls back to its digits', '12-34', '1234'],
  ])('%s', (_name, number, identity) => {
    expect(phoneIdentity({ number, label: 'mobile' }, 'US')).toBe(identity);
  });

  it.each([
    [
      'an email ignores case and surrounding spaces',
      emailIdentity({ address: ' Ada@Example.COM ', label: 'home' }),
      'ada@example.com',
    ],
    [
      'a website lower-cases scheme and host',
      websiteIdentity({ url: 'HTTPS://Ada.Example.com/Notes', label: 'home' }),
      'https://ada.example.com/Notes',
    ],
    [
      'a website drops a trailing slash',
      websiteIdentity({ url: 'https://example.com/', label: 'home' }),
      'https://example.com',
    ],
    [
      'a website without a scheme keeps none',
      websiteIdentity({ url: 'Example.com/a/', label: 'home' }),
      'example.com/a',
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ['null equals an empty string', null, '', true],
    ['null equals blanks', null, '  \t', true],
    ['surrounding spaces are not a change', 'Ada ', 'Ada', true],
    ['a case change is a change', 'ada', 'Ada', false],
  ])('%s', (_name, a, b, same) => {
    expect(sameText(a, b)).toBe(same);
  });

  it('an address with only blank parts equals no address', () => {
    expect(sameAddress({ street: '', city: ' ', region: null, postalCode: null, country: null }, null)).toBe(
      true,
    );
  });
});
