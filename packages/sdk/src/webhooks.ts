/**
 * `@oneteamgov/sdk/webhooks`: check that a webhook delivery really came from
 * the hub, and get its message typed. A separate entry point, so clients that
 * only read the API do not carry the signature code.
 *
 * @example
 * ```ts
 * import { verifyWebhook } from '@oneteamgov/sdk/webhooks';
 *
 * // body: the raw request body as received (a string), headers: the request's headers.
 * const message = verifyWebhook(process.env.OTG_WEBHOOK_SECRET!, body, headers);
 * if (message.type === 'event.cancelled') console.log('Cancelled:', message.data.title);
 * ```
 *
 * @packageDocumentation
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

export type DomainEventType = Schemas['DomainEventType'];

interface Message<T extends string, D> {
  type: T;
  /** When the change happened (RFC 3339). */
  timestamp: string;
  data: D;
}

/** Every message the hub sends, discriminated by `type`. */
export type WebhookMessage =
  | Message<
      'event.created' | 'event.updated' | 'event.cancelled' | 'event.rescheduled',
      Schemas['Event']
    >
  | Message<'event.deleted', Schemas['EventTombstone']>
  | Message<'chapter.created' | 'chapter.updated', Schemas['Chapter']>
  | Message<'source.failed' | 'source.held' | 'source.recovered', Schemas['Source']>
  | Message<'membership.updated', Schemas['MembershipUpdate']>
  | Message<'webhook.test', Record<string, never>>;

/** Headers as a `Headers` object (fetch, Deno, edge runtimes) or a plain record (Node.js). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(
    headers as Record<string, string | string[] | undefined>,
  )) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Verifies a delivery's `webhook-signature` against your endpoint's secret
 * (`whsec_…`), refuses one whose `webhook-timestamp` is more than five minutes
 * off (replays), and returns the parsed message. Pass the body exactly as it
 * arrived: re-serialised JSON does not verify. Throws WebhookVerificationError.
 *
 * Messages can arrive more than once: de-duplicate on the `webhook-id` header.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  headers: WebhookHeaders,
): WebhookMessage {
  return new Webhook(secret).verify(body, plainHeaders(headers)) as WebhookMessage;
}

export { WebhookVerificationError };
