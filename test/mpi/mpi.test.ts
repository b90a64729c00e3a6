import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { fhirClient, assertOutcome, type Fhir, type FhirBody } from '../support/fhir-http.js';

/*
 * The master patient index through the public API: Patients written by
 * facilities are matched in the background (the job queue, drained here),
 * golden records appear, and a data steward links, unlinks, decides reviews
 * and undoes — with nothing lost.
 */

const CCCD = 'http://fhir.lienthong.vn/sid/cccd';
const BHYT = 'http://fhir.lienthong.vn/sid/bhyt';
const DVHC = 'http://fhir.lienthong.vn/StructureDefinition/dvhc';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => app?.close());

interface Person {
  id: string;
  name: string;
  birthDate: string;
  gender?: 'male' | 'female';
  cccd?: string;
  card?: string;
  phone?: string;
  commune?: string;
  facility: string;
}

function patient(p: Person): FhirBody {
  const [family, ...given] = p.name.split(' ');
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [
      ...(p.cccd ? [{ system: CCCD, value: p.cccd }] : []),
      ...(p.card ? [{ system: BHYT, value: p.card }] : []),
      { system: `http://fhir.lienthong.vn/sid/ma-bn/${p.facility}`, value: p.id },
    ],
    name: [{ family, given }],
    birthDate: p.birthDate,
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone }] } : {}),
    ...(p.commune
      ? { address: [{ extension: [{ url: DVHC, valueCoding: { code: p.commune } }], city: 'Phường Trấn Biên' }] }
      : {}),
  };
}

async function put(p: Person): Promise<void> {
  const r = await fhir.put(`Patient/${p.id}`, patient(p));
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

/** Runs the background matching of everything written so far. */
const settle = () => app.queue.drain();

/** The master record (a FHIR Person) linking a facility's Patient. */
async function goldenOf(patientId: string): Promise<FhirBody> {
  const r = await fhir.get(`Person?patient=${patientId}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.entry?.length, 1, `one master record links Patient/${patientId}: ${r.text}`);
  return r.body.entry![0]!.resource!;
}

const linked = (golden: FhirBody) =>
  ((golden.link ?? []) as unknown as { target: { reference: string } }[])
    .map((l) => l.target.reference.replace('Patient/', ''))
    .sort();

async function call(op: string, parameter: unknown[]): Promise<FhirBody> {
  const r = await fhir.post(`Patient/${op}`, { resourceType: 'Parameters', parameter });
  assert.equal(r.status, 200, `${op}: ${r.text}`);
  return r.body;
}
const ref = (id: string) => ({ reference: `Patient/${id}` });
const part = (body: FhirBody, name: string) =>
  (body.parameter as { name: string; valueId?: string }[]).find((p) => p.name === name);

const anh: Person = {
  id: 'anh-tram-y-te',
  name: 'Nguyễn Thị Ngọc Ánh',
  birthDate: '1990-04-07',
  gender: 'female',
  cccd: '075190123456',
  card: 'GD4757512345678',
  phone: '0912345678',
  commune: '26041',
  facility: '75123',
};

test('a second registration of the same person is linked under one golden record', async () => {
  await put(anh);
  // At the hospital: no diacritics, the middle name dropped, day and month swapped, same CCCD.
  await put({
    ...anh,
    id: 'anh-benh-vien',
    name: 'NGUYEN THI ANH',
    birthDate: '1990-07-04',
    card: undefined,
    facility: '75001',
  });
  await settle();
  const golden = await goldenOf('anh-tram-y-te');
  assert.deepEqual(linked(golden), ['anh-benh-vien', 'anh-tram-y-te']);
  assert.equal(golden.birthDate, '1990-04-07', 'on a tie, the birth date of the most complete registration');
  const names = golden.name as {
    text?: string;
    family?: string;
    given?: string[];
    extension: { valueReference: { reference: string } }[];
  }[];
  assert.equal(names.length, 2, 'both spellings are kept');
  assert.deepEqual(
    [names[0]!.family, ...names[0]!.given!],
    ['Nguyễn', 'Thị', 'Ngọc', 'Ánh'],
    'the name with its marks first',
  );
  assert.deepEqual(
    names[1]!.extension.map((e) => e.valueReference.reference),
    ['Patient/anh-benh-vien'],
    'each name cites its source',
  );
  // Each facility's record is exactly as it was submitted.
  const hospital = await fhir.get('Patient/anh-benh-vien');
  assert.equal(hospital.body.link, undefined);
  assert.equal(hospital.body.meta?.versionId, '1');
  // Found by CCCD whichever facility registered them, and by a name typed without diacritics.
  assert.deepEqual(await fhir.searchIds(`Patient?identifier=${CCCD}|075190123456`), ['anh-benh-vien', 'anh-tram-y-te']);
  assert.deepEqual(await fhir.searchIds(`Person?identifier=${CCCD}|075190123456`), [golden.id]);
  assert.deepEqual(await fhir.searchIds('Person?name=nguyen%20thi%20ngoc%20anh'), [golden.id]);
  const assurance = (golden.link as unknown as { assurance: string }[]).map((l) => l.assurance);
  assert.ok(assurance.includes('level3'), 'linked by the matcher: level3');
});

test('$everything of the master record, or of any linked record, gathers the data of every linked record', async () => {
  for (const [id, patientId] of [
    ['obs-tram', 'anh-tram-y-te'],
    ['obs-bv', 'anh-benh-vien'],
  ] as const) {
    const r = await fhir.put(`Observation/${id}`, {
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { text: 'Huyết áp' },
      subject: { reference: `Patient/${patientId}` },
    });
    assert.ok(r.status < 300, r.text);
  }
  const golden = await goldenOf('anh-tram-y-te');
  for (const path of [`Person/${golden.id}/$everything`, 'Patient/anh-benh-vien/$everything']) {
    const r = await fhir.get(path);
    assert.equal(r.status, 200, r.text);
    const ids = (r.body.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`).sort();
    for (const want of [
      'Observation/obs-bv',
      'Observation/obs-tram',
      'Patient/anh-benh-vien',
      'Patient/anh-tram-y-te',
      `Person/${golden.id}`,
    ]) {
      assert.ok(ids.includes(want), `${path}: ${want} in ${ids.join(', ')}`);
    }
  }
});

