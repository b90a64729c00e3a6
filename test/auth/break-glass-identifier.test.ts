import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_CALLER } from '@lienthong/server';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { clientToken, userToken } from '../support/oauth.js';

/*
 * Break-glass by identifier (POST Patient/$break-glass): a clinician whose
 * facility never saw a patient cannot find them by searching, so in an
 * emergency they open the record by the citizen ID in front of them — every
 * record holding it and the records the patient index links to those.
 */

let app: TestApp;
const tokens: Record<string, string> = {};
const CCCD = 'http://fhir.lienthong.vn/sid/cccd';
const PASSWORD = 'mật khẩu thử nghiệm 2026';

async function call(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${app.fhirUrl}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(body ? { 'content-type': 'application/fhir+json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const glass = (identifier: string | undefined, reason = 'Cấp cứu: bệnh nhân bất tỉnh, cần tiền sử') => ({
  resourceType: 'Parameters',
  parameter: [
    ...(identifier !== undefined ? [{ name: 'identifier', valueString: identifier }] : []),
    { name: 'reason', valueString: reason },
    { name: 'minutes', valueInteger: 15 },
  ],
});

before(async () => {
  app = await startTestApp({ listen: true, auth: true, env: { LIENTHONG_JOBS: 'false' } });
  const { secret } = await app.clients.register({
    clientId: 'sysB',
    name: 'sysB',
    role: 'facility-system',
    authMethod: 'client_secret_basic',
    scope: 'system/*.cruds',
    organizationId: 'org-b',
  });
  tokens.sysB = await clientToken(app, 'sysB', secret!, 'system/*.cruds');
  await app.users.create({
    username: 'bs.a',
    displayName: 'bs.a',
    role: 'clinician',
    password: PASSWORD,
    organizationId: 'org-a',
  });
  tokens['bs.a'] = await userToken(app, 'bs.a', PASSWORD, 'user/*.cruds');
  // Registered twice at B (a duplicate without the CCCD, linked by the patient index), never seen at A.
  const patient = (id: string, cccd?: string) => ({
    resourceType: 'Patient',
    id,
    ...(cccd ? { identifier: [{ system: CCCD, value: cccd }] } : {}),
    name: [{ family: 'Trần', given: ['Thị', 'Mai'] }],
    gender: 'female',
    birthDate: '1975-02-03',
    telecom: [{ system: 'phone', value: '0912345678' }],
  });
  for (const [id, cccd] of [
    ['mai-b', '075175123456'],
    ['mai-b2', undefined],
  ] as const) {
    assert.ok((await call('sysB', 'PUT', `Patient/${id}`, patient(id, cccd))).status < 300);
  }
  const obs = {
    resourceType: 'Observation',
    id: 'mai-b2-lab',
    status: 'final',
    code: { text: 'Đường huyết' },
    subject: { reference: 'Patient/mai-b2' },
  };
  assert.ok((await call('sysB', 'PUT', 'Observation/mai-b2-lab', obs)).status < 300);
  await app.queue.drain();
  const mates = await app.services.recordsOf?.(app.db, 'mai-b');
  // The steward links them unless matching already did.
  if (!mates?.includes('mai-b2')) await app.mpi.link('mai-b2', 'mai-b', SYSTEM_CALLER, 'same person (test)');
});
after(async () => app?.close());

test('before: the clinician finds nobody by the CCCD and may not read the records', async () => {
  const found = await call('bs.a', 'GET', `Patient?identifier=${encodeURIComponent(`${CCCD}|075175123456`)}`);
  assert.equal(found.json.entry?.length ?? 0, 0);
  assert.equal((await call('bs.a', 'GET', 'Patient/mai-b')).status, 403);
});

test('an identifier without its system, a short reason or an unknown number is refused', async () => {
  assert.equal((await call('bs.a', 'POST', 'Patient/$break-glass', glass('075175123456'))).status, 400);
  assert.equal((await call('bs.a', 'POST', 'Patient/$break-glass', glass(undefined))).status, 400);
  assert.equal((await call('bs.a', 'POST', 'Patient/$break-glass', glass(`${CCCD}|075175123456`, 'ngắn'))).status, 400);
  assert.equal((await call('bs.a', 'POST', 'Patient/$break-glass', glass(`${CCCD}|079999999999`))).status, 404);
});

test('a facility system may not break the glass', async () => {
  assert.equal((await call('sysB', 'POST', 'Patient/$break-glass', glass(`${CCCD}|075175123456`))).status, 403);
});

test('the clinician opens the record by the CCCD: the record holding it and its linked duplicate', async () => {
  const res = await call('bs.a', 'POST', 'Patient/$break-glass', glass(`${CCCD}|075175123456`));
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const opened = res.json.parameter
    .filter((p: any) => p.name === 'patient')
    .map((p: any) => p.valueReference.reference);
  assert.deepEqual(opened.sort(), ['Patient/mai-b', 'Patient/mai-b2']);
  assert.equal((await call('bs.a', 'GET', 'Patient/mai-b')).status, 200);
  assert.equal((await call('bs.a', 'GET', 'Observation/mai-b2-lab')).status, 200);
  const { rows } = await app.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_event WHERE break_glass AND 'mai-b' = ANY(patient_ids)`,
  );
  assert.ok(rows[0]!.n >= 1, 'audited as break-glass');
});
