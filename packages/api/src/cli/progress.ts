import yoctoSpinner from 'yocto-spinner';

export interface Progress {
  /** What is happening now, e.g. "batch 2 of 5". */
  update(text: string): void;
  stop(): void;
}

/**
 * Progress for long CLI work, on stderr. On a terminal: a spinner with what is
 * happening and the seconds so far. Anywhere else (a pipe, a log file, CI):
 * nothing at all, so logs hold only the summary that follows the work.
 */
export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let current = text;
  const spinner = yoctoSpinner({ text, stream, handleSignals: false }).start();
  const render = () => {
    spinner.text = `${current} (${Math.round((Date.now() - started) / 1000)} s)`;
  };
  const ticker = setInterval(render, 1000);
  return {
    update: (next) => {
      current = next;
      render();
    },
    stop: () => {
      clearInterval(ticker);
      spinner.stop();
    },
  };
}

/** Runs `work` with a progress indicator that is always stopped, whatever happens. */
export async function withProgress<T>(
  text: string,
  work: (progress: Progress) => Promise<T>,
): Promise<T> {
  const progress = startProgress(text);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}

/** The human summary of a command, on stderr so stdout stays machine-readable. */
export function printSummary(lines: string[]): void {
  process.stderr.write(`${lines.join('\n')}\n`);
}
