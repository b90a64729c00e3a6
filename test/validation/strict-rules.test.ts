// R4 rules medplum's validator leaves out (packages/server/src/fhir/validate-strict.ts,
// validate-xhtml.ts): each of these inputs was stored with 201 before. Now
// the write is refused with 400 and every problem listed at its FHIRPath location.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertOutcome, fhirClient, type Fhir } from '../support/fhir-http.js';
import { problemsOf } from '../../packages/server/src/fhir/validate.js';

let app: TestApp;
let fhir: Fhir;
before(async () => {
  app = await startTestApp({ listen: true, env: { LIENTHONG_JOBS: 'false' } });
  fhir = fhirClient(app.fhirUrl);
});
after(async () => {
  await app.close();
});

const OBSERVATION = { resourceType: 'Observation', status: 'final', code: { text: 'pulse' } };
const XHTML = 'http://www.w3.org/1999/xhtml';

/** POSTs the resource and expects 400 with exactly these problems (location → text pattern). */
async function rejects(resource: Record<string, unknown>, expected: [string, RegExp][]): Promise<void> {
  const r = await fhir.post(resource.resourceType as string, resource);
  assertOutcome(r, 400);
  const errors = (r.body.issue ?? []).filter((i) => i.severity === 'error');
  assert.deepEqual(
    errors.map((i) => i.expression?.[0]),
    expected.map(([at]) => at),
    r.text,
  );
  expected.forEach(([, text], n) => assert.match(errors[n]!.details?.text ?? '', text));
}

/** POSTs the resource and expects it stored. */
async function accepts(resource: Record<string, unknown>): Promise<void> {
  const r = await fhir.post(resource.resourceType as string, resource);
  assert.equal(r.status, 201, r.text);
}

describe('primitive values', () => {
  test('a date or dateTime that is not in the calendar is 400', async () => {
    await rejects({ resourceType: 'Patient', birthDate: '2023-02-30' }, [
      ['Patient.birthDate', /"2023-02-30" is not a valid date: February 2023 has 28 days/],
    ]);
    await rejects({ resourceType: 'Patient', birthDate: '2023-02-29' }, [['Patient.birthDate', /February 2023/]]);
    await rejects({ ...OBSERVATION, effectiveDateTime: '2023-04-31' }, [
      ['Observation.effective.ofType(dateTime)', /April 2023 has 30 days/],
    ]);
    await accepts({ resourceType: 'Patient', birthDate: '2024-02-29' }); // a leap year
    await accepts({ resourceType: 'Patient', birthDate: '2000-02-29' });
    await rejects({ resourceType: 'Patient', birthDate: '1900-02-29' }, [['Patient.birthDate', /28 days/]]);
  });

  test('a time of day without a time zone is 400 (dateTime and instant)', async () => {
    await rejects({ ...OBSERVATION, effectiveDateTime: '2024-05-02T08:30:00' }, [
      ['Observation.effective.ofType(dateTime)', /needs a time zone/],
    ]);
    await rejects({ ...OBSERVATION, issued: '2024-05-02T08:30:00' }, [['Observation.issued', /instant/]]);
    await rejects({ ...OBSERVATION, effectiveDateTime: '2024-05-02T08' }, [
      ['Observation.effective.ofType(dateTime)', /hours, minutes and seconds/],
    ]);
    await accepts({ ...OBSERVATION, effectiveDateTime: '2024-05-02T08:30:00+07:00', issued: '2024-05-02T01:30:00Z' });
    await accepts({ ...OBSERVATION, effectiveDateTime: '2024-05' });
  });

  test('integers beyond 32 bits, and positiveInt / unsignedInt out of range, are 400', async () => {
    await rejects({ resourceType: 'Patient', multipleBirthInteger: 3000000000 }, [
      ['Patient.multipleBirth.ofType(integer)', /3000000000 is out of range for integer/],
    ]);
    await rejects({ resourceType: 'Patient', telecom: [{ system: 'phone', value: '1', rank: 2147483648 }] }, [
      ['Patient.telecom[0].rank', /out of range for positiveInt/],
    ]);
    await accepts({ resourceType: 'Patient', multipleBirthInteger: 2147483647 });
  });
});

