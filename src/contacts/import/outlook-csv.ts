import type { PhoneLabel } from '../model.ts';
import { readBirthday } from './birthday.ts';
import {
  type AddressLabel,
  compactAddress,
  compactContact,
  type ImportedAddress,
  poBoxLine,
  streetLines,
} from './contact-input.ts';
import { type CellLookup, type CsvLayout, columnKey } from './csv-layout.ts';

/*
 * Outlook's CSV export (classic Outlook and Outlook.com, English headers). It has a fixed column per
 * kind of phone and address instead of labels. Its "Title" is a courtesy title (Mr., Dr.), not the
 * job title, so it is not read.
 */

/** Every phone column Outlook writes, so that no number is lost; the unusual ones count as other. */
const PHONE_COLUMNS: readonly (readonly [column: string, label: PhoneLabel])[] = [
  ['Mobile Phone', 'mobile'],
  ['Primary Phone', 'main'],
  ['Company Main Phone', 'main'],
  ['Business Phone', 'work'],
  ['Business Phone 2', 'work'],
  ['Home Phone', 'home'],
  ['Home Phone 2', 'home'],
  ['Other Phone', 'other'],
  ['Car Phone', 'other'],
  ['Callback', 'other'],
  ['Radio Phone', 'other'],
  ["Assistant's Phone", 'other'],
  ['ISDN', 'other'],
  ['TTY/TDD Phone', 'other'],
  ['Telex', 'other'],
  ['Business Fax', 'work-fax'],
  ['Home Fax', 'home-fax'],
  ['Other Fax', 'other-fax'],
  ['Pager', 'pager'],
];

const EMAIL_COLUMNS = ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'];

/** Outlook's "Web Page" is the business home page of its contact form. */
const WEBSITE_COLUMNS = [
  ['Web Page', 'work'],
  ['Personal Web Page', 'home'],
] as const;

const ADDRESS_PREFIXES: readonly (readonly [prefix: string, label: AddressLabel])[] = [
  ['Home', 'home'],
  ['Business', 'work'],
  ['Other', 'other'],
];

/** Columns that only Outlook writes; a hand-made file may share one or two of them, not three. */
const DISTINCTIVE_COLUMNS = new Set(
  [
    'E-mail Address',
    'E-mail 2 Address',
    'Business Phone',
    'Home Phone',
    'Mobile Phone',
    'Business Fax',
    'Business Street',
    'Home Street',
    'Other Street',
    'Business Country/Region',
    'Home Country/Region',
  ].map(columnKey),
);

export const outlookCsvLayout: CsvLayout = {
  format: 'outlook-csv',
  recognises: (header) => header.filter((column) => DISTINCTIVE_COLUMNS.has(columnKey(column))).length >= 3,
  rowMapper: () => (cell) => {
    const birthday = readBirthday(cell('Birthday'), ['us', 'iso']);
    const contact = compactContact({
      firstName: cell('First Name'),
      middleName: cell('Middle Name'),
      lastName: cell('Last Name'),
      company: cell('Company'),
      jobTitle: cell('Job Title'),
      birthday: birthday.birthday,
      emails: EMAIL_COLUMNS.flatMap((column) =>
        filled(cell(column), (address) => ({ address, label: 'other' as const })),
      ),
      phones: PHONE_COLUMNS.flatMap(([column, label]) =>
        filled(cell(column), (number) => ({ number, label })),
      ),
      addresses: ADDRESS_PREFIXES.flatMap(([prefix, label]) => outlookAddress(cell, prefix, label) ?? []),
      websites: WEBSITE_COLUMNS.flatMap(([column, label]) => filled(cell(column), (url) => ({ url, label }))),
      notes: cell('Notes'),
      tags: (cell('Categories') ?? '')
        .split(';')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    });
    return birthday.error ? { contact, error: birthday.error } : { contact };
  },
};

function filled<T>(value: string | undefined, build: (value: string) => T): T[] {
  return value === undefined ? [] : [build(value)];
}

function outlookAddress(cell: CellLookup, prefix: string, label: AddressLabel): ImportedAddress | undefined {
  return compactAddress(label, {
    street: streetLines(
      cell(`${prefix} Street`),
      cell(`${prefix} Street 2`),
      cell(`${prefix} Street 3`),
      poBoxLine(cell(`${prefix} Address PO Box`)),
    ),
    city: cell(`${prefix} City`),
    region: cell(`${prefix} State`),
    postalCode: cell(`${prefix} Postal Code`),
    country: cell(`${prefix} Country/Region`) ?? cell(`${prefix} Country`),
  });
}
