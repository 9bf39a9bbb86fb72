import type { PhoneLabel } from '../model.ts';
import { readBirthday } from './birthday.ts';
import {
  type AddressParts,
  compactAddress,
  compactContact,
  type EmailLabel,
  type ImportedContact,
  splitFullName,
} from './contact-input.ts';
import type { CellLookup, CsvLayout, CsvRowMapper } from './csv-layout.ts';

/*
 * A CSV written by a person: column names are matched ignoring case, spaces, underscores and dashes
 * ("First Name", "first_name", "firstname"). Unknown columns are ignored. The address columns fill
 * the home address, the one address the product syncs.
 */

type TextField = 'firstName' | 'middleName' | 'lastName' | 'company' | 'jobTitle' | 'notes' | 'status';

type PlainColumn =
  | { kind: 'text'; field: TextField }
  | { kind: 'full-name' }
  | { kind: 'birthday' }
  | { kind: 'email'; label: EmailLabel }
  | { kind: 'phone'; label: PhoneLabel }
  | { kind: 'address'; part: keyof AddressParts }
  | { kind: 'website' }
  | { kind: 'tags' };

const text = (field: TextField): PlainColumn => ({ kind: 'text', field });
const email = (label: EmailLabel): PlainColumn => ({ kind: 'email', label });
const phone = (label: PhoneLabel): PlainColumn => ({ kind: 'phone', label });
const address = (part: keyof AddressParts): PlainColumn => ({ kind: 'address', part });

const COLUMNS: Readonly<Record<string, PlainColumn>> = {
  firstname: text('firstName'),
  first: text('firstName'),
  givenname: text('firstName'),
  forename: text('firstName'),
  middlename: text('middleName'),
  middle: text('middleName'),
  additionalname: text('middleName'),
  lastname: text('lastName'),
  last: text('lastName'),
  surname: text('lastName'),
  familyname: text('lastName'),
  name: { kind: 'full-name' },
  fullname: { kind: 'full-name' },
  company: text('company'),
  companyname: text('company'),
  organization: text('company'),
  organisation: text('company'),
  org: text('company'),
  jobtitle: text('jobTitle'),
  title: text('jobTitle'),
  position: text('jobTitle'),
  birthday: { kind: 'birthday' },
  birthdate: { kind: 'birthday' },
  dateofbirth: { kind: 'birthday' },
  dob: { kind: 'birthday' },
  workemail: email('work'),
  homeemail: email('home'),
  otheremail: email('other'),
  mobile: phone('mobile'),
  mobilephone: phone('mobile'),
  cell: phone('mobile'),
  cellphone: phone('mobile'),
  telephone: phone('mobile'),
  tel: phone('mobile'),
  workphone: phone('work'),
  businessphone: phone('work'),
  officephone: phone('work'),
  homephone: phone('home'),
  mainphone: phone('main'),
  otherphone: phone('other'),
  fax: phone('other-fax'),
  otherfax: phone('other-fax'),
  workfax: phone('work-fax'),
  homefax: phone('home-fax'),
  pager: phone('pager'),
  street: address('street'),
  streetaddress: address('street'),
  address: address('street'),
  city: address('city'),
  town: address('city'),
  region: address('region'),
  state: address('region'),
  province: address('region'),
  postalcode: address('postalCode'),
  postcode: address('postalCode'),
  zip: address('postalCode'),
  zipcode: address('postalCode'),
  country: address('country'),
  website: { kind: 'website' },
  web: { kind: 'website' },
  url: { kind: 'website' },
  homepage: { kind: 'website' },
  notes: text('notes'),
  note: text('notes'),
  comments: text('notes'),
  tags: { kind: 'tags' },
  tag: { kind: 'tags' },
  labels: { kind: 'tags' },
  groups: { kind: 'tags' },
  categories: { kind: 'tags' },
  status: text('status'),
};

/** email, email1, email 2, e-mail address 3 …; phone, phone1, phone number 2 … */
const NUMBERED_EMAIL = /^(?:e?mail|emailaddress)\d*$/;
const NUMBERED_PHONE = /^(?:phone|phonenumber)\d*$/;

export function plainColumn(column: string): PlainColumn | undefined {
  const key = column.toLowerCase().replace(/[\s_-]+/g, '');
  if (NUMBERED_EMAIL.test(key)) return email('other');
  if (NUMBERED_PHONE.test(key)) return phone('mobile');
  return Object.hasOwn(COLUMNS, key) ? COLUMNS[key] : undefined;
}

export const plainCsvLayout: CsvLayout = {
  format: 'plain-csv',
  recognises: (header) => header.some((column) => plainColumn(column) !== undefined),
  rowMapper: plainRowMapper,
};

interface PlainRow {
  text: Partial<Record<TextField, string>>;
  fullName?: string;
  birthday?: string;
  emails: NonNullable<ImportedContact['emails']>;
  phones: NonNullable<ImportedContact['phones']>;
  address: AddressParts;
  websites: NonNullable<ImportedContact['websites']>;
  tags: string[];
}

function plainRowMapper(header: readonly string[]): CsvRowMapper {
  const plan = header.flatMap((column) => {
    const meaning = plainColumn(column);
    return meaning ? [{ column, meaning }] : [];
  });

  return (cell) => {
    const row = collectPlainRow(plan, cell);
    const names = row.text.firstName || row.text.lastName ? {} : splitFullName(row.fullName);
    const birthday = readBirthday(row.birthday, ['iso', 'month-day']);
    const contact = compactContact({
      ...row.text,
      ...names,
      status: row.text.status === undefined ? undefined : statusKey(row.text.status),
      birthday: birthday.birthday,
      emails: row.emails,
      phones: row.phones,
      addresses: [compactAddress('home', row.address)].filter((a) => a !== undefined),
      websites: row.websites,
      tags: row.tags,
    });
    return birthday.error ? { contact, error: birthday.error } : { contact };
  };
}

/** When two columns mean the same single field, the first filled one wins. */
function collectPlainRow(
  plan: readonly { column: string; meaning: PlainColumn }[],
  cell: CellLookup,
): PlainRow {
  const row: PlainRow = { text: {}, emails: [], phones: [], address: {}, websites: [], tags: [] };
  for (const { column, meaning } of plan) {
    const value = cell(column);
    if (value === undefined) continue;
    switch (meaning.kind) {
      case 'text':
        row.text[meaning.field] ??= value;
        break;
      case 'full-name':
        row.fullName ??= value;
        break;
      case 'birthday':
        row.birthday ??= value;
        break;
      case 'email':
        row.emails.push({ address: value, label: meaning.label });
        break;
      case 'phone':
        row.phones.push({ number: value, label: meaning.label });
        break;
      case 'address':
        row.address[meaning.part] ??= value;
        break;
      case 'website':
        row.websites.push({ url: value, label: 'other' });
        break;
      case 'tags':
        row.tags.push(...splitTags(value));
        break;
    }
  }
  return row;
}

function splitTags(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** "Past Client" → "past-client"; anything else is left for the schema to reject. */
function statusKey(status: string): string {
  return status
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}
