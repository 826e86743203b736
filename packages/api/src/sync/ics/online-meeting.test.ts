import { describe, expect, it } from 'vitest';
import { isMeetingLink, readAttendance } from './online-meeting.js';

const attendance = (location: string | null, more: { url?: string; text?: string } = {}) =>
  readAttendance({
    conferenceUrl: null,
    location,
    url: more.url ?? null,
    description: more.text ? { en: more.text } : null,
  });

describe('how an imported event is attended', () => {
  it.each([
    'Online',
    'Online event',
    'online meeting',
    'Virtual',
    'Microsoft Teams Meeting',
    'Microsoft Teams-möte',
    'Microsoft Teams-møte',
    'Réunion Microsoft Teams',
    'Zoom',
    'Zoom Meeting',
    'Google Meet',
    'Webex',
    'Jitsi Meet',
    'Ar-lein',
    'Digitalt',
    'Online (link sent on registration)',
    'Zoom – details to follow',
  ])('"%s" names no place: online, no venue', (location) => {
    expect(attendance(location)).toMatchObject({ online: true, place: null });
  });

  it.each([
    'Tramshed Tech, Pendyris Street, Cardiff',
    'Teams Room 3',
    'Zoomorphic Gallery, Leeds',
    'The Online Centre, 1 High Street',
  ])('"%s" is a place: in person', (location) => {
    expect(attendance(location)).toMatchObject({ online: false, place: location });
  });

  it('keeps the room of "Room 4; Microsoft Teams Meeting" and drops the meeting', () => {
    expect(attendance('Room 4; Microsoft Teams Meeting')).toMatchObject({
      online: true,
      place: 'Room 4',
    });
  });

  it('takes a meeting link out of LOCATION and keeps the place around it', () => {
    expect(attendance('Civic Hall, https://us02web.zoom.us/j/123456789')).toEqual({
      online: true,
      onlineUrl: 'https://us02web.zoom.us/j/123456789',
      place: 'Civic Hall',
      url: null,
    });
  });

  it('a meeting link in URL is the joining link, not the event page', () => {
    expect(attendance(null, { url: 'https://meet.google.com/abc-defg-hij' })).toEqual({
      online: true,
      onlineUrl: 'https://meet.google.com/abc-defg-hij',
      place: null,
      url: null,
    });
  });

  it('finds a meeting link in prose, without its trailing punctuation', () => {
    expect(
      attendance('Tramshed Tech', {
        text: 'Join us, or join online at https://meet.jit.si/OTGWales.',
      }),
    ).toMatchObject({
      online: true,
      onlineUrl: 'https://meet.jit.si/OTGWales',
      place: 'Tramshed Tech',
    });
  });

  it('an ordinary link in the description is not a meeting', () => {
    expect(
      attendance('Tramshed Tech', { text: 'Slides: https://example.org/slides' }),
    ).toMatchObject({ online: false, onlineUrl: null });
  });
});

describe('meeting links', () => {
  it.each([
    ['https://teams.microsoft.com/l/meetup-join/19%3ameeting_x', true],
    ['https://teams.live.com/meet/9876', true],
    ['https://us02web.zoom.us/j/81234567890?pwd=x', true],
    ['https://zoom.us/download', false],
    ['https://meet.google.com/abc-defg-hij', true],
    ['https://meet.google.com/', false],
    ['https://example.webex.com/meet/otg', true],
    ['https://meet.jit.si/OTGWales', true],
    ['https://www.meetup.com/otg/events/1/', false],
    ['https://zoom.us.example.com/j/1', false],
  ])('%s → %s', (href, expected) => {
    expect(isMeetingLink(href)).toBe(expected);
  });
});
