import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumPath } from './browser.js';

/*
 * A shared ward computer: one person signs out and the next signs in, in the
 * same tab. The second sign-in must ask for a password again and end up as
 * the second person — not fail at the OAuth server, and not reuse the first
 * person's server session.
 */

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const executablePath = chromiumPath();

let app: TestApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function signIn(username: string): Promise<void> {
  await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
  await page.waitForURL(/\/oauth2\/interaction\//);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

describe(
  'sign-out, then someone else signs in in the same tab',
  { skip: executablePath ? false : 'no Chromium' },
  () => {
    before(async () => {
      app = await startTestApp({ listen: true, auth: true });
      await app.users.create({
        username: 'bacsi.mot',
        role: 'administrator',
        displayName: 'Bác sĩ Một',
        password: PASSWORD,
      });
      await app.users.create({
        username: 'bacsi.hai',
        role: 'administrator',
        displayName: 'Bác sĩ Hai',
        password: PASSWORD,
      });
      browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    test('the second person signs in with their own password and is shown as themselves', async () => {
      await page.goto(`${app.url}/`);
      await signIn('bacsi.mot');
      assert.match(await page.locator('header').innerText(), /Bác sĩ Một/);
      const ended = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/oauth2/logout/confirm'));
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByText('Bạn đã đăng xuất.').waitFor();
      await ended;

      // The OAuth server's own session ended too: an app asking without prompt=login is shown
      // the sign-in page, not given a code for the person who left.
      const authorize = new URLSearchParams({
        response_type: 'code',
        client_id: 'lienthong-web',
        redirect_uri: `${app.url}/auth/callback`,
        scope: 'openid',
        state: 'kiem-tra-phien',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      });
      await page.goto(`${app.url}/oauth2/authorize?${authorize.toString()}`);
      await page.waitForURL(/\/oauth2\/interaction\//);
      await page.locator('#password').waitFor();
      await page.goto(`${app.url}/`);

      await signIn('bacsi.hai');
      const header = await page.locator('header').innerText();
      assert.match(header, /Bác sĩ Hai/);
      assert.doesNotMatch(header, /Bác sĩ Một/);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByText('Bạn đã đăng xuất.').waitFor();

      // And once more, back to the first person, with the wrong password first.
      await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
      await page.waitForURL(/\/oauth2\/interaction\//);
      await page.fill('#username', 'bacsi.mot');
      await page.fill('#password', 'sai mật khẩu');
      await page.getByRole('button', { name: /Đăng nhập/ }).click();
      await page.getByText(/Sai tên đăng nhập hoặc mật khẩu/).waitFor();
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: /Đăng nhập/ }).click();
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      assert.match(await page.locator('header').innerText(), /Bác sĩ Một/);
    });

    test('no script errors on the way', () => {
      assert.deepEqual(problems, []);
    });
  },
);
