import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { FhirError, SID } from '@lienthong/core';
import {
  checkXml130Visit,
  visitBundle,
  visitTablesFromFhir,
  type Xml130Problem,
  type Xml130Visit,
} from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirServices } from '../../fhir/context.js';
import { checkImporter } from './authorize.js';
import { xml130Store } from './store.js';
import { visitRecord } from './stored-visit.js';

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

/** A visit that passed the checks: its FHIR transaction entries and what its result will say. */
export interface PreparedVisit {
  visit: Xml130Visit;
  bundle: Bundle;
  /** The facility's patient (MA_CSKCB, MA_BN): visits of one patient are written one after another. */
  patientKey: string;
  base: Pick<VisitImportResult, 'index' | 'maLk' | 'facility' | 'encounter' | 'problems'>;
}

/**
 * Checks a visit before anything is written: the checker's errors, a
 * missing XML1 and the caller's right to import the facility's files each
 * give a failed result; otherwise the visit mapped to FHIR.
 */
export async function prepareVisit(
  services: FhirServices,
  caller: Caller,
  input: Xml130Visit,
): Promise<PreparedVisit | VisitImportResult> {
  let visit = input;
  const errors = [...visit.problems, ...checkXml130Visit(visit)].filter((p) => p.severity === 'error');
  if (errors.length > 0) return failed(visit, errors, 422);
  if (!visit.tables.XML1 && visit.source === 'table') {
    const completed = await withStoredSummary(services, caller, visit);
    if ('status' in completed) return completed;
    visit = completed;
  }
  const summary = visit.tables.XML1;
  if (!summary) return failed(visit, [missingSummary('XML1 is missing: nothing says whose visit this is')], 422);
  try {
    await checkImporter(services.db, caller, visit.facilityCode);
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    return failed(visit, storeProblems(err, { resourceType: 'Bundle', type: 'transaction' }), err.status);
  }
  const bundle = visitBundle(visit);
  const encounterId = bundle.entry!.find((e) => e.resource?.resourceType === 'Encounter')?.resource?.id;
  return {
    visit,
    bundle,
    patientKey: `xml130:${visit.facilityCode}:${summary.MA_BN ?? ''}`,
    base: {
      index: visit.index,
      maLk: visit.maLk,
      facility: visit.facilityCode,
      ...(encounterId ? { encounter: `Encounter/${encounterId}` } : {}),
      problems: [],
    },
  };
}

function missingSummary(en: string, vi = 'Thiếu bảng XML1: không biết người bệnh của lượt khám'): ImportProblem {
  return { rule: 'visit.missing-summary', table: 'XML1', message: { vi, en } };
}

/**
 * A bare table (XML2, XML3… sent alone) adds to a visit already stored: its
 * rows name the visit by MA_LK only, so the visit's XML1 — whose patient,
 * facility, dates — is taken from the record, as the export would write it.
 * The facility is the one whose visit has that MA_LK and whose files the
 * caller may import.
 */
async function withStoredSummary(
  services: FhirServices,
  caller: Caller,
  visit: Xml130Visit,
): Promise<Xml130Visit | VisitImportResult> {
  const table = Object.keys(visit.received).join(', ');
  const prefix = SID.maLk('');
  const stored = await xml130Store.encountersByMaLk(services.db, visit.maLk);
  const allowed: { facility: string; encounter: Encounter }[] = [];
  let refusal: FhirError | undefined;
  for (const encounter of stored as Encounter[]) {
    const facility = encounter.identifier?.find((i) => i.system?.startsWith(prefix))?.system?.slice(prefix.length);
    if (facility === undefined) continue;
    try {
      await checkImporter(services.db, caller, facility);
      allowed.push({ facility, encounter });
    } catch (err) {
      if (!(err instanceof FhirError)) throw err;
      refusal = err;
    }
  }
  if (allowed.length === 0 && refusal) {
    return failed(visit, storeProblems(refusal, { resourceType: 'Bundle', type: 'transaction' }), refusal.status);
  }
  if (allowed.length !== 1) {
    const several = allowed.map((a) => a.facility).join(', ');
    return failed(
      visit,
      [
        allowed.length === 0
          ? missingSummary(
              `${table} alone, and no visit with MA_LK ${visit.maLk} is stored yet: send the visit's XML1 (or its whole HOSO) first`,
              `Chỉ có ${table} mà chưa có lượt khám MA_LK ${visit.maLk} nào được lưu: hãy gửi XML1 (hoặc cả HOSO) của lượt khám trước`,
            )
          : missingSummary(
              `${table} alone, and MA_LK ${visit.maLk} names visits of several facilities (${several}): send the table inside its HOSO`,
              `Chỉ có ${table} mà MA_LK ${visit.maLk} thuộc lượt khám của nhiều cơ sở (${several}): hãy gửi bảng trong HOSO của nó`,
            ),
      ],
      422,
    );
  }
  const { facility, encounter } = allowed[0]!;
  const { XML1 } = visitTablesFromFhir(encounter, await visitRecord(services.db, encounter));
  return { ...visit, facilityCode: facility, tables: { ...visit.tables, XML1 } };
}

/** A store refusal of a prepared visit as its failed result. */
export function refused(prepared: PreparedVisit, err: FhirError, bundle: Bundle): VisitImportResult {
  return failed(prepared.visit, storeProblems(err, bundle), err.status);
}
