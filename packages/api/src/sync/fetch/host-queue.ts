/**
 * At most one task at a time per key, in arrival order (FIFO), with different
 * keys running in parallel. The hub uses it so that many sources on one remote
 * host (say, a shared calendar service) never hit it concurrently.
 *
 * Each key keeps only the promise of its last queued task; a task that fails
 * does not block the ones behind it, and idle keys are forgotten so the map
 * does not grow with every host ever fetched.
 */
export class HostQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Number of hosts with a task running or waiting (for tests and metrics). */
  get busyHosts(): number {
    return this.#tails.size;
  }
}
