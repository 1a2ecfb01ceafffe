// A reply as plain text: the text, the numbered choices as lines, then the
// hint. WhatsApp (text), the terminal and the message log all read this.

import type { Reply } from '../core/types.ts';

export function renderText(r: Reply): string {
  const lines = [r.text];
  if (r.choices.length) {
    lines.push('');
    for (const c of r.choices) lines.push(c.detail ? `${c.key}. ${c.label}\n   ${c.detail}` : `${c.key}. ${c.label}`);
  }
  if (r.hint) lines.push('', r.hint);
  return lines.join('\n');
}
