import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/webhooks.js';

const secret = `whsec_${Buffer.from('a secret of twenty-four!').toString('base64')}`;

/** Signs as the Standard Webhooks specification says: HMAC-SHA256 of "id.timestamp.body". */
function sign(id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

const body = JSON.stringify({
  type: 'event.deleted',
  timestamp: '2026-12-04T10:00:00.000Z',
  data: { id: 'evt_1', chapterId: 'wales', deleted: true },
});

describe('verifyWebhook', () => {
  const now = Math.floor(Date.now() / 1000);
  const headers = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(now),
    'webhook-signature': sign('msg_1', now, body),
  };

  it('returns the typed message of a correctly signed delivery, from a record or Headers', () => {
    const message = verifyWebhook(secret, body, headers);
    expect(message.type).toBe('event.deleted');
    if (message.type === 'event.deleted') expect(message.data.chapterId).toBe('wales');
    expect(verifyWebhook(secret, body, new Headers(headers)).type).toBe('event.deleted');
  });

  it('accepts a delivery signed with two secrets during a rotation', () => {
    const both = {
      ...headers,
      'webhook-signature': `v1,bm90IHRoaXMgb25l ${headers['webhook-signature']}`,
    };
    expect(verifyWebhook(secret, body, both).type).toBe('event.deleted');
  });

  it('refuses a changed body, a wrong secret and an old timestamp', () => {
    expect(() => verifyWebhook(secret, body.replace('wales', 'north'), headers)).toThrow(
      WebhookVerificationError,
    );
    const other = `whsec_${Buffer.from('another secret, entirely').toString('base64')}`;
    expect(() => verifyWebhook(other, body, headers)).toThrow(WebhookVerificationError);
    const old = now - 3600;
    expect(() =>
      verifyWebhook(secret, body, {
        ...headers,
        'webhook-timestamp': String(old),
        'webhook-signature': sign('msg_1', old, body),
      }),
    ).toThrow(WebhookVerificationError);
  });
});
