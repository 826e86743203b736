import { describe, expect, it } from 'vitest';
import {
  CountryCode,
  HttpUrl,
  LanguageTag,
  LocalizedText,
  Slug,
  Tag,
  TimeZone,
} from './primitives.js';

describe('TimeZone', () => {
  it.each([
    'Europe/London',
    'Europe/Stockholm',
    'America/Toronto',
    'Australia/Sydney',
    'Pacific/Auckland',
    'UTC',
  ])('accepts %s', (zone) => expect(TimeZone.safeParse(zone).success).toBe(true));
  it.each([
    'Europe/Cardiff',
    'Mars/Olympus_Mons',
    '+01:00',
    'GMT+1 ',
    '',
    'Europe/London/Extra/Deep',
    'x'.repeat(65),
  ])('rejects %j', (zone) => expect(TimeZone.safeParse(zone).success).toBe(false));
});

describe('LanguageTag', () => {
  it.each(['en', 'cy', 'fr-CA', 'nb', 'mi', 'sv-SE', 'zh-Hant-TW'])('accepts %s', (tag) =>
    expect(LanguageTag.safeParse(tag).success).toBe(true),
  );
  it.each(['', 'e', 'english!', 'en_GB', 'en--GB', '123', 'x'.repeat(36)])('rejects %j', (tag) =>
    expect(LanguageTag.safeParse(tag).success).toBe(false),
  );
});

describe('CountryCode', () => {
  it.each(['GB', 'SE', 'CA', 'NZ', 'NO', 'AU'])('accepts %s', (code) =>
    expect(CountryCode.safeParse(code).success).toBe(true),
  );
  it.each(['gb', 'GBR', 'XX', 'UK ', '', '12'])('rejects %j', (code) =>
    expect(CountryCode.safeParse(code).success).toBe(false),
  );
});

describe('LocalizedText', () => {
  it('accepts one or more languages', () => {
    expect(LocalizedText.safeParse({ en: 'Meetup', cy: 'Cyfarfod' }).success).toBe(true);
  });
  it('rejects an empty map, bad tags, empty or oversized text and too many languages', () => {
    expect(LocalizedText.safeParse({}).success).toBe(false);
    expect(LocalizedText.safeParse({ english: 'x', 'not a tag': 'x' }).success).toBe(false);
    expect(LocalizedText.safeParse({ en: '' }).success).toBe(false);
    expect(LocalizedText.safeParse({ en: 'x'.repeat(20_001) }).success).toBe(false);
    const many = Object.fromEntries(
      [
        'en',
        'cy',
        'fr',
        'de',
        'es',
        'it',
        'nl',
        'sv',
        'nb',
        'da',
        'fi',
        'is',
        'ga',
        'gd',
        'mi',
        'pl',
        'pt',
        'ro',
        'cs',
        'sk',
        'hu',
      ].map((l) => [l, 'x']),
    );
    expect(LocalizedText.safeParse(many).success).toBe(false);
  });
});

describe('other bounded primitives', () => {
  it('slugs are lower-case and bounded', () => {
    expect(Slug.safeParse('new-zealand').success).toBe(true);
    expect(Slug.safeParse('New Zealand').success).toBe(false);
    expect(Slug.safeParse('-wales').success).toBe(false);
    expect(Slug.safeParse('a'.repeat(101)).success).toBe(false);
  });
  it('URLs are http(s) only', () => {
    expect(HttpUrl.safeParse('https://www.oneteamgov.uk').success).toBe(true);
    expect(HttpUrl.safeParse('javascript:alert(1)').success).toBe(false);
    expect(HttpUrl.safeParse('ftp://example.org').success).toBe(false);
  });
  it('tags refuse markup', () => {
    expect(Tag.safeParse('unconference').success).toBe(true);
    expect(Tag.safeParse('<script>').success).toBe(false);
  });
});
