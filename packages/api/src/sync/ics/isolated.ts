import { Worker } from 'node:worker_threads';
import type { StageContext, StagedBatch } from '../stage-ics-items.js';
import { IcsDocumentError } from './errors.js';
import type { IcsItem, IcsParseOptions, IcsParseResult, ParseBudget } from './types.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';
import { parseWorkerScript } from './worker-script.js';

/**
 * Loading the worker (and, from source, compiling it) is not the document's
 * doing, so it has its own generous allowance; budget.timeoutMs starts once
 * the worker reports it has begun parsing.
 */
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Young-generation size of the worker (MB); see the Worker's resourceLimits.
 * 8 instead of 16, measured in pairs: a 5,000-event feed's sync peaks 8–10 MB
 * lower, a 26 MB feed's the same with Node's default flags and 9–17 MB lower
 * where the main thread's nursery is small too (the worker deployment's flags),
 * at no measurable cost in parse time (cold 5,000-event sync: 2.1 CPU-seconds).
 */
const YOUNG_GENERATION_MB = 8;

/** How long an idle warm worker is kept before it is let go (and its memory with it). */
const IDLE_MS = 30_000;

/**
 * A worker that parsed a document larger than this is let go at once: its
 * heap grew with the document, and keeping it would add that memory to the
 * rest of the sync (writing the rows) and to the process while idle.
 */
const KEEP_WARM_MAX_BYTES = 4 * 1024 * 1024;

/**
 * One worker is kept warm between parses: starting one (loading ical.js and
 * the parser, compiling them when running from source) cost more than parsing
 * a 5,000-event feed. It is reused only by a parse with the same heap limit
 * and only after a clean outcome; a worker stopped for its budget is gone.
 */
let warm: { worker: Worker; heapMb: number; idle: NodeJS.Timeout | undefined } | undefined;
let warmBusy = false;

function newWorker(heapMb: number): Worker {
  const script = parseWorkerScript();
  const worker = new Worker(script.source, {
    eval: script.eval,
    // The worker needs none of the parent's flags (tsx, inspector, …).
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      // Small young generation: parsing makes short-lived garbage, and a
      // large nursery only inflates the process's memory.
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
    },
  });
  // An idle worker never keeps the process alive; a parse in flight has its own timer.
  worker.unref();
  // Between parses nobody else listens: a worker that dies idle just leaves the slot.
  worker.on('error', () => {});
  worker.on('exit', () => {
    if (warm?.worker === worker) {
      warm = undefined;
      warmBusy = false;
    }
  });
  return worker;
}

/** The warm worker when it is free and fits the budget, else a new one. */
function acquire(heapMb: number): Worker {
  if (warm && !warmBusy && warm.heapMb === heapMb) {
    clearTimeout(warm.idle);
    warmBusy = true;
    return warm.worker;
  }
  const worker = newWorker(heapMb);
  if (!warm) {
    warm = { worker, heapMb, idle: undefined };
    warmBusy = true;
  }
  return worker;
}

/** After a clean outcome the warm worker waits for the next parse; any other worker ends. */
function release(worker: Worker, healthy: boolean): void {
  if (warm?.worker !== worker) {
    void worker.terminate();
    return;
  }
  warmBusy = false;
  if (!healthy) {
    warm = undefined;
    void worker.terminate();
    return;
  }
  const idle = setTimeout(() => {
    if (warm?.worker === worker && !warmBusy) {
      warm = undefined;
      void worker.terminate();
    }
  }, IDLE_MS);
  idle.unref();
  warm.idle = idle;
}

/**
 * Starts the warm worker ahead of a parse that is about to come, so loading it
 * overlaps the caller's other work (reading the source's live events); the
 * parse then finds it ready. Does nothing when a warm worker exists.
 */
export function warmParseWorker(budget: ParseBudget): void {
  if (warm || !(budget.maxHeapMb > 0)) return;
  try {
    const worker = newWorker(Math.ceil(budget.maxHeapMb));
    warm = { worker, heapMb: Math.ceil(budget.maxHeapMb), idle: undefined };
    release(worker, true);
  } catch {
    // The parse itself will say why no worker starts.
  }
}

/** Bytes that own their whole buffer, so it can be transferred (a pooled Buffer's cannot). */
function movable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

