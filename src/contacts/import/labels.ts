import type { PhoneLabel } from '../model.ts';
import type { AddressLabel, EmailLabel, WebsiteLabel } from './contact-input.ts';

/*
 * Label rules, shared by every format:
 * - a label the file leaves empty takes the model's default for that kind (phone: mobile, email:
 *   other, address: home, website: other), the same as a contact entered without a label;
 * - a label that is present but not one we know (a custom Google label, "Google Voice", "car") is
 *   kept as a value under `other` (`other-fax` for an unknown kind of fax), never dropped.
 */

const PHONE_LABEL_NAMES: Readonly<Record<string, PhoneLabel>> = {
  mobile: 'mobile',
  cell: 'mobile',
  home: 'home',
  work: 'work',
  business: 'work',
  main: 'main',
  other: 'other',
  'home fax': 'home-fax',
  'work fax': 'work-fax',
  'business fax': 'work-fax',
  'other fax': 'other-fax',
  fax: 'other-fax',
  pager: 'pager',
};

/** Google writes a primary value's label as "* Mobile"; the star is not part of the label. */
function labelName(label: string | undefined): string {
  return (label ?? '')
    .replace(/^\s*\*\s*/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

export function phoneLabelFromText(label: string | undefined): PhoneLabel {
  const name = labelName(label);
  if (name === '') return 'mobile';
  return PHONE_LABEL_NAMES[name] ?? (name.includes('fax') ? 'other-fax' : 'other');
}

function homeWorkOther(name: string): 'home' | 'work' | 'other' {
  if (name === 'home' || name === 'home page') return 'home';
  if (name === 'work' || name === 'business') return 'work';
  return 'other';
}

export function emailLabelFromText(label: string | undefined): EmailLabel {
  return homeWorkOther(labelName(label));
}

export function addressLabelFromText(label: string | undefined): AddressLabel {
  const name = labelName(label);
  return name === '' ? 'home' : homeWorkOther(name);
}

export function websiteLabelFromText(label: string | undefined): WebsiteLabel {
  return homeWorkOther(labelName(label));
}

/** vCard TYPE tokens that describe a line's technology or preference, not whose line it is. */
const NEUTRAL_TYPES = new Set(['pref', 'internet', 'x400', 'postal', 'parcel', 'dom', 'intl']);

const OTHER_PHONE_TYPES = [
  'other',
  'voice',
  'text',
  'msg',
  'video',
  'textphone',
  'car',
  'isdn',
  'bbs',
  'modem',
];

/**
 * vCard TEL types: fax combines with home/work ("home,fax" is a home fax, a bare fax is other-fax);
 * pager, cell and main win over home/work ("work,cell" is still a mobile); a TEL without any type
 * takes the phone default, mobile; a plain "voice" is the number Outlook calls "other".
 */
export function phoneLabelFromVCardTypes(types: readonly string[]): PhoneLabel {
  const has = new Set(types.map((type) => type.toLowerCase()));
  if (has.has('fax')) return has.has('home') ? 'home-fax' : has.has('work') ? 'work-fax' : 'other-fax';
  if (has.has('pager')) return 'pager';
  if (has.has('cell') || has.has('mobile') || has.has('iphone')) return 'mobile';
  if (has.has('main')) return 'main';
  if (has.has('work')) return 'work';
  if (has.has('home')) return 'home';
  if (OTHER_PHONE_TYPES.some((type) => has.has(type))) return 'other';
  return [...has].every((type) => NEUTRAL_TYPES.has(type)) ? 'mobile' : 'other';
}

/** EMAIL, ADR and URL types: home, work or other; without one, the kind's default applies. */
export function kindLabelFromVCardTypes(
  types: readonly string[],
  fallback: 'home' | 'work' | 'other',
): 'home' | 'work' | 'other' {
  const meaningful = types.map((type) => type.toLowerCase()).filter((type) => !NEUTRAL_TYPES.has(type));
  if (meaningful.includes('home')) return 'home';
  if (meaningful.includes('work')) return 'work';
  return meaningful.length === 0 ? fallback : 'other';
}
