/**
 * The synthetic province before it becomes FHIR or XML: plain records that
 * the generators produce and the writers (FHIR mapping, XML 130, NDJSON)
 * consume. Dates are `yyyy-mm-dd`; date-times ISO 8601 with the +07:00
 * offset of Vietnam (`2026-03-14T08:30:00+07:00`). Money is in đồng.
 */

export type Sex = 'male' | 'female';

/** A commune or ward of Đồng Nai after the 2025 reorganisation. */
export interface Commune {
  /** 5-digit national code, e.g. "25195". */
  code: string;
  /** "Bình Phước" */
  name: string;
  /** "Phường Bình Phước" */
  fullName: string;
  kind: 'ward' | 'commune';
  areaKm2: number;
  /** Relative share of the province's residents (not normalised). */
  weight: number;
}

export interface PersonName {
  family: string;
  /** May be empty: some people have no middle name. */
  middle: string;
  given: string;
}

export type FacilityKind =
  | 'provincial-general'
  | 'regional-general'
  | 'specialist-hospital'
  | 'provincial-centre'
  | 'medical-centre'
  | 'health-station'
  | 'private-hospital'
  | 'private-clinic'
  | 'pharmacy';

export interface Facility {
  /** FHIR id of its Organization (its Location has the same id). */
  id: string;
  /** MA_CSKCB: 5 characters, province prefix 75. */
  code: string;
  name: string;
  kind: FacilityKind;
  /** Level of care (tuyến): 2 provincial, 3 regional/district, 4 commune. Private facilities are graded like their peers. */
  level: 2 | 3 | 4;
  communeCode: string;
  /** What a specialist hospital treats ("children", "lung", "dermatology", "traditional-medicine", "obstetrics", "mental-health"…). */
  specialty?: string;
  /** Code of the facility this one belongs to (a health station's medical centre). */
  partOf?: string;
  /** Relative number of visits it receives among facilities of its kind. */
  size: number;
}

export type WorkerRole = 'doctor' | 'nurse' | 'pharmacist';

export interface HealthWorker {
  id: string;
  name: PersonName;
  sex: Sex;
  birthDate: string;
  role: WorkerRole;
  /** Practising-licence number, e.g. "004252/ĐNAI-CCHN". */
  licence: string;
  facilityCode: string;
  /** Department code (MA_KHOA) they work in, e.g. "K01". */
  department: string;
}

/** A BHYT (health-insurance) card. */
export interface InsuranceCard {
  /** 15 characters: group (2 letters) + benefit level (1 digit) + province 75 + 10-digit social-insurance number. */
  number: string;
  group: string;
  benefitLevel: 1 | 2 | 3 | 4 | 5;
  validFrom: string;
  validTo: string;
  /** MA_DKBD: the facility where the card holder registered for primary care. */
  registeredFacility: string;
}

export interface Resident {
  /** 0-based position in the province; resident i is the same person for a given seed. */
  index: number;
  /** FHIR id of the person's Patient as registered by their primary-care facility. */
  id: string;
  name: PersonName;
  sex: Sex;
  birthDate: string;
  /** 12-digit citizen ID (CCCD / personal identification number). */
  cccd: string;
  card?: InsuranceCard;
  /** Earlier cards with another group prefix (same 10-digit number). */
  previousCards: InsuranceCard[];
  phone?: string;
  address: { communeCode: string; line: string };
  /** Ethnicity code of the national list ("01" Kinh…). */
  ethnicity: string;
  /** Facility code of the primary-care registration (also the card's MA_DKBD). */
  primaryCare: string;
}

/**
 * The same resident registered again at another facility, with the errors
 * real registration desks make. Visits there reference this record.
 */
export interface DuplicateRegistration {
  /** FHIR id of the duplicate Patient. */
  id: string;
  residentId: string;
  facilityCode: string;
  /** What differs from the true record: "no-diacritics", "dropped-middle-name", "typo", "missing-cccd", "old-card", "day-month-swap". */
  variations: string[];
  name: PersonName;
  birthDate: string;
  cccd?: string;
  card?: InsuranceCard;
  phone?: string;
  address: { communeCode: string; line: string };
}

export interface Diagnosis {
  /** ICD-10 code with its dot, e.g. "A91", "E11.9", "B08.4". */
  icd10: string;
  display: string;
  /** Onset date of a notifiable disease (for case reports). */
  onset?: string;
}

export interface LabResult {
  /** Hospital service code of the test ordered (MA_DICH_VU). */
  serviceCode: string;
  /** Indicator code (MA_CHI_SO) and name as the lab reports them. */
  indicatorCode: string;
  name: string;
  loinc?: string;
  /** A number, or a coded/text result ("Dương tính" / positive). */
  value: number | string;
  /** UCUM unit when numeric. */
  unit?: string;
  low?: number;
  high?: number;
  /** "H", "L", "N", "POS", "NEG" (HL7 v3 ObservationInterpretation). */
  interpretation?: string;
  at: string;
}

