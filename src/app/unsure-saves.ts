// The replies of turns whose save failed in a way that may have committed
// anyway (the connection broke while COMMIT was on its way). When the retry
// then finds the message already seen, the turn was saved and its replies
// were never sent: they are sent now, instead of being lost.

import type { Reply } from '../core/types.ts';
import { isTransientDbError } from '../db/errors.ts';

// Long enough for the retries of src/app/channels.ts; the map stays small.
const KEEP_MS = 15 * 60_000;
const MAX_KEPT = 10_000;

export class UnsureSaves {
  private readonly kept = new Map<string, { replies: Reply[]; at: number }>();

  /** Runs `write`; when it fails with a connection fault, keeps `replies` for the retry of message `seenKey`. */
  async write(seenKey: string | undefined, replies: Reply[], write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (seenKey && isTransientDbError(err)) this.keep(seenKey, replies);
      throw err;
    }
  }

  /** The replies kept for a message found saved after all (once), or none. */
  take(seenKey: string): Reply[] {
    const entry = this.kept.get(seenKey);
    this.kept.delete(seenKey);
    return entry && Date.now() - entry.at < KEEP_MS ? entry.replies : [];
  }

  private keep(seenKey: string, replies: Reply[]): void {
    this.kept.delete(seenKey);
    this.kept.set(seenKey, { replies, at: Date.now() });
    // Oldest first: a Map iterates in insertion order.
    for (const key of this.kept.keys()) {
      if (this.kept.size <= MAX_KEPT) break;
      this.kept.delete(key);
    }
  }
}
