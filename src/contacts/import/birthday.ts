import type { ImportedBirthday, RowError } from './contact-input.ts';

/**
 * - `iso`: 1980-05-17, 19800517 (a time after it is ignored), --05-17, --0517
 * - `month-day`: 05-17, written by hand for a birthday without a year
 * - `us`: 5/17/1980 as Outlook exports it; its 0/0/00 means "no birthday"
 */
export type BirthdayFormat = 'iso' | 'month-day' | 'us';

export interface BirthdayReading {
  birthday?: ImportedBirthday;
  error?: RowError;
}

const FORMAT_EXAMPLES: Record<BirthdayFormat, string> = {
  iso: 'YYYY-MM-DD or --MM-DD',
  'month-day': 'MM-DD',
  us: 'M/D/YYYY',
};

const PATTERNS: Record<BirthdayFormat, readonly RegExp[]> = {
  iso: [
    /^(?<year>\d{4})-?(?<month>\d{2})-?(?<day>\d{2})(?:T[\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$/,
    /^--(?<month>\d{2})-?(?<day>\d{2})$/,
  ],
  'month-day': [/^(?<month>\d{1,2})-(?<day>\d{1,2})$/],
  us: [/^(?<month>\d{1,2})\/(?<day>\d{1,2})\/(?<year>\d{4})$/],
};

const OUTLOOK_NO_BIRTHDAY = /^0{1,2}\/0{1,2}\/0{2,4}$/;

/**
 * Reads a birthday in one of the given formats. A date that has the right shape but does not exist
 * (2023-02-30) is passed on as numbers, so the schema rejects it with `invalid_date` like any other
 * impossible date; text of the wrong shape is an `invalid_format` error for the row.
 */
export function readBirthday(text: string | undefined, formats: readonly BirthdayFormat[]): BirthdayReading {
  const value = text?.trim() ?? '';
  if (value === '' || OUTLOOK_NO_BIRTHDAY.test(value)) return {};
  for (const format of formats) {
    for (const pattern of PATTERNS[format]) {
      const groups = pattern.exec(value)?.groups;
      if (groups) return { birthday: birthdayFromGroups(groups) };
    }
  }
  const expected = formats.map((format) => FORMAT_EXAMPLES[format]).join(' or ');
  return { error: unreadableBirthday(`"${value}" is not a birthday in the form ${expected}.`) };
}

export function unreadableBirthday(message: string): RowError {
  return { code: 'invalid_format', message, path: 'birthday' };
}

function birthdayFromGroups(groups: Record<string, string | undefined>): ImportedBirthday {
  const birthday: ImportedBirthday = { month: Number(groups.month), day: Number(groups.day) };
  const year = Number(groups.year ?? 0);
  // Year 0000 is how some phones write "year unknown".
  if (year > 0) birthday.year = year;
  return birthday;
}
