import { MAX_LANGUAGES } from './limits.js';
import { languageTag } from './text-fields.js';
import type { Component } from './times.js';

/** GEO ("lat;lon", RFC 5545 §3.8.1.6) as decimal degrees; null when absent or out of range. */
export function readGeo(event: Component): { lat: number; lng: number } | null {
  const value = event.getFirstPropertyValue('geo');
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [lat, lng] = value.map(Number) as [number, number];
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  // 0;0 is what some exporters write for "no position" (a point in the Gulf of Guinea).
  if (lat === 0 && lng === 0) return null;
  return { lat, lng };
}

/** Properties whose LANGUAGE parameter says what language the event speaks. */
const SPOKEN = ['summary', 'description', 'location'] as const;

/**
 * The languages the feed declares with LANGUAGE parameters, in order of first
 * appearance. Text without one says nothing about the event's language, so the
 * calendar's default language is not added.
 */
export function readLanguages(event: Component): string[] {
  const seen: string[] = [];
  for (const name of SPOKEN) {
    for (const prop of event.getAllProperties(name)) {
      const tag = languageTag(prop.getParameter('language'));
      if (tag && !seen.includes(tag)) seen.push(tag);
      if (seen.length >= MAX_LANGUAGES) return seen;
    }
  }
  return seen;
}
