import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { keyedHash } from '../secrets/instance-secret.js';

export interface AuditInput {
  actorType: 'key' | 'sync' | 'cli';
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  chapterId: string | null;
  requestId?: string | null;
  /** What was sent; only its keyed hash is stored. */
  input?: Uint8Array | string | null;
}

/** Appends one entry to the audit log. Nothing personal is stored: ids, names of actions, a hash. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  const inputHash =
    entry.input && entry.input.length > 0
      ? await keyedHash(db, 'audit', Buffer.from(entry.input).toString('utf8'))
      : null;
  await db.insert(auditLog).values({
    id: newId('aud'),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    chapterId: entry.chapterId,
    requestId: entry.requestId ?? null,
    inputHash,
  });
}