describe('JSON format rules', () => {
  test('empty strings, arrays and objects are 400', async () => {
    await rejects({ resourceType: 'Patient', birthDate: '' }, [['Patient.birthDate', /empty string/]]);
    await rejects({ resourceType: 'Patient', name: [{ family: '' }] }, [['Patient.name[0].family', /empty string/]]);
    await rejects({ resourceType: 'Patient', name: [] }, [['Patient.name', /array may not be empty/]]);
    await rejects({ resourceType: 'Patient', name: [{ family: 'Lê', given: [] }] }, [
      ['Patient.name[0].given', /array may not be empty/],
    ]);
    await rejects({ resourceType: 'Patient', maritalStatus: {} }, [
      ['Patient.maritalStatus', /object may not be empty/],
    ]);
    await rejects({ resourceType: 'Patient', name: [{ family: 'Lê', _family: {} }] }, [
      ['Patient.name[0]._family', /object may not be empty/],
    ]);
  });

  test('two values of one choice element are 400', async () => {
    await rejects({ resourceType: 'Patient', deceasedBoolean: true, deceasedDateTime: '2020-01-01' }, [
      ['Patient.deceased', /"deceasedBoolean" and "deceasedDateTime"/],
    ]);
    await rejects(
      { resourceType: 'Patient', extension: [{ url: 'http://example.org/x', valueString: 'a', valueBoolean: true }] },
      [['Patient.extension[0].value', /"valueString" and "valueBoolean"/]],
    );
    // A value with its own primitive extension is one value.
    await accepts({
      resourceType: 'Patient',
      deceasedDateTime: '2020-01-01',
      _deceasedDateTime: { extension: [{ url: 'http://example.org/x', valueString: 'a' }] },
    });
  });
});

test('a property twice in one object is 400 (JSON.parse would keep the last)', async () => {
  const send = (raw: string) =>
    fhir.send('POST', 'Patient', { raw, headers: { 'content-type': 'application/fhir+json' } });
  for (const raw of [
    '{"resourceType":"Patient","gender":"male","gender":"female"}',
    '{"resourceType":"Patient","name":[{"family":"Lê","family":"Trần"}]}',
    '{"resourceType":"Patient","gend\\u0065r":"male","gender":"female"}',
  ]) {
    const r = await send(raw);
    assertOutcome(r, 400, /property "(gender|family)" twice/);
  }
  // Colons and escaped quotes inside strings, the same name in sibling objects: fine.
  const ok = await send(
    '{"resourceType":"Patient","name":[{"text":"a \\"x\\": 1"},{"text":"b"}],"telecom":[{"system":"url","value":"http://a:b"}]}',
  );
  assert.equal(ok.status, 201, ok.text);
});

