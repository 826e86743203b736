import { type Context, signRequest } from '@fedify/fedify';
import type { ActivitypubDeliveryRow } from '../../db/schema/index.js';
import { type PostPolicy, type PostResult, postMessage } from '../../webhooks/post-message.js';
import type { ApContextData } from '../chapter-actor.js';
import { ACTIVITY_JSON } from '../paths.js';

/**
 * Signs one activity as its chapter (HTTP Signatures with the chapter's RSA
 * key, which every fediverse server verifies) and POSTs it to the inbox through
 * the same guarded client as webhooks: the SSRF rules and the operator
 * allow-list apply, redirects are not followed, time and size are capped.
 */
export async function sendActivity(
  ctx: Context<ApContextData>,
  delivery: ActivitypubDeliveryRow,
  policy: PostPolicy,
): Promise<PostResult> {
  const keys = await ctx.getActorKeyPairs(delivery.chapterId);
  const rsa = keys.find((k) => k.privateKey.algorithm.name === 'RSASSA-PKCS1-v1_5');
  if (!rsa) return { kind: 'failed', error: `chapter ${delivery.chapterId} has no actor` };
  const body = JSON.stringify(delivery.activity);
  let request: Request;
  try {
    request = new Request(delivery.inbox, {
      method: 'POST',
      headers: { 'content-type': ACTIVITY_JSON, accept: ACTIVITY_JSON },
      body,
    });
  } catch {
    return { kind: 'failed', error: `not a valid inbox URL: ${delivery.inbox.slice(0, 200)}` };
  }
  const signed = await signRequest(request, rsa.privateKey, rsa.keyId);
  const headers: Record<string, string> = {};
  signed.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return postMessage(delivery.inbox, headers, body, { ...policy, contentType: ACTIVITY_JSON });
}
