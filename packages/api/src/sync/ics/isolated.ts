import { Worker } from 'node:worker_threads';
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

/** Young-generation size of the worker (MB); see the Worker's resourceLimits. */
const YOUNG_GENERATION_MB = 16;

/**
 * parseIcs in a worker thread with a heap limit and a deadline, so a hostile
 * calendar (an endless RRULE, a huge document) fails its own source with an
 * IcsDocumentError("parse budget exceeded: …") instead of stalling or
 * crashing the process (sync safety rule 8). A worker that runs over budget is
 * terminated. Other failures (the worker cannot start) reject with a plain Error.
 */
export function parseIcsIsolated(
  text: string,
  options: IcsParseOptions,
  budget: ParseBudget,
): Promise<IcsParseResult> {
  if (!(budget.timeoutMs > 0) || !(budget.maxHeapMb > 0)) {
    return Promise.reject(new TypeError('parseIcsIsolated: budget values must be positive'));
  }
  let script: ReturnType<typeof parseWorkerScript>;
  try {
    script = parseWorkerScript();
  } catch (error) {
    return Promise.reject(error);
  }
  // UTF-8 bytes moved to the worker: one copy of the document in flight, not a
  // structured clone of the string on both sides.
  const bytes = new TextEncoder().encode(text);
  const input: WorkerInput = { bytes, options };
  const items: IcsItem[] = [];

  return new Promise<IcsParseResult>((resolve, reject) => {
    const worker = new Worker(script.source, {
      eval: script.eval,
      workerData: input,
      transferList: [bytes.buffer as ArrayBuffer],
      // The worker needs none of the parent's flags (tsx, inspector, …).
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: Math.ceil(budget.maxHeapMb),
        // Small young generation: parsing makes short-lived garbage, and a
        // large nursery only inflates the process's memory.
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      },
    });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const deadline = (ms: number, error: () => Error) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(() => reject(error())), ms);
    };

    deadline(
      STARTUP_TIMEOUT_MS,
      () => new Error(`the iCalendar parse worker did not start within ${STARTUP_TIMEOUT_MS} ms`),
    );
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started') {
        deadline(
          budget.timeoutMs,
          () =>
            new IcsDocumentError(`parse budget exceeded: no result within ${budget.timeoutMs} ms`),
        );
      } else if (message.type === 'items') {
        for (const item of message.items) items.push(item);
      } else if (message.type === 'done') {
        settle(() => resolve({ ...message.result, items }));
      } else {
        const error = message.documentError
          ? new IcsDocumentError(message.message)
          : new Error(`iCalendar parse failed: ${message.message}`);
        settle(() => reject(error));
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new IcsDocumentError(
                `parse budget exceeded: more than ${budget.maxHeapMb} MB of memory needed`,
              )
            : error,
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() => reject(new Error(`the iCalendar parse worker exited early (code ${code})`)));
    });
  });
}
