import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess } from '../e2e/spawn-server.js';

/**
 * What Node decides before the application runs (oversized request lines,
 * non-HTTP bytes) and what a refused body does to a keep-alive connection,
 * seen through a real listener.
 */
describe('HTTP edges of a running server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({ WORKER: 'off' });
  });
  afterAll(() => server?.stop());

  it('answers a URL over 16 KB with a 431 problem, not a bare status line', async () => {
    const response = await fetch(`${server.baseUrl}/v1/events?q=${'a'.repeat(17 * 1024)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('connection')).toBe('close');
    const body = (await response.json()) as { code: string; requestId: string };
    expect(body.code).toBe('headers_too_large');
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers bytes that are not HTTP with a 400 problem', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.baseUrl).port), '127.0.0.1', () =>
        socket.write('HELLO THERE\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('application/problem+json');
    expect(reply).toContain('"code":"invalid_request"');
  });

  it('closes the connection after a 413, so the next request on the client succeeds', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; connection: string | undefined; text: string }>(
        (resolve, reject) => {
          const req = request(`${server.baseUrl}${path}`, {
            method,
            agent,
            headers: body
              ? { 'content-type': 'application/json', 'content-length': String(body.length) }
              : {},
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
            );
          });
          req.on('error', reject);
          req.end(body);
        },
      );
    const refused = await send('POST', '/v1/events', Buffer.alloc(2 * 1024 * 1024, 'x'));
    expect(refused.status).toBe(413);
    expect(refused.connection).toBe('close');
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'payload_too_large' });
    const next = await send('GET', '/healthz');
    expect(next.status).toBe(200);
    agent.destroy();
  });
});