export interface Drug {
  /** MA_THUOC (active-ingredient code of the national list). */
  code: string;
  name: string;
  activeIngredient: string;
  strength: string;
  /** Dispensing unit ("Viên", "Ống", "Chai"…). */
  unit: string;
  route: string;
  /** SO_DANG_KY: registration number. */
  registration: string;
  atc?: string;
  prescriptionOnly: boolean;
  antibiotic: boolean;
  /** Unit price in đồng. */
  price: number;
}

export interface DrugLine {
  drug: Drug;
  quantity: number;
  unitPrice: number;
  days: number;
  /** "Ngày uống 2 lần, mỗi lần 1 viên" */
  dosage: string;
  orderedAt: string;
}

export interface ServiceLine {
  /** MA_DICH_VU */
  code: string;
  name: string;
  /** MA_NHOM: cost group of the insurance agency (1 tests, 2 imaging, 13 examination, 15 bed-days…). */
  group: string;
  quantity: number;
  unitPrice: number;
  at: string;
}

export type VisitType = 'outpatient' | 'inpatient' | 'emergency' | 'day-care';

export interface VitalSigns {
  pulse: number;
  temperature: number;
  systolic: number;
  diastolic: number;
  respiratoryRate: number;
  weightKg: number;
}

export interface Visit {
  /** FHIR id of the Encounter; also MA_LK of the XML 130 file. */
  id: string;
  /** Patient id the facility recorded (the resident's, or a duplicate registration's). */
  patientId: string;
  residentIndex: number;
  facilityCode: string;
  practitionerId: string;
  department: string;
  type: VisitType;
  start: string;
  end: string;
  reason: string;
  /** First is the main diagnosis. */
  diagnoses: Diagnosis[];
  labs: LabResult[];
  drugs: DrugLine[];
  services: ServiceLine[];
  vitals?: VitalSigns;
  /** Paid by the resident's BHYT card (else self-paying). */
  insured: boolean;
  /** Where the patient came from (MA_NOI_DI) or was sent to (MA_NOI_DEN). */
  referredFrom?: string;
  referredTo?: string;
  /** KET_QUA_DTRI: 1 cured … 5 died, 7 undetermined. */
  outcome: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** MA_LOAI_RV: 1 discharged, 2 referred, 3 absconded, 4 left on request, 5 referred on request. */
  dischargeType: 1 | 2 | 3 | 4 | 5;
  /** National e-prescription code when drugs were prescribed to take home. */
  prescriptionCode?: string;
  followUp?: string;
}

export interface Vaccination {
  id: string;
  patientId: string;
  residentIndex: number;
  /** Vaccine code (CVX) and the Vietnamese name. */
  vaccine: { cvx: string; name: string; disease: string };
  doseNumber: number;
  date: string;
  facilityCode: string;
  lot: string;
}

export interface SaleLine {
  drug: Drug;
  batch: string;
  manufactured: string;
  expires: string;
  quantity: number;
  unitPrice: number;
}

export interface PharmacySale {
  id: string;
  /** Invoice number of the pharmacy. */
  invoice: string;
  pharmacyCode: string;
  patientId?: string;
  residentIndex?: number;
  at: string;
  /** The prescription it fills, when prescribed. */
  prescriptionCode?: string;
  lines: SaleLine[];
}

export interface PharmacyReceipt {
  id: string;
  receipt: string;
  pharmacyCode: string;
  supplier: string;
  at: string;
  lines: SaleLine[];
}

/** Everything about one resident, generated from its own random stream. */
export interface ResidentLife {
  resident: Resident;
  duplicates: DuplicateRegistration[];
  visits: Visit[];
  vaccinations: Vaccination[];
  sales: PharmacySale[];
}

// ── Labelled truth, for the parts of the system that detect things ──

export type OutbreakDisease = 'dengue' | 'measles' | 'hand-foot-mouth' | 'covid-19';

export interface Outbreak {
  disease: OutbreakDisease;
  icd10: string;
  communeCode: string;
  /** Monday of the first week (yyyy-mm-dd). */
  firstWeek: string;
  weeks: number;
  /** Weekly case rate per 100,000 residents of the commune at the peak. */
  peakRatePer100k: number;
}

export interface DuplicatePair {
  residentIndex: number;
  /** The true record and the duplicate (Patient ids). */
  original: string;
  duplicate: string;
  facilityCode: string;
  variations: string[];
}

export interface PharmacyViolation {
  saleId: string;
  invoice: string;
  pharmacyCode: string;
  drugCode: string;
  kind: 'prescription-drug-without-prescription';
}

// ── The province as a whole ──

/** The period life histories cover, both days included (yyyy-mm-dd). */
export interface Period {
  from: string;
  to: string;
}

/**
 * What is drawn once for the whole province and shared by every resident's
 * life: places, facilities, staff, the drug list and the planned outbreaks.
 * Its size grows with the number of residents (staff, pharmacies, clinics)
 * but stays small beside them.
 */
export interface Province {
  seed: string;
  residents: number;
  period: Period;
  communes: Commune[];
  facilities: Facility[];
  workers: HealthWorker[];
  drugs: Drug[];
  outbreaks: Outbreak[];
  communeByCode: ReadonlyMap<string, Commune>;
  facilityByCode: ReadonlyMap<string, Facility>;
}
