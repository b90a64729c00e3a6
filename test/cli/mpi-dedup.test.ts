import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, loadConfig, SYSTEM_CALLER, handleFhir, type App } from '@lienthong/server';
import { freshPostgres } from '../support/test-app.js';
import { runCli, type CliRun } from '../support/run-cli.js';

/*
 * `lienthong mpi dedup` after a bulk load with matching off: the Patients
 * written are matched, linked under one master record, and a second run
 * finds nothing left to do.
 */
let env: Record<string, string>;
let cleanup: () => Promise<void>;

async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp(
    loadConfig({ ...env, LIENTHONG_JOBS: 'false', LIENTHONG_AUTH: 'off', HOST: '127.0.0.1' }),
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-mpi-'));
  const pgdb = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  env = {
    ...(process.env as Record<string, string>),
    LIENTHONG_DATA_DIR: dir,
    DATABASE_URL: pgdb?.url ?? '',
    LIENTHONG_LOG_LEVEL: 'silent',
  };
  cleanup = async () => {
    await pgdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  await withApp(async (app) => {
    for (const [id, name] of [
      ['lan-tram', 'Trần Thị Lan'],
      ['lan-bv', 'TRAN THI LAN'],
    ]) {
      const [family, ...given] = name!.split(' ');
      const res = await handleFhir(app.services, {
        method: 'PUT',
        caller: SYSTEM_CALLER,
        path: `Patient/${id}`,
        query: [],
        headers: {},
        body: {
          resourceType: 'Patient',
          id,
          identifier: [{ system: 'http://fhir.lienthong.vn/sid/cccd', value: '075175111222' }],
          name: [{ family, given }],
          gender: 'female',
          birthDate: '1975-02-03',
        },
      });
      assert.equal(res.status, 201);
    }
  });
});
after(async () => cleanup());

function cli(...args: string[]): CliRun {
  return runCli([...args], { env });
}

test('mpi dedup matches what was loaded with matching off, once', async () => {
  const first = cli('mpi', 'dedup');
  assert.equal(first.status, 0, first.err);
  assert.match(first.out, /records newly matched\s+2\n/);
  assert.match(first.out, /persons\s+1\n/);
  const links = await withApp(async (app) => {
    const { rows } = await app.db.query<{ content: string }>(
      `SELECT content FROM resource WHERE resource_type = 'Person' AND NOT deleted`,
    );
    return rows.map((r) =>
      (JSON.parse(r.content) as { link: { target: { reference: string } }[] }).link
        .map((l) => l.target.reference)
        .sort(),
    );
  });
  assert.deepEqual(links, [['Patient/lan-bv', 'Patient/lan-tram']]);

  const again = cli('mpi', 'dedup');
  assert.equal(again.status, 0, again.err);
  assert.match(again.out, /records newly matched\s+0\n/);
  assert.match(again.out, /records moved by the pass\s+0\n/);
});

test('mpi with no subcommand prints help; an unknown one is a usage error', () => {
  assert.match(cli('mpi').out, /mpi dedup/);
  assert.equal(cli('mpi', 'nonsense').status, 2);
});
