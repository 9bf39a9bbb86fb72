import { describe, expect, it } from 'vitest';
import {
  addressLabelFromText,
  emailLabelFromText,
  kindLabelFromVCardTypes,
  phoneLabelFromText,
  phoneLabelFromVCardTypes,
  websiteLabelFromText,
} from './labels.ts';

describe('phone labels written as text (Google CSV)', () => {
  it.each([
    ['Mobile', 'mobile'],
    ['* Mobile', 'mobile'],
    ['Home', 'home'],
    ['Work', 'work'],
    ['Main', 'main'],
    ['Other', 'other'],
    ['Home Fax', 'home-fax'],
    ['Work Fax', 'work-fax'],
    ['Other Fax', 'other-fax'],
    ['Fax', 'other-fax'],
    ['Pager', 'pager'],
    ['Google Voice', 'other'],
    ['Boat fax', 'other-fax'],
    ['', 'mobile'],
    [undefined, 'mobile'],
  ])('reads %j as %s', (label, expected) => {
    expect(phoneLabelFromText(label)).toBe(expected);
  });
});

describe('email, address and website labels written as text', () => {
  it.each([
    [emailLabelFromText, '* Work', 'work'],
    [emailLabelFromText, 'Home', 'home'],
    [emailLabelFromText, 'Custom', 'other'],
    [emailLabelFromText, '', 'other'],
    [addressLabelFromText, '', 'home'],
    [addressLabelFromText, 'Work', 'work'],
    [addressLabelFromText, 'Holiday home', 'other'],
    [websiteLabelFromText, 'Home Page', 'home'],
    [websiteLabelFromText, 'Blog', 'other'],
    [websiteLabelFromText, '', 'other'],
  ])('%o reads %j as %s', (read, label, expected) => {
    expect(read(label)).toBe(expected);
  });
});

describe('vCard TEL types', () => {
  it.each([
    [['home', 'fax'], 'home-fax'],
    [['FAX', 'WORK'], 'work-fax'],
    [['fax'], 'other-fax'],
    [['pager'], 'pager'],
    [['cell', 'voice'], 'mobile'],
    [['work', 'cell'], 'mobile'],
    [['main'], 'main'],
    [['work', 'voice'], 'work'],
    [['home'], 'home'],
    [['voice'], 'other'],
    [['x-car'], 'other'],
    [['pref'], 'mobile'],
    [[], 'mobile'],
  ])('reads %j as %s', (types, expected) => {
    expect(phoneLabelFromVCardTypes(types)).toBe(expected);
  });
});

describe('vCard EMAIL, ADR and URL types', () => {
  it.each([
    [['internet', 'work'], 'other', 'work'],
    [['home', 'pref'], 'other', 'home'],
    [['internet'], 'other', 'other'],
    [[], 'home', 'home'],
    [['postal'], 'home', 'home'],
    [['other'], 'home', 'other'],
    [['x-holiday'], 'home', 'other'],
  ] as const)('reads %j (default %s) as %s', (types, fallback, expected) => {
    expect(kindLabelFromVCardTypes(types, fallback)).toBe(expected);
  });
});
