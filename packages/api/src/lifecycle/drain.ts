import type { Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** Requests that were being answered when the drain began. */
  inFlight: number;
  /** Requests whose connections had to be cut when the grace period ran out. */
  dropped: number;
  ms: number;
}

/**
 * Graceful shutdown for a node:http server. `drain()` stops accepting
 * connections, lets every request already received finish (a request that
 * arrives meanwhile on an open keep-alive connection is answered too), and
 * closes each connection as soon as it has nothing in flight. Only when the
 * grace period runs out are the remaining connections cut.
 *
 * `closeAllConnections()` straight after `close()` is what this replaces: it
 * reset every request in flight at the moment of a deploy.
 */
export function drainable(server: Server) {
  let draining = false;
  const open = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    open.add(response);
    response.once('close', () => {
      open.delete(response);
      // The connection that carried it is idle now; nothing else will use it.
      if (draining) server.closeIdleConnections();
    });
  });

  return {
    get draining() {
      return draining;
    },
    /**
     * Marks a response of a draining server so the client does not send another
     * request on its connection (and Node closes it once the response is out).
     */
    closeAfter(response: Response): Response {
      if (draining) response.headers.set('Connection', 'close');
      return response;
    },
    async drain(graceMs: number): Promise<DrainResult> {
      const started = performance.now();
      draining = true;
      const inFlight = open.size;
      for (const response of open) {
        if (!response.headersSent) response.setHeader('Connection', 'close');
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<true>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      });
      const timedOut = await Promise.race([closed.then(() => false), expired]);
      clearTimeout(timer);
      let dropped = 0;
      if (timedOut) {
        dropped = open.size;
        server.closeAllConnections();
        await closed;
      }
      return { inFlight, dropped, ms: Math.round(performance.now() - started) };
    },
  };
}
