import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { importXml130File, SYSTEM_CALLER } from '@lienthong/server';
import { envelope, files, goodVisit } from '../../packages/xml130/src/test-fixtures.js';
import { visitAndAmendedWithoutDrugLine } from '../support/amended-visit.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, chromiumPath } from './browser.js';

/*
 * The administration screens in Chromium against the real server: an
 * administrator opens the data-feed board and sees a facility's refused
 * visit with why and the resource its amended file removed, registers a
 * client system and sees its secret once, disables a user, and looks up
 * facilities. axe-core finds no violations on each screen. Screenshots to
 * docs/screenshots/ with LIENTHONG_SCREENSHOTS=1.
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

/** A refusal a test provoked on purpose is not a problem of the app: it must have happened, once. */
function expectFailed(request: string): void {
  const at = problems.indexOf(request);
  assert.ok(at >= 0, `expected ${request} among ${JSON.stringify(problems)}`);
  problems.splice(at, 1);
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
      // Then a visit, and the same visit amended without a drug line: one resource removed.
      const { original, amended } = visitAndAmendedWithoutDrugLine('LK-SUA-0003');
      for (const xml of [original, amended]) await importXml130File(app.services, SYSTEM_CALLER, xml);
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

    test('the feed board shows the facility, its visits, the refused visit with why and the resources removed', async () => {
      await page.getByRole('link', { name: 'Quản trị' }).click();
      await page.getByRole('heading', { name: 'Nguồn dữ liệu của các cơ sở' }).waitFor();
      const row = page.getByRole('row', { name: /Bệnh viện Đa khoa Đồng Nai/ });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /mã 75001/);
      assert.match(text, /Có lỗi/);
      assert.match(text, /MA_LK LK-LOI-0002/);
      assert.match(text, /NGAY_VAO/);
      assert.match(text, /Tài nguyên đã xoá: 1/);
      await accessible();
      await screenshot('admin-feeds');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: "Facilities' data feeds" }).waitFor();
      assert.match(await row.innerText(), /Resources removed: 1/);
      await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
      await page.getByRole('heading', { name: 'Nguồn dữ liệu của các cơ sở' }).waitFor();
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

    test('registers a facility (code checked, never twice) and deactivates it', async () => {
      // On the facilities screen from the previous test.
      const form = page.getByRole('form', { name: 'Đăng ký cơ sở mới' });
      await form.getByLabel('Mã cơ sở KCB (5 ký tự)').fill('7510');
      await form.getByRole('button', { name: 'Đăng ký cơ sở' }).click();
      await form.getByText('Mã cơ sở phải gồm đúng 5 chữ số hoặc chữ cái').waitFor();
      await form.getByText('Cần tên cơ sở.').waitFor();
      await form.getByText('Cần xã/phường nơi cơ sở đặt trụ sở.').waitFor();
      await accessible();
      await form.getByLabel('Mã cơ sở KCB (5 ký tự)').fill('75102');
      await form.getByLabel('Tên cơ sở').fill('Trạm y tế xã Phước Thiền');
      await form.getByLabel('Loại').selectOption('health-station');
      await form.getByLabel('Xã/phường').fill('Xã Phước Thiền');
      await form.getByLabel(/Số nhà, đường/).fill('Ấp Bến Cam');
      await form.getByRole('button', { name: 'Đăng ký cơ sở' }).click();
      await page.getByText(/Đã đăng ký cơ sở Trạm y tế xã Phước Thiền/).waitFor();
      const held = async () => {
        const { rows } = await app.db.query<{ id: string; content: string }>(
          `SELECT r.id, r.content FROM resource r JOIN sp_token t ON t.resource_type = r.resource_type AND t.id = r.id
            WHERE r.resource_type = 'Organization' AND NOT r.deleted AND t.code = 'identifier' AND t.value = '75102'`,
        );
        return rows.map((r) => JSON.parse(r.content) as { id: string; active?: boolean; name: string });
      };
      const [made] = await held();
      assert.equal(made?.name, 'Trạm y tế xã Phước Thiền');
      assert.equal(made?.active, true);
      // The same code again: found by the conditional create, named, not duplicated.
      await form.getByLabel('Mã cơ sở KCB (5 ký tự)').fill('75102');
      await form.getByLabel('Tên cơ sở').fill('Trạm trùng mã');
      await form.getByLabel('Xã/phường').fill('Xã Phước Thiền');
      await form.getByRole('button', { name: 'Đăng ký cơ sở' }).click();
      await form.getByText('Mã 75102 đã thuộc về cơ sở “Trạm y tế xã Phước Thiền”').waitFor();
      assert.equal((await held()).length, 1);

      await page.getByLabel('Tên hoặc mã cơ sở KCB').fill('75102');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      const row = page.getByRole('row', { name: /Trạm y tế xã Phước Thiền/ });
      await row.waitFor();
      assert.match(await row.innerText(), /Xã Phước Thiền/);
      await screenshot('admin-facility-register');
      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: 'Đánh dấu Trạm y tế xã Phước Thiền ngừng hoạt động' }).click();
      await page.getByText('Đã đánh dấu Trạm y tế xã Phước Thiền ngừng hoạt động.').waitFor();
      await row.getByText('Ngừng hoạt động').waitFor();
      assert.equal((await held())[0]?.active, false);
      await accessible();
    });

    test("changes a user's role and facility, seeing what the role means", async () => {
      await app.users.create({
        username: 'ktv.an',
        displayName: 'KTV Lê Văn An',
        role: 'clinician',
        password: PASSWORD,
        organizationId: 'cs-75001',
      });
      await page
        .getByRole('navigation', { name: 'Các màn hình quản trị' })
        .getByRole('link', { name: 'Người dùng' })
        .click();
      const row = page.getByRole('row', { name: /ktv\.an/ });
      await row.getByRole('button', { name: 'Đổi vai trò / cơ sở của ktv.an' }).click();
      const form = page.getByRole('form', { name: 'Vai trò và cơ sở của ktv.an' });
      await form.getByText('Xem và ghi hồ sơ của người bệnh mình đang điều trị').waitFor();
      await form.getByLabel('Vai trò').selectOption('laboratory');
      await form.getByText('Nhận chỉ định xét nghiệm, ghi mẫu bệnh phẩm và kết quả xét nghiệm.').waitFor();
      await form.getByLabel('Mã cơ sở (Organization)').fill('cs-75101');
      await accessible();
      await screenshot('admin-user-edit');
      await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText('Đã đổi vai trò / cơ sở của ktv.an').waitFor();
      await row.getByText('Phòng xét nghiệm').waitFor();
      await row.getByText('Trạm y tế phường Tân Phong').waitFor();
      const user = await app.users.byUsername('ktv.an');
      assert.deepEqual([user?.role, user?.organizationId], ['laboratory', 'cs-75101']);

      // The last administrator cannot demote themselves: the server's reason is shown, nothing changes.
      await page
        .getByRole('row', { name: /quantri/ })
        .getByRole('button', { name: /Đổi vai trò/ })
        .click();
      const own = page.getByRole('form', { name: 'Vai trò và cơ sở của quantri' });
      await own.getByLabel('Vai trò').selectOption('department-analyst');
      await own.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await own.getByText(/quản trị viên cuối cùng còn hoạt động/).waitFor();
      expectFailed('409 PATCH /api/admin/users/quantri');
      assert.equal((await app.users.byUsername('quantri'))?.role, 'administrator');
      await own.getByRole('button', { name: 'Hủy' }).click();
    });

    test("replaces a client's public keys; a private key is refused; the web app's client has no disable", async () => {
      const { generateKeyPair, exportJWK } = await import('jose');
      const first = await generateKeyPair('ES384', { extractable: true });
      await app.clients.register({
        clientId: 'lis-75101',
        name: 'LIS Trạm y tế Tân Phong',
        role: 'facility-system',
        organizationId: 'cs-75101',
        authMethod: 'private_key_jwt',
        jwks: { keys: [{ ...(await exportJWK(first.publicKey)), kid: 'cu' }] },
        redirectUris: [],
        scope: 'system/*.cruds',
      });
      await page
        .getByRole('navigation', { name: 'Các màn hình quản trị' })
        .getByRole('link', { name: 'Hệ thống kết nối' })
        .click();
      const web = page.getByRole('row', { name: /lienthong-web/ });
      await web.getByText('Ứng dụng web của hệ thống: không thể khóa').waitFor();
      assert.equal(await web.getByRole('button', { name: /Khóa hệ thống/ }).count(), 0);

      const row = page.getByRole('row', { name: /lis-75101/ });
      await row.getByRole('button', { name: 'Thay khóa công khai của lis-75101' }).click();
      const form = page.getByRole('form', { name: 'Thay khóa công khai của lis-75101' });
      const next = await generateKeyPair('ES384', { extractable: true });
      await form
        .getByLabel('Khóa công khai (JWKS)')
        .fill(JSON.stringify({ keys: [{ ...(await exportJWK(next.privateKey)), kid: 'moi' }] }));
      await form.getByRole('button', { name: 'Thay khóa' }).click();
      await form.getByText(/private or secret key/).waitFor();
      expectFailed('400 PUT /api/admin/clients/lis-75101/keys');
      assert.deepEqual(
        (await app.clients.get('lis-75101'))?.jwks?.keys.map((k) => (k as { kid?: string }).kid),
        ['cu'],
      );
      await form
        .getByLabel('Khóa công khai (JWKS)')
        .fill(JSON.stringify({ keys: [{ ...(await exportJWK(next.publicKey)), kid: 'moi' }] }));
      await accessible();
      await screenshot('admin-client-keys');
      await form.getByRole('button', { name: 'Thay khóa' }).click();
      await page.getByText('Đã thay khóa của lis-75101; khóa đang dùng: moi.').waitFor();
      assert.deepEqual(
        (await app.clients.get('lis-75101'))?.jwks?.keys.map((k) => (k as { kid?: string }).kid),
        ['moi'],
      );
      await accessible();
    });

    test('no script errors, CSP violations or failed requests', () => {
      assert.deepEqual(problems, []);
    });
  },
);