/**
 * parseIcs in a worker thread with a heap limit and a deadline, so a hostile
 * calendar (an endless RRULE, a huge document) fails its own source with an
 * IcsDocumentError("parse budget exceeded: …") instead of stalling or
 * crashing the process (sync safety rule 8). A worker that runs over budget is
 * terminated. Other failures (the worker cannot start) reject with a plain Error.
 *
 * With `sink`, items are handed to it in batches as the worker sends them and
 * the result's `items` is empty, so the caller never has to hold them all.
 * With `stage`, the worker also maps and checks the items (stage-ics-items.ts)
 * and `stage.take` receives staged rows instead of items; the worker waits
 * while a few batches are still being taken (their promises unsettled).
 */
export function parseIcsIsolated(
  document: string | Uint8Array,
  options: IcsParseOptions,
  budget: ParseBudget,
  sink?: (items: IcsItem[]) => void,
  stage?: { context: StageContext; take: (batch: StagedBatch) => Promise<void> },
): Promise<IcsParseResult> {
  if (!(budget.timeoutMs > 0) || !(budget.maxHeapMb > 0)) {
    return Promise.reject(new TypeError('parseIcsIsolated: budget values must be positive'));
  }
  let worker: Worker;
  try {
    worker = acquire(Math.ceil(budget.maxHeapMb));
  } catch (error) {
    return Promise.reject(error);
  }
  // UTF-8 bytes moved to the worker: one copy of the document in flight, not a
  // structured clone of the string on both sides. Bytes given are moved as they
  // are (the caller's array is emptied) unless they share their buffer.
  const bytes =
    typeof document === 'string' ? new TextEncoder().encode(document) : movable(document);
  const keepWarm = bytes.byteLength <= KEEP_WARM_MAX_BYTES;
  const inflight = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = stage
    ? { bytes, options, stage: { context: stage.context, inflight } }
    : { bytes, options };
  const items: IcsItem[] = [];
  const take = sink ?? ((batch: IcsItem[]) => items.push(...batch));

  return new Promise<IcsParseResult>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const settle = (healthy: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      release(worker, healthy);
      outcome();
    };
    const deadline = (ms: number, error: () => Error) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(false, () => reject(error())), ms);
    };

    let parseEndsAt = 0;
    const parseDeadline = () =>
      deadline(
        Math.max(0, parseEndsAt - performance.now()),
        () =>
          new IcsDocumentError(`parse budget exceeded: no result within ${budget.timeoutMs} ms`),
      );
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'started') {
        parseEndsAt = performance.now() + budget.timeoutMs;
        parseDeadline();
      } else if (message.type === 'items' || message.type === 'staged') {
        try {
          if (message.type === 'items') take(message.items);
          else {
            // Mapping and checking rows (and waiting for them to be written) is not parsing:
            // the budget is the parser's alone.
            parseEndsAt += message.batch.stageMs;
            parseDeadline();
            void stage?.take(message.batch).finally(() => {
              Atomics.sub(inflight, 0, 1);
              Atomics.notify(inflight, 0);
            });
          }
        } catch (error) {
          // The worker is still sending this document: it cannot serve another.
          settle(false, () => reject(error));
        }
      } else if (message.type === 'done') {
        settle(keepWarm, () => resolve({ ...message.result, items }));
      } else {
        const error = message.documentError
          ? new IcsDocumentError(message.message)
          : new Error(`iCalendar parse failed: ${message.message}`);
        // A document error leaves the worker as it was; anything else retires it.
        settle(message.documentError && keepWarm, () => reject(error));
      }
    };
    const onError = (error: Error & { code?: string }) => {
      settle(false, () =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new IcsDocumentError(
                `parse budget exceeded: more than ${budget.maxHeapMb} MB of memory needed`,
              )
            : error,
        ),
      );
    };
    const onExit = (code: number) => {
      settle(false, () =>
        reject(new Error(`the iCalendar parse worker exited early (code ${code})`)),
      );
    };

    deadline(
      STARTUP_TIMEOUT_MS,
      () => new Error(`the iCalendar parse worker did not start within ${STARTUP_TIMEOUT_MS} ms`),
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(input, [bytes.buffer as ArrayBuffer]);
  });
}
