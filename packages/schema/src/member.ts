import { z } from 'zod';
import { Id, Instant, LIMITS, LocalDate, Slug } from './primitives.js';

/**
 * Membership is personal data. Name and e-mail are private to the chapter's
 * organisers; public responses carry only aggregates and opted-in profiles.
 */
export const MemberRole = z.enum(['member', 'organiser', 'admin']).meta({ id: 'MemberRole' });

export const Consent = z
  .object({
    granted: z.boolean(),
    recordedAt: Instant,
    noticeVersion: z.string().min(1).max(50).meta({ example: '2026-01' }),
  })
  .meta({ id: 'Consent' });

export const Member = z
  .object({
    id: Id,
    chapterId: Slug,
    name: z.string().min(1).max(LIMITS.shortText),
    email: z.email().max(320),
    role: MemberRole,
    organisation: z.string().max(LIMITS.shortText).nullable(),
    joinedOn: LocalDate,
    consents: z.object({ publicProfile: Consent.nullable(), contactable: Consent.nullable() }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Member', description: 'Private: visible only to organisers of the chapter' });

export const PublicMemberProfile = z
  .object({
    id: Id,
    name: z.string().max(LIMITS.shortText),
    role: MemberRole,
    organisation: z.string().max(LIMITS.shortText).nullable(),
  })
  .meta({ id: 'PublicMemberProfile', description: 'A member who opted in to a public profile' });

export const MembershipStats = z
  .object({
    chapterId: Slug.nullable(),
    memberCount: z.number().int().min(0),
    organiserCount: z.number().int().min(0),
    organisations: z.number().int().min(0),
    growthByMonth: z
      .array(
        z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), joined: z.number().int().min(0) }),
      )
      .max(600),
  })
  .meta({ id: 'MembershipStats', description: 'Public aggregates; never member records' });
