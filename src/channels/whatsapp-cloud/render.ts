// A reply as a WhatsApp Cloud API message: up to 3 choices as reply buttons,
// up to 10 as a list, numbered text beyond that (or when the text is too
// long for an interactive message). Limits from Meta's documentation
// (src/channels/limits.ts); the reply's text fits already (splitReply),
// labels are shortened here on a character boundary.

import type { Reply } from '../../core/types.ts';
import { fitLabel as cut, LIMITS } from '../limits.ts';
import { renderText } from '../render-text.ts';

const LIMIT = { body: LIMITS.whatsappCloud.interactiveBody, button: LIMITS.whatsappCloud.buttonTitle, rowTitle: LIMITS.whatsappCloud.rowTitle, rowDescription: LIMITS.whatsappCloud.rowDescription, listButton: LIMITS.whatsappCloud.listButton } as const;

/** The `type`-specific part of a Cloud API message body (without messaging_product and to). */
export function renderCloud(reply: Reply, listButton = 'Pilih'): Record<string, unknown> {
  const body = reply.hint ? `${reply.text}\n\n${reply.hint}` : reply.text;
  const n = reply.choices.length;
  if (!n || n > 10 || body.length > LIMIT.body) return { type: 'text', text: { body: renderText(reply), preview_url: false } };
  // Buttons only when every label fits whole; otherwise a list, which has room for a description.
  if (n <= 3 && reply.choices.every((c) => `${c.key}. ${c.label}`.length <= LIMIT.button && !c.detail)) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: reply.choices.map((c) => ({ type: 'reply', reply: { id: c.key, title: `${c.key}. ${c.label}` } })) },
      },
    };
  }
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: {
        button: cut(listButton, LIMIT.listButton),
        sections: [
          {
            rows: reply.choices.map((c) => {
              const title = `${c.key}. ${c.label}`;
              const description = [title.length > LIMIT.rowTitle ? c.label : '', c.detail ?? ''].filter(Boolean).join(' · ');
              return { id: c.key, title: cut(title, LIMIT.rowTitle), ...(description ? { description: cut(description, LIMIT.rowDescription) } : {}) };
            }),
          },
        ],
      },
    },
  };
}
