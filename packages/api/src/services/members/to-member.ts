import type { Member } from '@oneteamgov/schema';
import type { MemberRow } from '../../db/schema/index.js';

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    chapterId: row.chapterId,
    name: row.name,
    email: row.email,
    role: row.role,
    organisation: row.organisation,
    joinedOn: row.joinedOn,
    consents: { publicProfile: row.publicProfile ?? null, contactable: row.contactable ?? null },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
