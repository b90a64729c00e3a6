import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, fhirClient, type Fhir, type FhirBody } from '../support/fhir-http.js';

/*
 * The review queue through the public API: a steward's "not the same person"
 * is an event that `$mpi-undo` takes back (the pair returns to the queue and
 * can then be linked), and the queue is read a page at a time.
 */

const CCCD = 'http://fhir.lienthong.vn/sid/cccd';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  fhir = fhirClient(app.fhirUrl);
  // Three people registered at a commune health station, each also walking
  // in at a clinic under their name, birth date and sex only: three possible matches.
  const people = [
    { id: 'binh', name: ['Trần', 'Văn', 'Bình'], birthDate: '1985-02-03', gender: 'male', cccd: '075085000111' },
    { id: 'cuc', name: ['Lê', 'Thị', 'Cúc'], birthDate: '1972-11-20', gender: 'female', cccd: '075172000222' },
    { id: 'dung', name: ['Phạm', 'Quốc', 'Dũng'], birthDate: '1999-06-15', gender: 'male', cccd: '075099000333' },
  ];
  for (const p of people) {
    const [family, ...given] = p.name;
    const base = { resourceType: 'Patient', name: [{ family, given }], birthDate: p.birthDate, gender: p.gender };
    await put(`${p.id}-tram`, {
      ...base,
      identifier: [
        { system: CCCD, value: p.cccd },
        { system: 'http://fhir.lienthong.vn/sid/ma-bn/75123', value: `${p.id}-tram` },
      ],
      telecom: [{ system: 'phone', value: `09${p.cccd.slice(-8)}` }],
    });
    await put(`${p.id}-phong-kham`, {
      ...base,
      identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-bn/75400', value: `${p.id}-phong-kham` }],
    });
  }
  await app.queue.drain();
});
after(async () => app?.close());

