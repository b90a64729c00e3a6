import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { change, goodVisit, rebalance, visitFile } from '../../packages/xml130/src/test-fixtures.js';
import { freshPostgres, startTestApp, type TestApp } from '../support/test-app.js';
import { runCli, type CliRun } from '../support/run-cli.js';

/*
 * What the people reading an import see when an amended file drops rows:
 * `lienthong import xml130` (a line for the visit and a count in the
 * summary) and POST /fhir/Bundle/$import-xml130 (the visit's issue text)
 * name how many resources were removed — and say nothing of removal when
 * nothing was removed.
 */

let dir: string;
let env: Record<string, string>;
let app: TestApp;
let cleanup: () => Promise<void>;

/** The hand-written visit as `maLk`, and the same visit amended: one drug line and one supply row fewer. */
function visitAndAmended(maLk: string): { original: string; amended: string } {
  const tables = change(goodVisit(), { XML1: { MA_LK: maLk } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of tables[t]) row.MA_LK = maLk;
  }
  const amended = rebalance({ ...tables, XML2: tables.XML2.slice(0, 1), XML3: tables.XML3.slice(0, 2) });
  return { original: visitFile(tables), amended: visitFile(amended) };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xml130-report-'));
  const pgdb = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  env = {
    ...(process.env as Record<string, string>),
    LIENTHONG_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: pgdb?.url ?? '',
    LIENTHONG_LOG_LEVEL: 'silent',
  };
  app = await startTestApp({ env: { LIENTHONG_JOBS: 'false' } });
  cleanup = async () => {
    await app.close();
    await pgdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
});

after(async () => {
  await cleanup();
});

function cli(...args: string[]): CliRun {
  return runCli(['import', 'xml130', ...args], { env });
}

const REMOVAL = /xoá|removed/i;

test('lienthong import xml130: the amended file’s visit and the summary name the 2 resources removed', () => {
  const { original, amended } = visitAndAmended('LK-REPORT-CLI');
  const originalPath = join(dir, 'original.xml');
  const amendedPath = join(dir, 'amended.xml');
  writeFileSync(originalPath, original);
  writeFileSync(amendedPath, amended);

  const first = cli(originalPath);
  assert.equal(first.status, 0, first.out + first.err);
  assert.match(first.out, /lượt khám đã nhập · visits imported: 1 · không đổi · unchanged: 0 · lỗi · failed: 0/);
  assert.doesNotMatch(first.out, REMOVAL, 'nothing removed, nothing said about removal');

  const second = cli(amendedPath);
  assert.equal(second.status, 0, second.out + second.err);
  assert.match(
    second.out,
    new RegExp(
      `^${amendedPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · MA_LK LK-REPORT-CLI: đã xoá 2 tài nguyên .* · removed 2 resource\\(s\\)`,
      'm',
    ),
  );
  assert.match(
    second.out,
    /visits imported: 1 · không đổi · unchanged: 0 · tài nguyên đã xoá · resources removed: 2 · lỗi · failed: 0\n$/,
  );

  // --json: the visit's result and the summary carry the count too.
  const { original: o2, amended: a2 } = visitAndAmended('LK-REPORT-JSON');
  writeFileSync(join(dir, 'o2.xml'), o2);
  assert.equal(cli(join(dir, 'o2.xml')).status, 0);
  writeFileSync(join(dir, 'a2.xml'), a2);
  const json = cli('--json', join(dir, 'a2.xml'));
  assert.equal(json.status, 0, json.err);
  const report = JSON.parse(json.out) as {
    files: { visits: { removed?: number }[] }[];
    summary: { removed: number; removals: string[] };
  };
  assert.equal(report.files[0]!.visits[0]!.removed, 2);
  assert.equal(report.summary.removed, 2);
  assert.equal(report.summary.removals.length, 1);

  // The same amended file again: unchanged, nothing removed, nothing said.
  const again = cli(amendedPath);
  assert.equal(again.status, 0, again.out + again.err);
  assert.match(again.out, /visits imported: 0 · không đổi · unchanged: 1 · lỗi · failed: 0\n$/);
  assert.doesNotMatch(again.out, REMOVAL);
});

/** The CLI on a terminal (a pseudo-terminal from script(1)), where it draws its progress bar. */
function cliOnTerminal(...args: string[]): string {
  const command = ['node', '--conditions=development', '--import', 'tsx', 'packages/cli/src/run.ts', 'import', 'xml130']
    .concat(args)
    .map((a) => `'${a}'`)
    .join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

test('on a terminal, the progress bar counts the resources removed once there are some', () => {
  const { original, amended } = visitAndAmended('LK-REPORT-BAR');
  writeFileSync(join(dir, 'bar-original.xml'), original);
  writeFileSync(join(dir, 'bar-amended.xml'), amended);
  const first = cliOnTerminal(join(dir, 'bar-original.xml'));
  assert.match(first, /1\/1 tệp · files · 1 lượt khám · visits/);
  assert.doesNotMatch(first, REMOVAL);
  assert.match(
    cliOnTerminal(join(dir, 'bar-amended.xml')),
    /1\/1 tệp · files · 1 lượt khám · visits · 2 đã xoá · removed/,
  );
});

test('POST /fhir/Bundle/$import-xml130: the visit’s issue text names the 2 resources removed, only then', async () => {
  const { original, amended } = visitAndAmended('LK-REPORT-API');
  const post = async (xml: string) => {
    const r = await app.http.inject({
      method: 'POST',
      url: '/fhir/Bundle/$import-xml130',
      headers: { 'content-type': 'application/xml' },
      payload: xml,
    });
    assert.equal(r.statusCode, 200, r.body);
    const entry = (JSON.parse(r.body) as Bundle).entry![0]!;
    return { status: entry.response!.status, text: entry.response!.outcome!.issue[0]!.details!.text! };
  };

  const first = await post(original);
  assert.equal(first.status, '200 OK');
  assert.match(first.text, /^HOSO 1 MA_LK LK-REPORT-API: imported, \d+ written, 0 unchanged$/);
  assert.doesNotMatch(first.text, REMOVAL);

  const second = await post(amended);
  assert.equal(second.status, '200 OK');
  assert.match(second.text, /^HOSO 1 MA_LK LK-REPORT-API: imported, \d+ written, \d+ unchanged, 2 removed$/);

  const again = await post(amended);
  assert.equal(again.status, '304 Not Modified');
  assert.match(again.text, /^HOSO 1 MA_LK LK-REPORT-API: unchanged, 0 written, \d+ unchanged$/);
  assert.doesNotMatch(again.text, REMOVAL);
});
