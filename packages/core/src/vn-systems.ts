/**
 * The code and identifier systems of Liên Thông, in one place so
 * a typo cannot split one system in two. The shared ones are fixed by the
 * brief (identifiers, ICD-10, LOINC…); the local ones the mappings add are
 * marked "local" and follow the same http://fhir.lienthong.vn pattern.
 */

const BASE = 'http://fhir.lienthong.vn';

export const SID = {
  cccd: `${BASE}/sid/cccd`,
  bhyt: `${BASE}/sid/bhyt`,
  maCskcb: `${BASE}/sid/ma-cskcb`,
  maBn: (facilityCode: string) => `${BASE}/sid/ma-bn/${facilityCode}`,
  maLk: (facilityCode: string) => `${BASE}/sid/ma-lk/${facilityCode}`,
  donThuoc: `${BASE}/sid/don-thuoc`,
  cchn: `${BASE}/sid/cchn`,
  hoaDon: (facilityCode: string) => `${BASE}/sid/hoa-don/${facilityCode}`,
  /** local: a pharmacy's purchase-receipt number (phiếu nhập), per pharmacy like its invoices. */
  phieuNhap: (facilityCode: string) => `${BASE}/sid/phieu-nhap/${facilityCode}`,
  /** local: a drug's registration number (SỐ ĐĂNG KÝ) of the Drug Administration. */
  soDangKy: `${BASE}/sid/so-dang-ky`,
  /** local: a facility's referral-paper number (GIAY_CHUYEN_TUYEN / SO_CHUYENTUYEN of XML 130). */
  chuyenTuyen: (facilityCode: string) => `${BASE}/sid/chuyen-tuyen/${facilityCode}`,
  /** local: a facility's re-examination appointment paper number (SO_GIAYHEN_KL of XML14). */
  giayHen: (facilityCode: string) => `${BASE}/sid/giay-hen/${facilityCode}`,
} as const;

export const CS = {
  dvhc: `${BASE}/CodeSystem/dvhc`,
  danToc: `${BASE}/CodeSystem/dan-toc`,
  loaiCoSo: `${BASE}/CodeSystem/loai-co-so`,
  /** local: department codes (MA_KHOA) as XML 130 writes them. */
  maKhoa: `${BASE}/CodeSystem/ma-khoa`,
  /** A facility's own indicator codes (MA_CHI_SO): each lab names its tests its own way. */
  chiSo: (facilityCode: string) => `${BASE}/CodeSystem/chi-so/${facilityCode}`,
  /** MA_THUOC, the active-ingredient codes of the national drug list. */
  thuoc: `${BASE}/CodeSystem/thuoc`,
  /** local: MA_LOAI_KCB, the form of care of an XML 130 visit (01 examination, 03 inpatient…). */
  loaiKcb: `${BASE}/CodeSystem/loai-kcb`,
  /** local: MA_LOAI_RV, how the patient left (1 discharged, 2 referred…). */
  loaiRaVien: `${BASE}/CodeSystem/loai-ra-vien`,
  /** local: KET_QUA_DTRI, the result of treatment (1 cured … 7 undetermined). */
  ketQuaDieuTri: `${BASE}/CodeSystem/ket-qua-dieu-tri`,
  /** local: MA_DICH_VU, the national list of technical services (DVKT). */
  dichVu: `${BASE}/CodeSystem/dich-vu`,
  /** local: MA_VAT_TU, medical supplies. */
  vatTu: `${BASE}/CodeSystem/vat-tu`,
  /** local: DUONG_DUNG, route codes of the shared list (1.01 by mouth…). */
  duongDung: `${BASE}/CodeSystem/duong-dung`,
  /** local: MA_QUOCTICH, nationality codes as XML 130 writes them. */
  quocTich: `${BASE}/CodeSystem/quoc-tich`,
  /** local: traditional-medicine disease codes (MA_BENH_YHCT). */
  yhct: `${BASE}/CodeSystem/benh-yhct`,
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  v3ActPriority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  v3Interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  v3ParticipationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  diagnosisRole: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  medicationRequestCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  immunizationFunction: 'http://terminology.hl7.org/CodeSystem/v2-0443',
  supplyItemType: 'http://terminology.hl7.org/CodeSystem/supply-item-type',
} as const;

export const EXT = {
  ethnicity: `${BASE}/StructureDefinition/ethnicity`,
  /** The administrative unit (commune/ward code) of an address. */
  dvhc: `${BASE}/StructureDefinition/dvhc`,
  /** local: manufacture date of a batch (R4 Medication.batch has only lot and expiry). */
  manufactureDate: `${BASE}/StructureDefinition/manufacture-date`,
  /**
   * local: fields of an XML 130 row that FHIR R4 has no element for (money
   * columns, tender numbers, settlement month…), carried verbatim as
   * sub-extensions named by the field, so an export gives them back.
   */
  xml130Fields: `${BASE}/StructureDefinition/xml130-fields`,
  /**
   * local: on a Patient written from XML 130, the end (NGAY_RA) of the visit
   * whose XML1 it was taken from: an older visit imported later does not
   * overwrite what a newer one said.
   */
  xml130AsOf: `${BASE}/StructureDefinition/xml130-as-of`,
  /** local: KET_QUA_DTRI on an Encounter (R4 has no treatment-result element). */
  treatmentResult: `${BASE}/StructureDefinition/treatment-result`,
  /** local: MA_DKBD, the card's registered primary-care facility, on a Coverage. */
  registeredFacility: `${BASE}/StructureDefinition/registered-facility`,
  /** HL7's nationality extension of Patient (R4 core). */
  nationality: 'http://hl7.org/fhir/StructureDefinition/patient-nationality',
} as const;

/** Province name as written in addresses. */
export const PROVINCE_NAME = 'Đồng Nai';
