import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import { forgetResponsesMentioning } from '../../idempotency/store.js';
import type { ServiceCtx } from '../context.js';
import { memberNotFound } from './member-errors.js';
import { withMemberWrite } from './membership-aggregate.js';
import { emailHash, suppress } from './suppression.js';
import { auditMember } from './write-members.js';

/**
 * A member leaves (or, with `erase`, exercises the right to erasure). The row
 * goes, and so does every copy of it: stored idempotent responses that carried
 * the record, the public profile in the chapter's aggregates, and earlier
 * announcements of those aggregates in the outbox. Erasure also
 * leaves a keyed hash of the e-mail so that imports skip the person from now on.
 * The audit log keeps only the member's opaque id.
 */
export async function removeMember(
  ctx: ServiceCtx,
  {
    memberId,
    chapterId,
    email,
    erase,
  }: { memberId: string; chapterId: string; email: string; erase: boolean },
): Promise<void> {
  const hash = erase ? await emailHash(ctx.db, email) : null;
  await withMemberWrite(ctx, chapterId, async (w) => {
    const tx = w.db;
    const removed = await tx
      .delete(members)
      .where(eq(members.id, memberId))
      .returning({ id: members.id });
    if (removed.length === 0) throw memberNotFound(memberId);
    if (hash) await suppress(tx, chapterId, hash);
    await forgetResponsesMentioning(tx, memberId);
    await auditMember(w, erase ? 'member.erase' : 'member.delete', memberId, chapterId);
  });
}
