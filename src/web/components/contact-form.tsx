import { type FormEvent, type ReactNode, useId, useState } from 'react';
import {
  ADDRESS_LABELS,
  CONTACT_STATUSES,
  type Contact,
  type ContactStatus,
  EMAIL_LABELS,
  type ErrorDetail,
  PHONE_LABELS,
  WEBSITE_LABELS,
} from '../api.ts';
import { describePath, labelText, STATUS_TEXT } from '../format.ts';

interface AddressRow {
  label: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface ContactFormState {
  firstName: string;
  middleName: string;
  lastName: string;
  company: string;
  jobTitle: string;
  birthdayDay: string;
  birthdayMonth: string;
  birthdayYear: string;
  emails: { address: string; label: string }[];
  phones: { number: string; label: string }[];
  addresses: AddressRow[];
  websites: { url: string; label: string }[];
  notes: string;
  tags: string;
  status: ContactStatus;
}

export function emptyForm(): ContactFormState {
  return {
    firstName: '',
    middleName: '',
    lastName: '',
    company: '',
    jobTitle: '',
    birthdayDay: '',
    birthdayMonth: '',
    birthdayYear: '',
    emails: [{ address: '', label: 'other' }],
    phones: [{ number: '', label: 'mobile' }],
    addresses: [],
    websites: [],
    notes: '',
    tags: '',
    status: 'active',
  };
}

export function formFromContact(c: Contact): ContactFormState {
  return {
    firstName: c.firstName ?? '',
    middleName: c.middleName ?? '',
    lastName: c.lastName ?? '',
    company: c.company ?? '',
    jobTitle: c.jobTitle ?? '',
    birthdayDay: c.birthday ? String(c.birthday.day) : '',
    birthdayMonth: c.birthday ? String(c.birthday.month) : '',
    birthdayYear: c.birthday?.year ? String(c.birthday.year) : '',
    emails: c.emails.map((e) => ({ ...e })),
    phones: c.phones.map((p) => ({ ...p })),
    addresses: c.addresses.map((a) => ({
      label: a.label,
      street: a.street ?? '',
      city: a.city ?? '',
      region: a.region ?? '',
      postalCode: a.postalCode ?? '',
      country: a.country ?? '',
    })),
    websites: c.websites.map((w) => ({ ...w })),
    notes: c.notes ?? '',
    tags: c.tags.join(', '),
    status: c.status,
  };
}

type ListName = 'emails' | 'phones' | 'addresses' | 'websites';

/** Which form row each element of a sent list came from, since empty rows are not sent. */
export type RowMap = Record<ListName, number[]>;

/** The request body, and for each list which form row each sent element came from. */
export function bodyFromForm(form: ContactFormState): { body: Record<string, unknown>; rows: RowMap } {
  const rows: RowMap = { emails: [], phones: [], addresses: [], websites: [] };
  const keep = <T,>(list: ListName, items: T[], filled: (item: T) => boolean): T[] =>
    items.filter((item, index) => {
      if (!filled(item)) return false;
      rows[list].push(index);
      return true;
    });
  const numberOr = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : text);
  const hasBirthday = [form.birthdayDay, form.birthdayMonth, form.birthdayYear].some((v) => v.trim());
  const birthday = hasBirthday
    ? {
        day: numberOr(form.birthdayDay),
        month: numberOr(form.birthdayMonth),
        ...(form.birthdayYear.trim() ? { year: numberOr(form.birthdayYear) } : {}),
      }
    : null;
  const body = {
    firstName: form.firstName,
    middleName: form.middleName,
    lastName: form.lastName,
    company: form.company,
    jobTitle: form.jobTitle,
    birthday,
    emails: keep('emails', form.emails, (e) => e.address.trim() !== ''),
    phones: keep('phones', form.phones, (p) => p.number.trim() !== ''),
    addresses: keep('addresses', form.addresses, (a) =>
      [a.street, a.city, a.region, a.postalCode, a.country].some((part) => part.trim()),
    ),
    websites: keep('websites', form.websites, (w) => w.url.trim() !== ''),
    notes: form.notes,
    tags: form.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    status: form.status,
  };
  return { body, rows };
}

/** Turns the API's `details[].path` (body indexes) into this form's paths (row indexes). */
export function errorsByField(details: ErrorDetail[], rows: RowMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of details) {
    const [head, index, ...rest] = d.path.split('.');
    let path = d.path;
    if (head && head in rows && index !== undefined && /^\d+$/.test(index)) {
      const formIndex = rows[head as ListName][Number(index)] ?? Number(index);
      path = [head, String(formIndex), ...rest].join('.');
    }
    out.set(path, out.has(path) ? `${out.get(path)} ${d.message}` : d.message);
  }
  return out;
}

const MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat(undefined, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, i, 1)),
  ),
);

interface ContactFormProps {
  initial: ContactFormState;
  /** Field errors by form path, from the last answer of the server. */
  errors: Map<string, string>;
  busy: boolean;
  submitLabel?: string;
  onSubmit: (form: ContactFormState) => void;
  onCancel: () => void;
  /** Shown above the buttons, such as a version conflict. */
  notice?: ReactNode;
}

export function ContactForm({ initial, errors, busy, onSubmit, onCancel, notice }: ContactFormProps) {
  const [form, setForm] = useState(initial);
  const id = useId();
  const set = <K extends keyof ContactFormState>(key: K, value: ContactFormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(form);
  };

  const text = (key: 'firstName' | 'middleName' | 'lastName' | 'company' | 'jobTitle', label: string) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      value={form[key]}
      error={errors.get(key)}
      onChange={(v) => set(key, v)}
    />
  );

  const birthdayErrors = [...errors].filter(([p]) => p.startsWith('birthday')).map(([, m]) => m);

  return (
    <form className="contact-form" onSubmit={submit} noValidate>
      {errors.size > 0 && (
        <div className="message error" role="alert">
          <p>Some fields need a change:</p>
          <ul>
            {[...errors].map(([path, message]) => (
              <li key={path}>
                {describePath(path)}: {message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="grid">
        {text('firstName', 'First name')}
        {text('middleName', 'Middle name')}
        {text('lastName', 'Last name')}
        {text('company', 'Company')}
        {text('jobTitle', 'Job title')}
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={form.status}
            onChange={(e) => set('status', e.target.value as ContactStatus)}
          >
            {CONTACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset aria-describedby={birthdayErrors.length ? `${id}-birthday-error` : undefined}>
        <legend>Birthday</legend>
        <div className="row">
          <div className="field small">
            <label htmlFor={`${id}-bday-day`}>Day</label>
            <input
              id={`${id}-bday-day`}
              inputMode="numeric"
              value={form.birthdayDay}
              aria-invalid={birthdayErrors.length > 0 || undefined}
              onChange={(e) => set('birthdayDay', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-bday-month`}>Month</label>
            <select
              id={`${id}-bday-month`}
              value={form.birthdayMonth}
              onChange={(e) => set('birthdayMonth', e.target.value)}
            >
              <option value="">—</option>
              {MONTHS.map((name, i) => (
                <option key={name} value={String(i + 1)}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field small">
            <label htmlFor={`${id}-bday-year`}>Year (optional)</label>
            <input
              id={`${id}-bday-year`}
              inputMode="numeric"
              value={form.birthdayYear}
              onChange={(e) => set('birthdayYear', e.target.value)}
            />
          </div>
        </div>
        {birthdayErrors.length > 0 && (
          <p className="field-error" id={`${id}-birthday-error`}>
            {birthdayErrors.join(' ')}
          </p>
        )}
      </fieldset>

      <ValueList
        legend="Emails"
        noun="email"
        items={form.emails}
        labels={EMAIL_LABELS}
        valueKey="address"
        inputType="email"
        errors={errors}
        listPath="emails"
        blank={{ address: '', label: 'other' }}
        onChange={(items) => set('emails', items)}
      />
      <ValueList
        legend="Phones"
        noun="phone"
        items={form.phones}
        labels={PHONE_LABELS}
        valueKey="number"
        inputType="tel"
        errors={errors}
        listPath="phones"
        blank={{ number: '', label: 'mobile' }}
        onChange={(items) => set('phones', items)}
      />

      <fieldset>
        <legend>Addresses</legend>
        {form.addresses.map((address, index) => (
          <AddressFields
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; their order is their identity
            key={index}
            index={index}
            address={address}
            errors={errors}
            onChange={(next) =>
              set(
                'addresses',
                form.addresses.map((a, i) => (i === index ? next : a)),
              )
            }
            onRemove={() =>
              set(
                'addresses',
                form.addresses.filter((_, i) => i !== index),
              )
            }
          />
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set('addresses', [
              ...form.addresses,
              {
                label: form.addresses.some((a) => a.label === 'home') ? 'work' : 'home',
                street: '',
                city: '',
                region: '',
                postalCode: '',
                country: '',
              },
            ])
          }
        >
          Add address
        </button>
      </fieldset>

      <ValueList
        legend="Websites"
        noun="website"
        items={form.websites}
        labels={WEBSITE_LABELS}
        valueKey="url"
        inputType="url"
        errors={errors}
        listPath="websites"
        blank={{ url: '', label: 'other' }}
        onChange={(items) => set('websites', items)}
      />

      <TextField
        id={`${id}-tags`}
        label="Tags"
        hint="Separate tags with commas."
        value={form.tags}
        error={[...errors].find(([p]) => p.startsWith('tags'))?.[1]}
        onChange={(v) => set('tags', v)}
      />
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea
          id={`${id}-notes`}
          rows={4}
          value={form.notes}
          aria-invalid={errors.has('notes') || undefined}
          aria-describedby={errors.has('notes') ? `${id}-notes-error` : undefined}
          onChange={(e) => set('notes', e.target.value)}
        />
        {errors.has('notes') && (
          <p className="field-error" id={`${id}-notes-error`}>
            {errors.get('notes')}
          </p>
        )}
      </div>

      {notice}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        {busy && <span role="status">Saving…</span>}
      </div>
    </form>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  type?: string;
  onChange: (value: string) => void;
}

function TextField({ id, label, value, error, hint, type = 'text', onChange }: TextFieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface ValueListProps<K extends string> {
  legend: string;
  noun: string;
  items: ({ label: string } & Record<K, string>)[];
  labels: readonly string[];
  valueKey: K;
  inputType: string;
  errors: Map<string, string>;
  listPath: string;
  blank: { label: string } & Record<K, string>;
  onChange: (items: ({ label: string } & Record<K, string>)[]) => void;
}

/** Emails, phones and websites: a value and its label per row. */
function ValueList<K extends string>(props: ValueListProps<K>) {
  const { legend, noun, items, labels, valueKey, inputType, errors, listPath, blank, onChange } = props;
  const id = useId();
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const update = (index: number, patch: Partial<{ label: string } & Record<K, string>>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));

  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((item, index) => {
        const error = [...errors].filter(([p]) => p.startsWith(`${listPath}.${index}`)).map(([, m]) => m);
        const inputId = `${id}-${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; their order is their identity
          <div className="row list-row" key={index}>
            <div className="field grow">
              <label htmlFor={inputId}>{`${Noun} ${index + 1}`}</label>
              <input
                id={inputId}
                type={inputType}
                value={item[valueKey]}
                aria-invalid={error.length > 0 || undefined}
                aria-describedby={error.length ? `${inputId}-error` : undefined}
                onChange={(e) => update(index, { [valueKey]: e.target.value } as Partial<typeof item>)}
              />
              {error.length > 0 && (
                <p className="field-error" id={`${inputId}-error`}>
                  {error.join(' ')}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={`${inputId}-label`}>{`${Noun} label ${index + 1}`}</label>
              <select
                id={`${inputId}-label`}
                value={item.label}
                onChange={(e) => update(index, { label: e.target.value } as Partial<typeof item>)}
              >
                {labels.map((l) => (
                  <option key={l} value={l}>
                    {labelText(l)}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="secondary remove"
              aria-label={`Remove ${noun} ${index + 1}`}
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => onChange([...items, { ...blank }])}>
        {`Add ${noun}`}
      </button>
    </fieldset>
  );
}

interface AddressFieldsProps {
  index: number;
  address: AddressRow;
  errors: Map<string, string>;
  onChange: (address: AddressRow) => void;
  onRemove: () => void;
}

function AddressFields({ index, address, errors, onChange, onRemove }: AddressFieldsProps) {
  const id = useId();
  const parts: [keyof AddressRow, string][] = [
    ['street', 'Street'],
    ['city', 'City'],
    ['region', 'Region'],
    ['postalCode', 'Postal code'],
    ['country', 'Country'],
  ];
  const rowError = errors.get(`addresses.${index}`);
  return (
    <fieldset className="address">
      <legend>{`Address ${index + 1}`}</legend>
      <div className="field">
        <label htmlFor={`${id}-label`}>Label</label>
        <select
          id={`${id}-label`}
          value={address.label}
          onChange={(e) => onChange({ ...address, label: e.target.value })}
        >
          {ADDRESS_LABELS.map((l) => (
            <option key={l} value={l}>
              {labelText(l)}
            </option>
          ))}
        </select>
      </div>
      <div className="grid">
        {parts.map(([key, label]) => (
          <TextField
            key={key}
            id={`${id}-${key}`}
            label={label}
            value={address[key]}
            error={errors.get(`addresses.${index}.${key}`)}
            onChange={(v) => onChange({ ...address, [key]: v })}
          />
        ))}
      </div>
      {rowError && <p className="field-error">{rowError}</p>}
      <button
        type="button"
        className="secondary"
        aria-label={`Remove address ${index + 1}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </fieldset>
  );
}
