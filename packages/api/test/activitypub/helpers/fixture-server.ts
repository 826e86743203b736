import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getDocumentLoader, signRequest, verifyRequest } from '@fedify/fedify';

export interface Posted {
  path: string;
  body: Record<string, unknown>;
  /** The key the request was signed with, as Fedify's verifyRequest found it; null if it failed. */
  signedBy: string | null;
}

/**
 * A loopback server that serves fixed actor documents (shaped like other
 * software's) and records what is POSTed to any inbox, checking each request's
 * signature with Fedify's verifyRequest. It signs what it sends with one RSA
 * key whose PEM the fixtures publish.
 */
export async function startFixtureServer(
  actors: (origin: string, publicKeyPem: string) => Record<string, Record<string, unknown>>,
) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    privateKey.export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['sign'],
  );
  const posted: Posted[] = [];
  const fetched: string[] = [];
  const loader = getDocumentLoader({ allowPrivateAddress: true });
  let documents: Record<string, Record<string, unknown>> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url ?? '/';
      if (req.method === 'GET') {
        fetched.push(path);
        const doc = documents[path];
        res.writeHead(doc ? 200 : 404, { 'content-type': 'application/activity+json' });
        res.end(doc ? JSON.stringify(doc) : '{}');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const request = new Request(`${origin}${path}`, {
        method: 'POST',
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          typeof v === 'string' ? [[k, v] as [string, string]] : [],
        ),
        body,
      });
      const key = await verifyRequest(request, { documentLoader: loader }).catch(() => null);
      posted.push({ path, body: JSON.parse(body), signedBy: key?.id?.href ?? null });
      res.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  documents = Object.fromEntries(
    Object.entries(actors(origin, publicKeyPem)).map(([path, doc]) => [path, doc]),
  );

  return {
    origin,
    posted,
    fetched,
    /** POSTs an activity to `inbox`, signed with `keyId` (unsigned when keyId is null). */
    async send(
      inbox: string,
      activity: unknown,
      keyId: string | null,
      app: { fetch: (r: Request) => Response | Promise<Response> },
    ) {
      const request = new Request(inbox, {
        method: 'POST',
        headers: { 'content-type': 'application/activity+json' },
        body: JSON.stringify(activity),
      });
      const signed = keyId ? await signRequest(request, signingKey, new URL(keyId)) : request;
      return app.fetch(signed);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
