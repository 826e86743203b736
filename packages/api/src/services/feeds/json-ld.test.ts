import type { Event } from '@oneteamgov/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ALL_EVENTS,
  bilingual,
  cancelled,
  eventUrl,
  hybridKolkata,
  londonSummer,
  makeEvent,
  movedOnline,
  online,
  postponed,
  sydneyAllDay,
  toronto,
  walesChapter,
} from '../../../test/helpers/feed-fixtures.js';
import { eventToJsonLd } from './index.js';

const SCHEMA = 'https://schema.org/';
const LOCAL_RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const Place = z.strictObject({
  '@type': z.literal('Place'),
  name: z.string().min(1),
  address: z
    .strictObject({
      '@type': z.literal('PostalAddress'),
      streetAddress: z.string().min(1).optional(),
      addressLocality: z.string().min(1).optional(),
      postalCode: z.string().min(1).optional(),
      addressCountry: z.string().length(2).optional(),
    })
    .optional(),
  geo: z
    .strictObject({
      '@type': z.literal('GeoCoordinates'),
      latitude: z.number(),
      longitude: z.number(),
    })
    .optional(),
});
const VirtualLocation = z.strictObject({
  '@type': z.literal('VirtualLocation'),
  url: z.url(),
});
const Location = z.union([Place, VirtualLocation]);

/** The shape Google's Event structured data expects; strict, so stray keys fail. */
const EventJsonLd = z.strictObject({
  '@context': z.literal('https://schema.org'),
  '@type': z.literal('Event'),
  '@id': z.url(),
  url: z.url(),
  name: z.string().min(1),
  description: z.string().min(1).optional(),
  inLanguage: z.union([z.string(), z.array(z.string()).min(2)]).optional(),
  startDate: z.union([z.string().regex(LOCAL_RFC3339), z.string().regex(DATE)]),
  endDate: z.union([z.string().regex(LOCAL_RFC3339), z.string().regex(DATE)]),
  eventStatus: z.enum([
    `${SCHEMA}EventScheduled`,
    `${SCHEMA}EventCancelled`,
    `${SCHEMA}EventPostponed`,
    `${SCHEMA}EventRescheduled`,
    `${SCHEMA}EventMovedOnline`,
  ]),
  previousStartDate: z.string().regex(LOCAL_RFC3339).optional(),
  eventAttendanceMode: z.enum([
    `${SCHEMA}OfflineEventAttendanceMode`,
    `${SCHEMA}OnlineEventAttendanceMode`,
    `${SCHEMA}MixedEventAttendanceMode`,
  ]),
  location: z.union([Location, z.array(Location).min(2)]).optional(),
  organizer: z
    .strictObject({
      '@type': z.literal('Organization'),
      name: z.string().min(1),
      url: z.url().optional(),
    })
    .optional(),
  offers: z.strictObject({ '@type': z.literal('Offer'), url: z.url() }).optional(),
  maximumAttendeeCapacity: z.number().int().min(0).optional(),
  keywords: z.array(z.string()).min(1).optional(),
});

const ld = (event: Event, lang: string | null = null) =>
  eventToJsonLd(event, { eventUrl: eventUrl(event), chapter: walesChapter, lang });

