import { describe, expect, it } from 'vitest';
import { type Exchange, loadConformanceChecker } from './index.ts';
import { googlePerson, graphContact, loadForTests } from './test-fixtures.ts';

const loaded = loadForTests();

describe('loading the conformance checker', () => {
  it('skips with the missing files and where to put them when the specs folder is absent', () => {
    const result = loadConformanceChecker('/nonexistent');
    expect(result).toEqual({ skipped: expect.stringContaining('/nonexistent/people-v1-discovery.json') });
    if (!('skipped' in result)) return;
    expect(result.skipped).toContain('/nonexistent/graph-contacts-openapi.yaml');
    expect(result.skipped).toMatch(/^Emulator conformance checks skipped/);
  });

  it.skipIf(!loaded.checker)(
    'reports an exchange it cannot interpret as a violation instead of throwing',
    () => {
      const withoutPath = { provider: 'microsoft', method: 'GET', query: {}, status: 200 };
      const violations = loaded.checker!.check(withoutPath as unknown as Exchange);
      expect(violations).toEqual([
        expect.objectContaining({ where: 'route', message: expect.stringContaining('could not check') }),
      ]);
    },
  );
});

describe.skipIf(loaded.skipped !== undefined)('checking a 1,000-item page', () => {
  const checker = loaded.checker!;

  // The first calls compile the validators and warm the JIT; the budget applies to steady state.
  function medianMs(exchange: Exchange): number {
    const timings: number[] = [];
    for (let run = 0; run < 15; run += 1) {
      const started = performance.now();
      expect(checker.check(exchange)).toEqual([]);
      timings.push(performance.now() - started);
    }
    return timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? Number.POSITIVE_INFINITY;
  }

  it('takes well under 10 ms for People connections', () => {
    const page = Array.from({ length: 1000 }, (_, i) => googlePerson(i));
    const exchange: Exchange = {
      provider: 'google',
      method: 'GET',
      path: '/v1/people/me/connections',
      query: { personFields: 'names,emailAddresses,phoneNumbers,birthdays,memberships,metadata' },
      status: 200,
      responseBody: { connections: page, nextPageToken: 'p2' },
    };
    expect(medianMs(exchange)).toBeLessThan(10);
  });

  it('takes well under 10 ms for a Graph delta page', () => {
    const page = Array.from({ length: 1000 }, (_, i) => graphContact(i));
    const exchange: Exchange = {
      provider: 'microsoft',
      method: 'GET',
      path: '/v1.0/me/contacts/delta',
      query: {},
      status: 200,
      responseBody: {
        value: page,
        '@odata.deltaLink': 'https://graph.microsoft.com/v1.0/me/contacts/delta?$deltatoken=x',
      },
    };
    expect(medianMs(exchange)).toBeLessThan(10);
  });
});