test('a namesake born the same day with another CCCD is another person', async () => {
  await put({ ...anh, id: 'anh-khac', cccd: '075190654321', card: undefined, phone: '0987654321', facility: '75002' });
  await settle();
  const golden = await goldenOf('anh-khac');
  assert.deepEqual(linked(golden), ['anh-khac']);
});

test('$match grades a candidate against the index without storing it', async () => {
  const body = await call('$match', [
    { name: 'resource', resource: patient({ ...anh, id: 'probe', name: 'Nguyen Thi Ngoc Anh', facility: '75999' }) },
    { name: 'onlyCertainMatches', valueBoolean: true },
  ]);
  assert.equal(body.resourceType, 'Bundle');
  type MatchEntry = {
    resource: FhirBody;
    search: { mode: string; score?: number; extension?: { valueCode: string }[] };
  };
  const entries = (body.entry ?? []) as unknown as MatchEntry[];
  assert.equal(body.total, 1, JSON.stringify(body));
  const [match, person] = entries;
  assert.equal(match!.resource.resourceType, 'Patient');
  assert.equal(match!.search.extension![0]!.valueCode, 'certain');
  assert.ok(match!.search.score! > 0.95, String(match!.search.score));
  assert.equal(person!.search.mode, 'include');
  assert.deepEqual(linked(person!.resource), ['anh-benh-vien', 'anh-tram-y-te']);
  assertOutcome(await fhir.post('Patient/$match', { resourceType: 'Parameters', parameter: [] }), 400, /resource/);
});

