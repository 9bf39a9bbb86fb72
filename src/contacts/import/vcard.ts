import ICAL from 'ical.js';
import { type BirthdayReading, readBirthday, unreadableBirthday } from './birthday.ts';
import {
  type ContactFields,
  compactAddress,
  compactContact,
  type ImportedAddress,
  type MappedRow,
  poBoxLine,
  type RowError,
  splitFullName,
  streetLines,
} from './contact-input.ts';
import { kindLabelFromVCardTypes, phoneLabelFromVCardTypes } from './labels.ts';
import { type ParsedRow, rowFromError, rowFromMapped } from './parsed-row.ts';

/** One property as ical.js returns it (jCard, RFC 7095): name, parameters, value type, values. */
type JCardProperty = [
  name: string,
  parameters: Record<string, unknown>,
  valueType: string,
  ...values: unknown[],
];

type CardText = { text: string } | { error: RowError };

/**
 * Reads every card of a vCard 3.0 or 4.0 file. The file is cut into cards first, so a card that
 * cannot be read becomes one error row and the cards around it still import.
 */
export function parseVCardFile(text: string): ParsedRow[] {
  return splitCards(text).map((card, index) => {
    const row = index + 1;
    if ('error' in card) return rowFromError(row, card.error);
    const properties = readCard(card.text);
    return Array.isArray(properties)
      ? rowFromMapped(row, mapCard(properties))
      : rowFromError(row, properties);
  });
}

function splitCards(text: string): CardText[] {
  const cards: CardText[] = [];
  let current: string[] | undefined;
  for (const line of text.trimStart().split(/\r\n?|\n/)) {
    // Only at the start of a line: an indented line continues a folded value.
    if (/^BEGIN:VCARD\s*$/i.test(line)) {
      if (current) cards.push({ error: cardError('it has BEGIN:VCARD without a matching END:VCARD') });
      current = [line];
    } else if (current) {
      current.push(line);
      if (/^END:VCARD\s*$/i.test(line)) {
        cards.push({ text: current.join('\n') });
        current = undefined;
      }
    }
  }
  if (current) cards.push({ error: cardError('the file ends before its END:VCARD') });
  return cards;
}

function readCard(text: string): JCardProperty[] | RowError {
  const lines = text
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(typeBareParameters);
  let parsed: unknown;
  try {
    parsed = ICAL.parse(`${lines.join('\r\n')}\r\n`);
  } catch (error: unknown) {
    return cardError(error instanceof Error ? error.message : String(error));
  }
  if (!Array.isArray(parsed) || parsed[0] !== 'vcard' || !Array.isArray(parsed[1])) {
    return cardError('it is not a single vCard');
  }
  return parsed[1].filter(isJCardProperty);
}

function cardError(reason: string): RowError {
  return { code: 'invalid_format', message: `This card cannot be read: ${reason}.` };
}

/**
 * vCard 2.1 wrote types without "TYPE=" (TEL;HOME;FAX:…) and some 3.0 writers still do; ical.js
 * refuses such a line, so each bare parameter is read as a type.
 */
function typeBareParameters(line: string): string {
  const colon = line.indexOf(':');
  if (colon === -1) return line;
  const head = line.slice(0, colon);
  if (head.includes('"') || !head.includes(';')) return line;
  const [name, ...parameters] = head.split(';');
  const typed = parameters.map((parameter) =>
    parameter === '' || parameter.includes('=') ? parameter : `TYPE=${parameter}`,
  );
  return `${[name, ...typed].join(';')}${line.slice(colon)}`;
}

function isJCardProperty(value: unknown): value is JCardProperty {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'object' &&
    value[1] !== null &&
    typeof value[2] === 'string'
  );
}

