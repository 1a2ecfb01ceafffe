// Long-running commands stop cleanly on Ctrl+C or a service manager's
// SIGTERM, and always within SHUTDOWN_TIMEOUT_SECONDS: a stop that hangs (a
// service that went away mid-run) is abandoned, what can be released is
// released, and the process exits. A second signal exits at once.

import type { Logger } from '../log.ts';

/** Resolves at the first SIGINT or SIGTERM; a second one ends the process at once. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const again = () => process.exit(130);
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

/**
 * Listens for SIGINT/SIGTERM from the start of a long-running command: one
 * during start-up ends the process at once (nothing is claimed yet); once
 * `started()` is called, it resolves the promise `started()` returns, so a
 * signal right after "ready" is logged still stops cleanly.
 */
export function listenForStop(): { started(): Promise<NodeJS.Signals> } {
  let ready = false;
  const stopped = untilStopped();
  void stopped.then(() => {
    if (!ready) process.exit(0);
  });
  return {
    started() {
      ready = true;
      return stopped;
    },
  };
}

/**
 * Runs `stop`; if it has not finished within `seconds`, runs `abandon` (a
 * last, quick clean-up such as releasing claimed messages), logs it and
 * exits with 1. Resolves when `stop` finished in time.
 */
export async function stopWithin(seconds: number, stop: () => Promise<void>, log: Logger, abandon: () => Promise<void> = async () => undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), seconds * 1000)));
  const outcome = await Promise.race([stop().then(() => 'done' as const, (err: unknown) => (log.error('stopping failed', { error: err }), 'done' as const)), late]);
  clearTimeout(timer);
  if (outcome === 'done') return;
  log.warn('did not stop in time; leaving anyway', { seconds });
  // The clean-up itself may hang on the same service: give it one more second at most.
  await Promise.race([abandon().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  process.exit(1);
}
