import { describe, expect, it } from 'vitest';
import { type BirthdayFormat, readBirthday } from './birthday.ts';

describe('reading birthdays', () => {
  it.each<[string, BirthdayFormat[], object]>([
    ['1980-05-17', ['iso'], { year: 1980, month: 5, day: 17 }],
    ['19800517', ['iso'], { year: 1980, month: 5, day: 17 }],
    ['1980-05-17T00:00:00Z', ['iso'], { year: 1980, month: 5, day: 17 }],
    ['--05-17', ['iso'], { month: 5, day: 17 }],
    ['--0517', ['iso'], { month: 5, day: 17 }],
    ['0000-05-17', ['iso'], { month: 5, day: 17 }],
    ['5-17', ['month-day'], { month: 5, day: 17 }],
    ['5/17/1980', ['us'], { year: 1980, month: 5, day: 17 }],
    ['2023-02-30', ['iso'], { year: 2023, month: 2, day: 30 }],
  ])('reads %s', (text, formats, birthday) => {
    expect(readBirthday(text, formats)).toEqual({ birthday });
  });

  it.each<[string | undefined, BirthdayFormat[]]>([
    [undefined, ['iso']],
    ['  ', ['iso']],
    ['0/0/00', ['us']],
    ['0/0/0000', ['us']],
  ])('reads %j as no birthday', (text, formats) => {
    expect(readBirthday(text, formats)).toEqual({});
  });

  it.each<[string, BirthdayFormat[]]>([
    ['17.05.1980', ['iso', 'us']],
    ['5/17/80', ['us']],
    ['1980', ['iso']],
    ['05-17', ['iso']],
    ['May 17', ['iso', 'month-day']],
  ])('refuses %s as invalid_format', (text, formats) => {
    expect(readBirthday(text, formats).error).toMatchObject({ code: 'invalid_format', path: 'birthday' });
  });
});
