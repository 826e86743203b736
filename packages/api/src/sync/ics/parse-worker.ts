/*
 * Worker entry for parseIcsIsolated: parses one document and posts the result.
 * Bundled builds need it as its own tsup entry, named "ics-worker" (see
 * worker-script.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IcsDocumentError } from './errors.js';
import { parseIcs } from './parse-ics.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread');

const post = (message: WorkerMessage) => port.postMessage(message);
const input = workerData as WorkerInput;

post({ type: 'started' });
try {
  const text = new TextDecoder().decode(input.bytes);
  // The bytes are not needed once decoded; drop them before parsing.
  input.bytes = new Uint8Array(0);
  // Items leave in batches as they are made, so neither thread ever holds one huge message.
  const result = parseIcs(text, input.options, (items) => post({ type: 'items', items }));
  post({ type: 'done', result });
} catch (error) {
  post({
    type: 'failed',
    documentError: error instanceof IcsDocumentError,
    message: error instanceof Error ? error.message : String(error),
  });
}
