import { createServer } from 'node:net';
import { explainListenError } from '../cli/operator-errors.js';

/**
 * Binds HOST:PORT for a moment and lets go, so that a port in use or a HOST
 * that is not this machine's is reported before the database is opened,
 * migrated and seeded (seconds on the embedded database) rather than after.
 * The real listen still reports the same errors the same way: another process
 * may take the port in between.
 */
export async function probeListenAddress(host: string, port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(explainListenError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, resolve);
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
