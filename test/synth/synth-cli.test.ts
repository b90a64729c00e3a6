import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { foldText } from '@lienthong/core';
import { readXml130Envelope, readXml130Rows } from '@lienthong/xml130';
import { createApp, handleFhir, loadConfig, SYSTEM_CALLER } from '@lienthong/server';
import { freshPostgres } from '../support/test-app.js';
import { runCli, type CliRun } from '../support/run-cli.js';

/**
 * `lienthong synth` as an operator runs it: files that are the same byte for
 * byte for the same seed, and a load into a real database through the FHIR
 * write path.
 */
let dir: string;
let env: Record<string, string>;
let dropDb: (() => Promise<void>) | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lienthong-synth-'));
  const pg = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  dropDb = pg?.drop;
  env = {
    ...(process.env as Record<string, string>),
    LIENTHONG_DATA_DIR: join(dir, 'db'),
    DATABASE_URL: pg?.url ?? '',
    LIENTHONG_LOG_LEVEL: 'silent',
  };
});
after(async () => {
  await dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

function synth(...args: string[]): CliRun {
  return runCli(['synth', ...args], { env, timeoutMs: 300_000 });
}

/** Every file under `root` with the SHA-256 of its bytes. */
function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

test('same seed → byte-identical files; another seed → another province', () => {
  const formats = ['--ndjson', '--bundles', '--xml130'];
  const a = synth('--residents', '300', '--seed', 'dong-nai', '--out', join(dir, 'a'), ...formats);
  assert.equal(a.status, 0, a.err);
  const b = synth('--residents', '300', '--seed', 'dong-nai', '--out', join(dir, 'b'), ...formats);
  assert.equal(b.status, 0, b.err);
  const c = synth('--residents', '300', '--seed', 'binh-phuoc', '--out', join(dir, 'c'), ...formats);
  assert.equal(c.status, 0, c.err);

  const fa = fingerprint(join(dir, 'a'));
  const fb = fingerprint(join(dir, 'b'));
  const fc = fingerprint(join(dir, 'c'));
  assert.ok(fa.has('fhir/Patient.ndjson') && fa.has('manifest.json') && fa.has('truth/outbreaks.json'));
  assert.ok(
    [...fa.keys()].some((f) => f.startsWith('xml130/') && f.endsWith('.xml')),
    'XML 130 files written',
  );
  assert.ok(
    [...fa.keys()].some((f) => f.startsWith('bundles/')),
    'transaction bundles written',
  );
  assert.deepEqual(fb, fa);
  assert.notEqual(fc.get('fhir/Patient.ndjson'), fa.get('fhir/Patient.ndjson'));

  const manifest = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')) as {
    residents: number;
    byType: Record<string, number>;
  };
  const patients = readFileSync(join(dir, 'a', 'fhir', 'Patient.ndjson'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(manifest.residents, 300);
  assert.equal(manifest.byType.Patient, patients.length);
  assert.ok(patients.length >= 300, 'one Patient per resident, plus duplicate registrations');
  // Every XML 130 file is a well-formed envelope whose money adds up.
  const xmlFiles = [...fa.keys()].filter((f) => f.startsWith('xml130/'));
  assert.equal(xmlFiles.length, (manifest as unknown as { visits: number }).visits, 'one XML 130 file per visit');
  for (const file of xmlFiles) {
    const envelope = readXml130Envelope(readFileSync(join(dir, 'a', file), 'utf8'));
    assert.equal(file.split('/')[1], envelope.facilityCode, `${file}: filed under its facility`);
    const summary = readXml130Rows(envelope.tables.XML1!)[0]!;
    const rows = (table: string | undefined): Record<string, string>[] => (table ? readXml130Rows(table) : []);
    const lines = [...rows(envelope.tables.XML2), ...rows(envelope.tables.XML3)];
    const cents = (v: string | undefined): number => Math.round(Number(v ?? 0) * 100);
    const total = lines.reduce((sum, line) => sum + cents(line.THANH_TIEN_BV), 0);
    assert.equal(cents(summary.T_TONGCHI_BV), total, `${file}: T_TONGCHI_BV = Σ THANH_TIEN_BV of XML2 and XML3`);
    assert.match(summary.NGAY_VAO ?? '', /^\d{12}$/, `${file}: NGAY_VAO is yyyymmddHHMM`);
  }
  // The summary names what was made and how fast.
  assert.match(a.err, /residents 300/);
  assert.match(a.err, /resources\/s/);
});

test('--load stores the province through the FHIR write path, truth alongside', async () => {
  const r = synth('--residents', '80', '--seed', 'load', '--out', join(dir, 'load'), '--load');
  assert.equal(r.status, 0, r.err);
  const manifest = JSON.parse(readFileSync(join(dir, 'load', 'manifest.json'), 'utf8')) as {
    resources: number;
    byType: Record<string, number>;
  };
  const app = await createApp(loadConfig(env, { jobs: false }));
  try {
    const { rows } = await app.db.query<{ resource_type: string; n: string }>(
      `SELECT resource_type, count(*) AS n FROM resource GROUP BY resource_type`,
    );
    const stored = Object.fromEntries(rows.map((row) => [row.resource_type, Number(row.n)]));
    for (const [type, count] of Object.entries(manifest.byType)) assert.equal(stored[type], count, type);
    const history = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
    assert.equal(Number(history.rows[0]!.n), manifest.resources, 'one history row per stored resource');
    // A transaction's events name its resources (one event per action and patient).
    const audited = await app.db.query<{ n: string }>(
      `SELECT count(DISTINCT e->'what'->>'reference') AS n
         FROM audit_event a, json_array_elements(a.content::json->'entity') e
        WHERE a.agent_id = 'lienthong-synth'`,
    );
    assert.equal(Number(audited.rows[0]!.n), manifest.resources, 'every write audited, naming the generator');
    // Searchable like any other data: the folded name of a stored patient finds them.
    const { rows: some } = await app.db.query<{ content: string }>(
      `SELECT content FROM resource WHERE resource_type = 'Patient' ORDER BY id LIMIT 1`,
    );
    const patient = JSON.parse(some[0]!.content) as { id: string; name: { text: string }[] };
    const folded = foldText(patient.name[0]!.text);
    const found = await handleFhir(app.services, {
      method: 'GET',
      caller: SYSTEM_CALLER,
      path: 'Patient',
      query: [['name', folded]],
      headers: {},
    });
    const ids = ((found.body as Bundle).entry ?? []).map((e) => e.resource?.id);
    assert.ok(ids.includes(patient.id), `Patient?name=${folded} finds ${patient.name[0]!.text}`);
  } finally {
    await app.close();
  }
});

test('bad options are named with the fix', () => {
  const r = synth('--residents', 'many');
  assert.equal(r.status, 1);
  assert.match(r.err, /--residents must be a whole number/);
  const p = synth('--residents', '10', '--from', '2026-01-01');
  assert.equal(p.status, 1);
  assert.match(p.err, /--from and --to go together/);
});
