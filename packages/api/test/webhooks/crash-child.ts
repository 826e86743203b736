// A process that the crash tests kill with SIGKILL at a chosen moment.
import { writeSync } from 'node:fs';
import pino from 'pino';
import { openDatabase } from '../../src/db/client.js';
import { createPushedEvent } from '../../src/services/event-writes/create-event.js';
import { createDeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import { migrationsFolder } from '../helpers/databases.js';
import { onlineEvent } from '../security/operation-requests.js';

const [mode, url, chapterId] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ url, migrationsFolder });

if (mode === 'commit-then-die') {
  const event = await createPushedEvent(
    {
      db: database.db,
      now: () => new Date(),
      actor: { type: 'key', id: 'key_crash' },
      requestId: 'req_crash',
      origin: 'https://hub.test.example',
    },
    { chapterId, input: onlineEvent('Committed, then the process died') as never },
  );
  // The transaction has committed; nothing else runs after this line.
  writeSync(1, `${event.id}\n`);
  process.kill(process.pid, 'SIGKILL');
}

if (mode === 'deliver') {
  const worker = createDeliveryWorker(database, pino({ level: 'silent' }), {
    pollMs: 100,
    policy: {
      allowList: ['127.0.0.1'],
      timeoutMs: 60_000,
      maxResponseBytes: 65_536,
      userAgent: 'test',
    },
  });
  await worker.start();
  writeSync(1, 'started\n');
}
