// The content files staff edit are checked, with errors that name the file
// and line; the model definition and the per-database schemas agree.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/app/content.ts';
import { composeSchema } from '../src/commands/db.ts';
import { parseCatalogue } from '../src/core/messages.ts';
import { createLogger } from '../src/log.ts';

describe('message catalogue', () => {
  it('the shipped flows/messages.yaml is complete and valid', () => {
    expect(() => loadCatalogue()).not.toThrow();
  });

  it('a broken file is refused with the file, the line and the problem', () => {
    const text = fs.readFileSync('flows/messages.yaml', 'utf8').replace('thanks: "Sama-sama', 'thanks: "Sama-sama {nama}').replace(/^money:.*$/m, '');
    let error: Error | null = null;
    try {
      parseCatalogue(text, 'flows/messages.yaml');
    } catch (e) {
      error = e as Error;
    }
    const line = text.split('\n').findIndex((l) => l.startsWith('thanks:')) + 1;
    expect(error?.message).toContain(`flows/messages.yaml:${line}: "thanks" uses {nama}, which this message cannot fill`);
    expect(error?.message).toContain('message "money" is missing');
  });
});

describe('database schemas', () => {
  it('prisma/sqlite and prisma/postgresql schemas are the shared model definition (run `pasker db schemas`)', () => {
    expect(fs.readFileSync('prisma/sqlite/schema.prisma', 'utf8')).toBe(composeSchema('sqlite'));
    expect(fs.readFileSync('prisma/postgresql/schema.prisma', 'utf8')).toBe(composeSchema('postgresql'));
  });
});

describe('logs', () => {
  it('never carry a NIK, whatever a caller puts in a log line', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('user wrote 3216012345678901', { text: 'nik 3216 0123 4567 8901' });
    expect(lines.join('')).not.toMatch(/3216 ?0123 ?4567 ?8901/);
    expect(lines.join('')).toContain('[NIK dihapus]');
  });
});

describe('log lines', () => {
  it('keep their ordinary fields readable while secrets in them are removed', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('ready', { msSinceProcessStart: 812, channels: ['telegram'], note: 'password saya Melati#2026', at: '2026-11-29T18:20:00.000Z' });
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 'info', msg: 'ready', msSinceProcessStart: 812, channels: ['telegram'], at: '2026-11-29T18:20:00.000Z' });
    expect(parsed.note).toBe('password saya [sandi dihapus]');
  });
});
