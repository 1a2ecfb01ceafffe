// Staff decisions on employers' vacancy reports (`pasker reports …`, the
// console): list, show, approve, reject. Approval publishes the report as a
// verified vacancy (source "laporan"), which reaches alerts like any import
// (immediate alerts are planned at once, the digest counts it as new); the
// employer is told the outcome on their channel through the outbox.

import { requirementText } from '../core/flows/report.ts';
import { audit } from '../db/audit.ts';
import { enqueue } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import { upsertVacancies } from '../db/vacancies.ts';
import { isEducation } from '../domain/education.ts';
import type { VacancyInput } from '../domain/vacancy-import.ts';
import { isApplicantFee, type ReportFields } from '../domain/vacancy-report.ts';
import { InputError } from '../errors.ts';
import { planImmediateAlerts } from './alerts.ts';
import type { Runtime } from './runtime.ts';

export interface ReportRecord {
  id: number;
  reference: string;
  status: 'pending' | 'approved' | 'rejected';
  title: string;
  company: string;
  kecamatan: string;
  fields: ReportFields;
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  vacancyId: number | null;
  createdAt: Date;
  contactId: number | null;
}

type Row = { id: number; reference: string; status: string; title: string; company: string; kecamatan: string; data: string; reason: string | null; reviewedBy: string | null; reviewedAt: Date | null; vacancyId: number | null; createdAt: Date; contactId: number | null };

function record(r: Row): ReportRecord {
  let fields: ReportFields;
  try {
    fields = JSON.parse(r.data) as ReportFields;
  } catch {
    fields = {};
  }
  return { ...r, status: r.status === 'approved' || r.status === 'rejected' ? r.status : 'pending', fields };
}

/** Reports, newest first; `status` narrows them (pending by default in the CLI). */
export async function listReports(runtime: Runtime, status: string | null, take = 50): Promise<ReportRecord[]> {
  const rows = await runtime.db.vacancyReport.findMany({ where: status ? { status } : {}, orderBy: { id: 'desc' }, take });
  return rows.map(record);
}

/** One report by its reference number ("LP-2026-0042"); InputError when there is none. */
export async function getReport(runtime: Runtime, reference: string): Promise<ReportRecord> {
  const row = await runtime.db.vacancyReport.findUnique({ where: { reference: reference.toUpperCase() } });
  if (!row) throw new InputError(`no report ${reference}; "pasker reports list" shows the pending ones`);
  return record(row);
}

/** The report's lines for staff (every item, in Indonesian as the employer saw the summary). */
export function reportLines(runtime: Runtime, r: ReportRecord): string[] {
  const m = runtime.content.messages;
  const f = r.fields;
  const region = runtime.content.region;
  const lines = [`${r.reference} · ${r.status}${r.reason ? ` (${r.reason})` : ''} · ${r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}`];
  const add = (label: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') lines.push(`  ${label}: ${value}`);
  };
  add('perusahaan', f.company);
  add('posisi', f.position);
  add('jumlah', f.quota);
  add('pendidikan', f.education === null ? 'semua jenjang' : f.education);
  add('syarat', requirementText(f, m));
  add('gaji', f.wage);
  add('lokasi', f.kecamatan ? `${region.nameOf(f.kecamatan)}${f.area ? ` (${f.area})` : ''}` : null);
  add('cara melamar', f.howToApply);
  add('dibuka sampai', f.closing);
  add('kontak', [f.contactName, f.contactPhone].filter(Boolean).join(', '));
  add('lainnya', f.notes?.join('; '));
  if (r.vacancyId) add('lowongan', `#${r.vacancyId}`);
  if (r.reviewedBy) add('diputuskan', `${r.reviewedBy} ${r.reviewedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? ''}`);
  return lines;
}

