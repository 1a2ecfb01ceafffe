// Helpers for the staff console tests: accounts with a known password, an
// HTTP client that keeps its cookie like a browser, and Debian's Chromium
// driven through playwright-core.

import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../src/db/client.ts';
import { hashPassword } from '../../src/web/passwords.ts';
import { addStaff, type Role } from '../../src/web/staff-accounts.ts';

export const SCREENSHOTS = path.resolve('test-output/screenshots');

/** A staff account that has already chosen its password (`password`). */
export async function staffWithPassword(db: Db, username: string, role: Role, password = `${username}-sandi-rahasia-9`): Promise<{ username: string; password: string; id: number }> {
  const { id } = await addStaff(db, { username, displayName: `Petugas ${username}`, role, by: 'test' });
  await db.staffAccount.update({ where: { id }, data: { passwordHash: await hashPassword(password), mustChangePassword: false } });
  return { username, password, id };
}

/** An HTTP client with a cookie jar; `form` posts a form with the CSRF token of the last page read. */
export class ConsoleClient {
  private cookie = '';
  csrf = '';

  constructor(readonly base: string) {}

  async get(url: string): Promise<{ status: number; location: string | null; html: string }> {
    return this.request('GET', url);
  }

  async form(url: string, fields: Record<string, string>, options: { csrf?: string | null } = {}): Promise<{ status: number; location: string | null; html: string }> {
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    const body = new URLSearchParams({ ...(token === null ? {} : { _csrf: token }), ...fields }).toString();
    return this.request('POST', url, body);
  }

  /** Posts a file as the upload form does (multipart, with the CSRF token). */
  async upload(url: string, fileName: string, content: string): Promise<{ status: number; location: string | null; html: string }> {
    const form = new FormData();
    form.set('_csrf', this.csrf);
    form.set('file', new Blob([content], { type: 'text/csv' }), fileName);
    return this.request('POST', url, form);
  }

  async login(username: string, password: string): Promise<{ status: number; location: string | null; html: string }> {
    await this.get('/admin/login');
    return this.form('/admin/login', { username, password });
  }

  private async request(method: string, url: string, body?: string | FormData) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (typeof body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(url, this.base), { method, redirect: 'manual', headers, ...(body !== undefined ? { body } : {}) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('pasker_sesi='));
    if (set) this.cookie = set.split(';')[0]!;
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), html };
  }
}

/** Debian's Chromium, headless, without the sandbox (we run as root) and without talking to Google. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // The console is tested in a real browser or not at all: a missing one fails loudly, with the fix.
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps'],
  });
}

/** Signs in through the form as a person would. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('main button');
  await page.waitForLoadState('load');
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
