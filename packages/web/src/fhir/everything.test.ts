import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import type { FhirClient } from './client';
import { fetchEverything } from './everything';

test('a supporting resource that comes with several pages is kept once', async () => {
  // Next links are made relative to the page's origin, as in the browser.
  Object.assign(globalThis, { location: { origin: 'http://x' } });
  const facility = { resourceType: 'Organization' as const, id: 'org-a', name: 'Bệnh viện A' };
  const page = (ids: string[], next?: string): Bundle => ({
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: [
      ...ids.map((id) => ({
        resource: { resourceType: 'Encounter' as const, id, status: 'finished' as const, class: { code: 'AMB' } },
        search: { mode: 'match' as const },
      })),
      { resource: facility, search: { mode: 'include' as const } },
    ],
  });
  const pages = new Map<string, Bundle>([
    ['Patient/p1/$everything?_count=500', page(['e1', 'e2'], 'http://x/fhir/Patient/p1/$everything?_offset=2')],
    ['Patient/p1/$everything?_offset=2', page(['e3'])],
  ]);
  const fhir = { search: (path: string) => Promise.resolve(pages.get(path)!) } as unknown as FhirClient;
  const all = await fetchEverything(fhir, 'p1');
  assert.deepEqual(
    all.map((r) => `${r.resourceType}/${r.id}`),
    ['Encounter/e1', 'Encounter/e2', 'Organization/org-a', 'Encounter/e3'],
  );
});