function mapCard(properties: readonly JCardProperty[]): MappedRow {
  const all = (name: string) => properties.filter((property) => property[0] === name);
  const first = (name: string) => all(name)[0];
  const company = components(first('org'), ' ')[0];
  const birthday = cardBirthday(first('bday'));

  const contact = compactContact({
    ...cardNames(first('n'), textOf(first('fn')), company),
    company,
    jobTitle: textOf(first('title')),
    birthday: birthday.birthday,
    emails: all('email').flatMap((property) => {
      const address = textOf(property);
      return address ? [{ address, label: kindLabelFromVCardTypes(typesOf(property), 'other') }] : [];
    }),
    phones: all('tel').flatMap((property) => {
      const number = telNumber(textOf(property));
      return number ? [{ number, label: phoneLabelFromVCardTypes(typesOf(property)) }] : [];
    }),
    addresses: all('adr').flatMap((property) => cardAddress(property) ?? []),
    websites: all('url').flatMap((property) => {
      const url = textOf(property);
      return url ? [{ url, label: kindLabelFromVCardTypes(typesOf(property), 'other') }] : [];
    }),
    notes: all('note').map(textOf).filter(Boolean).join('\n\n'),
    tags: all('categories').flatMap(valuesOf),
  });
  return birthday.error ? { contact, error: birthday.error } : { contact };
}

/** N when it has a name in it; otherwise FN split in two, unless FN is only the company or an email. */
function cardNames(
  n: JCardProperty | undefined,
  fullName: string | undefined,
  company: string | undefined,
): Pick<ContactFields, 'firstName' | 'middleName' | 'lastName'> {
  const [lastName, firstName, middleName] = components(n, ' ');
  if (firstName || lastName || middleName) return { firstName, middleName, lastName };
  const isPersonName =
    fullName !== undefined && fullName !== company && !fullName.includes('@') && /\p{L}/u.test(fullName);
  return isPersonName ? splitFullName(fullName) : {};
}

function cardBirthday(property: JCardProperty | undefined): BirthdayReading {
  if (!property) return {};
  const value = textOf(property);
  if (property[2] === 'text')
    return { error: unreadableBirthday(`The birthday "${value}" is free text, not a date.`) };
  const reading = readBirthday(value, ['iso']);
  // Apple Contacts stores "no year" as a placeholder year named in this parameter.
  const placeholderYear = property[1]['x-apple-omit-year'];
  if (reading.birthday?.year !== undefined && String(reading.birthday.year) === placeholderYear) {
    delete reading.birthday.year;
  }
  return reading;
}

/** ADR components: PO box; extended address; street; locality; region; postal code; country. */
function cardAddress(property: JCardProperty): ImportedAddress | undefined {
  const [poBox, extended, street, city, region, postalCode, country] = components(property, ', ');
  return compactAddress(kindLabelFromVCardTypes(typesOf(property), 'home'), {
    street: streetLines(street, extended, poBoxLine(poBox)),
    city,
    region,
    postalCode,
    country,
  });
}

/** vCard 4.0 may write a number as a tel: URI, with its extension as a parameter. */
function telNumber(value: string | undefined): string | undefined {
  if (value === undefined || !/^tel:/i.test(value)) return value;
  const [number = '', ...parameters] = value.slice(4).split(';');
  const extension = parameters.find((parameter) => /^ext=/i.test(parameter))?.slice(4);
  return extension ? `${number} ext. ${extension}` : number;
}

function typesOf(property: JCardProperty): string[] {
  const type = property[1].type;
  const values = Array.isArray(type) ? type : [type];
  return values
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '');
}

function textOf(property: JCardProperty | undefined): string | undefined {
  return property ? valuesOf(property)[0] : undefined;
}

/**
 * ical.js unescapes "\," in a single text value but keeps "\;", which vCard 3.0 writers use; in a URI
 * it unescapes nothing, though some writers escape commas and semicolons there too.
 */
function valuesOf(property: JCardProperty): string[] {
  const escaped = property[2] === 'uri' ? /\\([,;])/g : /\\(;)/g;
  return property
    .slice(3)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.replace(escaped, '$1').trim())
    .filter((value) => value !== '');
}

/** The parts of a structured value (N, ORG, ADR); a part holding several values is joined. */
function components(property: JCardProperty | undefined, joiner: string): (string | undefined)[] {
  const value = property?.[3];
  const parts = Array.isArray(value) ? value : [value];
  return parts.map((part) => {
    const joined = Array.isArray(part) ? part.filter((item) => typeof item === 'string').join(joiner) : part;
    return typeof joined === 'string' && joined.trim() !== '' ? joined.trim() : undefined;
  });
}
