import type { Commune, Drug, Facility, HealthWorker, PharmacyReceipt, Province, ResidentLife } from '../model.js';
import { Random } from '../random.js';
import { SERVICES } from '../care/services.js';

/*
 * Hand-built records for the tests of the FHIR mapping (here and in
 * test/synth/fhir-valid.test.ts), independent of the generators: a health
 * station under its medical centre, the provincial hospital it refers to, a
 * pharmacy, their staff, and one resident whose year touches every record
 * type. Names are given decomposed (NFD) on purpose: the mapping must store
 * them composed.
 */

const ids = Random.seeded('fhir-fixtures');
const id = (...labels: (string | number)[]): string => ids.stream(...labels).uuid();
const nfd = (s: string): string => s.normalize('NFD');

const communes: Commune[] = [
  { code: '26485', name: 'Nhơn Trạch', fullName: 'Phường Nhơn Trạch', kind: 'ward', areaKm2: 108, weight: 3 },
  { code: '25195', name: 'Bình Phước', fullName: 'Phường Bình Phước', kind: 'ward', areaKm2: 86.4, weight: 2 },
  { code: '26428', name: 'Xuân Bắc', fullName: 'Xã Xuân Bắc', kind: 'commune', areaKm2: 96.4, weight: 1 },
];

export const HOSPITAL: Facility = {
  id: id('facility', '75001'),
  code: '75001',
  name: nfd('Bệnh viện Đa khoa Đồng Nai'),
  kind: 'provincial-general',
  level: 2,
  communeCode: '25195',
  size: 10,
};
export const CENTRE: Facility = {
  id: id('facility', '75010'),
  code: '75010',
  name: 'Trung tâm Y tế khu vực Nhơn Trạch',
  kind: 'medical-centre',
  level: 3,
  communeCode: '26485',
  size: 4,
};
export const STATION: Facility = {
  id: id('facility', '75011'),
  code: '75011',
  name: 'Trạm Y tế phường Nhơn Trạch',
  kind: 'health-station',
  level: 4,
  communeCode: '26485',
  partOf: '75010',
  size: 1,
};
export const PHARMACY: Facility = {
  id: id('facility', '75901'),
  code: '75901',
  name: 'Nhà thuốc Xuân Bắc',
  kind: 'pharmacy',
  level: 4,
  communeCode: '26428',
  size: 1,
};

export const STATION_DOCTOR: HealthWorker = {
  id: id('worker', 1),
  name: { family: 'Trần', middle: 'Thị', given: nfd('Hồng') },
  sex: 'female',
  birthDate: '1984-05-02',
  role: 'doctor',
  licence: '004252/ĐNAI-CCHN',
  facilityCode: '75011',
  department: 'K01',
};
export const HOSPITAL_DOCTOR: HealthWorker = {
  id: id('worker', 2),
  name: { family: 'Lê', middle: '', given: 'Minh' },
  sex: 'male',
  birthDate: '1979-11-23',
  role: 'doctor',
  licence: '001187/ĐNAI-CCHN',
  facilityCode: '75001',
  department: 'K11',
};
export const PHARMACIST: HealthWorker = {
  id: id('worker', 3),
  name: { family: 'Phạm', middle: 'Ngọc', given: 'Lan' },
  sex: 'female',
  birthDate: '1990-01-15',
  role: 'pharmacist',
  licence: '002345/ĐNAI-CCHND',
  facilityCode: '75901',
  department: 'K00',
};

export const AMLODIPINE: Drug = {
  code: '40.469',
  name: 'Amlodipin',
  activeIngredient: 'Amlodipin',
  strength: '5mg',
  unit: 'Viên',
  route: 'Uống',
  registration: 'VD-12345-10',
  atc: 'C08CA01',
  prescriptionOnly: true,
  antibiotic: false,
  price: 600,
};
export const PARACETAMOL: Drug = {
  code: '40.152',
  name: 'Paracetamol 500mg',
  activeIngredient: 'Paracetamol',
  strength: '500mg',
  unit: 'Viên',
  route: 'Uống',
  registration: 'VD-23456-15',
  atc: 'N02BE01',
  prescriptionOnly: false,
  antibiotic: false,
  price: 300,
};
export const AMOXICILLIN: Drug = {
  code: '40.38',
  name: 'Amoxicilin',
  activeIngredient: 'Amoxicilin',
  strength: '500mg',
  unit: 'Viên',
  route: 'Uống',
  registration: 'VD-34567-20',
  prescriptionOnly: true,
  antibiotic: true,
  price: 1200,
};

