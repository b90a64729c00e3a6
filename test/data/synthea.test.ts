import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { call, eachReference, readSynthea, type FhirResource } from './helpers.js';

/**
 * Synthea's bulk export of 10 patients (test/fixtures/synthea-10-patients,
 * CC0) as realistic third-party input. It is loaded through transaction
 * bundles of at most 100 PUT entries, exactly as the files hold it: literal
 * references ("Patient/…", "Encounter/…") and conditional ones
 * ("Practitioner?identifier=…"), which the server resolves (FHIR R4
 * §3.1.0.8.2). Every expected number below is computed from the files, never
 * typed in.
 *
 * To keep this file well under 30 s on PGlite we load every Organization,
 * Location, Practitioner, PractitionerRole and Patient, and the clinical
 * records of the patients with the smallest records up to RECORD_BUDGET
 * resources (11 of the 13 patients; the two largest records alone hold 4,762
 * resources and would add ~25 s). Every count is computed over what was loaded.
 */
const RECORD_BUDGET = 2500;
const SHARED = ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient'];
/** Referenced types before referring ones: Encounter before Condition before MedicationRequest and Procedure. */
const CLINICAL = [
  'Encounter',
  'Condition',
  'AllergyIntolerance',
  'Device',
  'DocumentReference',
  'Immunization',
  'MedicationRequest',
  'Procedure',
];
const SNOMED = 'http://snomed.info/sct';

const files = readSynthea();
const patients = files.get('Patient')!;

/** The patient a clinical resource belongs to: its one "Patient/…" reference. */
function patientOf(r: FhirResource): string {
  const ids = new Set<string>();
  eachReference(r, (ref) => {
    if (ref.startsWith('Patient/')) ids.add(ref.slice('Patient/'.length));
  });
  assert.equal(ids.size, 1, `${r.resourceType}/${r.id} refers to ${ids.size} patients`);
  return [...ids][0]!;
}

// The clinical records, smallest first, as many as fit the budget.
const records = new Map<string, FhirResource[]>(patients.map((p) => [p.id!, []]));
for (const type of CLINICAL) for (const r of files.get(type) ?? []) records.get(patientOf(r))!.push(r);
const loadedPatients = new Set<string>();
let budget = RECORD_BUDGET;
for (const [id, record] of [...records].sort((a, b) => a[1].length - b[1].length)) {
  if (record.length > budget) break;
  budget -= record.length;
  loadedPatients.add(id);
}
/** Everything that is loaded, by type, in load order. */
const loaded = new Map<string, FhirResource[]>([
  ...SHARED.map((t): [string, FhirResource[]] => [t, files.get(t) ?? []]),
  ...CLINICAL.map((t): [string, FhirResource[]] => [
    t,
    (files.get(t) ?? []).filter((r) => loadedPatients.has(patientOf(r))),
  ]),
]);
const all = [...loaded.values()].flat();

/** "Type?identifier=system|value" → "Type/id", from the identifiers in the files. */
const byIdentifier = new Map<string, string>();
for (const r of all) {
  for (const i of (r.identifier as { system?: string; value?: string }[] | undefined) ?? []) {
    byIdentifier.set(`${r.resourceType}?identifier=${i.system}|${i.value}`, `${r.resourceType}/${r.id}`);
  }
}

let app: TestApp;
before(async () => {
  app = await startTestApp();
  for (const [type, resources] of loaded) {
    for (let i = 0; i < resources.length; i += 100) {
      const chunk = resources.slice(i, i + 100);
      const res = await call(app, 'POST', '', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: chunk.map((r) => ({
          fullUrl: `${app.fhirUrl}/${type}/${r.id}`,
          resource: r,
          request: { method: 'PUT', url: `${type}/${r.id}` },
        })),
      });
      assert.equal(res.status, 200, `${type} ${i}: ${JSON.stringify(res.body).slice(0, 2000)}`);
      assert.equal(res.body.entry?.length, chunk.length);
    }
  }
});
after(async () => {
  await app.close();
});

async function total(query: string): Promise<number> {
  const res = await call(app, 'GET', `${query}${query.includes('?') ? '&' : '?'}_summary=count`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body.total, 'number', `${query} has no total`);
  return res.body.total!;
}

test('the selection is a real share of the data', () => {
  assert.ok(loadedPatients.size >= 8, `only ${loadedPatients.size} patient records fit the budget`);
  assert.ok(all.length >= 2000, `only ${all.length} resources`);
});

