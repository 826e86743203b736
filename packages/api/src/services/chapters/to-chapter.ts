import type { Chapter } from '@oneteamgov/schema';
import type { ChapterRow } from '../../db/schema/index.js';

export function toChapter(row: ChapterRow): Chapter {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    parentId: row.parentId,
    country: row.country,
    locality: row.locality,
    timeZone: row.timeZone,
    languages: row.languages,
    description: row.description,
    website: row.website,
    contact: row.contact,
    socialLinks: row.socialLinks,
    location: row.lat != null && row.lng != null ? { lat: row.lat, lng: row.lng } : null,
    status: row.status,
    foundedOn: row.foundedOn,
    origin: row.origin,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
