import { describe, expect, it } from 'vitest';
import { pickLanguage } from './index.js';

const WELSH = { cy: 'Anghynhadledd', en: 'Unconference' };

describe('pickLanguage', () => {
  it('picks the requested language', () => {
    expect(pickLanguage(WELSH, 'cy')).toBe('Anghynhadledd');
    expect(pickLanguage(WELSH, 'en')).toBe('Unconference');
  });

  it('falls back to English when the language is missing', () => {
    expect(pickLanguage(WELSH, 'fr')).toBe('Unconference');
    expect(pickLanguage(WELSH, null)).toBe('Unconference');
    expect(pickLanguage(WELSH, undefined)).toBe('Unconference');
    expect(pickLanguage({ cy: 'Helo', 'en-GB': 'Hello' }, 'fr')).toBe('Hello');
  });

  it('falls back from a regional tag to its base language, and the other way round', () => {
    expect(pickLanguage({ en: 'Meetup', fr: 'Rencontre' }, 'fr-CA')).toBe('Rencontre');
    expect(pickLanguage({ en: 'Meetup', 'fr-CA': 'Rencontre' }, 'fr')).toBe('Rencontre');
    // An exact regional match beats the base language.
    expect(pickLanguage({ fr: 'Rencontre', 'fr-CA': 'Rencontre (CA)' }, 'fr-CA')).toBe(
      'Rencontre (CA)',
    );
  });

  it('compares tags case-insensitively', () => {
    expect(pickLanguage({ en: 'Meetup', fr: 'Rencontre' }, 'FR-ca')).toBe('Rencontre');
    expect(pickLanguage({ 'fr-CA': 'Rencontre' }, 'fr-ca')).toBe('Rencontre');
  });

  it('uses the first entry when neither the language nor English is there', () => {
    expect(pickLanguage({ ga: 'Cruinniú', cy: 'Cyfarfod' }, 'fr')).toBe('Cruinniú');
  });

  it('returns null for missing or empty text', () => {
    expect(pickLanguage(null, 'cy')).toBeNull();
    expect(pickLanguage(undefined, 'cy')).toBeNull();
    expect(pickLanguage({}, 'cy')).toBeNull();
    expect(pickLanguage({ cy: '' }, 'cy')).toBeNull();
  });
});