test('every resource is stored as sent, conditional references resolved to the right target', async () => {
  // Person: the master records the patient index adds once matching has run.
  const { rows } = await app.db.query<{ resource_type: string; id: string; content: string }>(
    `SELECT resource_type, id, content FROM resource WHERE NOT deleted AND resource_type <> 'Person'`,
  );
  assert.equal(rows.length, all.length);
  const stored = new Map(rows.map((r) => [`${r.resource_type}/${r.id}`, JSON.parse(r.content) as FhirResource]));
  let conditional = 0;
  for (const original of all) {
    const key = `${original.resourceType}/${original.id}`;
    const got = stored.get(key);
    assert.ok(got, `${key} is not stored`);
    const expected = structuredClone(original);
    eachReference(expected, (ref, holder) => {
      if (!ref.includes('?')) return;
      conditional++;
      const target = byIdentifier.get(ref);
      assert.ok(target, `${key}: no resource in the files matches ${ref}`);
      holder.reference = target;
    });
    const { versionId, lastUpdated, ...meta } = got.meta ?? {};
    assert.equal(versionId, '1');
    assert.ok(lastUpdated);
    assert.deepEqual({ ...got, meta }, { ...expected, meta: expected.meta ?? {} }, key);
  }
  assert.ok(conditional > 1000, `only ${conditional} conditional references were exercised`);
});

test('every reference in the store resolves', async () => {
  const { rows } = await app.db.query<{ resource_type: string; id: string; content: string }>(
    'SELECT resource_type, id, content FROM resource WHERE NOT deleted',
  );
  const keys = new Set(rows.map((r) => `${r.resource_type}/${r.id}`));
  const broken: string[] = [];
  let references = 0;
  for (const row of rows) {
    eachReference(JSON.parse(row.content), (ref) => {
      references++;
      if (!keys.has(ref)) broken.push(`${row.resource_type}/${row.id} → ${ref}`);
    });
  }
  assert.deepEqual(broken.slice(0, 10), []);
  assert.ok(references > 5000, `only ${references} references`);
});

test('Patient total', async () => {
  assert.equal(await total('Patient'), patients.length);
});

test('Encounter?patient and Immunization?patient for every patient', async () => {
  for (const p of patients) {
    for (const type of ['Encounter', 'Immunization']) {
      const expected = (loaded.get(type) ?? []).filter((r) => patientOf(r) === p.id).length;
      assert.equal(await total(`${type}?patient=${p.id}`), expected, `${type}?patient=${p.id}`);
    }
  }
  // Non-trivial: some patient has many encounters.
  const counts = [...loadedPatients].map((id) => loaded.get('Encounter')!.filter((r) => patientOf(r) === id).length);
  assert.ok(Math.max(...counts) >= 20);
});

