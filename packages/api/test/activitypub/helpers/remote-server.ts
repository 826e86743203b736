import type { webcrypto } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  Accept,
  type Activity,
  Create,
  createFederation,
  Delete,
  Endpoints,
  Follow,
  generateCryptoKeyPair,
  MemoryKvStore,
  Person,
  Undo,
  Update,
  verifyRequest,
} from '@fedify/fedify';
import { serve } from '@hono/node-server';

export interface Arrival {
  activity: Activity;
  /** The key Fedify's own verifyRequest found the request signed with. */
  signedBy: string | null;
  path: string;
}

/**
 * A second fediverse server on loopback, built with Fedify like a real one:
 * one person, `alice`, with a personal inbox and a shared inbox. It follows
 * and unfollows chapters, and records every activity delivered to it with the
 * key that signed the request, as checked by Fedify's own verifyRequest (on top
 * of the inbox's own verification, which refuses unsigned or forged requests).
 */
export async function startRemoteServer() {
  const arrivals: Arrival[] = [];
  const waiters: (() => void)[] = [];
  const keys: webcrypto.CryptoKeyPair[] = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  const federation = createFederation<void>({
    kv: new MemoryKvStore(),
    // Only this test server may reach loopback freely; the hub's own fetches go through its guard.
    allowPrivateAddress: true,
  });
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== 'alice') return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: 'Alice Remote',
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: pairs[0]?.cryptographicKey ?? null,
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === 'alice' ? keys : []));
  const posted = new Map<string, { signedBy: string | null; path: string }>();
  const record = (activity: Activity) => {
    const post = activity.id ? posted.get(activity.id.href) : undefined;
    arrivals.push({ activity, signedBy: post?.signedBy ?? null, path: post?.path ?? '' });
    for (const wake of waiters.splice(0)) wake();
  };
  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Accept, (_ctx, a) => record(a))
    .on(Create, (_ctx, a) => record(a))
    .on(Update, (_ctx, a) => record(a))
    .on(Delete, (_ctx, a) => record(a));

  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request) => {
      if (request.method === 'POST') {
        const copy = request.clone();
        const key = await verifyRequest(request.clone(), {
          documentLoader: federation.createContext(new URL(request.url), undefined).documentLoader,
        });
        const body = (await copy.json()) as { id?: string };
        const path = new URL(request.url).pathname;
        if (body.id) posted.set(body.id, { signedBy: key?.id?.href ?? null, path });
      }
      return federation.fetch(request, { contextData: undefined });
    },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = () => federation.createContext(new URL(origin), undefined);
  const aliceId = new URL(`${origin}/users/alice`);

  return {
    origin,
    aliceId,
    arrivals,
    keys,
    /** Resolves once `count` activities of `type` have arrived. */
    async waitFor(type: string, count = 1) {
      const matching = () => arrivals.filter((a) => a.activity.constructor.name === type);
      while (matching().length < count) await new Promise<void>((wake) => waiters.push(wake));
      return matching();
    },
    /** Alice follows an actor by its URL; the hub answers 202 once it has recorded her. */
    async follow(actorUrl: string) {
      const c = ctx();
      const target = await c.lookupObject(actorUrl);
      if (!target?.id) throw new Error(`no actor at ${actorUrl}`);
      const follow = new Follow({
        id: new URL(`${origin}/follows/${crypto.randomUUID()}`),
        actor: aliceId,
        object: target.id,
      });
      await c.sendActivity({ identifier: 'alice' }, target as Person, follow);
      return follow;
    },
    async unfollow(actorUrl: string, follow: Follow) {
      const c = ctx();
      const target = await c.lookupObject(actorUrl);
      await c.sendActivity(
        { identifier: 'alice' },
        target as Person,
        new Undo({
          id: new URL(`${origin}/undos/${crypto.randomUUID()}`),
          actor: aliceId,
          object: follow,
        }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
