/**
 * Google's value `type`s (google-people.md §4) against the CRM's labels. Reading maps every type
 * Google knows but the CRM does not (workMobile, googleVoice, blog, custom labels…) to `other`.
 */

const PHONE_LABEL_OF_TYPE: Record<string, string> = {
  mobile: 'mobile',
  home: 'home',
  work: 'work',
  main: 'main',
  other: 'other',
  homeFax: 'home-fax',
  workFax: 'work-fax',
  otherFax: 'other-fax',
  pager: 'pager',
};

const PHONE_TYPE_OF_LABEL: Record<string, string> = Object.fromEntries(
  Object.entries(PHONE_LABEL_OF_TYPE).map(([type, label]) => [label, type]),
);

/** Emails, URLs (and addresses) share the home / work / other vocabulary on both sides. */
const PLAIN_LABELS = new Set(['home', 'work', 'other']);

export function phoneLabelOf(type: unknown): string {
  return (typeof type === 'string' && PHONE_LABEL_OF_TYPE[type]) || 'other';
}

export function phoneTypeOf(label: string): string {
  return PHONE_TYPE_OF_LABEL[label] ?? 'other';
}

export function plainLabelOf(type: unknown): string {
  return typeof type === 'string' && PLAIN_LABELS.has(type) ? type : 'other';
}

export function plainTypeOf(label: string): string {
  return PLAIN_LABELS.has(label) ? label : 'other';
}
