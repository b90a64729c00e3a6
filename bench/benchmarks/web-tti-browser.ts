// Drives Debian's Chromium (playwright-core) through the record page and
// measures its time to interactive, as defined in web-tti.ts.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The record's parts (record-view.tsx): all of them in the DOM means the record is rendered. */
const SECTION_IDS = [
  'administrative',
  'conditions',
  'allergies',
  'procedures',
  'family-history',
  'medications',
  'labs',
  'reports',
  'encounters',
  'immunizations',
  'referrals',
];
/** The main thread is idle once no long task (> 50 ms) has run for this long. */
export const QUIET_MS = 1000;

export interface LoadTiming {
  /** Time to interactive: the record painted, and the end of the last long task before the quiet window (ms since navigation). */
  tti: number;
  /** When every part of the record was in the DOM and painted. */
  rendered: number;
  /** First contentful paint (the header, before the record). */
  fcp: number;
  /** Long tasks (> 50 ms) on the way, and their total time. */
  longTasks: number;
  longTaskMs: number;
  /** The `$everything` requests (all pages): from the first start to the last end, ms. */
  everythingMs: number;
  /** JS and CSS bytes that came over the network (0 when cached). */
  transferredBytes: number;
}

/**
 * Collects, from before the app's first script: long tasks, and the moment
 * every part of the record is in the DOM (then the next frame, to count the paint).
 * Added through the DevTools protocol, so the page's CSP is not involved. A
 * string, not a function: tsx's transform adds helpers a page does not have.
 */
const PROBE = `(() => {
  const ids = ${JSON.stringify(SECTION_IDS)};
  const t = (window.__tti = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) t.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  let seen = false;
  const check = () => {
    if (seen || !ids.every((id) => document.getElementById(id))) return;
    seen = true;
    requestAnimationFrame(() => setTimeout(() => (t.rendered = performance.now()), 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

export function chromiumPath(): string {
  const path = process.env.LIENTHONG_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`web-tti needs Chromium at ${path} (apt-get install chromium)`);
  return path;
}

/**
 * Waits in the page for the record, then for the quiet window, and reads the
 * timings. A string like PROBE, evaluated through the DevTools protocol (the
 * page's CSP forbids the eval that `waitForFunction` would use).
 */
const SETTLE = `(async () => {
  const started = performance.now();
  while (!(window.__tti && window.__tti.rendered)) {
    if (performance.now() - started > 60000) return { error: document.querySelector('main')?.innerText.slice(0, 500) ?? '' };
    await new Promise((r) => setTimeout(r, 50));
  }
  const t = window.__tti;
  const lastEnd = () => Math.max(0, ...t.longTasks.map((x) => x[1]));
  for (;;) {
    const since = performance.now() - Math.max(lastEnd(), t.rendered);
    if (since >= ${QUIET_MS}) break;
    await new Promise((r) => setTimeout(r, ${QUIET_MS} - since + 10));
  }
  const resources = performance.getEntriesByType('resource');
  const everything = resources.filter((r) => r.name.includes('/$everything'));
  const assets = resources.filter((r) => /\\/assets\\/.*\\.(js|css)$/.test(new URL(r.name).pathname));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    tti: Math.max(t.rendered, lastEnd()),
    rendered: t.rendered,
    fcp: fcp ? fcp.startTime : 0,
    longTasks: t.longTasks.length,
    longTaskMs: t.longTasks.reduce((s, x) => s + (x[1] - x[0]), 0),
    everythingMs: everything.length > 0
      ? Math.max(...everything.map((r) => r.responseEnd)) - Math.min(...everything.map((r) => r.startTime))
      : 0,
    transferredBytes: assets.reduce((s, r) => s + r.transferSize, 0),
  };
})()`;

export class RecordPageDriver {
  private constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  static async launch(baseUrl: string, username: string, password: string): Promise<RecordPageDriver> {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    return new RecordPageDriver(browser, baseUrl, username, password);
  }

  /** A new browser profile (empty cache), signed in as the clinician, on the search page. */
  async signedIn(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${this.baseUrl}/`);
    await page.getByRole('button', { name: 'Đăng nhập bằng tài khoản Liên Thông' }).click();
    await page.waitForURL(/\/oauth2\/interaction\//);
    await page.fill('#username', this.username);
    await page.fill('#password', this.password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.addInitScript(PROBE);
    return { context, page };
  }

  /** Opens the record page with an empty HTTP cache (the app's files fetched again). */
  async cold(page: Page, path: string): Promise<LoadTiming> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    return this.measure(page, path);
  }

  /** Opens the record page again, the app's files in the cache. */
  warm(page: Page, path: string): Promise<LoadTiming> {
    return this.measure(page, path);
  }

  private async measure(page: Page, path: string): Promise<LoadTiming> {
    await page.goto(`${this.baseUrl}${path}`);
    // Wait for the record, then for the quiet window (no long task for QUIET_MS) and read the figures.
    const out = await page.evaluate<LoadTiming | { error: string }>(SETTLE);
    if ('error' in out) throw new Error(`the record page did not render in 60 s: ${out.error}`);
    return out;
  }

  /** How many resources `$everything` gives the signed-in clinician (all pages): what the page has to show. */
  async everythingCount(page: Page, patientId: string): Promise<number> {
    const token = await page.evaluate<string>("JSON.parse(sessionStorage.getItem('lienthong.session')).accessToken");
    let url: string | undefined =
      `${this.baseUrl}/fhir/Patient/${encodeURIComponent(patientId)}/$everything?_count=500`;
    let count = 0;
    while (url) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`$everything as the clinician: ${res.status}`);
      const bundle = (await res.json()) as { entry?: unknown[]; link?: { relation: string; url: string }[] };
      count += bundle.entry?.length ?? 0;
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return count;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
