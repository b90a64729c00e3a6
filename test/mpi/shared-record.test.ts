import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { clientToken, userToken } from '../support/oauth.js';

/*
 * One person, one record, for the people who treat them: a clinician whose
 * facility saw the patient reads what other facilities hold on the same
 * person once the patient index has linked the records — and nothing of a
 * record whose patient restricted sharing, nor of people not linked.
 */

let app: TestApp;
const tokens: Record<string, string> = {};
const CCCD = 'http://fhir.lienthong.vn/sid/cccd';

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

async function put(who: string, resource: { resourceType: string; id: string }): Promise<void> {
  const res = await call(who, 'PUT', `${resource.resourceType}/${resource.id}`, resource);
  assert.ok(
    res.status === 200 || res.status === 201,
    `${who} puts ${resource.resourceType}: ${JSON.stringify(res.json)}`,
  );
}

const patient = (id: string, cccd: string, given: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: CCCD, value: cccd }],
  name: [{ family: 'Phạm', given: ['Văn', given] }],
  gender: 'male',
  birthDate: '1980-05-06',
});
const observation = (id: string, patientId: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'Đường huyết' },
  subject: { reference: `Patient/${patientId}` },
});

before(async () => {
  app = await startTestApp({ listen: true, auth: true, env: { LIENTHONG_JOBS: 'false' } });
  for (const [id, org] of [
    ['sysA', 'org-a'],
    ['sysB', 'org-b'],
    ['admin', undefined],
  ] as const) {
    const scope = 'system/*.cruds';
    const { secret } = await app.clients.register({
      clientId: id,
      name: id,
      role: org ? 'facility-system' : 'administrator',
      authMethod: 'client_secret_basic',
      scope,
      ...(org ? { organizationId: org } : {}),
    });
    tokens[id] = await clientToken(app, id, secret!, scope);
  }
  await app.users.create({
    username: 'bs.a',
    displayName: 'bs.a',
    role: 'clinician',
    password: 'mật khẩu thử nghiệm 2026',
    organizationId: 'org-a',
  });
  tokens['bs.a'] = await userToken(app, 'bs.a', 'mật khẩu thử nghiệm 2026', 'user/*.cruds');
  for (const org of ['org-a', 'org-b'])
    await put('admin', { resourceType: 'Organization', id: org, name: org } as never);

  // Hùng: registered at A (and seen there) and at B with the same CCCD; B holds a lab result.
  await put('sysA', patient('hung-a', '075080123456', 'Hùng'));
  await put('sysB', patient('hung-b', '075080123456', 'Hung'));
  await put('sysB', observation('hung-b-lab', 'hung-b'));
  // Minh: only at B, never linked to anyone A saw.
  await put('sysB', patient('minh-b', '075080654321', 'Minh'));
  await put('sysB', observation('minh-b-lab', 'minh-b'));
  await put('sysA', {
    resourceType: 'Encounter',
    id: 'visit-a',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/hung-a' },
    serviceProvider: { reference: 'Organization/org-a' },
    period: { start: new Date().toISOString() },
  } as never);
  await app.queue.drain();
});
after(async () => app?.close());

test("a clinician reads another facility's record of the same person", async () => {
  assert.equal((await call('bs.a', 'GET', 'Observation/hung-b-lab')).status, 200);
  const everything = await call('bs.a', 'GET', 'Patient/hung-a/$everything');
  assert.equal(everything.status, 200);
  const ids = everything.json.entry.map((e: any) => `${e.resource.resourceType}/${e.resource.id}`);
  assert.ok(ids.includes('Observation/hung-b-lab'), ids.join(', '));
  assert.ok(ids.includes('Patient/hung-b'), ids.join(', '));
});

test('nothing of people not linked to a patient of the facility', async () => {
  assert.equal((await call('bs.a', 'GET', 'Observation/minh-b-lab')).status, 403);
});

test('a restriction on either record stops the sharing', async () => {
  await put('admin', {
    resourceType: 'Consent',
    id: 'hung-b-restricts',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: 'Patient/hung-b' },
    policyRule: { text: 'Hạn chế chia sẻ giữa các cơ sở · Restrict sharing across facilities' },
    provision: { type: 'deny' },
  } as never);
  assert.equal((await call('bs.a', 'GET', 'Observation/hung-b-lab')).status, 403);
});

test('unlinking the records ends the sharing', async () => {
  const admin = await call('admin', 'DELETE', 'Consent/hung-b-restricts');
  assert.ok(admin.status < 300);
  assert.equal((await call('bs.a', 'GET', 'Observation/hung-b-lab')).status, 200);
  const unlink = await call('admin', 'POST', 'Patient/$unlink', {
    resourceType: 'Parameters',
    parameter: [{ name: 'patient', valueReference: { reference: 'Patient/hung-b' } }],
  });
  assert.equal(unlink.status, 200, JSON.stringify(unlink.json));
  assert.equal((await call('bs.a', 'GET', 'Observation/hung-b-lab')).status, 403);
});
