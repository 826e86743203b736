import type { Member, MemberListQuery } from '@oneteamgov/schema';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { micros } from '../../db/micros.js';
import { chapters, type MemberRow, members } from '../../db/schema/index.js';

export type { MemberRow };

import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.js';
import { chapterNotFound } from '../chapters/chapter-errors.js';
import type { ServiceCtx } from '../context.js';
import { DomainError } from '../errors.js';
import { toMember } from './to-member.js';

export async function findMember(
  ctx: ServiceCtx,
  memberId: string,
): Promise<MemberRow | undefined> {
  const [row] = await ctx.db.select().from(members).where(eq(members.id, memberId)).limit(1);
  return row;
}

/** Where the chapter is managed (its origin), or the chapter 404. */
export async function chapterOrigin(ctx: ServiceCtx, chapterId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ origin: chapters.origin })
    .from(chapters)
    .where(and(eq(chapters.id, chapterId), isNull(chapters.deletedAt)))
    .limit(1);
  if (!row) throw chapterNotFound(chapterId);
  return row.origin;
}

/**
 * Members are kept on their chapter's own instance: a chapter copied from a peer
 * is managed there, and its aggregates arrive through the change feed.
 */
export function managedElsewhere(chapterId: string, origin: string): DomainError {
  return new DomainError(
    'conflict',
    `Chapter "${chapterId}" is managed on ${origin}; its members are kept there`,
  );
}

/** A chapter's members, oldest first, keyset-paginated on (createdAt, id). */
export async function listMembers(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: MemberListQuery },
): Promise<{ data: Member[]; nextCursor: string | null }> {
  // Bound to the chapter and filter, so a cursor cannot be replayed on another list.
  const kind = `members:${chapterId}:${input.role ?? ''}`;
  const where: SQL[] = [eq(members.chapterId, chapterId)];
  if (input.role) where.push(eq(members.role, input.role));
  if (input.cursor) {
    const [at, id] = decodeCursor(kind, input.cursor, 2) as [string, string];
    if (Number.isNaN(Date.parse(at))) throw invalidCursor();
    where.push(
      sql`(${members.createdAt}, ${members.id} collate "C") > (${at}::timestamptz, ${id} collate "C")`,
    );
  }
  const rows = await ctx.db
    .select({ row: members, at: micros(members.createdAt) })
    .from(members)
    .where(and(...where))
    .orderBy(asc(members.createdAt), sql`${members.id} collate "C"`)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => toMember(r.row)),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor(kind, [last.at, last.row.id]) : null,
  };
}
