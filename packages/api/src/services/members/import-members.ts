import type { MemberImport } from '@oneteamgov/schema';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, type NewMemberRow } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ServiceCtx } from '../context.js';
import { withMemberWrite } from './membership-aggregate.js';
import { emailHash, normaliseEmail, suppressedHashes } from './suppression.js';
import { today } from './write-members.js';

export interface ImportOutcome {
  created: number;
  skippedExisting: number;
  skippedErased: number;
}

/**
 * Adds the people not yet in the chapter. Anyone who was erased stays erased:
 * a spreadsheet re-imported from an old export must not bring them back.
 */
export async function importMembers(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: MemberImport },
): Promise<ImportOutcome> {
  const hashes = await Promise.all(input.members.map((m) => emailHash(ctx.db, m.email)));
  return withMemberWrite(ctx, chapterId, async (w) => {
    const tx = w.db;
    const erased = await suppressedHashes(tx, chapterId, hashes);
    const existing = new Set(
      (
        await tx
          .select({ email: sql<string>`lower(${members.email})` })
          .from(members)
          .where(
            and(
              eq(members.chapterId, chapterId),
              inArray(
                sql`lower(${members.email})`,
                input.members.map((m) => normaliseEmail(m.email)),
              ),
            ),
          )
      ).map((r) => r.email),
    );
    const outcome: ImportOutcome = { created: 0, skippedExisting: 0, skippedErased: 0 };
    const rows: NewMemberRow[] = [];
    input.members.forEach((m, i) => {
      const email = normaliseEmail(m.email);
      if (erased.has(hashes[i]!)) outcome.skippedErased += 1;
      else if (existing.has(email)) outcome.skippedExisting += 1;
      else {
        // A repeated address within one import is added once.
        existing.add(email);
        rows.push({
          id: newId('mem'),
          chapterId,
          name: m.name,
          email: m.email,
          role: m.role ?? 'member',
          organisation: m.organisation ?? null,
          joinedOn: m.joinedOn ?? today(ctx),
        });
      }
    });
    if (rows.length > 0) await tx.insert(members).values(rows);
    outcome.created = rows.length;
    await recordAudit(w, {
      action: 'member.import',
      targetType: 'chapter',
      targetId: chapterId,
      chapterId,
    });
    return outcome;
  });
}
