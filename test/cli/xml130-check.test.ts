import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProvince, residentParts, visitXml130, xml130FileName } from '@lienthong/synth';
import { change, ENTITY_BOMB, goodVisit, visitFile } from '../../packages/xml130/src/test-fixtures.js';
import { spawn } from 'node:child_process';
import { runCli, type CliRun } from '../support/run-cli.js';

/**
 * `lienthong xml130 check` as a facility's IT staff runs it: a folder of a
 * generated province's files checks clean (exit 0); hand-written broken
 * files are reported per visit and field, in text and JSON (exit 1); a
 * wrong command line exits 2.
 */
let dir: string;
let visits = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lienthong-xml130-'));
  const province = buildProvince({ seed: 'xml130-cli', residents: 120 });
  for (const part of residentParts(province)) {
    if (part.kind !== 'resident') continue;
    for (const visit of part.life.visits) {
      const folder = join(dir, 'province', visit.facilityCode, visit.end.slice(0, 7));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, xml130FileName(visit)), visitXml130(province, part.life, visit));
      visits++;
    }
  }
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad', 'good.xml'), visitFile());
  writeFileSync(
    join(dir, 'bad', 'late-result.xml'),
    visitFile(change(goodVisit(), { 'XML4#2': { NGAY_KQ: '202603141200' } })),
  );
  writeFileSync(join(dir, 'bad', 'bomb.xml'), ENTITY_BOMB);
  writeFileSync(join(dir, 'bad', 'notes.txt'), 'not an XML file: skipped when walking a directory');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): CliRun {
  return runCli(['xml130', ...args]);
}

test("a generated province's folder checks with no error: exit 0 and a summary", () => {
  const r = cli('check', join(dir, 'province'));
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, new RegExp(`tệp/files ${visits.toLocaleString('en-US')}\\b`));
  assert.match(r.out, new RegExp(`hồ sơ/visits ${visits.toLocaleString('en-US')}, có lỗi/with errors 0`));
  assert.match(r.out, /lỗi\/errors 0/);
});

test('broken files: each visit and field reported, Vietnamese first; exit 1', () => {
  const r = cli('check', join(dir, 'bad'));
  assert.equal(r.status, 1, r.err);
  assert.doesNotMatch(r.out, /good\.xml/, 'a file without problems is not listed');
  assert.doesNotMatch(r.out, /notes\.txt/);
  const late = r.out.slice(r.out.indexOf('late-result.xml'));
  assert.match(late, /Hồ sơ\/visit 1 · MA_LK LK-TEST-0001 · 75001/);
  assert.match(late, /LỖI\/ERROR \[date\.result-outside-visit\] XML4 · dòng\/row 2 · NGAY_KQ/);
  assert.ok(late.indexOf('nằm ngoài thời gian lượt khám') < late.indexOf('is outside the visit'), 'vi before en');
  assert.match(r.out, /bomb\.xml.*\n.*\[input\.doctype\]/);
  assert.match(r.out, /tệp\/files 3 \(1 không đọc được\/unreadable\)/);
  assert.match(r.out, /date\.result-outside-visit\s+1/);
  const en = cli('check', '--lang', 'en', join(dir, 'bad', 'late-result.xml'));
  assert.equal(en.status, 1);
  assert.match(en.out, /is outside the visit/);
  assert.doesNotMatch(en.out, /nằm ngoài/);
});

test('--json: one object per file with per-visit problems, and a summary', () => {
  const r = cli('check', '--json', join(dir, 'bad'));
  assert.equal(r.status, 1, r.err);
  const report = JSON.parse(r.out) as {
    files: { file: string; kind: string; problems: { rule: string }[]; visits: any[] }[];
    summary: { files: number; visits: number; visitsWithErrors: number; byRule: Record<string, number> };
  };
  assert.deepEqual(
    report.files.map((f) => [f.file.slice(dir.length + 1), f.kind]),
    [
      ['bad/bomb.xml', 'unreadable'],
      ['bad/good.xml', 'envelope'],
      ['bad/late-result.xml', 'envelope'],
    ],
  );
  const [problem] = report.files[2]!.visits[0].problems;
  assert.deepEqual(
    { ...problem, message: undefined },
    {
      table: 'XML4',
      row: 2,
      field: 'NGAY_KQ',
      value: '202603141200',
      rule: 'date.result-outside-visit',
      severity: 'error',
      message: undefined,
    },
  );
  assert.match(problem.message.vi, /NGAY_KQ/);
  assert.match(problem.message.en, /NGAY_KQ/);
  assert.deepEqual(report.summary.byRule, { 'date.result-outside-visit': 1, 'input.doctype': 1 });
  assert.equal(report.summary.visits, 2);
  assert.equal(report.summary.visitsWithErrors, 1);
  assert.match(r.err, /Tóm tắt · Summary/, 'the summary for people goes to stderr');
});

test('--max-size refuses larger files unread', () => {
  const r = cli('check', '--json', '--max-size', '0.001', join(dir, 'bad', 'good.xml'));
  assert.equal(r.status, 1);
  const report = JSON.parse(r.out) as { files: { problems: { rule: string; message: { en: string } }[] }[] };
  assert.equal(report.files[0]!.problems[0]!.rule, 'input.too-large');
  assert.match(report.files[0]!.problems[0]!.message.en, /The file is \d+\.\d KB, over the 1\.0 KB limit/);
});

test('a wrong command line exits 2 and says why', () => {
  for (const [args, why] of [
    [['check'], /name at least one file or directory/],
    [['check', '--lang', 'fr', dir], /--lang is vi or en/],
    [['check', '--max-size', '0', dir], /--max-size is a number of megabytes above 0/],
    [['check', '--frobnicate', dir], /Unknown option '--frobnicate'/],
    [['check', join(dir, 'missing.xml')], /no such file or directory/],
    [['verify'], /lienthong xml130 check/],
  ] as const) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err + r.out, why, args.join(' '));
  }
  const help = cli('check', '--help');
  assert.equal(help.status, 0);
  assert.match(help.out, /--max-size MB/);
});

test('a reader that stops early (`| head`) ends the check quietly, without an EPIPE crash', async () => {
  const child = spawn(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      'packages/cli/src/run.ts',
      'xml130',
      'check',
      '--json',
      join(dir, 'province'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // Like `head -c 1`: read the first bytes, then close the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  assert.equal(status, 0, err);
  assert.doesNotMatch(err, /EPIPE|Error/);
});

test('`lienthong import --help` prints the import help, not only the usage line', () => {
  const help = runCli(['import', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.out, /lienthong import xml130 <files\|dirs…> \[--json\] \[--max-size MB\] \[--parallel N\]/);
  assert.match(help.out, /Exit status/);
  const unknown = runCli(['import', 'hl7']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.err, /unknown format "hl7"/);
});
