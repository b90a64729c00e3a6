import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, type FhirResource } from 'fhir-kit-client';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A third-party FHIR client (fhir-kit-client) against a listening server:
 * what a real integration partner would do, over real HTTP.
 */
interface Resource extends FhirResource {
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
}
interface Bundle extends Resource {
  type?: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: {
    fullUrl?: string;
    resource?: Resource;
    request?: { method: string; url: string };
    response?: { status: string; location?: string };
  }[];
}
interface HttpError {
  response?: {
    status: number;
    data: { resourceType?: string; issue?: { expression?: string[]; details?: { text?: string } }[] };
  };
}

let app: TestApp;
let client: Client;
before(async () => {
  app = await startTestApp({ listen: true });
  client = new Client({ baseUrl: app.fhirUrl });
});
after(async () => {
  await app.close();
});

/** Runs `fn`, which must fail with an HTTP error; returns the status and body the client saw. */
async function failure(fn: () => Promise<unknown>): Promise<NonNullable<HttpError['response']>> {
  try {
    await fn();
  } catch (err) {
    const response = (err as HttpError).response;
    assert.ok(response, `not an HTTP error: ${String(err)}`);
    return response;
  }
  assert.fail('expected the request to fail');
}

test('the capability statement says FHIR R4', async () => {
  const cs = (await client.capabilityStatement()) as Resource & { fhirVersion?: string };
  assert.equal(cs.resourceType, 'CapabilityStatement');
  assert.equal(cs.fhirVersion, '4.0.1');
});

test('create, read, update, vread, history and delete a Patient', async () => {
  const created = (await client.create({
    resourceType: 'Patient',
    body: { resourceType: 'Patient', name: [{ family: 'Lê', given: ['Thị', 'Hoa'] }], gender: 'female' },
  })) as Resource;
  assert.ok(created.id);
  assert.equal(created.meta?.versionId, '1');
  const location = Client.httpFor(created).response?.headers.get('location');
  assert.match(location ?? '', new RegExp(`/fhir/Patient/${created.id}/_history/1$`));

  const read = (await client.read({ resourceType: 'Patient', id: created.id })) as Resource & { gender?: string };
  assert.deepEqual(read, created);

  const updated = (await client.update({
    resourceType: 'Patient',
    id: created.id,
    body: { ...read, gender: 'other', birthDate: '1990-01-02' },
  })) as Resource & { gender?: string };
  assert.equal(updated.meta?.versionId, '2');
  assert.equal(updated.gender, 'other');

  const v1 = (await client.vread({ resourceType: 'Patient', id: created.id, version: '1' })) as { gender?: string };
  assert.equal(v1.gender, 'female');

  await client.delete({ resourceType: 'Patient', id: created.id });
  const gone = await failure(() => client.read({ resourceType: 'Patient', id: created.id! }));
  assert.equal(gone.status, 410);
  assert.equal(gone.data.resourceType, 'OperationOutcome');

  const history = (await client.history({ resourceType: 'Patient', id: created.id })) as Bundle;
  assert.equal(history.type, 'history');
  const entries = history.entry ?? [];
  assert.equal(entries.length, 3);
  // Newest first: the delete, then version 2, then version 1.
  // bdl-3: every history entry says what was done (https://hl7.org/fhir/R4/bundle.html#invs).
  assert.deepEqual(
    entries.map((e) => e.request?.method),
    ['DELETE', 'PUT', 'POST'],
  );
  assert.match(entries[0]!.response?.status ?? '', /^2\d\d/);
  assert.equal(entries[0]!.resource, undefined);
  assert.deepEqual(
    entries.slice(1).map((e) => e.resource?.meta?.versionId),
    ['2', '1'],
  );
});

test('search pages through every match with nextPage', async () => {
  const family = `Trang-${randomUUID().slice(0, 8)}`;
  const ids = new Set<string>();
  for (let i = 0; i < 7; i++) {
    const p = (await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family, given: [`Số ${i}`] }] },
    })) as Resource;
    ids.add(p.id!);
  }
  let page = (await client.search({
    resourceType: 'Patient',
    searchParams: { family, _count: 3, _total: 'accurate' },
  })) as Bundle;
  assert.equal(page.type, 'searchset');
  assert.equal(page.total, 7);
  const seen: string[] = [];
  const sizes: number[] = [];
  for (;;) {
    sizes.push(page.entry?.length ?? 0);
    seen.push(...(page.entry ?? []).map((e) => e.resource!.id!));
    const next = client.nextPage({ bundle: page as Bundle & { link: { relation: string; url: string }[] } });
    if (!next) break;
    page = (await next) as Bundle;
  }
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.deepEqual(new Set(seen), ids);
  assert.equal(seen.length, 7, 'no match twice');
});

test('a transaction creates linked resources in one go', async () => {
  const patientUrl = `urn:uuid:${randomUUID()}`;
  const response = (await client.transaction({
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: patientUrl,
          resource: { resourceType: 'Patient', name: [{ family: 'Phạm' }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
            subject: { reference: patientUrl },
            valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    },
  })) as Bundle;
  assert.equal(response.type, 'transaction-response');
  const [patientEntry, observationEntry] = response.entry ?? [];
  assert.match(patientEntry!.response!.status, /^201/);
  assert.match(observationEntry!.response!.status, /^201/);
  const patientId = /^Patient\/([^/]+)/.exec(patientEntry!.response!.location!)![1]!;
  const observationId = /^Observation\/([^/]+)/.exec(observationEntry!.response!.location!)![1]!;
  const observation = (await client.read({ resourceType: 'Observation', id: observationId })) as {
    subject?: { reference?: string };
  };
  assert.equal(observation.subject?.reference, `Patient/${patientId}`);
  const found = (await client.search({
    resourceType: 'Observation',
    searchParams: { subject: `Patient/${patientId}` },
  })) as Bundle;
  assert.deepEqual(
    (found.entry ?? []).map((e) => e.resource?.id),
    [observationId],
  );
});

test('errors come back as OperationOutcome the client can read', async () => {
  const invalid = await failure(() =>
    client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', gender: 'robot' } }),
  );
  assert.equal(invalid.status, 400);
  assert.equal(invalid.data.resourceType, 'OperationOutcome');
  const issue = invalid.data.issue?.find((i) => i.expression?.[0] === 'Patient.gender');
  assert.ok(issue, JSON.stringify(invalid.data));
  assert.match(issue.details?.text ?? '', /male, female, other, unknown/);

  const missing = await failure(() => client.read({ resourceType: 'Patient', id: 'khong-co' }));
  assert.equal(missing.status, 404);
  assert.equal(missing.data.resourceType, 'OperationOutcome');

  const badSearch = await failure(() =>
    client.search({ resourceType: 'Patient', searchParams: { birthdate: 'hôm qua' } }),
  );
  assert.equal(badSearch.status, 400);
  assert.equal(badSearch.data.resourceType, 'OperationOutcome');
});
