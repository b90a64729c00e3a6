import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FamilyMemberHistory,
  ImagingStudy,
  Immunization,
  MedicationRequest,
  Observation,
  Patient,
  Person,
  Procedure,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { orgRef, type FacilityRef } from './facility';

export const LOINC = 'http://loinc.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

export interface ConditionRow {
  code?: string;
  name: string;
  last: string | undefined;
  count: number;
  facilities: FacilityRef[];
}
export interface AllergyRow {
  id: string;
  substance: string;
  reaction: string;
  criticality?: string;
  facility?: FacilityRef;
}
export interface ImmunizationRow {
  id: string;
  vaccine: string;
  date?: string;
  dose?: string;
  disease: string;
  facility?: FacilityRef;
}
export interface EncounterRow {
  id: string;
  start?: string;
  end?: string;
  classCode?: string;
  reason: string;
  diagnoses: string[];
  facility?: FacilityRef;
}
export interface MedicationRow {
  id: string;
  drug: string;
  dose: string;
  authoredOn?: string;
  until?: string;
  facility?: FacilityRef;
}
export interface LabPoint {
  date: string;
  value: number;
  interpretation?: string;
  facility?: FacilityRef;
}
export interface LabSeries {
  key: string;
  loinc?: string;
  name: string;
  unit: string;
  low?: number;
  high?: number;
  /** Oldest first. */
  points: LabPoint[];
}
export interface ReferralRow {
  id: string;
  date?: string;
  from?: FacilityRef;
  to?: FacilityRef;
  reason: string;
  status: string;
}

export interface ProcedureRow {
  id: string;
  name: string;
  date?: string;
  /** Surgery (SNOMED CT 387713003) rather than a smaller procedure. */
  surgery: boolean;
  facility?: FacilityRef;
}
export interface FamilyHistoryRow {
  id: string;
  relative: string;
  conditions: string;
  deceased: boolean;
}
/** Imaging and other reports: a DiagnosticReport, an ImagingStudy or a document. */
export interface ReportRow {
  id: string;
  kind: 'report' | 'imaging' | 'document';
  name: string;
  date?: string;
  conclusion: string;
  facility?: FacilityRef;
}

/** The longitudinal record of one person, across every facility that holds a part of it. */
export interface LongitudinalRecord {
  person?: Person;
  patients: Patient[];
  conditions: ConditionRow[];
  allergies: AllergyRow[];
  immunizations: ImmunizationRow[];
  encounters: EncounterRow[];
  currentMedications: MedicationRow[];
  recentMedications: MedicationRow[];
  labs: LabSeries[];
  referrals: ReferralRow[];
  procedures: ProcedureRow[];
  familyHistory: FamilyHistoryRow[];
  reports: ReportRow[];
  /** Every facility some item came from. */
  facilities: FacilityRef[];
}

export function conceptText(c: CodeableConcept | undefined): string {
  return c?.text ?? c?.coding?.find((x) => x.display)?.display ?? c?.coding?.[0]?.code ?? '';
}

const byDateDesc =
  <T>(date: (x: T) => string | undefined) =>
  (a: T, b: T) =>
    (date(b) ?? '').localeCompare(date(a) ?? '');

/**
 * Sorts the resources of `Patient/$everything` into the sections of the
 * record (the personal health record of Decision 831: administrative data,
 * history, immunizations, visits), each item with the facility it came from:
 * the visit's service provider, or the performer the item names.
 */
