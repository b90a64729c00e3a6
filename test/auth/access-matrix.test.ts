import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { clientToken, userToken } from '../support/oauth.js';

/**
 * The authorization matrix of docs/security/access-policy.md: each role ×
 * each path to data, allow or deny, on a small province:
 *   P1 An   — registered by facility B, visited facility A (care relationship with A)
 *   P2 Bình — registered by B, never at A
 *   P3 Cúc  — registered by B, visited A, but restricted sharing (Consent deny)
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
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

async function create(who: string, resource: Record<string, unknown>): Promise<string> {
  const res = await call(who, 'POST', String(resource.resourceType), resource);
  assert.equal(res.status, 201, `${who} creates ${String(resource.resourceType)}: ${JSON.stringify(res.json)}`);
  return res.json.id as string;
}

// Entries without a resource (history of a deletion) count by their fullUrl.
const idsIn = (bundle: any): string[] =>
  (bundle.entry ?? [])
    .map((e: any) =>
      e.resource ? `${e.resource.resourceType}/${e.resource.id}` : e.fullUrl.split('/').slice(-2).join('/'),
    )
    .sort();

before(async () => {
  app = await startTestApp({ listen: true, auth: true });
  const machine = async (id: string, role: string, org: string | undefined, scope: string): Promise<void> => {
    const { secret } = await app.clients.register({
      clientId: id,
      name: id,
      role,
      authMethod: 'client_secret_basic',
      scope,
      ...(org ? { organizationId: org } : {}),
    });
    tokens[id] = await clientToken(app, id, secret!, scope);
  };
  await machine('admin', 'administrator', undefined, 'system/*.cruds');
  await machine('sysA', 'facility-system', 'org-a', 'system/*.cruds');
  await machine('sysB', 'facility-system', 'org-b', 'system/*.cruds');
  for (const [org, name] of [
    ['org-a', 'Bệnh viện A'],
    ['org-b', 'Bệnh viện B'],
  ]) {
    assert.equal(
      (await call('admin', 'PUT', `Organization/${org}`, { resourceType: 'Organization', id: org, name })).status,
      201,
    );
  }
  const patient = (family: string, given: string): Record<string, unknown> => ({
    resourceType: 'Patient',
    name: [{ family, given: [given] }],
    identifier: [{ system: 'http://fhir.lienthong.vn/sid/cccd', value: `0750800${family.length}${given.length}99` }],
  });
  ids.P1 = await create('sysB', patient('Nguyễn', 'An'));
  ids.P2 = await create('sysB', patient('Trần', 'Bình'));
  ids.P3 = await create('sysB', patient('Lê', 'Cúc'));
  const obs = (p: string, code: string): Record<string, unknown> => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${ids[p]}` },
  });
  ids.o1 = await create('sysB', obs('P1', '2345-7'));
  ids.o2 = await create('sysB', obs('P2', '7905-3'));
  ids.o3 = await create('sysB', obs('P3', '2345-7'));
  const visit = (p: string): Record<string, unknown> => ({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${ids[p]}` },
    serviceProvider: { reference: 'Organization/org-a' },
    period: { start: new Date().toISOString() },
  });
  ids.e1 = await create('sysA', visit('P1'));
  ids.e3 = await create('sysA', visit('P3'));
  ids.rx1 = await create('sysA', {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    identifier: [{ system: 'http://fhir.lienthong.vn/sid/don-thuoc', value: 'DT-0001' }],
    subject: { reference: `Patient/${ids.P1}`, display: 'Nguyễn An' },
    medicationCodeableConcept: { text: 'Amoxicillin 500 mg' },
    note: [{ text: 'ghi chú nội bộ' }],
    reasonCode: [{ text: 'viêm họng' }],
  });
  ids.consent3 = await create('admin', {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${ids.P3}` },
    policyRule: { text: 'Hạn chế chia sẻ giữa các cơ sở · Restrict sharing across facilities' },
    provision: { type: 'deny' },
  });
  const person = async (
    username: string,
    role: string,
    extra: { organizationId?: string; patientId?: string },
    scope: string,
  ): Promise<void> => {
    await app.users.create({ username, displayName: username, role, password: PASSWORD, ...extra });
    tokens[username] = await userToken(app, username, PASSWORD, scope);
  };
  await person('bs.a', 'clinician', { organizationId: 'org-a' }, 'user/*.cruds');
  await person('phan.tich', 'department-analyst', {}, 'user/*.rs');
  await person(
    'nha.thuoc',
    'pharmacy',
    { organizationId: 'org-pharm' },
    'user/MedicationRequest.rs user/Medication.rs',
  );
  await person('an.nguyen', 'resident', { patientId: ids.P1! }, 'patient/*.rs patient/Consent.cruds');
  await person('ktv.a', 'laboratory', { organizationId: 'org-a' }, 'user/Patient.rs user/Observation.cruds');
  await person('cdc', 'surveillance-officer', {}, 'user/*.rs');
  await person(
    'tiem.chung',
    'immunization-officer',
    { organizationId: 'org-a' },
    'user/Patient.rs user/Immunization.cruds',
  );
});
after(async () => {
  await app?.close();
});

describe('clinician at facility A', () => {
  test('reads the record of a patient it cares for, not of others or restricted ones', async () => {
    assert.equal((await call('bs.a', 'GET', `Patient/${ids.P1}`)).status, 200);
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o1}`)).status, 200);
    assert.equal((await call('bs.a', 'GET', `Patient/${ids.P2}`)).status, 403);
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o2}`)).status, 403);
    assert.equal((await call('bs.a', 'GET', `Patient/${ids.P3}`)).status, 403, 'P3 restricted sharing');
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o3}`)).status, 403);
    assert.equal((await call('bs.a', 'GET', `Encounter/${ids.e3}`)).status, 200, "its own facility's record of P3");
  });

  test('search, includes, chains, _has, history and $everything leak nothing', async () => {
    assert.deepEqual(idsIn((await call('bs.a', 'GET', 'Observation')).json), [`Observation/${ids.o1}`]);
    assert.deepEqual(idsIn((await call('bs.a', 'GET', 'Patient')).json), [`Patient/${ids.P1}`]);
    const inc = await call('bs.a', 'GET', 'Observation?_include=Observation:subject');
    assert.deepEqual(idsIn(inc.json), [`Observation/${ids.o1}`, `Patient/${ids.P1}`].sort());
    const rev = await call('bs.a', 'GET', `Patient?_id=${ids.P1},${ids.P2}&_revinclude=Observation:subject`);
    assert.deepEqual(idsIn(rev.json), [`Observation/${ids.o1}`, `Patient/${ids.P1}`].sort());
    assert.equal(
      (await call('bs.a', 'GET', 'Encounter?subject.name=Cúc')).json.entry?.length ?? 0,
      0,
      'chain into a restricted patient',
    );
    assert.equal(
      (await call('bs.a', 'GET', 'Patient?_has:Observation:subject:code=7905-3')).json.entry?.length ?? 0,
      0,
    );
    const sys = await call('bs.a', 'GET', 'Observation/_history');
    assert.deepEqual([...new Set(idsIn(sys.json))], [`Observation/${ids.o1}`]);
    assert.equal((await call('bs.a', 'GET', `Patient/${ids.P2}/$everything`)).status, 403);
    const mine = await call('bs.a', 'GET', `Patient/${ids.P1}/$everything`);
    assert.deepEqual(
      // The patient's master record (Person) joins once background matching has run; the facility the
      // records name comes as a supporting resource (search mode include), never another patient's data.
      idsIn(mine.json).filter((id) => !id.startsWith('Person/')),
      [
        `Encounter/${ids.e1}`,
        `MedicationRequest/${ids.rx1}`,
        `Observation/${ids.o1}`,
        'Organization/org-a',
        `Patient/${ids.P1}`,
      ].sort(),
    );
    const bundle = await call('bs.a', 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: `Patient/${ids.P2}` } },
        { request: { method: 'GET', url: `Patient/${ids.P1}` } },
      ],
    });
    assert.deepEqual(
      bundle.json.entry.map((e: any) => e.response.status),
      ['403 Forbidden', '200 OK'],
    );
  });

  test('break-glass opens a record for a time, with a stated reason, and is audited', async () => {
    const noReason = await call('bs.a', 'POST', `Patient/${ids.P2}/$break-glass`, {
      resourceType: 'Parameters',
      parameter: [],
    });
    assert.equal(noReason.status, 400);
    const ok = await call('bs.a', 'POST', `Patient/${ids.P2}/$break-glass`, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'reason', valueString: 'Cấp cứu: bệnh nhân hôn mê, cần tiền sử dị ứng' },
        { name: 'minutes', valueInteger: 30 },
      ],
    });
    assert.equal(ok.status, 200);
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o2}`)).status, 200);
    // It overrides a restriction too.
    await call('bs.a', 'POST', `Patient/${ids.P3}/$break-glass`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'reason', valueString: 'Cấp cứu ngoài giờ, người nhà đồng ý' }],
    });
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o3}`)).status, 200);
    // Administrators see every break-glass.
    const review = await call('admin', 'GET', 'AuditEvent?purpose=BTG&_count=100');
    const btgPatients = new Set(
      review.json.entry.flatMap((e: any) =>
        e.resource.entity.filter((x: any) => x.what).map((x: any) => x.what.reference),
      ),
    );
    assert.ok(btgPatients.has(`Patient/${ids.P2}`) && btgPatients.has(`Patient/${ids.P3}`));
    assert.ok(review.json.entry.some((e: any) => e.resource.purposeOfEvent?.[0]?.coding?.[0]?.code === 'BTG'));
  });

  test("cannot break the glass as a machine, nor change another facility's data", async () => {
    const machine = await call('sysA', 'POST', `Patient/${ids.P2}/$break-glass`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'reason', valueString: 'a long enough reason' }],
    });
    assert.equal(machine.status, 403);
    const current = (await call('bs.a', 'GET', `Observation/${ids.o1}`)).json;
    assert.equal((await call('bs.a', 'PUT', `Observation/${ids.o1}`, { ...current, status: 'amended' })).status, 403);
  });
});

describe('laboratory, surveillance and immunization officers', () => {
  test('a laboratory at facility A follows the care relationships of A', async () => {
    const first = await call('ktv.a', 'GET', `Observation/${ids.o1}`);
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.equal((await call('ktv.a', 'GET', `Observation/${ids.o2}`)).status, 403);
    assert.equal((await call('ktv.a', 'GET', 'Encounter')).status, 403, 'no scope beyond its role');
    const result = await call('ktv.a', 'POST', 'Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '7905-3' }] },
      subject: { reference: `Patient/${ids.P1}` },
    });
    assert.equal(result.status, 201);
    // It may take back what it wrote (and the tests after this see the province unchanged).
    assert.equal((await call('ktv.a', 'DELETE', `Observation/${result.json.id}`)).status, 204);
  });

  test('a surveillance officer reads the province, identified, and writes nothing without a facility', async () => {
    const obs = idsIn((await call('cdc', 'GET', 'Observation?_count=100')).json);
    for (const o of ['o1', 'o2', 'o3']) assert.ok(obs.includes(`Observation/${ids[o]}`), o);
    assert.equal(
      (await call('cdc', 'GET', `Patient/${ids.P3}`)).json.name[0].family,
      'Lê',
      'restricted, yet visible by law',
    );
    assert.equal(
      (await call('cdc', 'POST', 'Observation', { resourceType: 'Observation', status: 'final', code: { text: 'x' } }))
        .status,
      403,
    );
  });

  test('an immunization officer reads people and records vaccinations, nothing else', async () => {
    const p2 = await call('tiem.chung', 'GET', `Patient/${ids.P2}`);
    assert.equal(p2.status, 200, JSON.stringify(p2.json));
    assert.equal((await call('tiem.chung', 'GET', 'Observation')).status, 403);
    const shot = await call('tiem.chung', 'POST', 'Immunization', {
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '03' }] },
      patient: { reference: `Patient/${ids.P2}` },
      occurrenceDateTime: '2026-11-20',
    });
    assert.equal(shot.status, 201);
  });
});

describe('facility systems', () => {
  test('read what their facility wrote, plus shared reference data', async () => {
    assert.deepEqual(idsIn((await call('sysA', 'GET', 'Observation')).json), []);
    assert.deepEqual(
      idsIn((await call('sysB', 'GET', 'Observation')).json),
      [`Observation/${ids.o1}`, `Observation/${ids.o2}`, `Observation/${ids.o3}`].sort(),
    );
    assert.deepEqual(
      idsIn((await call('sysA', 'GET', 'Encounter')).json),
      [`Encounter/${ids.e1}`, `Encounter/${ids.e3}`].sort(),
    );
    assert.equal((await call('sysA', 'GET', `Patient/${ids.P1}`)).status, 403);
    assert.equal((await call('sysA', 'GET', 'Organization/org-b')).status, 200);
  });

  test('change only their own records', async () => {
    const o2 = (await call('sysB', 'GET', `Observation/${ids.o2}`)).json;
    assert.equal((await call('sysA', 'PUT', `Observation/${ids.o2}`, { ...o2, status: 'amended' })).status, 403);
    assert.equal((await call('sysA', 'DELETE', `Observation/${ids.o2}`)).status, 403);
    assert.equal((await call('sysB', 'PUT', `Observation/${ids.o2}`, { ...o2, status: 'amended' })).status, 200);
  });
});

describe('department analyst', () => {
  test('sees de-identified data only', async () => {
    const patients = (await call('phan.tich', 'GET', 'Patient')).json;
    assert.equal(patients.entry.length, 3);
    for (const e of patients.entry) {
      assert.equal(e.resource.name, undefined);
      assert.equal(e.resource.identifier, undefined);
    }
    assert.equal((await call('phan.tich', 'GET', 'Patient?name=nguyen')).status, 403);
    assert.equal((await call('phan.tich', 'GET', 'Observation?subject.identifier=075080')).status, 403);
    assert.equal((await call('phan.tich', 'GET', `Patient/${ids.P1}`)).status, 403);
    const rx = (await call('phan.tich', 'GET', `MedicationRequest?_id=${ids.rx1}`)).json.entry[0].resource;
    assert.equal(rx.subject.display, undefined, 'reference displays carry names');
    assert.equal(rx.identifier, undefined);
    assert.equal(
      (
        await call('phan.tich', 'POST', 'Observation', {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
        })
      ).status,
      403,
    );
  });
});

describe('pharmacy', () => {
  test('sees a prescription only by its code, and only what it needs to dispense', async () => {
    const found = await call(
      'nha.thuoc',
      'GET',
      'MedicationRequest?identifier=http://fhir.lienthong.vn/sid/don-thuoc|DT-0001',
    );
    assert.equal(found.status, 200);
    assert.equal(found.json.entry.length, 1);
    const rx = found.json.entry[0].resource;
    assert.equal(rx.medicationCodeableConcept.text, 'Amoxicillin 500 mg');
    assert.equal(rx.reasonCode, undefined, 'the diagnosis is not the pharmacy’s business');
    assert.equal((await call('nha.thuoc', 'GET', 'MedicationRequest')).status, 403);
    assert.equal((await call('nha.thuoc', 'GET', 'MedicationRequest?status=active')).status, 403);
    assert.equal((await call('nha.thuoc', 'GET', `MedicationRequest/${ids.rx1}`)).status, 403);
    assert.equal((await call('nha.thuoc', 'GET', 'Patient')).status, 403);
  });
});

describe('resident', () => {
  test('reads their own record and only that', async () => {
    assert.equal((await call('an.nguyen', 'GET', `Patient/${ids.P1}`)).status, 200);
    assert.equal((await call('an.nguyen', 'GET', `Patient/${ids.P2}`)).status, 403);
    assert.deepEqual(idsIn((await call('an.nguyen', 'GET', 'Observation')).json), [`Observation/${ids.o1}`]);
    assert.equal((await call('an.nguyen', 'GET', 'Observation?subject=Patient/' + ids.P2)).json.entry?.length ?? 0, 0);
  });

  test('sees who accessed their record', async () => {
    const log = await call('an.nguyen', 'GET', 'AuditEvent?_count=200');
    assert.equal(log.status, 200);
    const agents = new Set(log.json.entry.map((e: any) => e.resource.agent[0].altId));
    assert.ok(agents.has(app.users && (await app.users.byUsername('bs.a'))!.id), 'the clinician who read it');
    // Another patient's log is not theirs to ask for; their own events name only them.
    assert.equal((await call('an.nguyen', 'GET', `AuditEvent?patient=${ids.P2}`)).status, 403);
    for (const e of log.json.entry) {
      const refs = e.resource.entity.filter((x: any) => x.what).map((x: any) => x.what.reference);
      assert.deepEqual(refs, [`Patient/${ids.P1}`]);
    }
  });

  test('may restrict sharing of their own record, not anyone else’s', async () => {
    const consent = (patient: string): Record<string, unknown> => ({
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${patient}` },
      policyRule: { text: 'Hạn chế chia sẻ giữa các cơ sở · Restrict sharing across facilities' },
      provision: { type: 'deny' },
    });
    assert.equal((await call('an.nguyen', 'POST', 'Consent', consent(ids.P2!))).status, 403);
    assert.equal((await call('an.nguyen', 'POST', 'Consent', consent(ids.P1!))).status, 201);
    // From now on facility A's clinician no longer sees P1's data from facility B.
    assert.equal((await call('bs.a', 'GET', `Observation/${ids.o1}`)).status, 403);
    assert.equal((await call('bs.a', 'GET', `Encounter/${ids.e1}`)).status, 200, 'but still its own');
  });
});

describe('holes found in review stay closed', () => {
  test('a deleted record keeps its privacy: no history or vread for others', async () => {
    const secret = await create('sysB', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'HIV test' },
      subject: { reference: `Patient/${ids.P2}` },
    });
    assert.equal((await call('sysB', 'DELETE', `Observation/${secret}`)).status, 204);
    assert.equal((await call('an.nguyen', 'GET', `Observation/${secret}`)).status, 403);
    assert.equal((await call('an.nguyen', 'GET', `Observation/${secret}/_history/1`)).status, 403);
    assert.equal((await call('an.nguyen', 'GET', `Observation/${secret}/_history`)).json.entry?.length ?? 0, 0);
    const all = await call('an.nguyen', 'GET', 'Observation/_history?_count=500');
    assert.ok(!idsIn(all.json).includes(`Observation/${secret}`));
    assert.equal(
      (await call('sysB', 'GET', `Observation/${secret}`)).status,
      410,
      'its author still sees the deletion',
    );
  });

  test('a pharmacy cannot reach prescriptions through history or includes', async () => {
    assert.equal((await call('nha.thuoc', 'GET', 'MedicationRequest/_history')).json.entry?.length ?? 0, 0);
    assert.equal((await call('nha.thuoc', 'GET', `MedicationRequest/${ids.rx1}/_history`)).json.entry?.length ?? 0, 0);
  });

  test('a resident cannot overwrite another patient’s Consent', async () => {
    const theirs = (await call('admin', 'GET', `Consent/${ids.consent3}`)).json;
    const hijack = { ...theirs, patient: { reference: `Patient/${ids.P1}` }, provision: { type: 'permit' } };
    assert.equal((await call('an.nguyen', 'PUT', `Consent/${ids.consent3}`, hijack)).status, 403);
  });

  test('withdrawing one of two restricting Consents keeps the restriction', async () => {
    const extra = await create('admin', {
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${ids.P3}` },
      policyRule: { text: 'Hạn chế chia sẻ' },
      provision: { type: 'deny' },
    });
    assert.equal((await call('admin', 'DELETE', `Consent/${extra}`)).status, 204);
    // (bs.a broke the glass for P3 above, so the check reads the restriction itself.)
    const { rows } = await app.db.query<{ consent_id: string }>(
      'SELECT consent_id FROM consent_restriction WHERE patient_id = $1',
      [ids.P3],
    );
    assert.deepEqual(
      rows.map((r) => r.consent_id),
      [ids.consent3],
      'the first Consent still restricts',
    );
  });
});

describe('audit trail', () => {
  test('every access was recorded, and tampering is detected', async () => {
    const { sealAudit, verifyAudit } = await import('@lienthong/server');
    while ((await sealAudit(app.db)) > 0) {
      // seal everything recorded so far
    }
    const clean = await verifyAudit(app.db);
    assert.deepEqual(clean.problems, []);
    assert.ok(clean.checked > 40, `${clean.checked} events`);
    const { rows } = await app.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event WHERE action = 'R' AND outcome = '4' AND agent_id = (SELECT id FROM app_user WHERE username = 'bs.a')`,
    );
    assert.ok(Number(rows[0]!.n) >= 4, 'the refused reads are recorded as failures');
    // A refused read of another patient's Observation is in that patient's log ("who accessed my record").
    const refused = await app.db.query<{ patient_ids: string[] }>(
      `SELECT patient_ids FROM audit_event WHERE outcome = '4' AND content LIKE $1`,
      [`%Observation/${ids.o2}%`],
    );
    assert.ok(refused.rows.length > 0, 'the refused read of o2 is audited');
    for (const r of refused.rows) assert.deepEqual(r.patient_ids, [ids.P2]);
    await app.db.query(
      `UPDATE audit_event SET content = replace(content, '"outcome":"0"', '"outcome":"4"') WHERE chain_seq = 5`,
    );
    await app.db.query('DELETE FROM audit_event WHERE chain_seq = 9');
    const tampered = await verifyAudit(app.db);
    assert.deepEqual(
      tampered.problems.map((p) => p.chainSeq),
      [5, 9],
    );
  });
});
