import type { AuditEntry } from '@oneteamgov/schema';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { micros } from '../../db/micros.js';
import { type AuditRow, auditLog } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';

export interface AuditListInput {
  chapter?: string | undefined;
  actor?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The audit log newest first, keyset-paged on (at, id) with microsecond timestamps. */
export async function listAudit(ctx: ServiceCtx, input: AuditListInput) {
  const where: (SQL | undefined)[] = [];
  if (input.chapter) where.push(eq(auditLog.chapterId, input.chapter));
  if (input.actor) where.push(eq(auditLog.actorId, input.actor));
  if (input.cursor) {
    const [at, id] = decodeCursor('audit', input.cursor, 2) as [string, string];
    if (Number.isNaN(Date.parse(at))) throw invalidCursor();
    where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${at}::timestamptz, ${id})`);
  }
  const rows = await ctx.db
    .select({ row: auditLog, at: micros(auditLog.at) })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map((p) => toAuditEntry(p.row)),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor('audit', [last.at, last.row.id]) : null,
  };
}

function toAuditEntry(row: AuditRow): z.infer<typeof AuditEntry> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { type: row.actorType, id: row.actorId },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    chapterId: row.chapterId,
    requestId: row.requestId,
    inputHash: row.inputHash,
  };
}
