/*
 * Worker entry for parseIcsIsolated: parses each document it is sent and
 * posts the result; it stays loaded between documents (a warm worker), so
 * only the first sync of a process pays for starting it. Bundled builds need
 * it as its own tsup entry, named "ics-worker" (see worker-script.ts).
 */
import { parentPort } from 'node:worker_threads';
import { stageIcsItems } from '../stage-ics-items.js';
import { IcsDocumentError } from './errors.js';
import { parseIcs } from './parse-ics.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread');

const post = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (input: WorkerInput) => {
  post({ type: 'started' });
  try {
    let text: string | null = new TextDecoder().decode(input.bytes);
    // The bytes are not needed once decoded; drop them before parsing.
    input.bytes = new Uint8Array(0);
    // Items leave in batches as they are made, so neither thread ever holds one huge message.
    // With a stage context they leave as rows already mapped, checked and serialised.
    const stage = input.stage;
    let ord = 0;
    const result = parseIcs(
      text,
      input.options,
      stage
        ? (items) => {
            const batch = stageIcsItems(items, stage, ord);
            ord += batch.count;
            post({ type: 'staged', batch });
          }
        : (items) => post({ type: 'items', items }),
    );
    text = null;
    post({ type: 'done', result });
  } catch (error) {
    post({
      type: 'failed',
      documentError: error instanceof IcsDocumentError,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
