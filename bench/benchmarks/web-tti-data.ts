// The dataset of the web-tti benchmark: a demo-like province, plus one
// resident with five years of history, loaded through the one write path.
import type { Encounter, Resource } from '@medplum/fhirtypes';
import { handleFhir, SYSTEM_CALLER, type App } from '@lienthong/server';
import {
  buildProvince,
  residentParts,
  sharedParts,
  transactionBundle,
  type Province,
  type ProvincePart,
} from '@lienthong/synth';
import { log } from '../lib/report.js';

const DAY = 86_400_000;
/** Residents of the demo-like province (twelve months of history, as `npm run demo` makes them). */
export const DEMO_RESIDENTS = 300;
/** Residents of the five-year province searched for the richest history (none of them is loaded but one). */
const CANDIDATES = 1500;
/** The server's default care window: a visit within it gives the clinician's facility access. */
const CARE_DAYS = 90;

export interface TtiDataset {
  /** The long-history resident's Patient. */
  patientId: string;
  /** The facility of their latest visit: the clinician's, with a care relationship. */
  facilityId: string;
  /** What the record holds, by type. */
  history: Record<string, number>;
  /** First and last visit dates of the long history. */
  span: { from: string; to: string };
  demoResources: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Loads the dataset into `app` (in-process, system caller) and matches
 * every Patient into the patient index, so the record page has a Person.
 *
 * - the demo-like province: seed `seed`, DEMO_RESIDENTS residents, the twelve
 *   months before today;
 * - the province of the same seed over the five years before today, of which
 *   only one resident is loaded: among residents DEMO_RESIDENTS…CANDIDATES
 *   (so no id meets one of the demo's), the one with the richest history
 *   (visits, lab results, prescriptions, immunizations) that has a visit in
 *   the last 90 days, so a clinician of that facility may read the record.
 */
export async function loadTtiDataset(app: App, seed: string): Promise<TtiDataset> {
  const now = Date.now();
  const demo = buildProvince({ seed, residents: DEMO_RESIDENTS, period: { from: day(now - 365 * DAY), to: day(now) } });
  const long = buildProvince({ seed, residents: CANDIDATES, period: { from: day(now - 5 * 365 * DAY), to: day(now) } });
  const chosen = richest(long, now);
  if (!chosen) throw new Error('no resident of the five-year province has a recent visit');

  const batch: Resource[] = [];
  let demoResources = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const res = await handleFhir(app.services, {
      method: 'POST',
      caller: SYSTEM_CALLER,
      path: '',
      query: [],
      headers: { prefer: 'return=minimal' },
      body: transactionBundle(batch.splice(0)),
    });
    if (res.status !== 200) throw new Error(`loading the web-tti dataset failed: ${res.status}`);
  };
  const add = async (parts: Iterable<ProvincePart>, count = false): Promise<void> => {
    for (const part of parts) {
      batch.push(...part.resources);
      if (count) demoResources += part.resources.length;
      if (batch.length >= 1000) await flush();
    }
  };
  const started = performance.now();
  await add(sharedParts(demo), true);
  await add(residentParts(demo, 0, DEMO_RESIDENTS), true);
  // The five-year province's shared parts (its staff sign the long history).
  await add(sharedParts(long));
  await add([chosen.part]);
  await flush();
  const indexed = await app.mpi.indexMissing();
  log(
    `web-tti: loaded ${demoResources} demo resources and a ${chosen.part.resources.length}-resource history ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s; ${indexed} records matched`,
  );
  return {
    patientId: chosen.patientId,
    facilityId: chosen.facilityId,
    history: chosen.history,
    span: chosen.span,
    demoResources,
  };
}

interface Candidate {
  part: ProvincePart;
  patientId: string;
  facilityId: string;
  history: Record<string, number>;
  span: { from: string; to: string };
  score: number;
}

function richest(province: Province, now: number): Candidate | undefined {
  let best: Candidate | undefined;
  for (const part of residentParts(province, DEMO_RESIDENTS, CANDIDATES)) {
    const history: Record<string, number> = {};
    for (const r of part.resources) history[r.resourceType] = (history[r.resourceType] ?? 0) + 1;
    const visits = part.resources
      .filter((r): r is Encounter => r.resourceType === 'Encounter')
      .map((e) => ({ date: e.period?.start ?? '', org: e.serviceProvider?.reference?.replace('Organization/', '') }))
      .filter((v) => v.date && v.org)
      .sort((a, b) => a.date.localeCompare(b.date));
    const latest = visits.at(-1);
    if (!latest || Date.parse(latest.date) + CARE_DAYS * DAY < now) continue;
    // Each kind counts: a long history has all of them, not only many visits.
    const score =
      Math.min(history.Encounter ?? 0, 80) +
      3 * Math.min(history.Observation ?? 0, 60) +
      Math.min(history.MedicationRequest ?? 0, 150) / 2 +
      5 * Math.min(history.Immunization ?? 0, 20);
    if (best && score <= best.score) continue;
    const patient = part.resources.find((r) => r.resourceType === 'Patient');
    if (!patient?.id) continue;
    best = {
      part,
      patientId: patient.id,
      facilityId: latest.org!,
      history,
      span: { from: visits[0]!.date.slice(0, 10), to: latest.date.slice(0, 10) },
      score,
    };
  }
  return best;
}