/** What the report publishes: a verified vacancy whose source id is the reference number. */
export function reportVacancy(r: ReportRecord, now: Date): VacancyInput {
  const f = r.fields;
  // What applicants read about the job: requirements, wage, other conditions (a fee never is among them).
  const about = [f.experience, ...(f.requirements ?? []), f.wage ? `Gaji: ${f.wage}` : null, ...(f.notes ?? [])].filter((x): x is string => Boolean(x) && !isApplicantFee(x!));
  const closing = f.closing ? new Date(`${f.closing}T00:00:00Z`) : null;
  return {
    sourceId: r.reference,
    source: 'laporan',
    sourceUrl: null,
    title: f.position ?? r.title,
    company: f.company ?? r.company,
    kecamatan: f.kecamatan ?? r.kecamatan,
    address: f.area ?? null,
    minEducation: f.education && isEducation(f.education) ? f.education : 'SD',
    keywords: (f.position ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    major: null,
    employmentType: null,
    salaryMin: null,
    salaryMax: null,
    ageMin: f.ageMin ?? null,
    ageMax: f.ageMax ?? null,
    gender: f.gender ?? null,
    quota: f.quota ?? null,
    experience: about.length ? about.join('; ') : null,
    howToApply: [f.howToApply, f.contactPhone ? `Kontak: ${[f.contactName, f.contactPhone].filter(Boolean).join(', ')}` : null].filter(Boolean).join('. '),
    verified: true,
    status: 'published',
    publishedAt: now,
    closingDate: closing,
  };
}

export interface Decision {
  report: ReportRecord;
  /** Immediate alerts queued by the approval. */
  alertsQueued: number;
  /** The employer was queued a message with the outcome. */
  told: boolean;
}

/**
 * Approves a pending report: only one staff member's approval takes (the
 * status changes from pending once), then the vacancy is published and
 * immediate alerts are planned. A second approval is refused.
 */
export async function approveReport(runtime: Runtime, raw: RawDb, reference: string, by: string, now = new Date()): Promise<Decision> {
  const r = await getReport(runtime, reference);
  if (r.status !== 'pending') throw new InputError(`${r.reference} is ${r.status} already`);
  const taken = await runtime.db.vacancyReport.updateMany({ where: { id: r.id, status: 'pending' }, data: { status: 'approved', reviewedBy: by, reviewedAt: now } });
  if (!taken.count) throw new InputError(`${r.reference} was decided by someone else just now`);
  await upsertVacancies(runtime.db, [reportVacancy(r, now)], { now });
  const vacancy = await runtime.db.vacancy.findUnique({ where: { sourceId: r.reference } });
  await runtime.db.vacancyReport.update({ where: { id: r.id }, data: { vacancyId: vacancy?.id ?? null } });
  await audit(runtime.db, { actor: by, action: 'report.approve', target: `report:${r.id}`, detail: `${r.reference} -> vacancy:${vacancy?.id ?? '?'}` });
  const told = await tell(runtime, raw, { ...r, status: 'approved' }, now);
  const alerts = await planImmediateAlerts(runtime, raw, now);
  return { report: await getReport(runtime, r.reference), alertsQueued: alerts.queued, told };
}

/** Rejects a pending report with a reason the employer is told; nothing is published. */
export async function rejectReport(runtime: Runtime, raw: RawDb, reference: string, reason: string, by: string, now = new Date()): Promise<Decision> {
  if (!reason.trim()) throw new InputError('a rejection needs a reason (--reason "..."), which the employer is told');
  const r = await getReport(runtime, reference);
  if (r.status !== 'pending') throw new InputError(`${r.reference} is ${r.status} already`);
  const taken = await runtime.db.vacancyReport.updateMany({ where: { id: r.id, status: 'pending' }, data: { status: 'rejected', reason: reason.trim().slice(0, 300), reviewedBy: by, reviewedAt: now } });
  if (!taken.count) throw new InputError(`${r.reference} was decided by someone else just now`);
  await audit(runtime.db, { actor: by, action: 'report.reject', target: `report:${r.id}`, detail: r.reference });
  const told = await tell(runtime, raw, { ...r, status: 'rejected', reason: reason.trim().slice(0, 300) }, now);
  return { report: await getReport(runtime, r.reference), alertsQueued: 0, told };
}

// The outcome, to the employer's chat (a personal message, like a staff answer).
async function tell(runtime: Runtime, raw: RawDb, r: ReportRecord, now: Date): Promise<boolean> {
  if (!r.contactId) return false;
  const contact = await runtime.db.contact.findUnique({ where: { id: r.contactId } });
  if (!contact || contact.channel === 'terminal') return false;
  const m = runtime.content.messages;
  const text = r.status === 'approved' ? m.t('report.notice_approved', { reference: r.reference, title: r.title }) : m.t('report.notice_rejected', { reference: r.reference, title: r.title, reason: r.reason ?? '-' });
  const n = await enqueue(raw, [{ key: `report:${r.id}:${r.status}`, contactId: contact.id, channel: contact.channel, recipient: contact.externalId, kind: 'staff', payload: JSON.stringify({ reply: { text, choices: [] } }), notBefore: null }], now);
  return n > 0;
}
