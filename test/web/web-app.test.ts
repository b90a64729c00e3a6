import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, chromiumPath } from './browser.js';
import { loadProvince, type TestResident } from './province.js';

/*
 * The web app end to end, in Debian's Chromium against the real server and a
 * small synthetic province: a clinician of a facility of the province signs in
 * through the OAuth sign-in page, finds a patient by a name typed without
 * diacritics, reads the record gathered from several facilities, and breaks
 * the glass for a patient the facility has not cared for lately. Every main screen is
 * checked by axe-core. Screenshots go to docs/screenshots/ with
 * LIENTHONG_SCREENSHOTS=1 (they are committed), else to a temporary folder.
 */

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const executablePath = chromiumPath();
const shots = process.env.LIENTHONG_SCREENSHOTS ? 'docs/screenshots' : join(tmpdir(), 'lienthong-screenshots');

let app: TestApp;
let browser: Browser;
let page: Page;
let seen: TestResident; // a Nguyễn Văn … the clinician's facility cares for, seen at other facilities too
let stranger: TestResident; // a resident the clinician's facility has no relationship with
const problems: string[] = [];

async function screenshot(name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: name !== 'record' });
}

async function accessible(): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `accessibility violations on ${page.url()}`);
}

describe('web app in a browser', { skip: executablePath ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  before(async () => {
    app = await startTestApp({ listen: true, auth: true });
    const residents = await loadProvince(app, 300, 'web-app');
    await app.queue.drain();
    // The clinician works where a "Nguyễn Văn …" with visits at several facilities was seen lately.
    const candidates = residents.filter(
      (r) => /^Nguyễn Văn /.test(r.name) && r.careFacilities.size > 0 && r.visitFacilities.size >= 2,
    );
    const found = candidates.find((r) => r.repeatedLab) ?? candidates[0];
    assert.ok(found, 'the test province has a Nguyễn Văn … seen at several facilities');
    const facility = [...found.careFacilities][0]!;
    const other = residents.find((r) => r.visitFacilities.size > 0 && !r.careFacilities.has(facility));
    assert.ok(other, 'the test province has a resident the facility has not seen');
    seen = found;
    stranger = other;
    await app.users.create({
      username: 'bacsi',
      role: 'clinician',
      displayName: 'BS. Nguyễn Thị Lan (thử nghiệm)',
      password: PASSWORD,
      organizationId: facility,
    });
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      // Failed requests are checked below, with their address.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      // A refused record (403) is expected before the break-glass; the sign-in page has no icon.
      if (r.status() >= 400 && !(r.status() === 403 && path.endsWith('/$everything')) && path !== '/favicon.ico')
        problems.push(`${r.status()} ${r.request().method()} ${path}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('signs a clinician in through the OAuth sign-in page (authorization code + PKCE)', async () => {
    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await accessible();
    await screenshot('sign-in');
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
    await page.waitForURL(/\/oauth2\/interaction\//);
    await page.fill('#username', 'bacsi');
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.getByRole('heading', { name: 'Tìm người bệnh' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await page.locator('.user').innerText(), /BS\. Nguyễn Thị Lan/);
    // The token is in this tab's sessionStorage, nowhere longer-lived.
    const stored = await page.evaluate(() => ({ session: sessionStorage.length, local: Object.keys(localStorage) }));
    assert.equal(stored.session, 1);
    assert.ok(!stored.local.some((k) => k.includes('session')));
  });

  test('finds "Nguyễn Văn …" by a name typed without diacritics, one row per person', async () => {
    await page.getByLabel('Số CCCD, số thẻ BHYT hoặc họ tên').fill('nguyen van');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    const row = page.getByRole('link', { name: seen.name, exact: true });
    await row.waitFor();
    const names = await page.locator('table.results tbody th').allInnerTexts();
    assert.ok(
      names.every((n) => n.startsWith('Nguyễn Văn')),
      names.join(', '),
    );
    assert.equal(new Set(names).size <= names.length, true);
    await accessible();
    await screenshot('search');
  });

  test("opens the person's record and shows items from two facilities", async () => {
    const started = Date.now();
    await page.getByRole('link', { name: seen.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: seen.name }).waitFor();
    await page.getByRole('heading', { name: 'Các lần khám chữa bệnh' }).waitFor();
    console.log(`# record page interactive in ${Date.now() - started} ms`);
    const visitFacilities = await page.locator('.timeline-title .facility').allInnerTexts();
    assert.ok(new Set(visitFacilities).size >= 2, `visits from ${[...new Set(visitFacilities)].join(', ')}`);
    const sources = await page.locator('.sources .chip').count();
    assert.ok(sources >= 2, `${sources} facilities`);
    await accessible();
    await screenshot('record');
    if ((await page.locator('.trend').count()) > 0)
      await page.locator('#labs').screenshot({ path: join(shots, 'record-labs.png') });
    await page.locator('#encounters').screenshot({ path: join(shots, 'record-visits.png') });
  });

  test('switches to English and keeps the choice after a reload', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Visits' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Visits' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Các lần khám chữa bệnh' }).waitFor();
  });

  test('lays the record out for a tablet', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('navigation', { name: 'Các phần của hồ sơ' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a tablet`);
    await screenshot('record-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('breaks the glass for a patient the facility has no care relationship with', async () => {
    await page.getByRole('link', { name: 'Tìm người bệnh' }).click();
    await page.getByLabel('Số CCCD, số thẻ BHYT hoặc họ tên').fill(stranger.cccd);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    // The search leaves out people the facility does not care for: the way in is the citizen ID.
    await page.getByRole('heading', { name: 'Không thấy người bệnh trong phạm vi bạn được xem' }).waitFor();
    await page.getByRole('button', { name: 'Truy cập khẩn cấp…' }).click();
    const reason = page.getByLabel('Lý do truy cập (ít nhất 10 ký tự)');
    await reason.fill('ngắn');
    await page.getByRole('button', { name: 'Tôi hiểu, mở hồ sơ' }).click();
    await page.getByText('Lý do cần ít nhất 10 ký tự').waitFor();
    await reason.fill('Cấp cứu: bệnh nhân bất tỉnh, cần tiền sử dị ứng thuốc');
    await accessible();
    await screenshot('break-glass');
    await page.getByRole('button', { name: 'Tôi hiểu, mở hồ sơ' }).click();
    await page.getByRole('heading', { level: 1, name: stranger.name }).waitFor();
    await page.getByText(/Đang truy cập khẩn cấp đến/).waitFor();
    await page.getByRole('heading', { name: 'Các lần khám chữa bệnh' }).waitFor();
    assert.ok((await page.locator('.timeline-item').count()) > 0);
    const { rows } = await app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_event WHERE content::text LIKE '%Cấp cứu: bệnh nhân bất tỉnh%'",
    );
    assert.ok(rows[0]!.n >= 1, 'the break-glass and its reason are in the audit trail');
  });

  test('signs out: the tokens are revoked and the app asks for a sign-in again', async () => {
    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('lienthong.session') ?? '{}') as { accessToken?: string }).accessToken,
    );
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lienthong.session')), null);
    const res = await fetch(`${app.fhirUrl}/Patient?_count=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
  });

  test('no script errors or CSP violations on the way', () => {
    assert.deepEqual(problems, []);
  });
});