export function buildRecord(resources: Resource[], now: Date = new Date()): LongitudinalRecord {
  const of = <T extends Resource['resourceType']>(type: T) =>
    resources.filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type);
  const encounters = new Map(of('Encounter').map((e) => [e.id!, e]));
  const conditionsById = new Map(of('Condition').map((c) => [c.id!, c]));
  const visitFacility = (ref: { reference?: string } | undefined): FacilityRef | undefined => {
    const id = /^Encounter\/(.+)$/.exec(ref?.reference ?? '')?.[1];
    return id ? orgRef(encounters.get(id)?.serviceProvider) : undefined;
  };

  const record: LongitudinalRecord = {
    person: of('Person')[0],
    patients: of('Patient'),
    conditions: conditionRows(of('Condition'), visitFacility),
    allergies: of('AllergyIntolerance').map((a) => allergyRow(a, visitFacility)),
    immunizations: of('Immunization')
      .map(immunizationRow)
      .sort(byDateDesc((r) => r.date)),
    encounters: [...encounters.values()].map((e) => encounterRow(e, conditionsById)).sort(byDateDesc((r) => r.start)),
    ...medications(of('MedicationRequest'), visitFacility, now),
    labs: labSeries(of('Observation'), visitFacility),
    referrals: of('ServiceRequest')
      .filter(isReferral)
      .map((s) => referralRow(s, visitFacility, conditionsById))
      .sort(byDateDesc((r) => r.date)),
    procedures: of('Procedure')
      .filter((p) => !NOT_DONE.has(p.status))
      .map((p) => procedureRow(p, visitFacility))
      .sort(byDateDesc((r) => r.date)),
    familyHistory: of('FamilyMemberHistory')
      .filter((f) => f.status !== 'entered-in-error')
      .map(familyHistoryRow),
    reports: [
      ...of('DiagnosticReport')
        .filter((r) => !LAB_ONLY.has(r.category?.[0]?.coding?.[0]?.code ?? '') && r.status !== 'entered-in-error')
        .map((r) => diagnosticReportRow(r, visitFacility)),
      ...of('ImagingStudy').map((i) => imagingRow(i, visitFacility)),
      ...of('DocumentReference')
        .filter((d) => d.status === 'current' && !isReceivedXml130Table(d))
        .map((d) => documentRow(d, visitFacility)),
    ].sort(byDateDesc((r) => r.date)),
    facilities: [],
  };
  record.facilities = distinctFacilities([
    ...record.patients.map((p) => orgRef(p.managingOrganization)),
    ...record.encounters.map((e) => e.facility),
    ...record.immunizations.map((i) => i.facility),
    ...record.labs.flatMap((l) => l.points.map((p) => p.facility)),
    ...record.procedures.map((p) => p.facility),
    ...record.reports.map((r) => r.facility),
  ]);
  return record;
}

