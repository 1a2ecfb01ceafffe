// The terminal as a channel that only sends: `pasker alerts run` shows the
// alerts of subscriptions made in the terminal chat on its own screen, so
// alerts can be tried without any token. (The chat itself is src/commands/.)

import type { Reply } from '../../core/types.ts';
import type { Channel, ChannelHealth } from '../channel.ts';
import { renderText } from '../render-text.ts';

export class TerminalChannel implements Channel {
  readonly name = 'terminal' as const;
  readonly provider = 'terminal';
  /** Nothing sends the same message twice to a screen. */
  readonly redelivers = false;
  /** A screen takes any length. */
  readonly maxTextLength = Number.POSITIVE_INFINITY;
  private sent = 0;

  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(t)) {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async send(to: string, reply: Reply): Promise<{ providerMessageId?: string }> {
    this.sent++;
    this.write(`\n--- to terminal:${to} (pasker chat --user ${to}) ---\n${renderText(reply)}\n`);
    return { providerMessageId: `terminal:${to}:${this.sent}` };
  }

  health(): ChannelHealth {
    return { state: 'ready' };
  }
}
