// "kabari kalau ada job fair / pelatihan las": each active wish gets, once,
// the job fairs and training programmes added since it last heard, planned
// into the outbox (kind "notice"; "stop", quiet hours and erasure hold as for
// vacancy alerts). The row's key names the wish and the item, so a planner
// run twice, or two at once, never sends an item twice to the same person.

import { isEducation } from '../domain/education.ts';
import { findTraining, upcomingEvents } from '../domain/services.ts';
import { formatDate } from '../domain/time.ts';
import { enqueue, type OutboxInsert } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import { quietUntil } from '../domain/time.ts';
import type { Runtime } from './runtime.ts';

interface WishRow {
  id: number;
  contactId: number;
  kind: string;
  keyword: string | null;
  education: string | null;
  lastSentAt: string | Date;
  channel: string;
  externalId: string;
}

const toMs = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Plans the notices of new job fairs and training; returns how many outbox rows were new. */
export async function planServiceAlerts(runtime: Runtime, raw: RawDb, now: Date, channels: readonly string[] = ['telegram', 'whatsapp']): Promise<{ wishes: number; queued: number }> {
  runtime.services.invalidate();
  const { events, training } = await runtime.services.current();
  const created = new Map<string, number>();
  // When each item came in: only items added after a wish's last notice are new to it.
  for (const r of await raw.all<{ id: number; createdAt: string | Date }>('SELECT id, "createdAt" FROM "Event"', [])) created.set(`e${r.id}`, toMs(r.createdAt));
  for (const r of await raw.all<{ id: number; createdAt: string | Date }>('SELECT id, "createdAt" FROM "Training"', [])) created.set(`t${r.id}`, toMs(r.createdAt));
  const inChannels = channels.map((c) => `'${c.replace(/[^a-z-]/g, '')}'`).join(', ');
  const wishes = await raw.all<WishRow>(
    `SELECT a.id, a."contactId", a.kind, a.keyword, a.education, a."lastSentAt", c.channel, c."externalId"
     FROM "ServiceAlert" a JOIN "Contact" c ON c.id = a."contactId"
     WHERE a.status = 'active' AND c."optedOutAt" IS NULL AND c."goneAt" IS NULL AND c.channel IN (${inChannels}) ORDER BY a.id`,
    [],
  );
  const m = runtime.content.messages;
  const tz = runtime.config.TIMEZONE;
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, tz);
  let queued = 0;
  for (const w of wishes) {
    const since = toMs(w.lastSentAt);
    const rows: OutboxInsert[] = [];
    const base = { contactId: w.contactId, channel: w.channel, recipient: w.externalId, kind: 'notice' as const, notBefore };
    if (w.kind === 'job_fair') {
      for (const e of upcomingEvents(events, now, tz).filter((x) => (created.get(`e${x.id}`) ?? 0) > since && x.kind === 'job_fair')) {
        const text = [m.t('events.notice', { name: `${e.isSample ? `${m.t('events.sample_tag')} ` : ''}${e.name}`, date: formatDate(e.startDate), place: e.place }), m.t('events.notice_hint')].join('\n');
        rows.push({ ...base, key: `notice:${w.id}:event:${e.id}`, payload: JSON.stringify({ reply: { text, choices: [] } }) });
      }
    } else {
      const education = isEducation(w.education) ? w.education : null;
      for (const x of findTraining(training, { keyword: w.keyword, education, kecamatan: [] }, now, tz).filter((y) => (created.get(`t${y.id}`) ?? 0) > since)) {
        const text = [m.t('training.notice', { title: `${x.isSample ? `${m.t('events.sample_tag')} ` : ''}${x.title}`, place: x.place }), m.t('training.fee_warning'), m.t('events.notice_hint')].join('\n');
        rows.push({ ...base, key: `notice:${w.id}:training:${x.id}`, payload: JSON.stringify({ reply: { text, choices: [] } }) });
      }
    }
    queued += await raw.transaction(async (tx) => {
      const n = rows.length ? await enqueue(tx, rows, now) : 0;
      // The window moves only from the value read, so two planners never both send it.
      await tx.run('UPDATE "ServiceAlert" SET "lastSentAt" = ? WHERE id = ? AND "lastSentAt" = ?', [now, w.id, new Date(since)]);
      return n;
    });
  }
  return { wishes: wishes.length, queued };
}
