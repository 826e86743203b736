import { describe, expect, it } from 'vitest';
import { HostQueue } from './host-queue.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('HostQueue', () => {
  it('runs tasks for one host one at a time, in arrival order', async () => {
    const queue = new HostQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (name: string) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) => queue.run('Host.Example', task(n))),
    );
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('treats host names case-insensitively', async () => {
    const queue = new HostQueue();
    const first = gate();
    let secondStarted = false;
    const a = queue.run('example.org', () => first.promise);
    const b = queue.run('EXAMPLE.org', async () => {
      secondStarted = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(secondStarted).toBe(false);
    first.open();
    await Promise.all([a, b]);
    expect(secondStarted).toBe(true);
  });

  it('runs different hosts in parallel', async () => {
    const queue = new HostQueue();
    const blocker = gate();
    const a = queue.run('a.example', () => blocker.promise.then(() => 'a'));
    // b finishes although a is still blocked: the hosts do not share a slot.
    await expect(queue.run('b.example', async () => 'b')).resolves.toBe('b');
    blocker.open();
    await expect(a).resolves.toBe('a');
  });

  it('keeps going after a failing task and forgets idle hosts', async () => {
    const queue = new HostQueue();
    const failed = queue.run('h', async () => {
      throw new Error('boom');
    });
    const next = queue.run('h', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.busyHosts).toBe(0);
  });

  it('turns a synchronously throwing task into a rejection', async () => {
    const queue = new HostQueue();
    await expect(
      queue.run('h', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });
});
