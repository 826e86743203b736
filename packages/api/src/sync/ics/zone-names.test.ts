import { describe, expect, it } from 'vitest';
import { toIanaZone } from './zone-names.js';

describe('toIanaZone', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['"Europe/Stockholm"', 'Europe/Stockholm'],
    ['GMT Standard Time', 'Europe/London'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['AUS Eastern Standard Time', 'Australia/Sydney'],
    ['New Zealand Standard Time', 'Pacific/Auckland'],
    ['/mozilla.org/20070129_1/Europe/Oslo', 'Europe/Oslo'],
    ['/freeassociation.sourceforge.net/Tzfile/America/Toronto', 'America/Toronto'],
    ['UTC', 'UTC'],
  ])('%s → %s', (tzid, iana) => {
    expect(toIanaZone(tzid)).toBe(iana);
  });

  it.each(['Customized Time Zone', '+01:00', 'Mars/Olympus_Mons', ''])('%s → null', (tzid) => {
    expect(toIanaZone(tzid)).toBeNull();
  });
});