describe('data-type and resource invariants', () => {
  test('per-1: a Period that ends before it starts is 400', async () => {
    await rejects({ ...OBSERVATION, effectivePeriod: { start: '2024-05-02', end: '2024-05-01' } }, [
      ['Observation.effective.ofType(Period)', /per-1/],
    ]);
    await rejects({ ...OBSERVATION, effectivePeriod: { start: '2024-05-02T10:00:00Z', end: '2024-05-02T09:00:00Z' } }, [
      ['Observation.effective.ofType(Period)', /per-1/],
    ]);
    // Same day at different precisions, or an hour apart in different zones: not out of order.
    await accepts({ ...OBSERVATION, effectivePeriod: { start: '2024-05-02T10:00:00+07:00', end: '2024-05-02' } });
    await accepts({
      ...OBSERVATION,
      effectivePeriod: { start: '2024-05-02T10:00:00+07:00', end: '2024-05-02T04:00:00Z' },
    });
  });

  test('cpt-2 and qty-3: a value or code without its system is 400', async () => {
    await rejects({ resourceType: 'Patient', telecom: [{ value: '0901234567' }] }, [['Patient.telecom[0]', /cpt-2/]]);
    await rejects({ ...OBSERVATION, valueQuantity: { value: 72, code: '/min' } }, [
      ['Observation.value.ofType(Quantity)', /qty-3/],
    ]);
    await accepts({
      ...OBSERVATION,
      valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    });
  });

  test('dom-3: a contained resource nothing refers to is 400; ref-1: a local reference to nothing is 400', async () => {
    const org = { resourceType: 'Organization', id: 'o1', name: 'Trạm y tế' };
    await rejects({ resourceType: 'Patient', contained: [org] }, [['Patient.contained[0]', /dom-3/]]);
    await accepts({ resourceType: 'Patient', contained: [org], managingOrganization: { reference: '#o1' } });
    await rejects({ resourceType: 'Patient', managingOrganization: { reference: '#o2' } }, [
      ['Patient.managingOrganization', /ref-1/],
    ]);
  });

  test("a nested resource's own invariants are evaluated (a Bundle entry, a contained resource)", async () => {
    const broken = { ...OBSERVATION, valueString: '72', dataAbsentReason: { text: 'not measured' } }; // obs-6
    await rejects(
      { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:1', resource: broken }] },
      [['Bundle.entry[0].resource', /obs-6/]],
    );
    await rejects(
      {
        resourceType: 'DiagnosticReport',
        status: 'final',
        code: { text: 'vital signs' },
        contained: [{ ...broken, id: 'o' }],
        result: [{ reference: '#o' }],
      },
      [['DiagnosticReport.contained[0]', /obs-6/]],
    );
    await accepts({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'urn:uuid:2', resource: OBSERVATION }],
    });
  });

  test('the narrative must be XHTML with only basic formatting (txt-1) and some content (txt-2)', async () => {
    const text = (div: string) => ({ resourceType: 'Patient', text: { status: 'generated', div } });
    await rejects(text('not html at all'), [['Patient.text.div', /not well-formed XHTML/]]);
    await rejects(text(`<div xmlns="${XHTML}"><script>alert(1)</script>x</div>`), [
      ['Patient.text.div', /<script>.*txt-1/],
    ]);
    await rejects(text(`<div xmlns="${XHTML}"><p onclick="steal()">x</p><a href="javascript:steal()">y</a></div>`), [
      ['Patient.text.div', /onclick on <p>/],
      ['Patient.text.div', /script URL in href/],
    ]);
    await rejects(text(`<div xmlns="${XHTML}">  </div>`), [['Patient.text.div', /txt-2/]]);
    await rejects(text('<div>x</div>'), [['Patient.text.div', /xmlns/]]);
    await accepts(
      text(`<div xmlns="${XHTML}"><p>Nguyễn <b>Văn</b> A &amp; <a href="https://example.org">x</a></p><br/></div>`),
    );
  });
});

test('every forbidden narrative construct is named (validator function)', () => {
  const problems = (div: string) =>
    problemsOf({ resourceType: 'Patient', text: { status: 'generated', div } } as Resource).map((p) => p.details!.text);
  const inDiv = (html: string) => `<div xmlns="${XHTML}">x${html}</div>`;
  for (const element of [
    'iframe',
    'object',
    'form',
    'input',
    'embed',
    'style',
    'link',
    'base',
    'body',
    'head',
    'svg',
  ]) {
    assert.match(problems(inDiv(`<${element}/>`)).join(), new RegExp(`<${element}>`), element);
  }
  assert.match(problems(inDiv('<img src="x" onerror="steal()"/>')).join(), /onerror/);
  assert.match(problems(inDiv('<a href="java&#x09;script:steal()">y</a>')).join(), /script URL/);
  assert.match(problems(inDiv('<a href="data:text/html,x">y</a>')).join(), /script URL/);
  assert.match(problems(inDiv('<a href="javascript&amp;colon;steal()">y</a>')).join(), /script URL/);
  assert.match(problems(inDiv('<a href="javascript&colon;steal()">y</a>')).join(), /script URL/);
  assert.deepEqual(problems(inDiv('<a href="https://example.org/?a=1&amp;b=2">y</a>')), []);
  assert.match(problems(inDiv('<p>unclosed')).join(), /not closed/);
  assert.match(problems(inDiv('a & b')).join(), /&amp;/);
  assert.deepEqual(problems(`<div xmlns="${XHTML}"><img src="data:image/png;base64,AAAA" alt="x"/></div>`), []);
  assert.deepEqual(
    problems(`<div xmlns="${XHTML}"><table border="1"><tr><td colspan="2" style="color:red">1</td></tr></table></div>`),
    [],
  );
});
