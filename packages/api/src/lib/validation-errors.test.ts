import { EventInput } from '@oneteamgov/schema';
import { describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from './validation-errors.js';

const base = {
  title: { en: 'Meetup' },
  startsAt: '2030-01-01T18:00:00Z',
  endsAt: '2030-01-01T20:00:00Z',
  timeZone: 'Europe/London',
};

const pointersFor = (body: unknown) => {
  const result = EventInput.safeParse(body);
  if (result.success) return [];
  return fieldErrorsFrom('json', result.error).map((e) => e.pointer);
};

describe('field errors', () => {
  it('point inside an `X | null` field at what is wrong, not at the field as a whole', () => {
    const pointers = pointersFor({
      ...base,
      venue: {
        name: 'Hall',
        address: 42,
        locality: null,
        postalCode: null,
        country: null,
        lat: 99,
        lng: null,
        addressVisibility: 'public',
      },
    });
    expect(pointers).toEqual(expect.arrayContaining(['/body/venue/address', '/body/venue/lat']));
    expect(pointers).not.toContain('/body/venue');
  });

  it('name each refused server-controlled field', () => {
    expect(pointersFor({ ...base, attendanceMode: 'online', id: 'x', sequence: 3 })).toEqual([
      '/body/id',
      '/body/sequence',
    ]);
  });
});
