import type { ConsentInput, ConsentPurpose, Member } from '@oneteamgov/schema';
import { eq, sql } from 'drizzle-orm';
import type { ConsentEventValue } from '../../db/schema/index.js';
import { members } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { memberNotFound } from './member-errors.js';
import { withMemberWrite } from './membership-aggregate.js';
import { toMember } from './to-member.js';
import { auditMember } from './write-members.js';

/**
 * Records a consent or its withdrawal with the server's time and the notice
 * version the person saw. The current value is replaced; the history only grows.
 */
export async function recordConsent(
  ctx: ServiceCtx,
  {
    memberId,
    chapterId,
    purpose,
    input,
  }: { memberId: string; chapterId: string; purpose: ConsentPurpose; input: ConsentInput },
): Promise<Member> {
  const consent = {
    granted: input.granted,
    recordedAt: ctx.now().toISOString(),
    noticeVersion: input.noticeVersion,
  };
  const event: ConsentEventValue = { purpose, ...consent };
  return withMemberWrite(ctx, chapterId, async (w) => {
    const tx = w.db;
    const [row] = await tx
      .update(members)
      .set({
        ...(purpose === 'publicProfile' ? { publicProfile: consent } : { contactable: consent }),
        consentHistory: sql`${members.consentHistory} || ${JSON.stringify([event])}::jsonb`,
        updatedAt: sql`now()`,
      })
      .where(eq(members.id, memberId))
      .returning();
    if (!row) throw memberNotFound(memberId);
    await auditMember(w, 'member.consent', memberId, chapterId);
    return toMember(row);
  });
}
