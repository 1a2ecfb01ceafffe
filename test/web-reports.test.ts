// Employers' vacancy reports in the staff console: the pending ones are
// listed with every item, a reviewer approves one (it is published, the
// employer is told) or rejects one with a reason; a petugas cannot decide.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { ConsoleClient, staffWithPassword } from './support/console.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const db = sqliteDatabase();
let service: Service;
let reviewer: ConsoleClient;
let petugas: ConsoleClient;

beforeAll(async () => {
  service = await startTestService(await db.create(), { QUIET_HOURS: 'off' });
  const r = await staffWithPassword(service.runtime.db, 'rina', 'reviewer');
  const p = await staffWithPassword(service.runtime.db, 'budi', 'petugas');
  reviewer = new ConsoleClient(service.url!);
  petugas = new ConsoleClient(service.url!);
  await reviewer.login(r.username, r.password);
  await petugas.login(p.username, p.password);
});
afterAll(async () => {
  await service.stop();
  await db.dropAll();
});

async function report(reference: string, position: string, externalId: string): Promise<void> {
  const prisma = service.runtime.db;
  const contact = await prisma.contact.create({ data: { channel: 'telegram', externalId } });
  const fields = { company: 'PT Uji Konsol', position, quota: 3, education: 'SMA', kecamatan: '32.16.19', area: 'EJIP', howToApply: 'Kirim lamaran ke hrd@uji.example', closing: '2099-06-30', contactName: 'Bu Uji', contactPhone: '081200000000', gender: null, ageMax: 30 };
  await prisma.vacancyReport.create({ data: { reference, contactId: contact.id, title: position, company: fields.company, kecamatan: fields.kecamatan, data: JSON.stringify(fields) } });
}

describe('employer reports in the console', () => {
  it('a reviewer approves one (published, employer told) and rejects another with a reason; a petugas cannot decide', async () => {
    await report('LP-2099-0001', 'Operator Mesin Uji', '9001');
    await report('LP-2099-0002', 'Kasir Uji', '9002');
    const list = await reviewer.get('/admin/reports');
    expect(list.html).toContain('LP-2099-0001');
    expect(list.html).toContain('Kasir Uji');
    expect(list.html).toContain('2 menunggu');
    const one = await reviewer.get('/admin/reports/LP-2099-0001');
    expect(one.html).toContain('Cikarang Selatan (EJIP)');
    expect(one.html).toContain('Setujui dan tayangkan');

    await petugas.get('/admin/reports/LP-2099-0001');
    expect((await petugas.form('/admin/reports/LP-2099-0001/approve', {})).status).toBe(403);
    expect(await service.runtime.db.vacancy.count({ where: { source: 'laporan' } })).toBe(0);

    const ok = await reviewer.form('/admin/reports/LP-2099-0001/approve', {});
    expect(ok.status).toBe(303);
    const shown = await reviewer.get(ok.location!);
    expect(shown.html).toContain('Disetujui: tayang sebagai lowongan');
    expect(shown.html).toContain('disetujui');
    const vacancy = await service.runtime.db.vacancy.findUniqueOrThrow({ where: { sourceId: 'LP-2099-0001' } });
    expect(vacancy).toMatchObject({ source: 'laporan', verified: true, status: 'published', title: 'Operator Mesin Uji' });

    await reviewer.get('/admin/reports/LP-2099-0002');
    expect((await reviewer.form('/admin/reports/LP-2099-0002/reject', { alasan: '' })).status).toBe(303);
    expect((await service.runtime.db.vacancyReport.findUniqueOrThrow({ where: { reference: 'LP-2099-0002' } })).status).toBe('pending');
    await reviewer.form('/admin/reports/LP-2099-0002/reject', { alasan: 'alamat kurang jelas' });
    expect((await service.runtime.db.vacancyReport.findUniqueOrThrow({ where: { reference: 'LP-2099-0002' } })).status).toBe('rejected');
    // A second decision changes nothing.
    await reviewer.get('/admin/reports/LP-2099-0002');
    const again = await reviewer.form('/admin/reports/LP-2099-0002/approve', {});
    expect((await reviewer.get(again.location!)).html).toContain('sudah diputuskan');
    expect(await service.runtime.db.vacancy.count({ where: { sourceId: 'LP-2099-0002' } })).toBe(0);

    // Each employer is told in their chat; who decided is in the audit log.
    const notices = await service.runtime.db.outbox.findMany({ where: { kind: 'staff' } });
    expect(notices.find((n) => n.recipient === '9001')?.payload).toContain('sudah disetujui');
    expect(notices.find((n) => n.recipient === '9002')?.payload).toContain('alamat kurang jelas');
    const audit = await service.runtime.db.auditLog.findMany({ where: { actor: 'web:rina' } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['report.approve', 'report.reject']));
  });
});
