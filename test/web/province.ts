import type { Resource } from '@medplum/fhirtypes';
import { handleFhir, SYSTEM_CALLER, type App } from '@lienthong/server';
import { buildProvince, residentParts, sharedParts, transactionBundle, type ProvincePart } from '@lienthong/synth';

const DAY = 86_400_000;
/** The server's default care window (LIENTHONG_CARE_WINDOW_DAYS). */
const CARE_DAYS = 90;

/** A resident of the test province, with what the browser tests look for. */
export interface TestResident {
  name: string;
  cccd: string;
  /** Organization ids whose recent visits or referrals give them a care relationship now. */
  careFacilities: Set<string>;
  /** Organization ids of the facilities that provided the resident's visits. */
  visitFacilities: Set<string>;
  /** Whether some lab test (LOINC code) was done more than once: the record draws its trend. */
  repeatedLab: boolean;
}

/**
 * A small synthetic province loaded through the one write path, as the demo
 * does (transaction bundles, system caller): facilities, staff and a few
 * hundred residents with their histories. Returns what each resident looks like.
 */
export async function loadProvince(app: App, residents: number, seed: string): Promise<TestResident[]> {
  // Histories of the last twelve months, as the demo makes them: only recent
  // visits open a record to a facility (auth/relationships.ts).
  const now = Date.now();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const province = buildProvince({ seed, residents, period: { from: day(now - 365 * DAY), to: day(now) } });
  const recent = (date: string | undefined) => !!date && Date.parse(date) + CARE_DAYS * DAY > now;
  let batch: Resource[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const res = await handleFhir(app.services, {
      method: 'POST',
      caller: SYSTEM_CALLER,
      path: '',
      query: [],
      headers: { prefer: 'return=minimal' },
      body: transactionBundle(batch),
    });
    if (res.status !== 200) throw new Error(`loading the test province failed: ${res.status}`);
    batch = [];
  };
  const add = async (part: ProvincePart): Promise<void> => {
    batch.push(...part.resources);
    if (batch.length >= 1000) await flush();
  };
  for (const part of sharedParts(province)) await add(part);
  const out: TestResident[] = [];
  for (const part of residentParts(province, 0, residents)) {
    await add(part);
    if (part.kind !== 'resident') continue;
    const { resident } = part.life;
    const careFacilities = new Set<string>();
    const visitFacilities = new Set<string>();
    const labs = new Map<string, number>();
    for (const r of part.resources) {
      if (r.resourceType === 'Observation' && r.valueQuantity) {
        const loinc = r.code.coding?.find((c) => c.system === 'http://loinc.org')?.code ?? '';
        labs.set(loinc, (labs.get(loinc) ?? 0) + 1);
      }
      if (r.resourceType === 'Encounter' && r.serviceProvider?.reference) {
        const org = r.serviceProvider.reference.replace('Organization/', '');
        if (recent(r.period?.end ?? r.period?.start)) careFacilities.add(org);
        visitFacilities.add(org);
      }
      if (r.resourceType === 'ServiceRequest' && recent(r.authoredOn)) {
        for (const p of r.performer ?? [])
          if (p.reference) careFacilities.add(p.reference.replace('Organization/', ''));
      }
    }
    out.push({
      name: [resident.name.family, resident.name.middle, resident.name.given].filter(Boolean).join(' '),
      cccd: resident.cccd,
      careFacilities,
      visitFacilities,
      repeatedLab: [...labs.values()].some((n) => n > 1),
    });
  }
  await flush();
  return out;
}
