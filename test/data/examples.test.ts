import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { call, readExamples, type FhirResource } from './helpers.js';

/**
 * The official HL7 FHIR R4 examples (test/fixtures/fhir-r4-examples, one per
 * resource type, Apache-2.0). Every valid one must be stored and read back
 * unchanged apart from meta.versionId/lastUpdated (and the id of a POST),
 * which the server owns (https://hl7.org/fhir/R4/http.html#create,
 * https://hl7.org/fhir/R4/resource.html#Meta). The others must be rejected
 * with a 400 OperationOutcome that names the problem. AuditEvent is valid
 * but the server takes none from clients (REFUSED below).
 *
 * Examples that are invalid R4, judged against the specification:
 *
 * | file                            | why it is invalid                                                         |
 * | ------------------------------- | ------------------------------------------------------------------------- |
 * | bundle-questionnaire.json       | Despite its name a Questionnaire (id qs1). Its nested "display" items     |
 * |                                 | have no linkId, but Questionnaire.item.linkId is 1..1 for every item,     |
 * |                                 | display or not (questionnaire-definitions.html#Questionnaire.item.linkId). |
 * | codesystem-example.json         | Defines the code "chol-mass" twice (the first, "SChol (mmol/L)", was      |
 * |                                 | meant to be chol-mmol). Invariant csd-1: "Within a code system            |
 * |                                 | definition, all the codes SHALL be unique" (codesystem.html#invs).         |
 * | devicemetric-example.json       | parent is "DeviceDefinition/dc102", but DeviceMetric.parent is            |
 * |                                 | Reference(Device) (devicemetric-definitions.html#DeviceMetric.parent).    |
 * | deviceusestatement-example.json | reasonReference is "Procedure/example", but DeviceUseStatement.           |
 * |                                 | reasonReference is Reference(Condition | Observation | DiagnosticReport | |
 * |                                 | DocumentReference | Media).                                               |
 * | medicationrequest0301.json      | dispenseRequest.performer is "Practitioner/f001", but it is               |
 * |                                 | Reference(Organization) (the pharmacy that dispenses).                    |
 *
 * The last three were accepted until we checked reference targets ourselves:
 * medplum only warns about them (validate-bindings.ts).
 *
 * binary-example.json used to be rejected ("Invalid base64Binary format"): its
 * base64 is wrapped in lines of 76 characters with spaces between groups of
 * four, which the R4 regex `(\s*([0-9a-zA-Z\+/=]){4}\s*)+` allows
 * (https://hl7.org/fhir/R4/datatypes.html#base64Binary). That was our
 * validator's fault, fixed in packages/server/src/fhir/validate-base64.ts.
 */
const INVALID: Record<string, { expression: RegExp; text: RegExp }> = {
  'bundle-questionnaire.json': { expression: /^Questionnaire\.item\[0\]\.item\[\d+\]\.linkId$/, text: /required/i },
  'codesystem-example.json': { expression: /^CodeSystem$/, text: /csd-1.*codes SHALL be unique/ },
  'devicemetric-example.json': {
    expression: /^DeviceMetric\.parent\.reference$/,
    text: /DeviceDefinition.*allows Device$/,
  },
  'deviceusestatement-example.json': {
    expression: /^DeviceUseStatement\.reasonReference\[0\]\.reference$/,
    text: /Procedure.*allows Condition, Observation, DiagnosticReport, DocumentReference, Media$/,
  },
  'medicationrequest0301.json': {
    expression: /^MedicationRequest\.dispenseRequest\.performer\.reference$/,
    text: /Practitioner.*allows Organization$/,
  },
};

/**
 * Valid examples the server refuses to take from a client by design, with the
 * status it answers: the audit trail is written by the server itself, in the
 * transaction of each interaction, and is append-only.
 */
const REFUSED: Record<string, { status: number; text: RegExp }> = {
  'auditevent-example.json': { status: 405, text: /append-only/ },
};

const examples = readExamples();
let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app.close();
});

/** What the server may set: meta.versionId and meta.lastUpdated (and an empty meta left behind). */
function withoutServerMeta(resource: FhirResource, keepId = true): FhirResource {
  const { meta, id, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...clientMeta } = meta ?? {};
  return {
    ...rest,
    ...(keepId && id !== undefined ? { id } : {}),
    ...(Object.keys(clientMeta).length ? { meta: clientMeta } : {}),
  };
}

test('the fixture holds the examples and the table names only files that exist', () => {
  assert.ok(examples.size >= 70, `only ${examples.size} examples`);
  for (const file of [...Object.keys(INVALID), ...Object.keys(REFUSED)]) {
    assert.ok(examples.has(file), `${file} is not a fixture`);
  }
});