async function put(id: string, body: FhirBody): Promise<void> {
  const r = await fhir.put(`Patient/${id}`, { ...body, id });
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

interface Part {
  name: string;
  valueId?: string;
  valueCode?: string;
  valueInteger?: number;
  valueReference?: { reference: string };
}
const parts = (body: FhirBody) => (body.parameter ?? []) as (Part & { part?: Part[] })[];
const value = (body: FhirBody, name: string) => parts(body).find((p) => p.name === name);

async function call(op: string, parameter: unknown[], status = 200): Promise<FhirBody> {
  const r = await fhir.post(`Patient/${op}`, { resourceType: 'Parameters', parameter });
  assert.equal(r.status, status, `${op}: ${r.text}`);
  return r.body;
}

/** The queue's pairs as "patient|candidate" (ids), and its total. */
async function queue(query: string): Promise<{ total: number; pairs: string[]; ids: string[] }> {
  const r = await fhir.get(`Patient/$mpi-reviews?${query}`);
  assert.equal(r.status, 200, r.text);
  const reviews = parts(r.body).filter((p) => p.name === 'review');
  const ref = (p: Part[] | undefined, name: string) =>
    p?.find((x) => x.name === name)?.valueReference?.reference.replace('Patient/', '') ?? '';
  return {
    total: value(r.body, 'total')!.valueInteger!,
    pairs: reviews.map((rv) => [ref(rv.part, 'patient'), ref(rv.part, 'candidate')].sort().join('|')),
    ids: reviews.map((rv) => rv.part!.find((x) => x.name === 'id')!.valueId!),
  };
}

test('the review queue comes a page at a time', async () => {
  const all = await queue('status=open');
  assert.equal(all.total, 3, JSON.stringify(all));
  const first = await queue('status=open&_count=2');
  const second = await queue('status=open&_count=2&_offset=2');
  assert.equal(first.pairs.length, 2);
  assert.equal(second.pairs.length, 1);
  assert.equal(second.total, 3, 'every page says how many there are in all');
  assert.deepEqual([...first.pairs, ...second.pairs].sort(), [...all.pairs].sort(), 'no pair twice, none missed');
  assertOutcome(await fhir.get('Patient/$mpi-reviews?_count=0'), 400);
  assertOutcome(await fhir.get('Patient/$mpi-reviews?_offset=-1'), 400);
});

test('"not the same person" can be undone: the pair returns to the queue and can then be linked', async () => {
  const pair = 'binh-phong-kham|binh-tram';
  const open = await queue('status=open');
  const reviewId = open.ids[open.pairs.indexOf(pair)];
  assert.ok(reviewId, JSON.stringify(open));

  const decided = await call('$mpi-decide', [
    { name: 'review', valueString: reviewId },
    { name: 'decision', valueCode: 'not-same' },
    { name: 'reason', valueString: 'Khác CCCD khi gọi điện xác minh' },
  ]);
  assert.equal(value(decided, 'kind')?.valueCode, 'review-not-same');
  const eventId = value(decided, 'event')!.valueId!;
  assert.ok(!(await queue('status=open')).pairs.includes(pair), 'decided: out of the open queue');
  assert.ok((await queue('status=not-same')).pairs.includes(pair));
  // Kept apart: a later update of the walk-in does not bring the pair back.
  await put('binh-phong-kham', {
    resourceType: 'Patient',
    name: [{ family: 'Trần', given: ['Văn', 'Bình'] }],
    birthDate: '1985-02-03',
    gender: 'male',
    telecom: [{ system: 'phone', value: '0900000001' }],
  });
  await app.queue.drain();
  assert.ok(!(await queue('status=open')).pairs.includes(pair), 'a steward’s "not the same" stands');

  const undone = await call('$mpi-undo', [
    { name: 'event', valueString: eventId },
    { name: 'reason', valueString: 'Bấm nhầm' },
  ]);
  assert.equal(value(undone, 'kind')?.valueCode, 'review-reopen');
  const back = await queue('status=open');
  assert.ok(back.pairs.includes(pair), 'the pair waits in the queue again');
  assert.equal(back.total, 3);
  assert.ok(!(await queue('status=not-same')).pairs.includes(pair));
  // Once only; and the reopening is not undone: the steward decides the pair again instead.
  assertOutcome(await fhir.post('Patient/$mpi-undo', params([{ name: 'event', valueString: eventId }])), 409);
  assertOutcome(
    await fhir.post('Patient/$mpi-undo', params([{ name: 'event', valueString: value(undone, 'event')!.valueId! }])),
    409,
  );

  // The reopened review is a live one: linking it now puts both records in one person.
  await call('$mpi-decide', [
    { name: 'review', valueString: back.ids[back.pairs.indexOf(pair)] },
    { name: 'decision', valueCode: 'link' },
    { name: 'reason', valueString: 'Đã xác minh: cùng một người' },
  ]);
  const person = await fhir.get('Person?patient=binh-phong-kham');
  const links = ((person.body.entry?.[0]?.resource?.link ?? []) as unknown as { target: { reference: string } }[])
    .map((l) => l.target.reference)
    .sort();
  assert.deepEqual(links, ['Patient/binh-phong-kham', 'Patient/binh-tram']);

  const audit = await fhir.get('AuditEvent?patient=binh-phong-kham');
  const subtypes = (audit.body.entry ?? []).flatMap((e) =>
    (e.resource!.subtype as { code: string }[]).map((s) => s.code),
  );
  for (const s of ['mpi-review-not-same', 'mpi-undo', 'mpi-review-link'])
    assert.ok(subtypes.includes(s), subtypes.join());
});

test('undoing an event that does not exist is a 404 OperationOutcome', async () => {
  assertOutcome(await fhir.post('Patient/$mpi-undo', params([{ name: 'event', valueString: 'no-such-event' }])), 404);
});

function params(parameter: unknown[]): FhirBody {
  return { resourceType: 'Parameters', parameter };
}