const facilities = [HOSPITAL, CENTRE, STATION, PHARMACY];

export const PROVINCE: Province = {
  seed: 'fixtures',
  residents: 1,
  period: { from: '2025-11-01', to: '2026-10-31' },
  communes,
  facilities,
  workers: [STATION_DOCTOR, HOSPITAL_DOCTOR, PHARMACIST],
  drugs: [AMLODIPINE, PARACETAMOL, AMOXICILLIN],
  outbreaks: [],
  communeByCode: new Map(communes.map((c) => [c.code, c])),
  facilityByCode: new Map(facilities.map((f) => [f.code, f])),
};

const residentId = id('resident', 7);
const duplicateId = id('resident', 7, 'duplicate', 0);
export const PRESCRIPTION_CODE = '75011A1B2C3D-c';

/**
 * Resident 7 over the year: a hypertension visit at the station, referred on
 * to the provincial hospital with a glucose test; a dengue admission there
 * under a duplicate registration (no CCCD, middle name dropped); a COVID-19
 * booster; the prescription filled at a pharmacy with an extra
 * prescription-only drug, and a paracetamol bought without prescription.
 */
export const LIFE: ResidentLife = {
  resident: {
    index: 7,
    id: residentId,
    name: { family: nfd('Nguyễn'), middle: nfd('Văn'), given: 'An' },
    sex: 'male',
    birthDate: '1958-03-14',
    cccd: '075058001234',
    card: {
      number: 'HT3750123456789',
      group: 'HT',
      benefitLevel: 3,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      registeredFacility: '75011',
    },
    previousCards: [
      {
        number: 'GD4750123456789',
        group: 'GD',
        benefitLevel: 4,
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
        registeredFacility: '75011',
      },
    ],
    phone: '0912345678',
    address: { communeCode: '26485', line: nfd('Số 12, đường Tôn Đức Thắng, khu phố Phước Thiền') },
    ethnicity: '01',
    primaryCare: '75011',
  },
  duplicates: [
    {
      id: duplicateId,
      residentId,
      facilityCode: '75001',
      variations: ['dropped-middle-name', 'missing-cccd'],
      name: { family: 'Nguyễn', middle: '', given: 'An' },
      birthDate: '1958-03-14',
      address: { communeCode: '26485', line: 'Số 12, đường Tôn Đức Thắng' },
    },
  ],
  visits: [
    {
      id: id('visit', 7, 0),
      patientId: residentId,
      residentIndex: 7,
      facilityCode: '75011',
      practitionerId: STATION_DOCTOR.id,
      department: 'K01',
      type: 'outpatient',
      start: '2026-01-10T08:15:00+07:00',
      end: '2026-01-10T09:05:00+07:00',
      reason: nfd('Khám tăng huyết áp định kỳ'),
      diagnoses: [
        { icd10: 'I10', display: nfd('Bệnh lý tăng huyết áp vô căn (nguyên phát)') },
        { icd10: 'E11.9', display: 'Bệnh đái tháo đường không phụ thuộc insulin, không có biến chứng' },
      ],
      labs: [
        {
          serviceCode: '23.0075.1494',
          indicatorCode: 'GLU',
          name: 'Glucose máu',
          loinc: '15074-8',
          value: 8.4,
          unit: 'mmol/L',
          low: 3.9,
          high: 6.4,
          interpretation: 'H',
          at: '2026-01-10T08:40:00+07:00',
        },
      ],
      drugs: [
        {
          drug: AMLODIPINE,
          quantity: 30,
          unitPrice: 600,
          days: 30,
          dosage: nfd('Ngày uống 1 lần, mỗi lần 1 viên, buổi sáng'),
          orderedAt: '2026-01-10T08:55:00+07:00',
        },
      ],
      services: [
        { ...SERVICES.ecg, quantity: 1, unitPrice: SERVICES.ecg.price, at: '2026-01-10T08:30:00+07:00' },
        { ...SERVICES.chestXray, quantity: 1, unitPrice: SERVICES.chestXray.price, at: '2026-01-10T08:35:00+07:00' },
        {
          ...SERVICES.woundSuture,
          quantity: 1,
          unitPrice: SERVICES.woundSuture.price,
          at: '2026-01-10T08:50:00+07:00',
        },
      ],
      vitals: { pulse: 78, temperature: 36.8, systolic: 156, diastolic: 94, respiratoryRate: 18, weightKg: 61 },
      insured: true,
      referredTo: '75001',
      outcome: 2,
      dischargeType: 2,
      prescriptionCode: PRESCRIPTION_CODE,
    },
    {
      id: id('visit', 7, 1),
      patientId: duplicateId,
      residentIndex: 7,
      facilityCode: '75001',
      practitionerId: HOSPITAL_DOCTOR.id,
      department: 'K11',
      type: 'inpatient',
      start: '2026-07-02T10:30:00+07:00',
      end: '2026-07-07T09:00:00+07:00',
      reason: 'Sốt cao 3 ngày',
      diagnoses: [{ icd10: 'A91', display: 'Sốt xuất huyết Dengue', onset: '2026-06-29' }],
      labs: [
        {
          serviceCode: '24.0142.1714',
          indicatorCode: 'NS1',
          name: 'Dengue NS1 Ag',
          value: nfd('Dương tính'),
          interpretation: 'POS',
          at: '2026-07-02T12:00:00+07:00',
        },
        {
          serviceCode: '22.0120.1370',
          indicatorCode: 'PLT',
          name: 'Số lượng tiểu cầu',
          loinc: '777-3',
          value: 62,
          unit: '10*9/L',
          low: 150,
          high: 400,
          interpretation: 'L',
          at: '2026-07-02T12:00:00+07:00',
        },
        {
          serviceCode: '22.0001.0001',
          indicatorCode: 'NHOM_MAU',
          name: 'Nhóm máu',
          value: 'O',
          at: '2026-07-02T12:00:00+07:00',
        },
      ],
      drugs: [
        {
          drug: PARACETAMOL,
          quantity: 10,
          unitPrice: 300,
          days: 5,
          dosage: 'Uống khi sốt trên 38,5 độ, cách nhau ít nhất 6 giờ',
          orderedAt: '2026-07-02T11:00:00+07:00',
        },
      ],
      services: [],
      insured: true,
      referredFrom: '75011',
      outcome: 1,
      dischargeType: 1,
    },
  ],
  vaccinations: [
    {
      id: id('vaccination', 7, 0),
      patientId: residentId,
      residentIndex: 7,
      vaccine: { cvx: '208', name: 'Vắc xin COVID-19 Pfizer', disease: 'COVID-19' },
      doseNumber: 3,
      date: '2025-12-05',
      facilityCode: '75011',
      lot: 'FK1234',
    },
  ],
  sales: [
    {
      id: id('sale', 7, 0),
      invoice: 'HD0001532',
      pharmacyCode: '75901',
      patientId: residentId,
      residentIndex: 7,
      at: '2026-01-10T17:20:00+07:00',
      prescriptionCode: PRESCRIPTION_CODE,
      lines: [
        {
          drug: AMLODIPINE,
          batch: 'AM2501',
          manufactured: '2025-03-01',
          expires: '2028-02-28',
          quantity: 30,
          unitPrice: 650,
        },
        {
          drug: AMOXICILLIN,
          batch: 'AX2411',
          manufactured: '2024-11-15',
          expires: '2027-11-14',
          quantity: 14,
          unitPrice: 1300,
        },
      ],
    },
    {
      id: id('sale', 7, 1),
      invoice: 'HD0002210',
      pharmacyCode: '75901',
      at: '2026-03-02T19:05:00+07:00',
      lines: [
        {
          drug: PARACETAMOL,
          batch: 'PC2507',
          manufactured: '2025-07-10',
          expires: '2028-07-09',
          quantity: 10,
          unitPrice: 350,
        },
      ],
    },
  ],
};

export const RECEIPT: PharmacyReceipt = {
  id: id('receipt', '75901', 0),
  receipt: 'PN000042',
  pharmacyCode: '75901',
  supplier: nfd('Công ty Cổ phần Dược Đồng Nai'),
  at: '2025-12-20T10:00:00+07:00',
  lines: [
    {
      drug: AMLODIPINE,
      batch: 'AM2501',
      manufactured: '2025-03-01',
      expires: '2028-02-28',
      quantity: 300,
      unitPrice: 500,
    },
    {
      drug: PARACETAMOL,
      batch: 'PC2507',
      manufactured: '2025-07-10',
      expires: '2028-07-09',
      quantity: 500,
      unitPrice: 250,
    },
  ],
};
