import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, loadConfig, type App } from '@lienthong/server';
import { freshPostgres } from '../support/test-app.js';
import { runCli, type CliRun } from '../support/run-cli.js';

/**
 * The operator's CLI, run as a separate process on a real database: register
 * a client system and a user, list them, verify the audit trail, then use the
 * printed secret against the server.
 */
let env: Record<string, string>;
let cleanup: () => Promise<void>;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-cli-'));
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
});
after(async () => {
  await cleanup();
});

function cli(...args: string[]): CliRun {
  return runCli([...args], { env, timeoutMs: 60_000 });
}

test('clients add prints a secret once; users add prints a generated password once', async () => {
  const client = cli(
    'clients',
    'add',
    '--id',
    'his-bv-a',
    '--name',
    'HIS Bệnh viện A',
    '--role',
    'facility-system',
    '--organization',
    'org-a',
    '--scope',
    'system/*.rs',
    '--secret',
  );
  assert.equal(client.status, 0, client.err);
  const secret = /Client secret[^:]*: (\S+)/.exec(client.out)?.[1];
  assert.ok(secret && secret.length >= 32, client.out);

  const user = cli(
    'users',
    'add',
    '--username',
    'bs.lan',
    '--name',
    'BS. Nguyễn Thị Lan',
    '--role',
    'clinician',
    '--organization',
    'org-a',
  );
  assert.equal(user.status, 0, user.err);
  assert.match(user.out, /Password \(shown once/);

  const bad = cli('users', 'add', '--username', 'x', '--name', 'X', '--role', 'wizard');
  assert.equal(bad.status, 1);
  assert.match(bad.err, /username|role/);
  assert.doesNotMatch(bad.err, /\n\s+at /, 'a user mistake prints no stack trace');
  assert.match(cli('users', '--help').out, /lienthong users/);
  assert.match(cli('clients', '--help').out, /lienthong clients/);

  const users = cli('users', 'list');
  assert.match(users.out, /^bs\.lan\tclinician\tBS\. Nguyễn Thị Lan\torg-a\t[0-9a-f-]{36}/m);
  const clients = cli('clients', 'list');
  assert.match(clients.out, /^his-bv-a\tfacility-system\tclient_secret_basic\tsystem\/\*\.rs/m);

  // The printed secret works against the server.
  const app: App = await createApp(loadConfig({ ...env, PORT: '0' }, { host: '127.0.0.1' }));
  try {
    const res = await app.http.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Basic ' + Buffer.from(`his-bv-a:${secret}`).toString('base64'),
      },
      payload: 'grant_type=client_credentials&scope=system%2FPatient.rs',
    });
    assert.equal(res.statusCode, 200, res.body);
  } finally {
    await app.close();
  }

  const rotated = cli('clients', 'rotate', 'his-bv-a');
  assert.match(rotated.out, /New client secret/);
  assert.equal(cli('clients', 'disable', 'his-bv-a').status, 0);
  assert.match(cli('clients', 'list').out, /his-bv-a.*disabled/);
});

test('audit verify reports a clean chain, then the tampered entry', async () => {
  const ok = cli('audit', 'verify');
  assert.equal(ok.status, 0, ok.err);
  assert.match(ok.out, /OK: no entry was edited/);
  const app: App = await createApp(loadConfig({ ...env, PORT: '0', LIENTHONG_JOBS: 'false' }, { host: '127.0.0.1' }));
  try {
    const { rows } = await app.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_event WHERE chain_seq IS NOT NULL',
    );
    assert.ok(Number(rows[0]!.n) >= 1, 'the token request above left sealed entries');
    await app.db.query(`UPDATE audit_event SET recorded = recorded - interval '1 day' WHERE chain_seq = 1`);
  } finally {
    await app.close();
  }
  const bad = cli('audit', 'verify');
  assert.equal(bad.status, 1);
  assert.match(bad.out, /#1 .*changed after sealing/);
});

test('--help lists the commands and unknown commands fail', () => {
  const help = cli('--help');
  assert.equal(help.status, 0);
  for (const c of ['serve', 'migrate', 'demo', 'users', 'clients', 'audit'])
    assert.match(help.out, new RegExp(`^  ${c}\\b`, 'm'));
  assert.equal(cli('frobnicate').status, 2);
});
