import type { Db } from '../../src/db/client.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';

/** A month far enough ahead that "upcoming" never changes what these tests see. */
export const WINDOW = { from: '2031-03-01T00:00:00Z', to: '2031-04-01T00:00:00Z' };

/**
 * A test's own rows for "what is on next month, online, in French?": one event
 * that matches, and one that misses on each filter (language, attendance, date).
 */
export async function seedMcpRows(db: Db) {
  const quebec = await createChapter(db, {
    name: { fr: 'One Team Gov Québec', en: 'One Team Gov Quebec' },
    country: 'CA',
    languages: ['fr', 'en'],
    timeZone: 'America/Toronto',
  });
  const other = await createChapter(db, { name: { en: 'One Team Gov Elsewhere' } });
  const at = (iso: string) => new Date(iso);
  const online = { attendanceMode: 'online' as const, timeZone: 'America/Toronto' };
  const match = await createEvent(db, quebec, {
    ...online,
    title: { fr: 'Petit-déjeuner en ligne', en: 'Online breakfast' },
    inLanguage: ['fr'],
    startsAt: at('2031-03-12T13:00:00Z'),
    endsAt: at('2031-03-12T14:30:00Z'),
  });
  const inEnglish = await createEvent(db, quebec, {
    ...online,
    title: { en: 'Online show and tell' },
    inLanguage: ['en'],
    startsAt: at('2031-03-14T13:00:00Z'),
  });
  const inPerson = await createEvent(db, other, {
    title: { fr: 'Rencontre à Montréal' },
    inLanguage: ['fr'],
    attendanceMode: 'inPerson',
    startsAt: at('2031-03-15T13:00:00Z'),
  });
  const nextMonth = await createEvent(db, quebec, {
    ...online,
    title: { fr: 'Atelier en avril' },
    inLanguage: ['fr'],
    startsAt: at('2031-04-09T13:00:00Z'),
  });
  return { quebec, other, match, inEnglish, inPerson, nextMonth };
}
