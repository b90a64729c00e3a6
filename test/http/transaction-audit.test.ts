// The audit trail of a transaction bundle (docs/security/audit.md): its
// entries' events are written in the bundle's database transaction, alike
// entries of one patient combined into one event that names every resource.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '@medplum/fhirtypes';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CCCD, fhirClient, observation, patient, unique, urn, type Fhir } from '../support/fhir-http.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

interface Row {
  event: AuditEvent;
  patients: string[];
}

async function lastSeq(): Promise<number> {
  const { rows } = await app.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM audit_event');
  return Number(rows[0]?.seq ?? 0);
}

async function eventsSince(seq: number): Promise<Row[]> {
  const { rows } = await app.db.query<{ content: string; patient_ids: string[] }>(
    'SELECT content, patient_ids FROM audit_event WHERE seq > $1 ORDER BY seq',
    [seq],
  );
  return rows.map((r) => ({ event: JSON.parse(r.content) as AuditEvent, patients: [...r.patient_ids].sort() }));
}

const entities = (e: AuditEvent): string[] =>
  (e.entity ?? []).flatMap((x) => (x.what?.reference ? [x.what.reference] : []));
const subtype = (e: AuditEvent): string | undefined => e.subtype?.[0]?.code;

test("a transaction's entries: one event per action and patient, naming every resource written", async () => {
  const marker = unique();
  const known = await fhir.create(patient(`${marker}-k`));
  const [a, b] = [urn(), urn()];
  const before = await lastSeq();
  const r = await fhir.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: a, resource: patient(`${marker}-a`), request: { method: 'POST', url: 'Patient' } },
      ...[1, 2, 3].map((n) => ({
        resource: observation(a, `${marker} a${n}`),
        request: { method: 'POST', url: 'Observation' },
      })),
      { fullUrl: b, resource: patient(`${marker}-b`), request: { method: 'POST', url: 'Patient' } },
      { resource: observation(b, `${marker} b1`), request: { method: 'POST', url: 'Observation' } },
      // A conditional update keeps an event of its own: its query is the event's detail.
      {
        resource: { ...patient(`${marker}-k`), gender: 'female' },
        request: { method: 'PUT', url: `Patient?identifier=${CCCD}|${marker}-k` },
      },
    ],
  });
  assert.equal(r.status, 200, r.text);
  const written = r.body.entry!.map((e) => e.response!.location!.replace(/\/_history\/.*$/, ''));
  const [idA, , , , idB] = written.map((l) => l.split('/')[1]!);

  const rows = await eventsSince(before);
  assert.equal(rows.length, 3, JSON.stringify(rows.map((x) => entities(x.event))));
  const [ofA, ofB, update] = rows as [Row, Row, Row];
  assert.deepEqual(entities(ofA.event), written.slice(0, 4));
  assert.deepEqual(ofA.patients, [idA]);
  assert.equal(ofA.event.action, 'C');
  assert.equal(subtype(ofA.event), 'create');
  assert.deepEqual(entities(ofB.event), written.slice(4, 6));
  assert.deepEqual(ofB.patients, [idB]);
  assert.deepEqual(entities(update.event), [`Patient/${known.id}`]);
  assert.equal(update.event.action, 'U');
  assert.match(update.event.entity!.at(-1)!.description ?? '', new RegExp(`identifier=.*${marker}-k`));
  // Every event of the bundle carries the caller, as a single request's would.
  for (const row of rows) assert.ok(row.event.agent?.[0]?.altId, JSON.stringify(row.event.agent));
});

test('a large bundle of one patient: events of at most 200 resources; a failed bundle leaves only its refusal', async () => {
  const marker = unique();
  const p = urn();
  const before = await lastSeq();
  const r = await fhir.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: p, resource: patient(marker), request: { method: 'POST', url: 'Patient' } },
      ...Array.from({ length: 250 }, (_, n) => ({
        resource: observation(p, `${marker} ${n}`),
        request: { method: 'POST', url: 'Observation' },
      })),
    ],
  });
  assert.equal(r.status, 200, r.text);
  const rows = await eventsSince(before);
  assert.deepEqual(
    rows.map((x) => entities(x.event).length),
    [200, 51],
  );
  const named = rows.flatMap((x) => entities(x.event));
  assert.deepEqual(
    named,
    r.body.entry!.map((e) => e.response!.location!.replace(/\/_history\/.*$/, '')),
  );

  const failedFrom = await lastSeq();
  const refused = await fhir.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { resource: patient(`${marker}-x`), request: { method: 'POST', url: 'Patient' } },
      { resource: { ...patient(`${marker}-y`), gender: 42 }, request: { method: 'POST', url: 'Patient' } },
    ],
  });
  assert.equal(refused.status, 400);
  const after = await eventsSince(failedFrom);
  assert.deepEqual(
    after.map((x) => [x.event.outcome, subtype(x.event)]),
    [['4', 'transaction']],
  );
});
