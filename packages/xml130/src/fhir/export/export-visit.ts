import type {
  Appointment,
  ChargeItem,
  ClinicalImpression,
  Claim,
  Condition,
  Coverage,
  DiagnosticReport,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { CS, EXT, SID } from '@lienthong/core';
import { xmlDateTime } from '../../format.js';
import type { Row } from '../../read/read-table.js';
import { fieldsOf } from '../values.js';
import { rowId } from '../ids.js';
import { CLAIM_CARD_FIELDS } from '../claim.js';
import { RECEIVED_TABLE_SYSTEM } from '../received-table.js';
import { MAPPED_TABLES } from '../../tables.js';
import { writeEnvelope, writeTable } from '../../write.js';

export interface ExportedTables {
  XML1: Row;
  XML2: Row[];
  XML3: Row[];
  XML4: Row[];
  XML5: Row[];
  XML13: Row[];
  XML14: Row[];
}

const ofType = <T extends Resource>(all: readonly Resource[], type: T['resourceType']): T[] =>
  all.filter((r): r is T => r.resourceType === type);

const text = (value: string | number | undefined): string | undefined =>
  value === undefined ? undefined : String(value);
const dt = (value: string | undefined): string | undefined => (value ? xmlDateTime(value) : undefined);
const licence = (ref: Reference | undefined): string | undefined =>
  ref?.identifier?.system === SID.cchn ? ref.identifier.value : undefined;
/** Every licence of a repeating element, as the file lists them ("a;b"). */
const licences = (refs: (Reference | undefined)[] | undefined): string | undefined =>
  (refs ?? []).flatMap((r) => licence(r) ?? []).join(';') || undefined;
const facilityCode = (ref: Reference | undefined): string | undefined =>
  ref?.identifier?.system === SID.maCskcb ? ref.identifier.value : ref?.reference?.replace(/^Organization\/cs-/, '');
const code = (codings: { system?: string; code?: string }[] | undefined, system: string): string | undefined =>
  codings?.find((c) => c.system === system)?.code;

/** NGAY_SINH from a FHIR date of any precision: unknown parts written as zeros (130/QĐ-BYT table 1). */
function birth(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const [y, m = '00', d = '00'] = date.split('-');
  return `${y}${m}${d}0000`;
}

/** Made from this table of a file (origin.ts): a referral or appointment another client wrote is not XML13/XML14. */
const madeFrom = (r: Resource, table: string): boolean =>
  r.meta?.tag?.some((t) => t.system === RECEIVED_TABLE_SYSTEM && t.code === table) ?? false;

/**
 * A table's rows back in the file's order: by STT; a row the file gave no
 * STT by its place, which its resource's id was made from (rowKey `row-N`).
 */
function inFileOrder<T extends Resource>(
  table: string,
  resources: readonly T[],
  line: (r: T) => Row,
  visit: { facility: string; maLk: string },
): Row[] {
  // An amended file may have dropped rows before a row's place: look past the rows there are now.
  const places = resources.length + 1000;
  let byId: Map<string, number> | undefined;
  const placeOf = (id: string | undefined): number => {
    byId ??= new Map(
      Array.from({ length: places }, (_, i) => [rowId(visit.facility, visit.maLk, table, `row-${i + 1}`), i + 1]),
    );
    return byId.get(id ?? '') ?? places + 1;
  };
  return resources
    .map((r) => {
      const row = line(r);
      return { row, at: row.STT !== undefined ? Number(row.STT) : placeOf(r.id) };
    })
    .sort((a, b) => a.at - b.at)
    .map((x) => x.row);
}

function clean(row: Record<string, string | undefined>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function summary(encounter: Encounter, all: readonly Resource[]): Row {
  const patient = ofType<Patient>(all, 'Patient')[0];
  const facility = facilityCode(encounter.serviceProvider) ?? '';
  const conditions = new Map(ofType<Condition>(all, 'Condition').map((c) => [`Condition/${c.id}`, c]));
  const dx = [...(encounter.diagnosis ?? [])]
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((d) => ({ use: d.use?.coding?.[0]?.code, condition: conditions.get(d.condition.reference ?? '') }));
  const icd = (use: string) =>
    dx.filter((d) => d.use === use).flatMap((d) => code(d.condition?.code?.coding, CS.icd10) ?? []);
  const yhct = dx.flatMap((d) => code(d.condition?.code?.coding, CS.yhct) ?? []);
  const cards = (patient?.identifier ?? []).filter((i) => i.system === SID.bhyt);
  const coverages = new Map(ofType<Coverage>(all, 'Coverage').map((c) => [c.subscriberId, c]));
  const dkbd = cards.map((c) => {
    const ext = coverages.get(c.value)?.extension?.find((e) => e.url === EXT.registeredFacility);
    return facilityCode(ext?.valueReference) ?? '';
  });
  const nationality = patient?.extension?.find((e) => e.url === EXT.nationality)?.extension?.[0];
  const genders: Record<string, string> = { male: '1', female: '2', unknown: '3' };
  const claim = ofType<Claim>(all, 'Claim')[0];
  // The visit's claim holds the card it was billed under (CLAIM_CARD_FIELDS), none for a self-paying visit.
  const cardsOfVisit = claim ? Object.fromEntries(CLAIM_CARD_FIELDS.map((f) => [f, undefined])) : {};
  const fields = { ...fieldsOf(patient), ...cardsOfVisit, ...fieldsOf(claim), ...fieldsOf(encounter) };
  return clean({
    MA_LK: encounter.identifier?.find((i) => i.system === SID.maLk(facility))?.value,
    MA_BN: patient?.identifier?.find((i) => i.system === SID.maBn(facility))?.value,
    HO_TEN: patient?.name?.[0]?.text,
    SO_CCCD: patient?.identifier?.find((i) => i.system === SID.cccd)?.value,
    NGAY_SINH: birth(patient?.birthDate),
    GIOI_TINH: genders[patient?.gender ?? ''],
    MA_QUOCTICH: nationality?.valueCodeableConcept?.coding?.[0]?.code,
    MA_DANTOC: patient?.extension?.find((e) => e.url === EXT.ethnicity)?.valueCoding?.code,
    DIA_CHI: patient?.address?.[0]?.text,
    MAXA_CU_TRU: patient?.address?.[0]?.extension?.find((e) => e.url === EXT.dvhc)?.valueCoding?.code,
    DIEN_THOAI: patient?.telecom?.find((t) => t.system === 'phone')?.value,
    MA_THE_BHYT: cards.map((c) => c.value).join(';'),
    MA_DKBD: dkbd.some(Boolean) ? dkbd.join(';') : undefined,
    GT_THE_TU: cards.map((c) => c.period?.start?.replace(/-/g, '') ?? '').join(';'),
    GT_THE_DEN: cards.map((c) => c.period?.end?.replace(/-/g, '') ?? '').join(';'),
    LY_DO_VV: encounter.reasonCode?.[0]?.text,
    MA_BENH_CHINH: icd('DD').join(';'),
    MA_BENH_KT: icd('CM').join(';'),
    MA_BENH_YHCT: yhct.join(';'),
    MA_NOI_DI: facilityCode(encounter.hospitalization?.origin),
    MA_NOI_DEN: facilityCode(encounter.hospitalization?.destination),
    NGAY_VAO: dt(encounter.period?.start),
    NGAY_RA: dt(encounter.period?.end),
    KET_QUA_DTRI: encounter.extension?.find((e) => e.url === EXT.treatmentResult)?.valueCodeableConcept?.coding?.[0]
      ?.code,
    MA_LOAI_RV: code(encounter.hospitalization?.dischargeDisposition?.coding, CS.loaiRaVien),
    MA_LOAI_KCB: code(encounter.type?.[0]?.coding, CS.loaiKcb),
    MA_KHOA: code(encounter.serviceType?.coding, CS.maKhoa),
    MA_CSKCB: facility,
    ...fields,
  });
}

function drugLine(maLk: string, m: MedicationRequest): Row {
  const dose = m.dosageInstruction?.[0];
  return clean({
    MA_LK: maLk,
    MA_THUOC: code(m.medicationCodeableConcept?.coding, CS.thuoc),
    TEN_THUOC: m.medicationCodeableConcept?.text,
    DON_VI_TINH: m.dispenseRequest?.quantity?.unit,
    DUONG_DUNG: code(dose?.route?.coding, CS.duongDung),
    LIEU_DUNG: dose?.text,
    CACH_DUNG: dose?.patientInstruction,
    SO_LUONG: text(m.dispenseRequest?.quantity?.value),
    MA_BAC_SI: licence(m.requester),
    NGAY_YL: dt(m.authoredOn),
    ...fieldsOf(m),
  });
}

function serviceLine(maLk: string, c: ChargeItem): Row {
  const coding = c.code.coding ?? [];
  return clean({
    MA_LK: maLk,
    MA_DICH_VU: code(coding, CS.dichVu),
    MA_VAT_TU: code(coding, CS.vatTu),
    TEN_DICH_VU: coding.find((x) => x.system === CS.dichVu)?.display,
    TEN_VAT_TU: coding.find((x) => x.system === CS.vatTu)?.display,
    SO_LUONG: text(c.quantity?.value),
    DON_GIA_BV: text(c.priceOverride?.value),
    MA_BAC_SI: licence(c.enterer),
    NGUOI_THUC_HIEN: licences(c.performer?.map((p) => p.actor)),
    NGAY_YL: dt(c.occurrenceDateTime),
    ...fieldsOf(c),
  });
}

function resultLine(maLk: string, o: Observation, service: string | undefined, facility: string): Row {
  return clean({
    MA_LK: maLk,
    MA_DICH_VU: service,
    MA_CHI_SO: code(o.code.coding, CS.chiSo(facility)),
    // With no indicator name in the file, the code's text is the service code (observation.ts): not a name.
    TEN_CHI_SO:
      o.code.coding?.find((c) => c.system === CS.chiSo(facility))?.display ??
      (o.code.text !== service ? o.code.text : undefined),
    GIA_TRI: o.valueQuantity ? text(o.valueQuantity.value) : o.valueString,
    DON_VI_DO: o.valueQuantity?.unit,
    MO_TA: o.referenceRange?.[0]?.text,
    KET_LUAN: o.interpretation?.[0]?.text,
    NGAY_KQ: dt(o.effectiveDateTime),
    MA_BS_DOC_KQ: licences(o.performer),
    ...fieldsOf(o),
  });
}

function courseLine(maLk: string, c: ClinicalImpression): Row {
  return clean({
    MA_LK: maLk,
    DIEN_BIEN_LS: c.summary,
    THOI_DIEM_DBLS: dt(c.effectiveDateTime),
    NGUOI_THUC_HIEN: licence(c.assessor),
    ...fieldsOf(c),
  });
}

/** XML13 from the referral ServiceRequest: receiving facility, doctor, main diagnosis; the rest is verbatim. */
function referralLine(maLk: string, s: ServiceRequest): Row {
  return clean({
    MA_LK: maLk,
    MA_NOI_DEN: facilityCode(s.performer?.[0]),
    MA_BENH_CHINH: code(s.reasonCode?.[0]?.coding, CS.icd10),
    MA_BAC_SI: licence(s.requester),
    ...fieldsOf(s),
  });
}

/** XML14 from the re-examination Appointment: the day (yyyymmdd, or yyyymmddHHMM when it had a time); the rest is verbatim. */
function appointmentLine(maLk: string, a: Appointment): Row {
  const day = a.requestedPeriod?.[0]?.start;
  // A day alone (yyyy-mm-dd) goes back as yyyymmdd; a day with its time as yyyymmddHHMM.
  const written = day ? (day.length > 10 ? xmlDateTime(day) : xmlDateTime(day).slice(0, 8)) : undefined;
  return clean({ MA_LK: maLk, NGAY_HEN_KL: written, ...fieldsOf(a) });
}

/**
 * XML1–XML5, XML13 and XML14 of a visit from its record: the Encounter and what refers to it
 * (and its Patient, Coverages, Conditions, Claim). The inverse of the
 * import's mapping; what does not come back is listed in docs/integrators/xml130.md.
 */
export function visitTablesFromFhir(encounter: Encounter, all: readonly Resource[]): ExportedTables {
  const xml1 = summary(encounter, all);
  const maLk = xml1.MA_LK ?? '';
  const facility = xml1.MA_CSKCB ?? '';
  // The ids were made from the visit's facility and MA_LK as the file wrote them (context.ts visitKeys).
  const visit = { facility, maLk };
  const serviceOf = new Map<string, string | undefined>();
  for (const r of ofType<DiagnosticReport>(all, 'DiagnosticReport')) {
    for (const ref of r.result ?? []) serviceOf.set(ref.reference ?? '', code(r.code.coding, CS.dichVu));
  }
  const labs = ofType<Observation>(all, 'Observation').filter((o) =>
    o.category?.some((c) => c.coding?.some((x) => x.code === 'laboratory')),
  );
  return {
    XML1: xml1,
    XML2: inFileOrder('XML2', ofType<MedicationRequest>(all, 'MedicationRequest'), (m) => drugLine(maLk, m), visit),
    XML3: inFileOrder('XML3', ofType<ChargeItem>(all, 'ChargeItem'), (c) => serviceLine(maLk, c), visit),
    XML4: inFileOrder('XML4', labs, (o) => resultLine(maLk, o, serviceOf.get(`Observation/${o.id}`), facility), visit),
    XML5: inFileOrder('XML5', ofType<ClinicalImpression>(all, 'ClinicalImpression'), (c) => courseLine(maLk, c), visit),
    XML13: ofType<ServiceRequest>(all, 'ServiceRequest')
      .filter((s) => madeFrom(s, 'XML13'))
      .map((s) => referralLine(maLk, s)),
    XML14: ofType<Appointment>(all, 'Appointment')
      .filter((a) => madeFrom(a, 'XML14'))
      .map((a) => appointmentLine(maLk, a)),
  };
}

/** The XML 130 file (envelope + XML1–XML5, XML13, XML14 when the visit has them) of a visit from its record; NGAYLAP = the day the visit ended. */
export function exportXml130(encounter: Encounter, all: readonly Resource[]): string {
  const tables = visitTablesFromFhir(encounter, all);
  const createdOn = (tables.XML1.NGAY_RA ?? '').slice(0, 8);
  const rows: Partial<Record<string, readonly Row[]>> = { ...tables, XML1: [tables.XML1] };
  const written = MAPPED_TABLES.filter((t) => (rows[t.name]?.length ?? 0) > 0).map((layout) => ({
    layout,
    xml: writeTable(layout, rows[layout.name]!),
  }));
  return writeEnvelope(tables.XML1.MA_CSKCB ?? '', createdOn, written);
}
