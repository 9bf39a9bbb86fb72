/**
 * A seeded source of randomness: mulberry32, chosen because it is tiny, fast, and gives the same
 * sequence on every platform, so a seed reproduces a data set byte for byte.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  pickWeighted<T>(table: WeightedTable<T>): T;
  /** `length` decimal digits; the first is drawn from `firstDigits` (a leading 0 or 1 is rarely valid). */
  digits(length: number, firstDigits?: string): string;
}

export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

/** Built once per distribution so that each draw is a short scan, not a sum. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('a weighted table needs a positive total weight');
  return { values, cumulative, total };
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);

  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  };

  const pickWeighted = <T>(table: WeightedTable<T>): T => {
    const target = next() * table.total;
    const { cumulative, values } = table;
    for (let i = 0; i < cumulative.length; i++) {
      if (target < (cumulative[i] ?? 0)) return values[i] as T;
    }
    return values[values.length - 1] as T;
  };

  // Drawing up to nine digits at once (the resolution of one 32-bit draw) avoids building a rope of
  // one-character strings, which made the garbage collector the main cost of generation.
  const digits = (length: number, firstDigits = '0123456789'): string => {
    if (length <= 0) return '';
    let out = firstDigits.charAt(int(firstDigits.length));
    for (let left = length - 1; left > 0; left -= 9) {
      const run = Math.min(left, 9);
      out += String(int(10 ** run)).padStart(run, '0');
    }
    return out;
  };

  return { next, int, chance: (probability) => next() < probability, pick, pickWeighted, digits };
}
