import type { Member, MemberInput, MemberPatch } from '@oneteamgov/schema';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ServiceCtx, WriteCtx } from '../context.js';
import { DomainError } from '../errors.js';
import { memberNotFound } from './member-errors.js';
import { withMemberWrite } from './membership-aggregate.js';
import { emailHash, liftSuppression, normaliseEmail } from './suppression.js';
import { toMember } from './to-member.js';

/** Member writes are audited by the member's opaque id only, never who they are. */
export function auditMember(w: WriteCtx, action: string, memberId: string, chapterId: string) {
  return recordAudit(w, { action, targetType: 'member', targetId: memberId, chapterId });
}

export function today(ctx: ServiceCtx): string {
  return ctx.now().toISOString().slice(0, 10);
}

function duplicateEmail() {
  // The address is not echoed back: problem bodies can end up in logs.
  return new DomainError(
    'conflict',
    'Someone with this e-mail is already a member of the chapter',
    {
      fields: [{ field: 'email', detail: 'already a member of this chapter' }],
    },
  );
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
export async function createMember(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: MemberInput },
): Promise<Member> {
  const hash = await emailHash(ctx.db, input.email);
  return withMemberWrite(ctx, chapterId, async (w) => {
    const tx = w.db;
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
    await auditMember(w, 'member.create', row!.id, chapterId);
    return toMember(row!);
  });
}

export async function updateMember(
  ctx: ServiceCtx,
  { memberId, chapterId, patch }: { memberId: string; chapterId: string; patch: MemberPatch },
): Promise<Member> {
  return withMemberWrite(ctx, chapterId, async (w) => {
    const tx = w.db;
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
    await auditMember(w, 'member.update', memberId, chapterId);
    return toMember(row);
  });
}
