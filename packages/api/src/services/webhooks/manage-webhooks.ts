import type { WebhookCreate, WebhookUpdate } from '@oneteamgov/schema';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { micros } from '../../db/micros.js';
import { chapters, type WebhookRow, webhooks } from '../../db/schema/index.js';
import { textArray } from '../../db/text-array.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { newSigningSecret } from './secret.js';
import { toWebhook } from './to-webhook.js';

/**
 * Which chapters the caller manages subscriptions for: null for an admin key
 * (every endpoint, and endpoints for every chapter), else its chapters.
 */
export type WebhookScope = string[] | null;

const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export const webhookNotFound = (id: string) =>
  new DomainError('not_found', `No webhook with id "${id}"`);

/** An endpoint is the caller's when every chapter it listens to is theirs (admins: all). */
function visible(row: WebhookRow, scope: WebhookScope): boolean {
  if (row.deletedAt) return false;
  if (scope === null) return true;
  return row.chapterIds?.every((c) => scope.includes(c)) ?? false;
}

/**
 * Chapter keys subscribe to their own chapters only, and must say which; the
 * chapters must exist. A chapter that is not theirs is answered as one that does not exist.
 */
async function checkChapters(
  ctx: ServiceCtx,
  requested: string[] | null | undefined,
  scope: WebhookScope,
): Promise<string[] | null> {
  if (!requested) {
    if (scope !== null) {
      throw new DomainError('invalid_request', 'Name the chapters whose events to send', {
        fields: [{ field: 'chapters', detail: 'required for chapter keys' }],
      });
    }
    return null;
  }
  const unique = [...new Set(requested)];
  const foreign = scope === null ? undefined : unique.find((id) => !scope.includes(id));
  if (foreign) throw new DomainError('not_found', `No chapter with id "${foreign}"`);
  const found = await ctx.db
    .select({ id: chapters.id })
    .from(chapters)
    .where(and(inArray(chapters.id, unique), isNull(chapters.deletedAt)));
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) {
    throw new DomainError('invalid_request', `Unknown chapter(s): ${missing.join(', ')}`, {
      fields: missing.map((id) => ({
        field: `chapters/${requested.indexOf(id)}`,
        detail: `no chapter with id "${id}"`,
      })),
    });
  }
  return unique;
}

function auditWebhook(w: WriteCtx, action: string, row: WebhookRow) {
  return recordAudit(w, {
    action,
    targetType: 'webhook',
    targetId: row.id,
    chapterId: row.chapterIds?.length === 1 ? row.chapterIds[0]! : null,
  });
}

export async function createWebhook(
  ctx: ServiceCtx,
  { input, scope }: { input: WebhookCreate; scope: WebhookScope },
) {
  const chapterIds = await checkChapters(ctx, input.chapters, scope);
  const secret = newSigningSecret();
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .insert(webhooks)
      .values({
        id: newId('whk'),
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.events)],
        chapterIds,
        secret,
        createdBy: `${w.actor.type}:${w.actor.id}`,
      })
      .returning();
    await auditWebhook(w, 'webhook.create', row!);
    return { ...toWebhook(row!), secret };
  });
}

export async function getWebhookRow(
  ctx: ServiceCtx,
  { webhookId, scope }: { webhookId: string; scope: WebhookScope },
): Promise<WebhookRow> {
  const [row] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, webhookId));
  if (!row || !visible(row, scope)) throw webhookNotFound(webhookId);
  return row;
}

/** Endpoints newest first; `chapter` narrows to those listening to it (and for chapter keys, theirs). */
export async function listWebhooks(
  ctx: ServiceCtx,
  {
    scope,
    chapter,
    limit,
    cursor,
  }: {
    scope: WebhookScope;
    chapter?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  if (chapter && scope !== null && !scope.includes(chapter)) {
    throw new DomainError('not_found', `No chapter with id "${chapter}"`);
  }
  const after = cursor ? decodeCursor('webhooks', cursor, 2) : undefined;
  const rows = await ctx.db
    .select({ row: webhooks, at: micros(webhooks.createdAt) })
    .from(webhooks)
    .where(
      and(
        isNull(webhooks.deletedAt),
        chapter ? sql`${chapter} = any(${webhooks.chapterIds})` : undefined,
        scope !== null ? sql`${webhooks.chapterIds} <@ ${textArray(scope)}` : undefined,
        after
          ? sql`(${webhooks.createdAt}, ${webhooks.id}) < (${after[0]}::timestamptz, ${after[1]})`
          : undefined,
      ),
    )
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((p) => toWebhook(p.row)),
    nextCursor:
      rows.length > limit && last ? encodeCursor('webhooks', [last.at, last.row.id]) : null,
  };
}

export async function updateWebhook(
  ctx: ServiceCtx,
  { webhookId, patch, scope }: { webhookId: string; patch: WebhookUpdate; scope: WebhookScope },
) {
  const current = await getWebhookRow(ctx, { webhookId, scope });
  const chapterIds =
    patch.chapters === undefined
      ? current.chapterIds
      : await checkChapters(ctx, patch.chapters, scope);
  return withTransaction(ctx, async (w) => {
    const reenable = patch.status === 'enabled' && current.status === 'disabled';
    const [row] = await w.db
      .update(webhooks)
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.events !== undefined ? { eventTypes: [...new Set(patch.events)] } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        chapterIds,
        ...(patch.status === 'disabled'
          ? { status: 'disabled' as const, disabledReason: 'disabled by its owner' }
          : {}),
        ...(reenable
          ? {
              status: 'enabled' as const,
              disabledReason: null,
              consecutiveFailures: 0,
              failingSince: null,
            }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(webhooks.id, webhookId))
      .returning();
    await auditWebhook(w, 'webhook.update', row!);
    return toWebhook(row!);
  });
}

/** Deleting stops every delivery still waiting; the history goes with it. */
export async function deleteWebhook(
  ctx: ServiceCtx,
  { webhookId, scope }: { webhookId: string; scope: WebhookScope },
) {
  const current = await getWebhookRow(ctx, { webhookId, scope });
  await withTransaction(ctx, async (w) => {
    await w.db
      .update(webhooks)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(webhooks.id, webhookId));
    await auditWebhook(w, 'webhook.delete', current);
  });
}

/** A new secret; the old one keeps signing alongside it for 24 hours so receivers can switch. */
export async function rotateWebhookSecret(
  ctx: ServiceCtx,
  { webhookId, scope }: { webhookId: string; scope: WebhookScope },
) {
  const current = await getWebhookRow(ctx, { webhookId, scope });
  const secret = newSigningSecret();
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .update(webhooks)
      .set({
        secret,
        previousSecret: current.secret,
        previousSecretExpiresAt: new Date(w.now().getTime() + ROTATION_OVERLAP_MS),
        updatedAt: sql`now()`,
      })
      .where(eq(webhooks.id, webhookId))
      .returning();
    await auditWebhook(w, 'webhook.rotate-secret', row!);
    return { ...toWebhook(row!), secret };
  });
}
