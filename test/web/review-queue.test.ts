import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Parameters } from '@medplum/fhirtypes';
import { chromium, type Browser, type Page } from 'playwright-core';
import { handleFhir, SYSTEM_CALLER } from '@lienthong/server';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { axeViolations, chromiumPath } from './browser.js';

/*
 * The review queue beyond its first page, and undoing a "not the same
 * person": 25 people each registered at a health station and again as a
 * walk-in (name, birth date and sex only) make 25 possible duplicates. The
 * administrator sees 20, asks for the rest, keeps one pair apart, undoes it,
 * and finds the pair waiting again.
 */

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const PAIRS = 25;
const FAMILIES = ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'];
const GIVEN = ['Bình', 'Cúc', 'Dũng', 'Hạnh', 'Khoa'];
const executablePath = chromiumPath();

let app: TestApp;
let browser: Browser;
let page: Page;
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

/** The open pairs' walk-in ids, from the API. */
async function openWalkIns(): Promise<string[]> {
  const res = await fhir('GET', 'Patient/$mpi-reviews?status=open&_count=200');
  const reviews = ((res.body as Parameters).parameter ?? []).filter((p) => p.name === 'review');
  return reviews
    .flatMap((r) => (r.part ?? []).map((x) => x.valueReference?.reference ?? ''))
    .filter((ref) => ref.includes('walk-in'))
    .map((ref) => ref.replace('Patient/', ''));
}

describe(
  'the review queue: more pairs, and undo of "not the same"',
  { skip: executablePath ? false : 'no Chromium' },
  () => {
    before(async () => {
      app = await startTestApp({ listen: true, auth: true });
      for (let i = 0; i < PAIRS; i++) {
        const name = [{ family: FAMILIES[i % 5]!, given: ['Văn', GIVEN[Math.floor(i / 5)]!] }];
        const birthDate = `19${60 + i}-0${(i % 9) + 1}-1${i % 10}`;
        const gender = i % 2 ? 'female' : 'male';
        const registered = await fhir('PUT', `Patient/tram-${i}`, {
          resourceType: 'Patient',
          id: `tram-${i}`,
          identifier: [
            {
              system: 'http://fhir.lienthong.vn/sid/cccd',
              value: `0750${String(60 + i).padStart(2, '0')}00${String(1000 + i)}`,
            },
          ],
          name,
          birthDate,
          gender,
          telecom: [{ system: 'phone', value: `0912${String(100000 + i)}` }],
        });
        assert.ok(registered.status < 300, JSON.stringify(registered.body));
        const walkIn = await fhir('PUT', `Patient/walk-in-${i}`, {
          resourceType: 'Patient',
          id: `walk-in-${i}`,
          identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-bn/webtest', value: `WALKIN-${i}` }],
          name,
          birthDate,
          gender,
        });
        assert.ok(walkIn.status < 300, JSON.stringify(walkIn.body));
      }
      await app.queue.drain();
      assert.equal((await openWalkIns()).length, PAIRS, 'every walk-in waits for a steward');
      const people = (await fhir('GET', 'Person?_count=1')).body as Bundle;
      assert.ok(people.total === undefined || people.total >= PAIRS);
      await app.users.create({
        username: 'quantri',
        role: 'administrator',
        displayName: 'Quản trị viên',
        password: PASSWORD,
      });
      browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (r.status() >= 400 && path !== '/favicon.ico')
          problems.push(`${r.status()} ${r.request().method()} ${path}`);
      });
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    test('twenty pairs first, then the rest on request', async () => {
      await page.goto(`${app.url}/`);
      await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
      await page.waitForURL(/\/oauth2\/interaction\//);
      await page.fill('#username', 'quantri');
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: /Đăng nhập/ }).click();
      await page.getByRole('link', { name: 'Hồ sơ nghi trùng' }).click();
      await page.getByText(`20 trên ${PAIRS} cặp đang chờ quyết định`).waitFor();
      assert.equal(await page.locator('section.review').count(), 20);
      await page.getByRole('button', { name: `Xem thêm ${PAIRS - 20} cặp` }).click();
      await page.getByText(`${PAIRS} cặp đang chờ quyết định`, { exact: false }).first().waitFor();
      await page
        .locator('section.review')
        .nth(PAIRS - 1)
        .waitFor();
      assert.equal(await page.locator('section.review').count(), PAIRS);
      assert.equal(await page.getByRole('button', { name: /^Xem thêm/ }).count(), 0, 'nothing more to show');
      assert.deepEqual(await axeViolations(page), []);
    });

    test('"not the same person", then undo: the pair waits again', async () => {
      // The last pair, which only "more" brought in.
      const item = page.locator('section.review').filter({ hasText: 'WALKIN-' }).last();
      const text = await item.innerText();
      const walkIn = /WALKIN-(\d+)/.exec(text)![1]!;
      await item.getByLabel('Không phải cùng một người — giữ riêng').check();
      await item.getByLabel('Lý do (ghi vào nhật ký)').fill('Khác cha mẹ, khác địa chỉ');
      await item.getByRole('button', { name: 'Ghi quyết định' }).click();
      await page.getByText(/^Đã ghi: .* là hai người khác nhau/).waitFor();
      assert.ok(!(await openWalkIns()).includes(`walk-in-${walkIn}`), 'decided: out of the queue');
      await page
        .locator('section.review')
        .filter({ hasText: `WALKIN-${walkIn}` })
        .waitFor({ state: 'detached' });
      // The pairs brought in by "more" stay on the screen after the decision.
      await page
        .getByText(`${PAIRS - 1} cặp đang chờ quyết định`, { exact: false })
        .first()
        .waitFor();
      assert.equal(await page.locator('section.review').count(), PAIRS - 1);

      await page.getByRole('button', { name: 'Hoàn tác' }).click();
      await page.getByText(/^Đã hoàn tác: cặp .* trở lại hàng chờ/).waitFor();
      assert.ok((await openWalkIns()).includes(`walk-in-${walkIn}`), 'undone: the pair waits again');
      await page
        .locator('section.review')
        .filter({ hasText: `WALKIN-${walkIn}` })
        .first()
        .waitFor();
      assert.equal(await page.getByRole('button', { name: 'Hoàn tác' }).count(), 0, 'undone once');
      assert.deepEqual(await axeViolations(page), []);
    });

    test('no script errors, failed requests or CSP violations on the way', () => {
      assert.deepEqual(problems, []);
    });
  },
);
