// Which database errors pass by themselves (a dropped connection, a server
// restarting, a lock another process holds for a while, a deadlock), so the
// work is tried again rather than dropped; and the one retry loop for them.

const TRANSIENT_CODES = new Set([
  // Sockets.
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED',
  // PostgreSQL: connection exceptions, shutdown and start-up, too many connections, serialization and deadlock,
  // lock and statement time-outs.
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03', '57014',
  // Prisma: server unreachable or timed out, connection closed, no connection free in the pool, write conflict,
  // a transaction that ran out of time.
  'P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034',
  // SQLite: another connection holds the lock.
  'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE',
]);

const TRANSIENT_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict', 'SocketError']);

const TRANSIENT_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed|timeout exceeded when trying to connect|Query read timeout|Can't reach database server|Server has closed the connection|database is locked|database table is locked|SQLITE_BUSY|Timed out fetching a new connection|Transaction already closed|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|deadlock detected|could not serialize access/i;

/** True for a fault that is worth trying again in a moment. */
export function isTransientDbError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 5) return false;
    seen.add(e);
    const o = e as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown; errors?: unknown };
    if (typeof o.code === 'string' && TRANSIENT_CODES.has(o.code)) return true;
    if (typeof o.originalCode === 'string' && TRANSIENT_CODES.has(o.originalCode)) return true;
    if (typeof o.kind === 'string' && TRANSIENT_KINDS.has(o.kind)) return true;
    if (typeof o.message === 'string' && TRANSIENT_MESSAGE.test(o.message)) return true;
    if (Array.isArray(o.errors) && o.errors.some((x) => visit(x, depth + 1))) return true;
    return visit(o.cause, depth + 1) || visit(o.meta, depth + 1);
  };
  return visit(err, 0);
}

export interface RetryOptions {
  /** Give up after this long in total (ms). */
  withinMs: number;
  /** First pause (ms); doubles each time up to `maxPauseMs`. */
  firstPauseMs?: number;
  maxPauseMs?: number;
  /** Called before each new try, with the error that made it necessary. */
  onRetry?: (err: unknown, attempt: number) => void;
}

/** Runs `fn`, trying again after transient database faults until `withinMs` has passed; other errors go straight through. */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.withinMs;
  let pause = options.firstPauseMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientDbError(err) || Date.now() + pause > deadline) throw err;
      options.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, options.maxPauseMs ?? 2000);
    }
  }
}
