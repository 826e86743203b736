import type { Webhook, WebhookDelivery } from '@oneteamgov/schema';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from '../../db/schema/index.js';

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.eventTypes as Webhook['events'],
    chapters: row.chapterIds,
    status: row.status,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDelivery(
  row: WebhookDeliveryRow,
  attempts: WebhookAttemptRow[],
): WebhookDelivery {
  return {
    id: row.id,
    messageId: row.messageId,
    type: row.type as WebhookDelivery['type'],
    status: row.status,
    attempts: attempts.slice(-50).map((a) => ({
      at: a.at.toISOString(),
      status: a.status,
      latencyMs: a.latencyMs,
      error: a.error,
      responseBody: a.responseBody,
    })),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}