describe('eventToJsonLd', () => {
  it('produces a structurally valid schema.org Event for every fixture', () => {
    for (const event of ALL_EVENTS) {
      const doc = ld(event);
      expect(() => EventJsonLd.parse(doc), event.id).not.toThrow();
      // Serialises without losing anything: no undefined or null values anywhere.
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
      expect(JSON.stringify(doc)).not.toContain('null');
    }
    expect(eventToJsonLd(online, { eventUrl: eventUrl(online) })).not.toHaveProperty('organizer');
  });

  it('identifies the event by its public URL and uses local times with offsets', () => {
    const doc = ld(londonSummer);
    expect(doc['@id']).toBe(eventUrl(londonSummer));
    expect(doc.url).toBe(eventUrl(londonSummer));
    expect(doc.startDate).toBe('2026-07-21T18:00:00+01:00');
    expect(doc.endDate).toBe('2026-07-21T20:00:00+01:00');
    expect(ld(toronto).startDate).toBe('2026-11-05T18:00:00-05:00');
  });

  it('gives an all-day event dates, with an inclusive end', () => {
    const doc = ld(sydneyAllDay);
    expect(doc.startDate).toBe('2026-03-14');
    expect(doc.endDate).toBe('2026-03-15');
  });

  it('maps every status to its schema.org URL', () => {
    expect(ld(londonSummer).eventStatus).toBe(`${SCHEMA}EventScheduled`);
    expect(ld(cancelled).eventStatus).toBe(`${SCHEMA}EventCancelled`);
    expect(ld(postponed).eventStatus).toBe(`${SCHEMA}EventPostponed`);
    expect(ld(movedOnline).eventStatus).toBe(`${SCHEMA}EventMovedOnline`);
    const rescheduled = makeEvent({ ...postponed, status: 'rescheduled' });
    expect(ld(rescheduled).eventStatus).toBe(`${SCHEMA}EventRescheduled`);
    expect(ld(rescheduled).previousStartDate).toBe('2026-05-13T09:00:00-04:00');
  });

  it('includes previousStartDate only when there is one', () => {
    expect(ld(postponed).previousStartDate).toBe('2026-05-13T09:00:00-04:00');
    expect(ld(londonSummer)).not.toHaveProperty('previousStartDate');
  });

  it('chooses Place, VirtualLocation or both from the attendance mode', () => {
    const inPerson = ld(londonSummer);
    expect(inPerson.eventAttendanceMode).toBe(`${SCHEMA}OfflineEventAttendanceMode`);
    expect(inPerson.location).toEqual({
      '@type': 'Place',
      name: 'The Hub',
      address: {
        '@type': 'PostalAddress',
        streetAddress: '1 Horse Guards Road',
        addressLocality: 'London',
        postalCode: 'SW1A 2HQ',
        addressCountry: 'GB',
      },
      geo: { '@type': 'GeoCoordinates', latitude: 51.5028, longitude: -0.1289 },
    });

    const virtual = ld(online);
    expect(virtual.eventAttendanceMode).toBe(`${SCHEMA}OnlineEventAttendanceMode`);
    expect(virtual.location).toEqual({ '@type': 'VirtualLocation', url: online.onlineUrl });

    const hybrid = ld(hybridKolkata);
    expect(hybrid.eventAttendanceMode).toBe(`${SCHEMA}MixedEventAttendanceMode`);
    const both = hybrid.location as Record<string, unknown>[];
    expect(both.map((l) => l['@type'])).toEqual(['Place', 'VirtualLocation']);
    expect(both[1]).toEqual({ '@type': 'VirtualLocation', url: hybridKolkata.onlineUrl });
    expect(hybrid.startDate).toBe('2026-05-05T18:00:00+05:30');

    // Moved online: online attendance, the old venue is no longer given.
    const moved = ld(movedOnline);
    expect(moved.eventAttendanceMode).toBe(`${SCHEMA}OnlineEventAttendanceMode`);
    expect(moved.location).toEqual({ '@type': 'VirtualLocation', url: eventUrl(movedOnline) });
  });

  it('leaves out streetAddress when the address is withheld', () => {
    const location = ld(toronto).location as Record<string, Record<string, unknown>>;
    expect(location['@type']).toBe('Place');
    expect(location.address).toEqual({
      '@type': 'PostalAddress',
      addressLocality: 'Toronto',
      addressCountry: 'CA',
    });
    expect(location.address).not.toHaveProperty('streetAddress');
    expect(location).not.toHaveProperty('geo');
  });

  it('writes name and description in the chosen language, with inLanguage', () => {
    const cy = ld(bilingual, 'cy');
    expect(cy.name).toBe(bilingual.title.cy);
    expect(cy.description).toBe(bilingual.description?.cy);
    expect(cy.inLanguage).toEqual(['cy', 'en']);
    expect(ld(bilingual, 'fr').name).toBe(bilingual.title.en);
    expect(ld(toronto, 'fr-CA').name).toBe(toronto.title.fr);
    // Without the event's languages, inLanguage is the language of the text given.
    expect(ld(londonSummer, 'cy').inLanguage).toBe('en');
    // The summary stands in for a missing description.
    expect(ld(londonSummer).description).toBe(londonSummer.summary?.en);
  });

  it('names the chapter as organizer, in the chosen language, with its website', () => {
    expect(ld(bilingual, 'cy').organizer).toEqual({
      '@type': 'Organization',
      name: 'Un Tîm Llywodraeth Cymru',
      url: 'https://wales.example.org/',
    });
    const noSite = eventToJsonLd(bilingual, {
      eventUrl: eventUrl(bilingual),
      chapter: { ...walesChapter, website: null },
    });
    expect(noSite.organizer).toEqual({ '@type': 'Organization', name: 'One Team Gov Wales' });
  });

  it('adds offers, capacity and keywords when known, and never a price', () => {
    const doc = ld(londonSummer);
    expect(doc.offers).toEqual({ '@type': 'Offer', url: londonSummer.registrationUrl });
    expect(doc.maximumAttendeeCapacity).toBe(40);
    expect(doc.keywords).toEqual(['meetup', 'london']);
    const bare = ld(toronto);
    expect(bare).not.toHaveProperty('offers');
    expect(bare).not.toHaveProperty('maximumAttendeeCapacity');
    expect(bare).not.toHaveProperty('keywords');
  });
});
