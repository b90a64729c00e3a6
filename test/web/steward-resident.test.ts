import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Patient, Person } from '@medplum/fhirtypes';
import { chromium, type Browser, type Page } from 'playwright-core';
import { handleFhir, SYSTEM_CALLER } from '@lienthong/server';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, chromiumPath } from './browser.js';
import { loadProvince, type TestResident } from './province.js';

/*
 * The administrator's and the resident's screens, in Chromium against the
 * real server and a small synthetic province. A facility registers a walk-in
 * whose name and birth date are a resident's (nothing else): the patient
 * index queues the pair for review. The administrator links the two from
 * the review queue and undoes it. Then the resident signs in, sees their own
 * health book only, the administrator's look at their record in "who
 * accessed my record", and a printable vaccination record. axe-core checks
 * each screen.
 */

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const WALK_IN_MRN = 'WEBTEST-0001';
const CCCD = 'http://fhir.lienthong.vn/sid/cccd';
const executablePath = chromiumPath();
const shots = process.env.LIENTHONG_SCREENSHOTS ? 'docs/screenshots' : join(tmpdir(), 'lienthong-screenshots');

let app: TestApp;
let browser: Browser;
let page: Page;
let resident: TestResident;
let residentPatient: Patient;
const problems: string[] = [];

async function fhir(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body?: unknown }> {
  const [p, q = ''] = path.split('?');
  return handleFhir(app.services, {
    method,
    caller: SYSTEM_CALLER,
    path: p!,
    query: [...new URLSearchParams(q)],
    headers: {},
    ...(body ? { body } : {}),
  });
}

