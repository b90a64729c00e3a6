import type { Bundle, BundleEntry, Patient, Resource } from '@medplum/fhirtypes';
import { EXT, FhirError, SID } from '@lienthong/core';
import { checkXml130Visit, madeFromXml130, visitBundle, type Xml130Problem, type Xml130Visit } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirRequest, FhirServices } from '../../fhir/context.js';
import { runAudited } from '../../fhir/audit-trail.js';
import type { Queryable } from '../../storage/db.js';
import { unitOfWork } from '../../storage/unit-of-work.js';
import { handle } from '../../fhir/router.js';
import { checkImporter } from './authorize.js';
import { xml130Store } from './store.js';
import { replaceReference, sameContent } from './unchanged.js';

/** A checker rule's problem, or the store's refusal (rule "store.refused"). */
export type ImportProblem = Pick<Xml130Problem, 'table' | 'row' | 'field' | 'value' | 'message'> & { rule: string };

/** What became of one visit (one HOSO) of a file. */
export interface VisitImportResult {
  /** 1-based place of the visit in its file. */
  index: number;
  maLk: string;
  facility: string;
  status: 'imported' | 'unchanged' | 'failed';
  /** The visit's Encounter, once imported. */
  encounter?: string;
  /** Resources written (new or new versions) and left as they were. */
  written: number;
  unchanged: number;
  /** Resources deleted because the file no longer has the rows they were made from. */
  removed?: number;
  /** Why it failed: the checker's errors by table, row and field, or the store's refusal. */
  problems: ImportProblem[];
  /** HTTP status of a refusal (403 for another facility's visit, 422 for a checker error, the store's otherwise). */
  httpStatus?: number;
}

const failed = (
  visit: Xml130Visit,
  problems: VisitImportResult['problems'],
  httpStatus: number,
): VisitImportResult => ({
  index: visit.index,
  maLk: visit.maLk,
  facility: visit.facilityCode,
  status: 'failed',
  written: 0,
  unchanged: 0,
  problems,
  httpStatus,
});

/** A store refusal as problems of the report ("Bundle.entry[3]: …" names the resource). */
function storeProblems(err: FhirError, bundle: Bundle): VisitImportResult['problems'] {
  return err.outcome.issue.map((i) => {
    const text = i.details?.text ?? i.diagnostics ?? i.code;
    const entry = /Bundle\.entry\[(\d+)\]/.exec(`${text} ${(i.expression ?? []).join(' ')}`)?.[1];
    const resource = entry === undefined ? undefined : bundle.entry?.[Number(entry)]?.resource;
    const where = resource ? `${resource.resourceType}/${resource.id ?? '(patient)'}` : '';
    return {
      rule: 'store.refused',
      ...(i.expression ? { field: i.expression.join(', ') } : {}),
      message: {
        vi: `Kho dữ liệu từ chối${where ? ` ${where}` : ''}: ${text}`,
        en: `The store refused${where ? ` ${where}` : ''}: ${text}`,
      },
    };
  });
}

/** When the Patient's XML1 data is from (EXT.xml130AsOf); '' for a record that did not come from a file. */
function asOf(patient: Resource): string {
  return (patient as Patient).extension?.find((e) => e.url === EXT.xml130AsOf)?.valueDateTime ?? '';
}

/**
 * Imports one visit as one FHIR transaction through the one write path
 * (validation, patient matching, audit, events). A visit with a checker
 * error, or that the store refuses, leaves no trace. Resources whose stored
 * content is already what the file says are left out, so importing the
 * same file again writes nothing.
 */
