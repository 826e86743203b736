import { auditLog } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { WriteCtx } from '../context.js';
import { keyedHash } from '../secrets/instance-secret.js';

export interface AuditTarget {
  action: string;
  targetType: string;
  targetId: string;
  chapterId: string | null;
}

/**
 * Appends one entry to the audit log, inside the write's own transaction: a
 * rolled-back write leaves none, a committed one always has it. Nothing
 * personal is stored: ids, names of actions and a keyed hash of the input.
 */
export async function recordAudit(w: WriteCtx, target: AuditTarget): Promise<void> {
  const input = w.input;
  const inputHash =
    input && input.length > 0
      ? await keyedHash(w.db, 'audit', Buffer.from(input).toString('utf8'), w.outside)
      : null;
  await w.db.insert(auditLog).values({
    id: newId('aud'),
    actorType: w.actor.type,
    actorId: w.actor.id,
    action: target.action,
    targetType: target.targetType,
    targetId: target.targetId,
    chapterId: target.chapterId,
    requestId: w.requestId,
    inputHash,
  });
}
