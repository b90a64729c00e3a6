import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `lienthong demo` as a newcomer runs it: a small province, the server up
 * with the sign-ins printed, and answering while the histories load in the
 * background; a second run reuses the province and refuses another size.
 */
const dir = mkdtempSync(join(tmpdir(), 'lienthong-demo-'));
const port = 20_000 + (process.pid % 10_000);
const env = {
  ...(process.env as Record<string, string>),
  LIENTHONG_DATA_DIR: dir,
  DATABASE_URL: '',
  PORT: String(port),
  LIENTHONG_LOG_LEVEL: 'warn',
};
const args = ['--conditions=development', '--import', 'tsx', 'packages/cli/src/run.ts', 'demo'];
let child: ChildProcess | undefined;

after(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('the demo serves its province while the histories load, and says what it holds', async () => {
  child = spawn(process.execPath, [...args, '--residents', '300'], { env });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 240_000;
  // The banner (stdout) and the first histories line (stderr) come down two pipes: wait for both.
  const started = () => out.includes('is running') && /histories\] loading/.test(err);
  while (!started() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  assert.match(out, /is running/, err);
  assert.match(out, /300 synthetic residents/);
  assert.match(out, /client_secret: \S+/);
  assert.match(out, /bacsi +clinician .*Bệnh viện Đa khoa Đồng Nai/);

  // The histories are loading now; the server must still answer promptly.
  assert.match(err, /histories\] loading/);
  let answeredWhileLoading = 0;
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/fhir/metadata`, { signal: AbortSignal.timeout(5_000) });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started < 5_000);
    if (!/histories\] done/.test(err)) answeredWhileLoading++;
    await new Promise((r) => setTimeout(r, 300));
  }
  // Loading takes seconds even on a fast machine; the first answers must have come before it ended.
  assert.ok(answeredWhileLoading > 0, `no answer while the histories were still loading:\n${err}`);
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
});

test('a second run reuses the province and refuses another size without --fresh', () => {
  const other = spawnSync(process.execPath, [...args, '--residents', '90'], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(other.status, 1);
  assert.match(other.stderr, /holds a province of 300 residents; add --fresh/);
});
