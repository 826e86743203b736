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

/**
 * Rows per staged batch: each is one JSON parameter of a few hundred KB, which
 * the main thread binds in one go, so it is kept small.
 */
const STAGE_BATCH = 250;

/**
 * Staged batches sent but not yet written; past this the worker waits, so a
 * slow database never lets batches pile up in the main thread's memory.
 */
const MAX_INFLIGHT = 4;

/** Blocks until fewer than MAX_INFLIGHT batches are in flight; returns the time waited (ms). */
function waitForRoom(inflight: Int32Array): number {
  const started = performance.now();
  for (;;) {
    const current = Atomics.load(inflight, 0);
    if (current < MAX_INFLIGHT) return performance.now() - started;
    Atomics.wait(inflight, 0, current, 200);
  }
}

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
            for (let i = 0; i < items.length; i += STAGE_BATCH) {
              const waited = waitForRoom(stage.inflight);
              const batch = stageIcsItems(items.slice(i, i + STAGE_BATCH), stage.context, ord);
              ord += batch.count;
              batch.stageMs += waited;
              Atomics.add(stage.inflight, 0, 1);
              post({ type: 'staged', batch });
            }
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
