const COMBINING_MARKS = /\p{M}/gu;

/** Letters that carry no combining mark, so that canonical decomposition leaves them alone. */
const STANDALONE_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Drops the accents a person may leave out when typing a name (José → Jose) while keeping letters
 * such as Ł or Ø: a same-person rule that folds with NFD/NFKD still sees both spellings as equal.
 */
export function dropAccents(value: string): string {
  return value.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

function toLowerAscii(value: string): string {
  let out = '';
  for (const char of dropAccents(value).toLowerCase()) out += STANDALONE_LETTERS[char] ?? char;
  return out;
}

// The vocabulary is fixed and small, so these caches stay bounded and save most of the folding work.
const slugCache = new Map<string, string>();
const labelCache = new Map<string, string>();

/** Lower-case ASCII letters only, for e-mail local parts: "Ó Súilleabháin" → "osuilleabhain". */
export function asciiSlug(value: string): string {
  let slug = slugCache.get(value);
  if (slug === undefined) {
    slug = toLowerAscii(value).replace(/[^a-z]/g, '');
    slugCache.set(value, slug);
  }
  return slug;
}

/** A name as a DNS label or URL segment: "Łódź Software sp. z o.o." → "lodz-software-sp-z-o-o". */
export function hostLabel(value: string): string {
  let label = labelCache.get(value);
  if (label === undefined) {
    label = toLowerAscii(value)
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 40)
      .replace(/^-+|-+$/g, '');
    labelCache.set(value, label);
  }
  return label;
}
