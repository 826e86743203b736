import { z } from 'zod';
import { Cursor } from './page.js';
import { Count, Id, Instant, LIMITS, LocalDate, orNull, Slug } from './primitives.js';

/**
 * Membership is personal data. Name and e-mail are private to the chapter's
 * organisers; public responses carry only aggregates and opted-in profiles.
 */
export const MemberRole = z.enum(['member', 'organiser', 'admin']).meta({ id: 'MemberRole' });
export type MemberRole = z.infer<typeof MemberRole>;

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
    consents: z.object({ publicProfile: orNull(Consent), contactable: orNull(Consent) }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Member', description: 'Private: visible only to organisers of the chapter' });
export type Member = z.infer<typeof Member>;

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
    memberCount: Count,
    organiserCount: Count,
    organisations: Count,
    growthByMonth: z
      .array(
        z.object({
          month: z
            .string()
            .length(7)
            .regex(/^\d{4}-\d{2}$/),
          joined: Count,
        }),
      )
      .max(600),
  })
  .meta({ id: 'MembershipStats', description: 'Public aggregates; never member records' });

const Name = z.string().trim().min(1).max(LIMITS.shortText).meta({ example: 'Ada Lovelace' });
const Email = z.email().max(320).meta({ example: 'ada@example.gov.uk' });
const Organisation = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.shortText)
  .nullable()
  .meta({ description: 'The public body they work for', example: 'Welsh Government' });

export const ConsentPurpose = z
  .enum(['publicProfile', 'contactable'])
  .meta({ id: 'ConsentPurpose', description: 'What the person agrees to' });
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const MemberInput = z
  .strictObject({
    name: Name,
    email: Email,
    role: MemberRole.optional().meta({ description: 'Default `member`' }),
    organisation: Organisation.optional(),
    joinedOn: LocalDate.optional().meta({ description: 'Default: today (UTC)' }),
  })
  .meta({
    id: 'MemberInput',
    description: 'A new member. Members start private: no consent is granted until recorded.',
  });
export type MemberInput = z.infer<typeof MemberInput>;

export const MemberPatch = z
  .strictObject({
    name: Name.optional(),
    email: Email.optional(),
    role: MemberRole.optional(),
    organisation: Organisation.optional(),
    joinedOn: LocalDate.optional(),
  })
  .meta({ id: 'MemberPatch', description: 'Fields to change; consents have their own endpoint' });
export type MemberPatch = z.infer<typeof MemberPatch>;

export const ConsentInput = z
  .strictObject({
    granted: z.boolean().meta({ description: '`false` records a withdrawal' }),
    noticeVersion: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .meta({ description: 'The privacy notice the person saw', example: '2026-01' }),
  })
  .meta({ id: 'ConsentInput' });
export type ConsentInput = z.infer<typeof ConsentInput>;

export const MEMBER_IMPORT_MAX = 500;

export const MemberImport = z
  .strictObject({ members: z.array(MemberInput).min(1).max(MEMBER_IMPORT_MAX) })
  .meta({ id: 'MemberImport', description: `Up to ${MEMBER_IMPORT_MAX} members at once` });
export type MemberImport = z.infer<typeof MemberImport>;

export const ImportResult = z
  .object({
    created: Count,
    skippedExisting: Count.meta({
      description: 'Already members of the chapter (same e-mail, ignoring case)',
    }),
    skippedErased: Count.meta({
      description: 'People who asked to be erased; only an individual add brings them back',
    }),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResult>;

const MemberListLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(LIMITS.pageSize)
  .default(20)
  .meta({ description: 'Page size, 1–100', example: 20, format: 'int32' });

export const MemberListQuery = z.object({
  role: MemberRole.optional(),
  limit: MemberListLimit,
  cursor: Cursor.optional(),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

export const ConsentEvent = Consent.extend({ purpose: ConsentPurpose }).meta({
  id: 'ConsentEvent',
  description: 'One consent given or withdrawn',
});

export const MemberExport = z
  .object({
    exportedAt: Instant,
    member: Member,
    consentHistory: z.array(ConsentEvent).max(10_000),
    auditEntries: z
      .array(z.object({ id: Id, action: z.string().max(LIMITS.shortText), at: Instant }))
      .max(10_000)
      .meta({ description: 'Writes that targeted this member: ids, actions and times only' }),
  })
  .meta({
    id: 'MemberExport',
    description: 'Everything held about one member (right of access and portability)',
  });
export type MemberExport = z.infer<typeof MemberExport>;

export const MAX_PUBLIC_PROFILES = 10_000;

export const MembershipSummary = MembershipStats.extend({
  publicProfiles: z.array(PublicMemberProfile).max(MAX_PUBLIC_PROFILES),
}).meta({
  id: 'MembershipSummary',
  description: 'Public aggregates of a chapter and the profiles of members who opted in',
});
export type MembershipSummary = z.infer<typeof MembershipSummary>;

export const FederationMembership = z
  .object({
    chapterCount: Count,
    memberCount: Count,
    organiserCount: Count,
    growthByMonth: MembershipStats.shape.growthByMonth,
    chapters: z
      .array(
        z.object({
          chapterId: Slug,
          origin: z.string().max(LIMITS.url),
          memberCount: Count,
          organiserCount: Count,
          organisations: Count,
          updatedAt: Instant,
        }),
      )
      .max(10_000),
  })
  .meta({
    id: 'FederationMembership',
    description: 'Totals over every chapter known here, local or copied from peers',
  });
export type FederationMembership = z.infer<typeof FederationMembership>;
