import type { Member, MemberInput, MemberPatch } from '@oneteamgov/schema';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { ApiError } from '../../lib/problem.js';
import type { ServiceCtx } from '../context.js';
import { memberNotFound } from './member-errors.js';
import { withMemberWrite } from './membership-aggregate.js';
import { emailHash, liftSuppression, normaliseEmail } from './suppression.js';
import { toMember } from './to-member.js';

export interface MemberWrite {
  ctx: ServiceCtx;
  /** This instance's public URL: the origin of the aggregates it publishes. */
  origin: string;
}

export function today(ctx: ServiceCtx): string {
  return ctx.now().toISOString().slice(0, 10);
}

function duplicateEmail() {
  // The address is not echoed back: problem bodies can end up in logs.
  return new ApiError('conflict', 'Someone with this e-mail is already a member of the chapter', {
    errors: [{ pointer: '/body/email', detail: 'already a member of this chapter' }],
  });
}

async function emailTaken(db: Db, chapterId: string, email: string, exceptId?: string) {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.chapterId, chapterId),
        sql`lower(${members.email}) = ${normaliseEmail(email)}`,
        exceptId ? ne(members.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * An individual add. It is the one way an erased person comes back (they asked
 * to rejoin), so it lifts their suppression; imports never do.
 */
export async function createMember({
  ctx,
  origin,
  chapterId,
  input,
}: MemberWrite & { chapterId: string; input: MemberInput }): Promise<Member> {
  const hash = await emailHash(ctx.db, input.email);
  return withMemberWrite(ctx.db, chapterId, origin, async (tx) => {
    if (await emailTaken(tx, chapterId, input.email)) throw duplicateEmail();
    await liftSuppression(tx, chapterId, hash);
    const [row] = await tx
      .insert(members)
      .values({
        id: newId('mem'),
        chapterId,
        name: input.name,
        email: input.email,
        role: input.role ?? 'member',
        organisation: input.organisation ?? null,
        joinedOn: input.joinedOn ?? today(ctx),
      })
      .returning();
    return toMember(row!);
  });
}

export async function updateMember({
  ctx,
  origin,
  memberId,
  chapterId,
  patch,
}: MemberWrite & { memberId: string; chapterId: string; patch: MemberPatch }): Promise<Member> {
  return withMemberWrite(ctx.db, chapterId, origin, async (tx) => {
    if (patch.email && (await emailTaken(tx, chapterId, patch.email, memberId)))
      throw duplicateEmail();
    const changes: Partial<typeof members.$inferInsert> = {};
    for (const [field, value] of Object.entries(patch))
      if (value !== undefined) Object.assign(changes, { [field]: value });
    const [row] =
      Object.keys(changes).length === 0
        ? await tx.select().from(members).where(eq(members.id, memberId))
        : await tx
            .update(members)
            .set({ ...changes, updatedAt: sql`now()` })
            .where(eq(members.id, memberId))
            .returning();
    if (!row) throw memberNotFound(memberId);
    return toMember(row);
  });
}
