// Staff commands in a Telegram chat (ids in STAFF_TELEGRAM_IDS):
//   /broadcast <segment> | <text>   preview: how many people, then
//   /kirim <id>                     send it (progress follows)
//   /status <id>                    what became of it so far
//   /batal <id>                     cancel what is not sent yet
//   /balas <channel>:<id> <text>    answer a person who asked for staff
//   /selesai <channel>:<id>         give the chat back to the bot
// A segment is "semua", or any of: telegram / whatsapp, a kecamatan, an
// education level, separated by commas ("telegram, Setu, SMA").

import type { Reply } from '../core/types.ts';
import type { RawDb } from '../db/raw.ts';
import type { Logger } from '../log.ts';
import { askApproval, broadcastProgress, cancelBroadcast, draftBroadcast, parseSegment, startBroadcast, type BroadcastProgress } from './broadcast.ts';
import type { Runtime } from './runtime.ts';
import { closeHandoff, takeHandoff } from './handoffs.ts';
import { audit } from '../db/audit.ts';
import { getSetting } from '../web/settings.ts';

export type Say = (reply: Reply) => Promise<unknown>;

const plain = (text: string): Reply => ({ text, choices: [] });

/** Handles a staff command; false when the text is not one. */
export async function staffCommand(runtime: Runtime, raw: RawDb, staffId: string, text: string, say: Say, log: Logger, sendTo?: (who: string, reply: Reply) => Promise<boolean>): Promise<boolean> {
  const m = runtime.content.messages;
  const command = /^\/(broadcast|kirim|status|batal|balas|selesai)(?:@\w+)?\b\s*([\s\S]*)$/i.exec(text.trim());
  if (!command) return false;
  const [, name, rest] = command;
  const id = Number(/^\s*#?(\d+)/.exec(rest ?? '')?.[1]);
  switch (name!.toLowerCase()) {
    case 'broadcast': {
      const [segmentText, ...body] = (rest ?? '').split('|');
      const message = body.join('|').trim();
      if (!message) return void (await say(plain(m.t('staff.usage')))), true;
      const segment = parseSegment(segmentText ?? '', runtime.content.region);
      if ('error' in segment) return void (await say(plain(m.t('staff.bad_segment', { problem: segment.error })))), true;
      const draft = await draftBroadcast(runtime.db, { text: message, segment, createdBy: `telegram:${staffId}` });
      await say(plain(m.t('staff.preview', { id: draft.id, total: draft.total, text: message })));
      return true;
    }
    case 'kirim': {
      if (!id) return void (await say(plain(m.t('staff.usage')))), true;
      // When the office asks for a second person's approval, /kirim asks for it (sent from the console).
      if ((await getSetting(runtime.db, 'broadcast_approval')) === '1') {
        const asked = await askApproval(runtime.db, id);
        if (asked) await audit(runtime.db, { actor: `telegram:${staffId}`, action: 'broadcast.ask_approval', target: `broadcast:${id}` });
        return void (await say(plain(m.t(asked ? 'staff.needs_approval' : 'staff.not_draft', { id })))), true;
      }
      const queued = await startBroadcast(runtime.db, raw, id, new Date());
      if (!queued) return void (await say(plain(m.t('staff.not_draft', { id })))), true;
      await audit(runtime.db, { actor: `telegram:${staffId}`, action: 'broadcast.send', target: `broadcast:${id}`, detail: `${queued} penerima` });
      await say(plain(m.t('staff.sending', { id, total: queued })));
      void watch(runtime, id, say, log);
      return true;
    }
    case 'status': {
      const p = id ? await broadcastProgress(runtime.db, id) : null;
      await say(plain(p ? progressText(runtime, p) : m.t('staff.unknown', { id: id || 0 })));
      return true;
    }
    case 'balas': {
      const to = /^\s*((?:telegram|whatsapp):\S+)\s+([\s\S]+)$/.exec(rest ?? '');
      if (!to || !sendTo) return void (await say(plain(m.t('staff.usage_reply')))), true;
      // Open before the person reads the answer: what they write back goes to staff, however fast they are.
      await setStatus(runtime, to[1]!, 'open', staffId);
      const ok = await sendTo(to[1]!, { text: m.t('staff.reply_prefix', { text: to[2]!.trim() }), choices: [] });
      await say(plain(m.t(ok ? 'staff.replied' : 'staff.not_replied', { who: to[1]! })));
      return true;
    }
    case 'selesai': {
      const who = (rest ?? '').trim();
      if (!/^(telegram|whatsapp):\S+$/.test(who)) return void (await say(plain(m.t('staff.usage_reply')))), true;
      await setStatus(runtime, who, 'bot', staffId);
      await say(plain(m.t('staff.closed', { who })));
      return true;
    }
    case 'batal': {
      const cancelled = id ? await cancelBroadcast(runtime.db, id) : 0;
      if (id) await audit(runtime.db, { actor: `telegram:${staffId}`, action: 'broadcast.cancel', target: `broadcast:${id}`, detail: `${cancelled} pesan dibatalkan` });
      await say(plain(m.t('staff.cancelled', { id: id || 0, count: cancelled })));
      return true;
    }
  }
  return false;
}

/** One line on what became of a broadcast. */
export function progressText(runtime: Runtime, p: BroadcastProgress): string {
  return runtime.content.messages.t('staff.progress', { id: p.id, status: p.status, sent: p.sent, total: p.total, pending: p.pending, failed: p.failed + p.skipped, cancelled: p.cancelled });
}

// Progress to the staff chat while a broadcast is sent, every 15 s, until done.
async function watch(runtime: Runtime, id: number, say: Say, log: Logger): Promise<void> {
  let last = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 15_000));
    try {
      const p = await broadcastProgress(runtime.db, id);
      if (!p) return;
      const line = progressText(runtime, p);
      if (line !== last) await say(plain(line));
      last = line;
      if (p.status !== 'sending') return;
    } catch (err) {
      log.warn('broadcast progress not reported', { error: err });
      return;
    }
  }
}

// The same hand-over rows the console works: /balas takes the chat (and counts as its first answer), /selesai closes it.
async function setStatus(runtime: Runtime, who: string, status: 'open' | 'bot', staffId: string): Promise<void> {
  const i = who.indexOf(':');
  if (i < 0) return;
  const contact = await runtime.db.contact.findUnique({ where: { channel_externalId: { channel: who.slice(0, i), externalId: who.slice(i + 1) } } });
  if (!contact) return;
  const now = new Date();
  if (status === 'bot') {
    await closeHandoff(runtime.db, contact.id, now);
    return audit(runtime.db, { actor: `telegram:${staffId}`, action: 'handoff.close', target: `contact:${contact.id}` });
  }
  await takeHandoff(runtime.db, contact.id, { takenBy: `telegram:${staffId}`, staffName: 'Petugas' }, now);
  await runtime.db.handoff.updateMany({ where: { contactId: contact.id, status: 'open', firstReplyAt: null }, data: { firstReplyAt: now } });
  await audit(runtime.db, { actor: `telegram:${staffId}`, action: 'handoff.reply', target: `contact:${contact.id}` });
}