test('Condition?code for the most frequent and a unique SNOMED code', async () => {
  const conditions = loaded.get('Condition')!;
  const perCode = new Map<string, number>();
  for (const c of conditions) {
    const codes = new Set(
      ((c.code as { coding?: { system?: string; code?: string }[] }).coding ?? [])
        .filter((cd) => cd.system === SNOMED)
        .map((cd) => cd.code!),
    );
    for (const code of codes) perCode.set(code, (perCode.get(code) ?? 0) + 1);
  }
  const ranked = [...perCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [frequent, frequentCount] = ranked[0]!;
  const [unique] = ranked.find(([, n]) => n === 1)!;
  assert.ok(frequentCount > 5, `the most frequent code appears only ${frequentCount} times`);
  assert.equal(await total(`Condition?code=${encodeURIComponent(`${SNOMED}|${frequent}`)}`), frequentCount);
  assert.equal(await total(`Condition?code=${frequent}`), frequentCount);
  assert.equal(await total(`Condition?code=${encodeURIComponent(`${SNOMED}|${unique}`)}`), 1);
  assert.equal(await total(`Condition?code=${encodeURIComponent(`http://loinc.org|${frequent}`)}`), 0);
});

test('Observation: none in the files, none found', async () => {
  assert.equal(await total('Observation'), (files.get('Observation') ?? []).length);
});

test('MedicationRequest?status=active', async () => {
  const meds = loaded.get('MedicationRequest')!;
  const active = meds.filter((m) => m.status === 'active').length;
  assert.ok(active > 0 && active < meds.length, 'the data has both active and other requests');
  assert.equal(await total('MedicationRequest?status=active'), active);
  assert.equal(await total('MedicationRequest?status:not=active'), meds.length - active);
});

test('Encounter?date=ge<year> and lt<year> split the encounters', async () => {
  const encounters = loaded.get('Encounter')!;
  const spans = encounters.map((e) => {
    const period = e.period as { start: string; end?: string };
    return { start: Date.parse(period.start), end: period.end ? Date.parse(period.end) : Infinity };
  });
  // A year whose first day no encounter comes near (any time zone), so the
  // answer does not depend on how the server reads "2015" or treats overlaps.
  const margin = 36 * 3600_000;
  const years = [...new Set(spans.map((s) => new Date(s.start).getUTCFullYear()))].sort();
  const safe = years.filter((y) => {
    const boundary = Date.UTC(y, 0, 1);
    return spans.every((s) => s.end < boundary - margin || s.start > boundary + margin);
  });
  assert.ok(safe.length > 0);
  const year = safe[Math.floor(safe.length / 2)]!;
  const boundary = Date.UTC(year, 0, 1);
  const after = spans.filter((s) => s.start > boundary).length;
  assert.ok(after > 0 && after < encounters.length, `${year} does not split the encounters`);
  assert.equal(await total(`Encounter?date=ge${year}`), after, `Encounter?date=ge${year}`);
  assert.equal(await total(`Encounter?date=lt${year}`), encounters.length - after, `Encounter?date=lt${year}`);
});

test('token, date and chained searches agree with the files', async () => {
  const codes = (cc: unknown) =>
    ((cc as { coding?: { system?: string; code?: string }[] })?.coding ?? []).map((c) => c);
  const females = patients.filter((p) => p.gender === 'female');
  assert.ok(females.length > 0 && females.length < patients.length);
  assert.equal(await total('Patient?gender=female'), females.length);

  // birthDate is a date: "lt1960" means born before 1960-01-01, whatever the time zone.
  const born = patients.map((p) => p.birthDate as string).sort();
  const year = Number(born[Math.floor(born.length / 2)]!.slice(0, 4));
  assert.equal(await total(`Patient?birthdate=lt${year}`), born.filter((b) => b < String(year)).length);

  const conditions = loaded.get('Condition')!;
  const clinical = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
  const active = conditions.filter((c) =>
    codes(c.clinicalStatus).some((cd) => cd.system === clinical && cd.code === 'active'),
  );
  assert.ok(active.length > 0 && active.length < conditions.length);
  assert.equal(await total('Condition?clinical-status=active'), active.length);
  assert.equal(await total(`Condition?clinical-status=${encodeURIComponent(`${clinical}|active`)}`), active.length);

  const immunizations = loaded.get('Immunization')!;
  const cvx = new Map<string, number>();
  for (const i of immunizations) for (const cd of codes(i.vaccineCode)) cvx.set(cd.code!, (cvx.get(cd.code!) ?? 0) + 1);
  const [vaccine, vaccineCount] = [...cvx].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  assert.equal(
    await total(`Immunization?vaccine-code=${encodeURIComponent(`http://hl7.org/fhir/sid/cvx|${vaccine}`)}`),
    vaccineCount,
  );

  const encounters = loaded.get('Encounter')!;
  const ambulatory = encounters.filter((e) => (e.class as { code?: string }).code === 'AMB').length;
  assert.ok(ambulatory > 0 && ambulatory < encounters.length);
  assert.equal(await total('Encounter?class=AMB'), ambulatory);

  // A chain through the resolved references: encounters of female patients.
  const femaleIds = new Set(females.map((p) => p.id));
  const ofFemales = encounters.filter((e) => femaleIds.has(patientOf(e))).length;
  assert.equal(await total('Encounter?subject:Patient.gender=female'), ofFemales);
  // And one through a conditional reference the server resolved: encounters at the busiest location.
  const perLocation = new Map<string, number>();
  for (const e of encounters) {
    const ref = (e.location as { location: { reference: string } }[])[0]!.location.reference;
    perLocation.set(ref, (perLocation.get(ref) ?? 0) + 1);
  }
  const [busiest, busiestCount] = [...perLocation].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  assert.equal(await total(`Encounter?location=${byIdentifier.get(busiest)!}`), busiestCount);
});