test('a possible match waits for a steward, whose link is undoable with nothing lost', async () => {
  // No identifiers, no phone, another commune: name and birth date alone.
  const walkIn: Person = {
    id: 'anh-phong-kham',
    name: 'Nguyễn Ngọc Ánh',
    birthDate: '1990-04-07',
    gender: 'female',
    facility: '75400',
  };
  await put(walkIn);
  await settle();
  assert.deepEqual(linked(await goldenOf('anh-phong-kham')), ['anh-phong-kham'], 'not linked automatically');
  const queue = await fhir.get('Patient/$mpi-reviews?status=open');
  assert.equal(queue.status, 200, queue.text);
  const reviews = (
    queue.body.parameter as {
      name: string;
      part?: { name: string; valueId?: string; valueReference?: { reference: string } }[];
    }[]
  ).filter((p) => p.name === 'review');
  // The walk-in is also a possible match of the namesake (anh-khac): decide the pair with Ánh's person.
  const refOf = (r: (typeof reviews)[number], name: string) =>
    r.part!.find((x) => x.name === name)?.valueReference?.reference;
  const review = reviews.find(
    (r) =>
      refOf(r, 'patient') === 'Patient/anh-phong-kham' &&
      ['Patient/anh-tram-y-te', 'Patient/anh-benh-vien'].includes(refOf(r, 'candidate') ?? ''),
  );
  assert.ok(review, queue.text);
  const reviewId = review.part!.find((x) => x.name === 'id')!.valueId!;

  const decided = await call('$mpi-decide', [
    { name: 'review', valueString: reviewId },
    { name: 'decision', valueCode: 'link' },
    { name: 'reason', valueString: 'Cùng người: đối chiếu CCCD tại quầy' },
  ]);
  const eventId = part(decided, 'event')!.valueId!;
  const golden = await goldenOf('anh-tram-y-te');
  assert.deepEqual(linked(golden), ['anh-benh-vien', 'anh-phong-kham', 'anh-tram-y-te']);
  const retired = await fhir.get(`Person?link=${encodeURIComponent(`Person/${golden.id}`)}`);
  const gone = retired.body.entry?.[0]?.resource;
  assert.equal(gone?.active, false, `the merged-away master record points to the survivor: ${retired.text}`);
  assert.equal(gone?.name, undefined, 'and keeps nothing personal');

  await call('$mpi-undo', [
    { name: 'event', valueString: eventId },
    { name: 'reason', valueString: 'nhầm' },
  ]);
  assert.deepEqual(linked(await goldenOf('anh-tram-y-te')), ['anh-benh-vien', 'anh-tram-y-te']);
  assert.deepEqual(linked(await goldenOf('anh-phong-kham')), ['anh-phong-kham']);
  // Undone once; a second undo of the same event is refused.
  assertOutcome(
    await fhir.post('Patient/$mpi-undo', {
      resourceType: 'Parameters',
      parameter: [{ name: 'event', valueString: eventId }],
    }),
    409,
  );
  // The audit trail records the steward's decisions.
  const audit = await fhir.get('AuditEvent?patient=anh-phong-kham');
  const subtypes = (audit.body.entry ?? []).flatMap((e) =>
    (e.resource!.subtype as { code: string }[]).map((s) => s.code),
  );
  assert.ok(subtypes.includes('mpi-review-link') && subtypes.includes('mpi-undo'), subtypes.join(', '));
});

test('unlink splits a record off for good; its later updates do not re-link it', async () => {
  await call('$unlink', [
    { name: 'patient', valueReference: ref('anh-benh-vien') },
    { name: 'reason', valueString: 'khác người' },
  ]);
  assert.deepEqual(linked(await goldenOf('anh-tram-y-te')), ['anh-tram-y-te']);
  await put({ ...anh, id: 'anh-benh-vien', name: 'NGUYEN THI NGOC ANH', facility: '75001' });
  await settle();
  assert.deepEqual(linked(await goldenOf('anh-benh-vien')), ['anh-benh-vien'], 'a steward decision stands');
  await call('$link', [
    { name: 'patient', valueReference: ref('anh-benh-vien') },
    { name: 'other', valueReference: ref('anh-tram-y-te') },
  ]);
  assert.deepEqual(linked(await goldenOf('anh-tram-y-te')), ['anh-benh-vien', 'anh-tram-y-te']);
  // The record's history names each move, newest first, for the steward to undo.
  const history = await fhir.get('Patient/anh-benh-vien/$mpi-history');
  assert.equal(history.status, 200, history.text);
  const kinds = (history.body.parameter as { part: { name: string; valueCode?: string }[] }[]).map(
    (e) => e.part.find((p) => p.name === 'kind')!.valueCode,
  );
  assert.deepEqual(kinds.slice(0, 2), ['link', 'unlink']);
  assert.ok(kinds.includes('auto-link'), kinds.join(', '));
});

test('odd input is stored, not used as evidence, and never merges', async () => {
  // A CCCD whose digits say male born 1985 on a woman born 1990, and a birth date in the future.
  await put({
    id: 'odd',
    name: 'Nguyễn Thị Ngọc Ánh',
    birthDate: '2090-01-01',
    gender: 'female',
    cccd: '075085123456',
    facility: '75001',
  });
  await settle();
  assert.deepEqual(linked(await goldenOf('odd')), ['odd']);
  const { rows } = await app.db.query<{ warnings: string[] }>(
    `SELECT warnings FROM mpi_record WHERE patient_id = 'odd'`,
  );
  const warnings = rows[0]!.warnings.join(' | ');
  assert.match(warnings, /birth date 2090-01-01 is in the future/);
  assert.match(warnings, /CCCD 075085123456/);
});

test('a deleted record leaves its person', async () => {
  await put({
    id: 'gone',
    name: 'Trần Văn Bình',
    birthDate: '1970-01-01',
    gender: 'male',
    cccd: '075070111111',
    facility: '75001',
  });
  await settle();
  const golden = await goldenOf('gone');
  assert.equal((await fhir.delete('Patient/gone')).status < 300, true);
  await settle();
  assert.equal((await fhir.get(`Person/${golden.id}`)).status, 410, 'a person with no records left is gone');
});