for (const [file, original] of examples) {
  const invalid = INVALID[file];
  const refused = REFUSED[file];
  const expectation = invalid
    ? 'rejected as documented'
    : refused
      ? 'refused by policy'
      : 'stored and read back unchanged';
  test(`${file}: ${expectation}`, async () => {
    const batchLike =
      original.resourceType === 'Bundle' && (original.type === 'transaction' || original.type === 'batch');
    const written = batchLike
      ? await call(app, 'POST', '', original)
      : original.id
        ? await call(app, 'PUT', `${original.resourceType}/${original.id}`, original)
        : await call(app, 'POST', original.resourceType, original);

    if (refused) {
      assert.equal(written.status, refused.status, JSON.stringify(written.body));
      assert.equal(written.body.resourceType, 'OperationOutcome');
      assert.match(written.body.issue?.[0]?.details?.text ?? '', refused.text);
      return;
    }
    if (invalid) {
      assert.equal(written.status, 400, JSON.stringify(written.body));
      assert.equal(written.body.resourceType, 'OperationOutcome');
      const issues = written.body.issue ?? [];
      assert.ok(issues.length > 0);
      for (const i of issues) {
        assert.equal(i.severity, 'error');
        assert.ok(i.details?.text, 'every issue says what is wrong');
      }
      assert.ok(
        issues.some((i) => invalid.expression.test(i.expression?.[0] ?? '') && invalid.text.test(i.details!.text!)),
        `no issue matches ${invalid.expression} / ${invalid.text}: ${JSON.stringify(issues.slice(0, 3))}`,
      );
      if (original.id) assert.equal((await call(app, 'GET', `${original.resourceType}/${original.id}`)).status, 404);
      return;
    }

    assert.ok(written.status === 200 || written.status === 201, `${written.status} ${JSON.stringify(written.body)}`);
    if (batchLike) {
      // Each entry was written as its own resource; compare them one by one.
      const entries = (original.entry ?? []) as { resource?: FhirResource }[];
      for (const [i, response] of (written.body.entry ?? []).entries()) {
        const location = response.response!.location!;
        const read = await call(app, 'GET', location.split('/_history/')[0]!);
        assert.equal(read.status, 200);
        assert.deepEqual(withoutServerMeta(read.body, false), withoutServerMeta(entries[i]!.resource!, false));
      }
      return;
    }
    const id = original.id ?? written.body.id;
    assert.ok(id, 'the server returns the id it assigned');
    const read = await call(app, 'GET', `${original.resourceType}/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, id);
    assert.match(read.body.meta?.versionId ?? '', /^\d+$/);
    assert.ok(read.body.meta?.lastUpdated);
    assert.deepEqual(withoutServerMeta(read.body, !!original.id), withoutServerMeta(original, !!original.id));
  });
}

test('a collection Bundle of every valid example is stored as one resource via POST /Bundle', async () => {
  // Bundles other than batch/transaction are ordinary resources (https://hl7.org/fhir/R4/bundle.html#bundle-unique).
  const entry = [...examples]
    .filter(([file]) => !INVALID[file])
    .map(([file, r]) => ({ fullUrl: `http://example.org/examples/${file}`, resource: r }));
  const bundle = { resourceType: 'Bundle', type: 'collection', entry };
  const created = await call(app, 'POST', 'Bundle', bundle);
  assert.equal(created.status, 201, JSON.stringify(created.body).slice(0, 2000));
  const read = await call(app, 'GET', `Bundle/${created.body.id}`);
  assert.equal(read.status, 200);
  assert.deepEqual(withoutServerMeta(read.body, false), bundle);
  // Nothing inside was stored on its own: the collection is one resource.
  assert.equal((await call(app, 'GET', 'Parameters?_summary=count')).body.total, 1);
});

test('an example made invalid is rejected, every problem in one outcome', async () => {
  const patient = structuredClone(examples.get('patient-example.json')!);
  patient.gender = 'robot';
  (patient.name as { use?: string }[])[0]!.use = 'formal';
  patient.birthDate = '1974-13-25';
  const res = await call(app, 'PUT', `Patient/${patient.id}`, patient);
  assert.equal(res.status, 400);
  const expressions = (res.body.issue ?? []).map((i) => i.expression?.[0]);
  for (const e of ['Patient.gender', 'Patient.name[0].use', 'Patient.birthDate']) {
    assert.ok(expressions.includes(e), `${e} missing from ${expressions.join(', ')}`);
  }
  const gender = res.body.issue!.find((i) => i.expression?.[0] === 'Patient.gender')!;
  assert.match(gender.details!.text!, /male, female, other, unknown/);
});
