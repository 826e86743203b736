import type { MemberExport } from '@oneteamgov/schema';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, type MemberRow } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { toMember } from './to-member.js';

const MAX_ENTRIES = 10_000;

/** Everything held about one person, for the right of access and portability. */
export async function exportMember(ctx: ServiceCtx, row: MemberRow): Promise<MemberExport> {
  const entries = await ctx.db
    .select({ id: auditLog.id, action: auditLog.action, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, row.id)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(MAX_ENTRIES);
  return {
    exportedAt: ctx.now().toISOString(),
    member: toMember(row),
    consentHistory: row.consentHistory.slice(-MAX_ENTRIES),
    auditEntries: entries.reverse().map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}