export function distinctFacilities(list: (FacilityRef | undefined)[]): FacilityRef[] {
  const seen = new Map<string, FacilityRef>();
  for (const f of list) {
    if (!f) continue;
    const key = f.id ?? f.name ?? '';
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}

type VisitFacility = (ref: { reference?: string } | undefined) => FacilityRef | undefined;

function conditionRows(conditions: Condition[], visitFacility: VisitFacility): ConditionRow[] {
  const rows = new Map<string, ConditionRow>();
  for (const c of conditions) {
    if (c.verificationStatus?.coding?.some((x) => x.code === 'entered-in-error' || x.code === 'refuted')) continue;
    const code = c.code?.coding?.find((x) => x.system === ICD10)?.code ?? c.code?.coding?.[0]?.code;
    const name = conceptText(c.code);
    const key = code ?? name;
    const date = c.recordedDate ?? c.onsetDateTime;
    const facility = visitFacility(c.encounter);
    const row = rows.get(key) ?? { ...(code ? { code } : {}), name, last: undefined, count: 0, facilities: [] };
    row.count++;
    if (date && (!row.last || date > row.last)) row.last = date;
    row.facilities = distinctFacilities([...row.facilities, facility]);
    rows.set(key, row);
  }
  return [...rows.values()].sort(byDateDesc((r) => r.last));
}

function allergyRow(a: AllergyIntolerance, visitFacility: VisitFacility): AllergyRow {
  const facility = visitFacility(a.encounter);
  return {
    id: a.id!,
    substance: conceptText(a.code),
    reaction: (a.reaction ?? []).flatMap((r) => (r.manifestation ?? []).map(conceptText)).join(', '),
    ...(a.criticality ? { criticality: a.criticality } : {}),
    ...(facility ? { facility } : {}),
  };
}

function immunizationRow(i: Immunization): ImmunizationRow {
  const facility = i.performer?.map((p) => orgRef(p.actor)).find(Boolean);
  const dose = i.protocolApplied?.[0]?.doseNumberPositiveInt ?? i.protocolApplied?.[0]?.doseNumberString;
  return {
    id: i.id!,
    vaccine: conceptText(i.vaccineCode),
    ...(i.occurrenceDateTime ? { date: i.occurrenceDateTime } : {}),
    ...(dose !== undefined ? { dose: String(dose) } : {}),
    disease: (i.protocolApplied ?? []).flatMap((p) => (p.targetDisease ?? []).map(conceptText)).join(', '),
    ...(facility ? { facility } : {}),
  };
}

function encounterRow(e: Encounter, conditions: Map<string, Condition>): EncounterRow {
  const facility = orgRef(e.serviceProvider);
  const diagnoses = (e.diagnosis ?? [])
    .map((d) => conditions.get(/^Condition\/(.+)$/.exec(d.condition?.reference ?? '')?.[1] ?? ''))
    .filter((c): c is Condition => !!c)
    .map((c) => {
      const code = c.code?.coding?.find((x) => x.system === ICD10)?.code;
      return code ? `${code} · ${conceptText(c.code)}` : conceptText(c.code);
    });
  return {
    id: e.id!,
    ...(e.period?.start ? { start: e.period.start } : {}),
    ...(e.period?.end ? { end: e.period.end } : {}),
    ...(e.class?.code ? { classCode: e.class.code } : {}),
    reason: (e.reasonCode ?? []).map(conceptText).join('; '),
    diagnoses,
    ...(facility ? { facility } : {}),
  };
}

const ENDED = new Set(['stopped', 'cancelled', 'entered-in-error', 'draft']);
const DAY = 86_400_000;

/**
 * Current medications: a prescription still active, or one whose supply
 * (authored + expected supply duration) reaches today. Facilities mark
 * outpatient prescriptions completed once dispensed, so the status alone
 * would hide what the patient is taking.
 */
function medications(
  requests: MedicationRequest[],
  visitFacility: VisitFacility,
  now: Date,
): { currentMedications: MedicationRow[]; recentMedications: MedicationRow[] } {
  const rows = requests
    .filter((m) => !ENDED.has(m.status ?? ''))
    .map((m) => {
      const days = supplyDays(m);
      const until =
        m.authoredOn && days !== undefined ? new Date(Date.parse(m.authoredOn) + days * DAY).toISOString() : undefined;
      const facility = visitFacility(m.encounter);
      const row: MedicationRow = {
        id: m.id!,
        drug: conceptText(m.medicationCodeableConcept) || m.medicationReference?.display || '',
        dose: (m.dosageInstruction ?? []).map((d) => d.text ?? '').join('; '),
        ...(m.authoredOn ? { authoredOn: m.authoredOn } : {}),
        ...(until ? { until } : {}),
        ...(facility ? { facility } : {}),
      };
      const current = m.status === 'active' || (until !== undefined && Date.parse(until) >= now.getTime());
      return { row, current };
    })
    .sort(byDateDesc((x) => x.row.authoredOn));
  return {
    currentMedications: rows.filter((x) => x.current).map((x) => x.row),
    recentMedications: rows.slice(0, 10).map((x) => x.row),
  };
}

function supplyDays(m: MedicationRequest): number | undefined {
  const d = m.dispenseRequest?.expectedSupplyDuration;
  if (d?.value === undefined) return undefined;
  const unit = d.code ?? d.unit;
  const factor = unit === 'wk' ? 7 : unit === 'mo' ? 30 : unit === 'h' ? 1 / 24 : 1;
  return d.value * factor;
}

function labSeries(observations: Observation[], visitFacility: VisitFacility): LabSeries[] {
  const series = new Map<string, LabSeries>();
  for (const o of observations) {
    if (o.status === 'entered-in-error' || o.status === 'cancelled') continue;
    const value = o.valueQuantity?.value;
    const date = o.effectiveDateTime ?? o.issued;
    if (value === undefined || !date) continue;
    const loinc = o.code?.coding?.find((c) => c.system === LOINC)?.code;
    const name = conceptText(o.code);
    const key = loinc ?? name;
    const range = o.referenceRange?.[0];
    const s = series.get(key) ?? {
      key,
      ...(loinc ? { loinc } : {}),
      name,
      unit: o.valueQuantity?.unit ?? o.valueQuantity?.code ?? '',
      ...(range?.low?.value !== undefined ? { low: range.low.value } : {}),
      ...(range?.high?.value !== undefined ? { high: range.high.value } : {}),
      points: [],
    };
    const interpretation = o.interpretation?.[0]?.coding?.[0]?.code;
    const facility = o.performer?.map(orgRef).find(Boolean) ?? visitFacility(o.encounter);
    s.points.push({
      date,
      value,
      ...(interpretation ? { interpretation } : {}),
      ...(facility ? { facility } : {}),
    });
    series.set(key, s);
  }
  for (const s of series.values()) s.points.sort((a, b) => a.date.localeCompare(b.date));
  return [...series.values()].sort((a, b) => b.points.at(-1)!.date.localeCompare(a.points.at(-1)!.date));
}

function isReferral(s: ServiceRequest): boolean {
  const codes = [...(s.category ?? []), ...(s.code ? [s.code] : [])].flatMap((c) => c.coding ?? []);
  return codes.some((c) => c.code === '3457005') || (s.performer ?? []).some((p) => orgRef(p));
}

function referralRow(s: ServiceRequest, visitFacility: VisitFacility, conditions: Map<string, Condition>): ReferralRow {
  const from = visitFacility(s.encounter);
  const to = s.performer?.map(orgRef).find(Boolean);
  const reasons = [
    ...(s.reasonCode ?? []).map(conceptText),
    ...(s.reasonReference ?? []).map((r) =>
      conceptText(conditions.get(/^Condition\/(.+)$/.exec(r.reference ?? '')?.[1] ?? '')?.code),
    ),
  ].filter(Boolean);
  return {
    id: s.id!,
    ...(s.authoredOn ? { date: s.authoredOn } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    reason: reasons.join('; '),
    status: s.status ?? '',
  };
}

const NOT_DONE = new Set(['not-done', 'entered-in-error', 'preparation']);
const SURGICAL = '387713003';

function procedureRow(p: Procedure, visitFacility: VisitFacility): ProcedureRow {
  const facility = visitFacility(p.encounter) ?? p.performer?.map((x) => orgRef(x.onBehalfOf)).find(Boolean);
  const date = p.performedDateTime ?? p.performedPeriod?.start;
  return {
    id: p.id!,
    name: conceptText(p.code),
    ...(date ? { date } : {}),
    surgery: (p.category?.coding ?? []).some((c) => c.code === SURGICAL),
    ...(facility ? { facility } : {}),
  };
}

function familyHistoryRow(f: FamilyMemberHistory): FamilyHistoryRow {
  return {
    id: f.id!,
    relative: conceptText(f.relationship) || f.name || '',
    conditions: (f.condition ?? []).map((c) => conceptText(c.code)).join('; '),
    deceased: f.deceasedBoolean === true || !!f.deceasedAge || !!f.deceasedDate || !!f.deceasedString,
  };
}

/** Laboratory reports are already in the lab results; this section is for imaging and the rest. */
const LAB_ONLY = new Set(['LAB', 'HM', 'CH', 'MB']);

function diagnosticReportRow(r: DiagnosticReport, visitFacility: VisitFacility): ReportRow {
  const facility = r.performer?.map(orgRef).find(Boolean) ?? visitFacility(r.encounter);
  const date = r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued;
  const imaging = (r.category ?? []).some((c) => (c.coding ?? []).some((x) => ['RAD', 'IMG'].includes(x.code ?? '')));
  return {
    id: r.id!,
    kind: imaging ? 'imaging' : 'report',
    name: conceptText(r.code),
    ...(date ? { date } : {}),
    conclusion: r.conclusion ?? (r.conclusionCode ?? []).map(conceptText).join('; '),
    ...(facility ? { facility } : {}),
  };
}

function imagingRow(i: ImagingStudy, visitFacility: VisitFacility): ReportRow {
  const facility = visitFacility(i.encounter);
  const modality = (i.modality ?? []).map((m) => m.display ?? m.code).join(', ');
  return {
    id: i.id!,
    kind: 'imaging',
    name: i.description ?? (modality || conceptText(i.procedureCode?.[0])),
    ...(i.started ? { date: i.started } : {}),
    conclusion: i.note?.map((n) => n.text).join(' ') ?? '',
    ...(facility ? { facility } : {}),
  };
}

function documentRow(d: DocumentReference, visitFacility: VisitFacility): ReportRow {
  const facility = orgRef(d.custodian) ?? visitFacility(d.context?.encounter?.[0]);
  return {
    id: d.id!,
    kind: 'document',
    name: d.description ?? conceptText(d.type),
    ...(d.date ? { date: d.date } : {}),
    conclusion: '',
    ...(facility ? { facility } : {}),
  };
}

/** XML 130 tables kept as received (not yet mapped) are claim data, not clinical documents. */
function isReceivedXml130Table(d: DocumentReference): boolean {
  return (d.type?.coding ?? []).some((c) => c.system?.endsWith('/CodeSystem/xml130-table'));
}
