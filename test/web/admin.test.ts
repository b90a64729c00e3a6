import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { importXml130File, SYSTEM_CALLER } from '@lienthong/server';
import { envelope, files, goodVisit } from '../../packages/xml130/src/test-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, chromiumPath } from './browser.js';

/*
 * The administration screens in Chromium against the real server: an
 * administrator opens the data-feed board and sees a facility's refused
 * visit with why, registers a client system and sees its secret once,
 * disables a user, and looks up facilities. axe-core finds no violations on
 * each screen. Screenshots to docs/screenshots/ with LIENTHONG_SCREENSHOTS=1.
 */

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const executablePath = chromiumPath();
const shots = process.env.LIENTHONG_SCREENSHOTS ? 'docs/screenshots' : join(tmpdir(), 'lienthong-screenshots');

let app: TestApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function screenshot(name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function accessible(): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${page.url()}`);
}

describe(
  'administration screens in a browser',
  { skip: executablePath ? false : 'no Chromium at /usr/bin/chromium' },
  () => {
    before(async () => {
      app = await startTestApp({ listen: true, auth: true });
      for (const [id, code, name, kind] of [
        ['cs-75001', '75001', 'Bệnh viện Đa khoa Đồng Nai', 'Bệnh viện đa khoa tỉnh'],
        ['cs-75101', '75101', 'Trạm y tế phường Tân Phong', 'Trạm y tế xã, phường'],
      ]) {
        await app.services.store.write({
          resourceType: 'Organization',
          id,
          method: 'PUT',
          resource: {
            resourceType: 'Organization',
            id,
            active: true,
            identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-cskcb', value: code }],
            name,
            type: [{ text: kind }],
            address: [{ line: ['Phường Tân Phong'], city: 'Đồng Nai' }],
          },
        });
      }
      await app.users.create({
        username: 'quantri',
        displayName: 'Quản trị viên',
        role: 'administrator',
        password: PASSWORD,
      });
      await app.users.create({
        username: 'bacsi',
        displayName: 'BS. Nguyễn Thị Lan',
        role: 'clinician',
        password: PASSWORD,
        organizationId: 'cs-75001',
      });
      // A file from the general hospital: one good visit, one the checker refuses.
      const good = goodVisit();
      const bad = { XML1: { ...good.XML1, MA_LK: 'LK-LOI-0002', NGAY_VAO: '2025-13-45' } };
      const result = await importXml130File(app.services, SYSTEM_CALLER, envelope([files(good), files(bad)]));
      assert.deepEqual(
        result.visits.map((v) => v.status),
        ['imported', 'failed'],
      );
      browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      page.setDefaultTimeout(10_000);
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (r.status() >= 400 && path !== '/favicon.ico')
          problems.push(`${r.status()} ${r.request().method()} ${path}`);
      });
      page.on('pageerror', (e) => problems.push(e.message));

      await page.goto(`${app.url}/`);
      await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
      await page.waitForURL(/\/oauth2\/interaction\//);
      await page.fill('#username', 'quantri');
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: /Đăng nhập/ }).click();
      await page.getByRole('heading', { name: 'Tìm người bệnh' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    test('the feed board shows the facility, its visits and the refused visit with why', async () => {
      await page.getByRole('link', { name: 'Quản trị' }).click();
      await page.getByRole('heading', { name: 'Nguồn dữ liệu của các cơ sở' }).waitFor();
      const row = page.getByRole('row', { name: /Bệnh viện Đa khoa Đồng Nai/ });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /mã 75001/);
      assert.match(text, /Có lỗi/);
      assert.match(text, /MA_LK LK-LOI-0002/);
      assert.match(text, /NGAY_VAO/);
      await accessible();
      await screenshot('admin-feeds');
      await page.getByLabel('Hiển thị').selectOption('silent');
      await page.getByText('Không có cơ sở nào khớp với điều kiện lọc.').waitFor();
    });

    test('registers a client system and sees its secret once', async () => {
      await page
        .getByRole('navigation', { name: 'Các màn hình quản trị' })
        .getByRole('link', { name: 'Hệ thống kết nối' })
        .click();
      await page.getByRole('heading', { name: 'Hệ thống kết nối' }).waitFor();
      await page.getByLabel('Tên hệ thống').fill('HIS Trạm y tế Tân Phong');
      await page.getByLabel('Mã cơ sở (Organization)').fill('cs-75101');
      await page.getByLabel(/Mã máy khách/).fill('his-75101');
      await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
      const secret = page.getByTestId('one-time-secret');
      await secret.waitFor();
      const value = await secret.innerText();
      assert.ok(value.length >= 32, value);
      await page.getByRole('row', { name: /his-75101/ }).waitFor();
      await accessible();
      await screenshot('admin-clients');
      // The secret works at the token endpoint, and is gone once hidden — nowhere on the page any more.
      const token = await fetch(`${app.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic ' + Buffer.from(`his-75101:${value}`).toString('base64'),
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs' }),
      });
      assert.equal(token.status, 200);
      await page.getByRole('button', { name: 'Đã ghi lại, ẩn đi' }).click();
      assert.ok(!(await page.content()).includes(value));
      await page.reload();
      await page.getByRole('row', { name: /his-75101/ }).waitFor();
      assert.ok(!(await page.content()).includes(value));
    });

    test('disables a user, who can no longer sign in', async () => {
      await page
        .getByRole('navigation', { name: 'Các màn hình quản trị' })
        .getByRole('link', { name: 'Người dùng' })
        .click();
      await page.getByRole('heading', { name: 'Người dùng và vai trò' }).waitFor();
      const row = page.getByRole('row', { name: /bacsi/ });
      await row.getByRole('button', { name: 'Khóa tài khoản bacsi' }).click();
      await page.getByText('Đã khóa tài khoản bacsi').waitFor();
      await row.getByRole('button', { name: 'Mở khóa tài khoản bacsi' }).waitFor();
      assert.match(await row.innerText(), /Đã khóa/);
      assert.equal((await app.users.byUsername('bacsi'))?.disabled, true);
      assert.deepEqual(await app.users.login('bacsi', PASSWORD), { ok: false, reason: 'disabled' });
      await accessible();
      await screenshot('admin-users');
    });

    test('finds a facility by a name typed without diacritics', async () => {
      await page
        .getByRole('navigation', { name: 'Các màn hình quản trị' })
        .getByRole('link', { name: 'Cơ sở y tế' })
        .click();
      await page.getByRole('heading', { name: 'Cơ sở y tế' }).waitFor();
      await page.getByLabel('Tên hoặc mã cơ sở KCB').fill('tram y te');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      const row = page.getByRole('row', { name: /Trạm y tế phường Tân Phong/ });
      await row.waitFor();
      assert.match(await row.innerText(), /75101/);
      await accessible();
      await screenshot('admin-facilities');
    });

    test('no script errors, CSP violations or failed requests', () => {
      assert.deepEqual(problems, []);
    });
  },
);
