import { readBirthday } from './birthday.ts';
import {
  type ContactFields,
  compactAddress,
  compactContact,
  type ImportedAddress,
  poBoxLine,
  splitFullName,
  streetLines,
} from './contact-input.ts';
import type { CellLookup, CsvLayout, CsvRowMapper } from './csv-layout.ts';
import {
  addressLabelFromText,
  emailLabelFromText,
  phoneLabelFromText,
  websiteLabelFromText,
} from './labels.ts';

/*
 * Google Contacts export, in its current layout ("First Name", "Labels", "E-mail 1 - Label") and its
 * older one ("Given Name", "Group Membership", "E-mail 1 - Type"). Several values of the same label
 * share one numbered column, separated by " ::: ".
 */

type NumberedGroup = 'E-mail' | 'Phone' | 'Address' | 'Website';

const NUMBERED_COLUMN = /^(e-mail|phone|address|website|organization) (\d+) - /i;

/** Google's own groups, which every contact carries and which are not the user's tags. */
const SYSTEM_GROUPS = new Set(['mycontacts', 'starred']);

export const googleCsvLayout: CsvLayout = {
  format: 'google-csv',
  recognises: (header) =>
    header.some((column) => NUMBERED_COLUMN.test(column) || column.toLowerCase() === 'group membership'),
  rowMapper: googleRowMapper,
};

function googleRowMapper(header: readonly string[]): CsvRowMapper {
  const numbers = (group: NumberedGroup) => groupNumbers(header, group);
  const groups = {
    emails: numbers('E-mail'),
    phones: numbers('Phone'),
    addresses: numbers('Address'),
    websites: numbers('Website'),
  };

  return (cell) => {
    const birthday = readBirthday(cell('Birthday'), ['iso']);
    const contact = compactContact({
      ...googleNames(cell),
      company: firstValue(cell('Organization Name') ?? cell('Organization 1 - Name')),
      jobTitle: firstValue(cell('Organization Title') ?? cell('Organization 1 - Title')),
      birthday: birthday.birthday,
      emails: numberedValues(cell, 'E-mail', groups.emails, (address, label) => ({
        address,
        label: emailLabelFromText(label),
      })),
      phones: numberedValues(cell, 'Phone', groups.phones, (number, label) => ({
        number,
        label: phoneLabelFromText(label),
      })),
      addresses: groups.addresses.flatMap((n) => googleAddresses(cell, n)),
      websites: numberedValues(cell, 'Website', groups.websites, (url, label) => ({
        url,
        label: websiteLabelFromText(label),
      })),
      notes: cell('Notes'),
      tags: googleTags(cell('Labels') ?? cell('Group Membership')),
    });
    return birthday.error ? { contact, error: birthday.error } : { contact };
  };
}

function googleNames(cell: CellLookup): Pick<ContactFields, 'firstName' | 'middleName' | 'lastName'> {
  const names = {
    firstName: cell('First Name') ?? cell('Given Name'),
    middleName: cell('Middle Name') ?? cell('Additional Name'),
    lastName: cell('Last Name') ?? cell('Family Name'),
  };
  if (names.firstName === undefined && names.lastName === undefined)
    return { ...names, ...splitFullName(cell('Name')) };
  return names;
}

function groupNumbers(header: readonly string[], group: NumberedGroup): number[] {
  const found = new Set<number>();
  for (const column of header) {
    const match = NUMBERED_COLUMN.exec(column);
    if (match?.[1]?.toLowerCase() === group.toLowerCase()) found.add(Number(match[2]));
  }
  return [...found].sort((a, b) => a - b);
}

export function splitMultiValue(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  return cell
    .split(/\s*:::\s*/)
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function firstValue(cell: string | undefined): string | undefined {
  return splitMultiValue(cell)[0];
}

/** Each value of a numbered column, with its own label when the label cell is split too, else the shared one. */
function numberedValues<T>(
  cell: CellLookup,
  group: NumberedGroup,
  numbers: readonly number[],
  build: (value: string, label: string | undefined) => T,
): T[] {
  return numbers.flatMap((n) => {
    const labels = splitMultiValue(cell(`${group} ${n} - Label`) ?? cell(`${group} ${n} - Type`));
    return splitMultiValue(cell(`${group} ${n} - Value`)).map((value, index) =>
      build(value, labels[index] ?? labels[0]),
    );
  });
}

/** One numbered address column set can hold several addresses; their parts line up by position. */
function googleAddresses(cell: CellLookup, n: number): ImportedAddress[] {
  const part = (name: string) => splitMultiValue(cell(`Address ${n} - ${name}`));
  const labels = part('Label').length > 0 ? part('Label') : part('Type');
  const parts = {
    formatted: part('Formatted'),
    street: part('Street'),
    city: part('City'),
    poBox: part('PO Box'),
    region: part('Region'),
    postalCode: part('Postal Code'),
    country: part('Country'),
    extended: part('Extended Address'),
  };
  const count = Math.max(...Object.values(parts).map((values) => values.length));
  const addresses: ImportedAddress[] = [];
  for (let i = 0; i < count; i += 1) {
    const street = streetLines(parts.street[i], parts.extended[i], poBoxLine(parts.poBox[i]));
    const structured = {
      street,
      city: parts.city[i],
      region: parts.region[i],
      postalCode: parts.postalCode[i],
      country: parts.country[i],
    };
    // An address typed as one free-text block only has "Formatted"; it goes into the street.
    const hasStructure = Object.values(structured).some((value) => value !== undefined);
    const address = compactAddress(
      addressLabelFromText(labels[i] ?? labels[0]),
      hasStructure ? structured : { street: parts.formatted[i] },
    );
    if (address) addresses.push(address);
  }
  return addresses;
}

function googleTags(cell: string | undefined): string[] {
  return splitMultiValue(cell)
    .map((tag) => tag.replace(/^\*\s*/, '').trim())
    .filter((tag) => tag !== '' && !SYSTEM_GROUPS.has(tag.toLowerCase()));
}
