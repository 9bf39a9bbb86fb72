import type { Address, Birthday, Contact } from './api.ts';

// `undefined` locale and time zone: the user's own, as the browser reports them.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const numbers = new Intl.NumberFormat();

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** HH:MM today, or date and time when it is another day. */
export function formatTimeOrDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toDateString() === new Date().toDateString() ? timeOnly.format(date) : dateTime.format(date);
}

export function formatNumber(n: number): string {
  return numbers.format(n);
}

export function formatBirthday(birthday: Birthday | null): string {
  if (!birthday) return '';
  // A fixed year keeps the month and day valid; it is not shown when the contact has none.
  const date = new Date(Date.UTC(birthday.year ?? 2000, birthday.month - 1, birthday.day));
  const options: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', timeZone: 'UTC' };
  if (birthday.year) options.year = 'numeric';
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

export function contactName(
  contact: Pick<Contact, 'firstName' | 'middleName' | 'lastName'> & Partial<Contact>,
) {
  const name = [contact.firstName, contact.middleName, contact.lastName].filter(Boolean).join(' ');
  return (
    name || contact.company || contact.emails?.[0]?.address || contact.phones?.[0]?.number || '(no name)'
  );
}

export function formatAddress(address: Address): string {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.street, cityLine, address.region, address.country].filter(Boolean).join(', ');
}

/** `home-fax` → `home fax`: the API's labels read well enough with spaces. */
export function labelText(label: string): string {
  return label.replaceAll('-', ' ');
}

export const STATUS_TEXT: Record<string, string> = {
  future: 'Future',
  active: 'Active',
  'past-client': 'Past client',
  archived: 'Archived',
};

export const TYPE_TEXT: Record<string, string> = {
  manual: 'Manual',
  import: 'Import',
  lead: 'Lead',
  google: 'Google',
  microsoft: 'Microsoft',
};

export const PROVIDER_TEXT: Record<string, string> = { google: 'Google', microsoft: 'Microsoft' };

export function providerAddressBook(provider: string | null | undefined): string {
  return provider === 'microsoft' ? 'Microsoft contacts' : 'Google Contacts';
}

const FIELD_NAMES: Record<string, string> = {
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  company: 'Company',
  jobTitle: 'Job title',
  birthday: 'Birthday',
  emails: 'Email',
  phones: 'Phone',
  addresses: 'Address',
  websites: 'Website',
  notes: 'Notes',
  tags: 'Tags',
  status: 'Status',
};

/** Names a field of the contact API (`emails.0.address`) the way the form labels it ("Email 1 (address)"). */
export function describePath(path: string): string {
  const [head, index, ...rest] = path.split('.');
  const name = FIELD_NAMES[head ?? ''] ?? head ?? 'Form';
  const row = index !== undefined && /^\d+$/.test(index) ? ` ${Number(index) + 1}` : index ? ` ${index}` : '';
  return `${name}${row}${rest.length ? ` (${rest.join(' ')})` : ''}`;
}