async function linkedTo(patientId: string): Promise<string[]> {
  const res = await fhir('GET', `Person?patient=${patientId}`);
  const person = (res.body as Bundle<Person>).entry?.[0]?.resource;
  return (person?.link ?? []).map((l) => l.target.reference!.replace('Patient/', '')).sort();
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function accessible(): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${page.url()}`);
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
  await page.waitForURL(/\/oauth2\/interaction\//);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** A fresh browser (another person, another device), reporting what goes wrong on its pages. */
async function newPage(): Promise<Page> {
  await page?.context().close();
  const next = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  next.setDefaultTimeout(10_000);
  next.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  next.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== '/favicon.ico') problems.push(`${r.status()} ${r.request().method()} ${path}`);
  });
  next.on('pageerror', (e) => problems.push(e.message));
  return next;
}

describe('administrator and resident screens', { skip: executablePath ? false : 'no Chromium' }, () => {
  before(async () => {
    app = await startTestApp({ listen: true, auth: true });
    const residents = await loadProvince(app, 60, 'web-app-steward');
    await app.queue.drain();
    const found = residents.find((r) => r.visitFacilities.size > 0 && r.cccd);
    assert.ok(found, 'the test province has a resident with visits');
    resident = found;
    const bundle = (await fhir('GET', `Patient?identifier=${encodeURIComponent(`${CCCD}|${resident.cccd}`)}`))
      .body as Bundle<Patient>;
    residentPatient = bundle.entry![0]!.resource!;
    // A walk-in at a facility: the resident's name, birth date and sex, and nothing else to go by.
    const walkIn: Patient = {
      resourceType: 'Patient',
      id: 'web-walk-in',
      identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-bn/webtest', value: WALK_IN_MRN }],
      name: residentPatient.name!.slice(0, 1),
      birthDate: residentPatient.birthDate!,
      ...(residentPatient.gender ? { gender: residentPatient.gender } : {}),
      address: [{ text: 'Ấp 3, xã Thử Nghiệm' }],
    };
    const put = await fhir('PUT', 'Patient/web-walk-in', walkIn);
    assert.ok(put.status === 201 || put.status === 200, JSON.stringify(put.body));
    await app.queue.drain();
    assert.deepEqual(await linkedTo('web-walk-in'), ['web-walk-in'], 'a possible match is not linked automatically');

    await app.users.create({
      username: 'quantri',
      role: 'administrator',
      displayName: 'Quản trị viên (thử nghiệm)',
      password: PASSWORD,
    });
    await app.users.create({
      username: 'nguoidan',
      role: 'resident',
      displayName: resident.name,
      password: PASSWORD,
      patientId: residentPatient.id!,
    });
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
    page = await newPage();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('an administrator links a possible duplicate from the review queue, then undoes it', async () => {
    await signIn('quantri');
    await page.getByRole('link', { name: 'Hồ sơ nghi trùng' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ nghi trùng' }).waitFor();
    const item = page.locator('section.review').filter({ hasText: WALK_IN_MRN }).first();
    await item.waitFor();
    // Both records side by side, with each field's agreement and weight.
    const text = await item.innerText();
    assert.match(text, /Hồ sơ 1[\s\S]*Hồ sơ 2/);
    assert.match(text, /Ngày sinh/);
    assert.match(text, /Trùng khớp \(\+\d/);
    await accessible();
    await screenshot('review-queue');

    // A reason is required.
    await item.getByLabel('Cùng một người — gộp hai hồ sơ').check();
    await item.getByRole('button', { name: 'Ghi quyết định' }).click();
    await item.getByText('Ghi lý do, ít nhất 5 ký tự.').waitFor();
    await item.getByLabel('Lý do (ghi vào nhật ký)').fill('Đã đối chiếu CCCD với trạm y tế');
    await item.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.getByText(/^Đã gộp: /).waitFor();
    assert.ok((await linkedTo('web-walk-in')).includes(residentPatient.id!), 'linked into the resident’s person');
    await page.locator('section.review').filter({ hasText: WALK_IN_MRN }).first().waitFor({ state: 'detached' });
    await accessible();

    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByText(/^Đã hoàn tác: /).waitFor();
    assert.deepEqual(await linkedTo('web-walk-in'), ['web-walk-in'], 'the undo puts the walk-in back on its own');
    const { rows } = await app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_event WHERE content::text LIKE '%mpi-review-link%'",
    );
    assert.ok(rows[0]!.n >= 1, 'the decision is in the audit trail');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByText('Bạn đã đăng xuất.').waitFor();
  });

  test('a resident sees their own health book, and only theirs', async () => {
    // Their own device: a second sign-in in the same tab after a sign-out is not covered here.
    page = await newPage();
    await signIn('nguoidan');
    await page.getByRole('heading', { level: 1, name: 'Sổ sức khỏe của tôi' }).waitFor();
    await page.getByRole('heading', { name: 'Các lần khám chữa bệnh' }).waitFor();
    assert.match(await page.locator('.subtitle').first().innerText(), new RegExp(resident.name));
    // No clinician screens: no patient search, no review queue.
    assert.equal(await page.getByRole('link', { name: 'Tìm người bệnh' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Hồ sơ nghi trùng' }).count(), 0);
    // The records shown are the resident's own Patient.
    const records = await page.locator('#administrative ul.plain li').count();
    assert.equal(records, 1);
    await accessible();
    await screenshot('health-book');
    // The server, not the app, keeps others' records out of reach.
    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('lienthong.session') ?? '{}') as { accessToken?: string }).accessToken,
    );
    const other = await fetch(`${app.fhirUrl}/Patient/web-walk-in`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(other.status, 403);
  });

  test('"who accessed my record" lists the administrator who looked at it', async () => {
    await page.getByRole('link', { name: 'Ai đã xem hồ sơ của tôi' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Ai đã xem hồ sơ của tôi' }).waitFor();
    await page.locator('table.access-log tbody tr').first().waitFor();
    const roles = await page.locator('table.access-log tbody td:nth-child(3)').allInnerTexts();
    assert.ok(roles.includes('Quản trị hệ thống'), roles.join(', '));
    assert.ok(roles.includes('Người dân'), 'their own reads are there too');
    await accessible();
    await screenshot('access-log');
  });

  test('prints a vaccination record without the app around it', async () => {
    await page.getByRole('link', { name: 'Phiếu tiêm chủng' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Phiếu xác nhận tiêm chủng' }).waitFor();
    await page.getByRole('button', { name: 'In phiếu (hoặc lưu PDF)' }).waitFor();
    await accessible();
    await screenshot('vaccinations');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.topbar').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'In phiếu (hoặc lưu PDF)' }).isVisible(), false);
    assert.ok(await page.locator('.vaccination-card').isVisible());
    await page.emulateMedia({ media: 'screen' });
  });

  test('no script errors, failed requests or CSP violations on the way', () => {
    assert.deepEqual(problems, []);
  });
});
