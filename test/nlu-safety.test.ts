// Stopping alerts and erasing data come only from stop and erase words: the
// classifier alone never gives `unsubscribe` or `delete_my_data`. Checked on
// every message we have: the shared dev set, the project's holdout, every
// user message of the shared dev conversations and of our chat scripts.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { Understander } from '../src/nlu/understand.ts';
import type { UnderstandContext } from '../src/nlu/types.ts';

let nlu: Understander;
beforeAll(async () => {
  const content = await loadContent(loadConfig({ DATA_DIR: 'data/test-cache' }));
  nlu = await Understander.create(content.nlu, { cacheDir: 'data/test-cache' });
});

const jsonl = (file: string) => fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);

// The sets outside the repository are read where they are (../shared), as the benchmark does.
const SHARED = path.resolve('..', 'shared');
function messages(): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  sets.set('nlu/eval/holdout.jsonl', jsonl('nlu/eval/holdout.jsonl'));
  sets.set('nlu/eval/dev-2026-12-02.jsonl', jsonl('nlu/eval/dev-2026-12-02.jsonl'));
  sets.set('nlu/eval/dev-2026-12-04.jsonl', jsonl('nlu/eval/dev-2026-12-04.jsonl'));
  if (fs.existsSync(path.join(SHARED, 'nlu-dev.jsonl'))) sets.set('../shared/nlu-dev.jsonl', jsonl(path.join(SHARED, 'nlu-dev.jsonl')));
  const conversations = path.join(SHARED, 'conversations-dev.md');
  if (fs.existsSync(conversations)) {
    const users = [...fs.readFileSync(conversations, 'utf8').matchAll(/\*\*User:\*\* `([^`]+)`/g)].map((m) => m[1]!).filter((t) => t !== 'the exact message');
    sets.set('../shared/conversations-dev.md', users);
  }
  const scripts = fs.readdirSync('test/conversations').filter((f) => f.endsWith('.chat'));
  sets.set('test/conversations/*.chat', scripts.flatMap((f) => fs.readFileSync(path.join('test/conversations', f), 'utf8').split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2))));
  return sets;
}

// Written here, apart from nlu/lexicon/stop-erase.yaml, in plain words: what
// "has a stop or erase word" means. Wider than the lexicon on purpose.
const STOP_OR_ERASE = new RegExp(
  [
    // stop, and its everyday forms
    String.raw`\b(stop\w*|setop|distop|berhenti\w*|brenti\w*|berenti\w*|hentikan|dihentikan|udahan|cabut|batal\w*|cancel|unsub\w*|unreg\w*|matikan|matiin|dimati\w*|mati|nonaktif\w*|off\w*|blokir|keluar\w*|eureun|opt out|turn off|no more)\b`,
    // a refusal of what is sent ("ga mau dapet notif lagi", "jangan kirim loker")
    String.raw`\b(ga|gak|gk|nggak|ngga|enggak|tidak|tdk|kagak|kaga|aye kaga|jangan|jgn|ogah|males|gausah|gausa|tong|ulah)\b.*\b(kirim\w*|dikirim\w*|ngirim|dapet|dapat|nerima|menerima|terima|notif\w*|kabar\w*|dikabar\w*|info\w*|broadcast|spam|simpan|simpen|disimpan|disimpen|sebar|bagikan|lacak)\b`,
    // erase, and questions about what is kept
    String.raw`\b(hapus\w*|dihapus\w*|apus\w*|diapus\w*|ngapus\w*|lupain|dilupain|dilupakan|delete|erase|remove|musnah\w*|dimusnah\w*|hilangkan|dihilangkan|ilangin|lupakan|forget|busak|dibusak|reset|clear|privasi|privacy|pdp|disimpan|tersimpan|simpan|nyimpen|dipakai|dipake|dijual|disebar|disalahgunakan|persetujuan|salinan|unregister)\b`,
    String.raw`\bdata\b.*\baman\b|\bdapat nomor\b`,
  ].join('|'),
  'i',
);

const CONTEXTS: Array<[string, UnderstandContext]> = [
  ['no question waiting', {}],
  ['a yes/no question waiting', { pending: 'confirm' }],
  ['a kecamatan asked', { pending: 'district' }],
];

describe('stop and erase come only from stop and erase words', () => {
  it('no message without such words is read as unsubscribe or delete_my_data, nor sets the explicit flags', async () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const [set, texts] of messages()) {
      for (const text of texts) {
        if (STOP_OR_ERASE.test(text)) continue;
        for (const [what, context] of CONTEXTS) {
          const u = await nlu.understand(text, context);
          checked++;
          if (u.intent === 'unsubscribe' || u.intent === 'delete_my_data' || u.explicit.stop || u.explicit.erase) wrong.push(`${set} (${what}): ${u.intent} ${JSON.stringify(u.explicit)} "${text}"`);
          // Nor as a suspicion the dialogue would ask about.
          if (u.alternatives.some((a) => a.intent === 'unsubscribe' || a.intent === 'delete_my_data')) wrong.push(`${set} (${what}): alternatives ${JSON.stringify(u.alternatives)} "${text}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The holdout (400) and the chat scripts' messages at least, three ways each.
    expect(checked).toBeGreaterThan(3 * 500);
  });

  it('the misreadings that once stopped alerts or offered erasure no longer do', async () => {
    const cases: Array<[string, string]> = [
      ['langganan loker operator produksi di cikbar, tamsel', 'subscribe'],
      ['verifikasi email siapkerja ga dateng', 'registration_help'],
      ['ini nomor siapa ya', 'not destructive'],
      ['kalo yg di cibitung ada loker gudang ga kak? makasih sebelumnya', 'search_vacancies'],
    ];
    for (const [text, expected] of cases) {
      const u = await nlu.understand(text);
      if (expected === 'not destructive') expect(['unsubscribe', 'delete_my_data'], text).not.toContain(u.intent);
      else expect(u.intent, text).toBe(expected);
      expect(u.explicit, text).toEqual({ stop: false, erase: false });
    }
  });

  it('stop and erase words still stop and erase, explicitly', async () => {
    for (const text of ['stop', 'udahan langganan nya min', 'cabut langganan', 'stop kirim loker ya', 'notifnya matiin aja', 'keluarin nomor saya dari broadcast loker', 'hapus langganan saya', 'hapusin langganan info loker']) {
      const u = await nlu.understand(text);
      expect(u.intent, text).toBe('unsubscribe');
      expect(u.explicit.stop, text).toBe(true);
    }
    for (const text of ['hapus data saya', 'tolong hapus semua data saya ya', 'nomor saya tolong dihapus dari daftar kalian']) {
      const u = await nlu.understand(text);
      expect(u.intent, text).toBe('delete_my_data');
      expect(u.explicit.erase, text).toBe(true);
    }
    // Both in one message: both are explicit.
    expect((await nlu.understand('stop langganan dan hapus semua data saya')).explicit).toEqual({ stop: true, erase: true });
  });

  it('a refusal to be sent things may be a stop, but is asked about first (not explicit)', async () => {
    for (const text of ['saya tidak mau dapat kabar lagi', 'jangan kirim loker lagi ya']) {
      const u = await nlu.understand(text);
      expect(u.intent, text).toBe('unsubscribe');
      expect(u.explicit.stop, text).toBe(false);
    }
  });

  it('a question about what stopping or erasing would do is neither explicit', async () => {
    for (const text of ['kalo berhenti langganan data saya ikut kehapus ga?', 'kalo saya unsub sekarang nanti bisa langganan lagi ga?', 'kalo hapus data nanti harus daftar ulang ga?', 'notifnya bakal berhenti sendiri ga', 'cara unsubscribe email promosi', 'gmn cara hapus langganan?']) {
      expect((await nlu.understand(text)).explicit, text).toEqual({ stop: false, erase: false });
    }
    // "kalo bisa" is a request.
    expect((await nlu.understand('kalo bisa stop aja langganannya')).explicit.stop).toBe(true);
  });

  it('a negated stop or erase is neither', async () => {
    for (const text of ['ga mau berhenti langganan, cuma mau ganti daerahnya', 'jangan dihapus', 'notifnya jangan dimatiin ya', 'tidak usah distop', 'bukan mau hapus data, mau ganti nomor hp di karirhub']) {
      const u = await nlu.understand(text);
      expect(u.explicit, text).toEqual({ stop: false, erase: false });
      expect(['unsubscribe', 'delete_my_data'], text).not.toContain(u.intent);
    }
    expect((await nlu.understand('ga mau berhenti langganan, cuma mau ganti daerahnya')).intent).toBe('subscribe');
  });

  it('words that only look like stop or erase are not them', async () => {
    for (const text of [
      'udah berhenti kerja, ada loker baru?', 'batal kirim lamaran gimana', 'cara hapus akun siapkerja', 'kode verifikasi ga keluar, udah cek spam',
      // Alerts that stopped arriving, a stop to the questions, another service's package.
      'dari kemarin notif loker berhenti masuk, tolong aktifin lagi langganan saya', 'stop dulu nanya nya, makasih ya min', 'stop dulu bertanya ya', 'stop paket data bulanan gimana',
    ]) {
      const u = await nlu.understand(text);
      expect(u.explicit, text).toEqual({ stop: false, erase: false });
      expect(['unsubscribe', 'delete_my_data'], text).not.toContain(u.intent);
    }
  });
});
