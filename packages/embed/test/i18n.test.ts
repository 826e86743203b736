import { describe, expect, it } from 'vitest';
import { KEYS, labelsFor, pickText, WORDING } from '../src/i18n.js';

describe('interface wording', () => {
  it.each(Object.keys(WORDING))('%s has exactly one non-empty text per key', (lang) => {
    const words = WORDING[lang]!.split('|');
    expect(words).toHaveLength(KEYS.length);
    expect(words.every((w) => w.trim().length > 0)).toBe(true);
  });

  it('speaks the reader’s language, regional variants and Norwegian aliases included', () => {
    expect(labelsFor('cy').cancelled).toBe("Wedi'i ganslo");
    expect(labelsFor('fr-CA').online).toBe('En ligne');
    expect(labelsFor('no').register).toBe('Meld deg på');
    expect(labelsFor('sv-SE').empty).toBe('Inga kommande evenemang.');
  });

  it('falls back to English for a language it does not know', () => {
    expect(labelsFor('mi').join).toBe('Join online');
  });
});

describe('pickText', () => {
  const title = { en: 'Cardiff meetup', cy: 'Cyfarfod Caerdydd', 'fr-CA': 'Rencontre' };

  it('prefers the exact tag, then the base language', () => {
    expect(pickText(title, 'cy')).toEqual({ text: 'Cyfarfod Caerdydd', lang: 'cy' });
    expect(pickText(title, 'cy-GB')).toEqual({ text: 'Cyfarfod Caerdydd', lang: 'cy' });
    expect(pickText(title, 'fr')).toEqual({ text: 'Rencontre', lang: 'fr-CA' });
  });

  it('falls back to English, then to whatever translation exists, and says which', () => {
    expect(pickText(title, 'sv')).toEqual({ text: 'Cardiff meetup', lang: 'en' });
    expect(pickText({ nb: 'Frokostmøte' }, 'sv')).toEqual({ text: 'Frokostmøte', lang: 'nb' });
    expect(pickText(null, 'sv').text).toBe('');
  });
});