export async function importVisit(
  services: FhirServices,
  caller: Caller,
  visit: Xml130Visit,
): Promise<VisitImportResult> {
  const errors = [...visit.problems, ...checkXml130Visit(visit)].filter((p) => p.severity === 'error');
  if (errors.length > 0) return failed(visit, errors, 422);
  const summary = visit.tables.XML1;
  if (!summary) {
    return failed(
      visit,
      [
        {
          rule: 'visit.missing-summary',
          table: 'XML1',
          message: {
            vi: 'Thiếu bảng XML1: không biết người bệnh của lượt khám',
            en: 'XML1 is missing: nothing says whose visit this is',
          },
        },
      ],
      422,
    );
  }
  try {
    await checkImporter(services.db, caller, visit.facilityCode);
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return failed(visit, storeProblems(err, { resourceType: 'Bundle', type: 'transaction' }), err.status);
  }

  const bundle = visitBundle(visit);
  const encounterId = bundle.entry!.find((e) => e.resource?.resourceType === 'Encounter')?.resource?.id;
  const base = {
    index: visit.index,
    maLk: visit.maLk,
    facility: visit.facilityCode,
    ...(encounterId ? { encounter: `Encounter/${encounterId}` } : {}),
    problems: [],
  };
  // The visit's transaction, once known; audited as any transaction is: entry by entry inside
  // it, and a refusal after its rollback (by the outer runAudited).
  const req: FhirRequest = { method: 'POST', caller, path: '', query: [], headers: { prefer: 'return=minimal' } };
  try {
    // What is stored is read, compared and written in one transaction, under a lock on the
    // facility's patient: two uploads of the same patient's visits at once would otherwise
    // both compare with the old record, and an older visit's demographics could win.
    const response = await runAudited(services, req, {}, async () => ({
      status: 200,
      headers: {},
      body: await unitOfWork(services.db, async (tx) => {
        await services.store.lock(tx, `xml130:${visit.facilityCode}:${summary.MA_BN ?? ''}`);
        req.body = await changesOf(tx, visit, bundle);
        if (!req.body) return undefined;
        await handle(services, req, { tx });
        return req.body;
      }),
    }));
    const outcome = response.body as Bundle | undefined;
    const entries = bundle.entry!.length;
    if (!outcome) return { ...base, status: 'unchanged', written: 0, unchanged: entries };
    const written = outcome.entry!.filter((e) => e.request?.method !== 'DELETE').length;
    const removed = outcome.entry!.length - written;
    return {
      ...base,
      status: 'imported',
      written,
      unchanged: entries - written,
      ...(removed > 0 ? { removed } : {}),
    };
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return failed(visit, storeProblems(err, (req.body as Bundle | undefined) ?? bundle), err.status);
  }
}

/**
 * The transaction that brings the store to what the visit's file says:
 * entries whose stored content differs, and deletions of what rows dropped
 * from an amended file made; undefined when there is nothing to change.
 */
async function changesOf(db: Queryable, visit: Xml130Visit, bundle: Bundle): Promise<Bundle | undefined> {
  const entries = bundle.entry!;
  const patientEntry = entries[0]!;
  const patients = await xml130Store.patientsByIdentifier(
    db,
    SID.maBn(visit.facilityCode),
    visit.tables.XML1?.MA_BN ?? '',
  );
  const keep: BundleEntry[] = [];
  if (patients.length === 1) {
    // The facility's record exists: refer to it by id, and update it only if the file says something new.
    const ref = `Patient/${patients[0]!.id!}`;
    for (const e of entries) replaceReference(e.resource, patientEntry.fullUrl!, ref);
    const next = { ...patientEntry.resource!, id: patients[0]!.id! };
    if (!sameContent(patients[0], next) && asOf(patients[0]!) <= asOf(next)) keep.push(patientEntry);
  } else keep.push(patientEntry);
  const rest = entries.slice(1);
  const encounterId = entries.find((e) => e.resource?.resourceType === 'Encounter')?.resource?.id;
  const stored = await xml130Store.visitContents(
    db,
    rest.map((e) => [e.resource!.resourceType, e.resource!.id!]),
    encounterId ?? '',
  );
  for (const e of rest) {
    if (!sameContent(stored.named.get(`${e.resource!.resourceType}/${e.resource!.id!}`), e.resource!)) keep.push(e);
  }
  // An amended file without a row it had: what that row made goes, in the same transaction (its history stays).
  const removals: BundleEntry[] = stored.others
    .filter(madeFromXml130)
    .map((r) => ({ request: { method: 'DELETE', url: `${r.resourceType}/${r.id!}` } }));
  if (keep.length === 0 && removals.length === 0) return undefined;
  return { resourceType: 'Bundle', type: 'transaction', entry: [...keep, ...removals] };
}
