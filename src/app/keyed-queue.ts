// Runs tasks one at a time per key and in parallel across keys, so two quick
// messages from one person are answered in order while different people are
// served at once. A task that takes longer than the time-out (a database
// call that hangs) no longer holds that person's queue: the caller gets a
// TurnTimeoutError and the person's next message is taken.

/** A task did not finish in time; it may still finish later, unobserved. */
export class TurnTimeoutError extends Error {}

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** `timeoutMs`: how long one task may hold its key (0 = no limit). */
  constructor(private readonly timeoutMs = 0) {}

  /** Runs `task` after every earlier task with the same key has finished or timed out. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.within(task), () => this.within(task));
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Number of keys with work queued or running. */
  get busyKeys(): number {
    return this.tails.size;
  }

  private within<T>(task: () => Promise<T>): Promise<T> {
    if (!this.timeoutMs) return task();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TurnTimeoutError(`the task took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      task().then(
        (value) => (clearTimeout(timer), resolve(value)),
        (err: unknown) => (clearTimeout(timer), reject(err)),
      );
    });
  }
}
